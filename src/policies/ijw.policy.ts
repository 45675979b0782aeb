import { definePolicy } from './policy';

/** Who may send the hub iJw messages: the municipality's admins and consultants (a consultant for its own team). */
export const ijwPolicy = definePolicy('ijw', {
  receive: ['admin', 'consultant'],
});
