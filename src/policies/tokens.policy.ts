import { ANY_ROLE, definePolicy } from './policy';

/** Who may manage tokens. */
export const tokensPolicy = definePolicy('tokens', {
  create: ['admin'],
  list: ['admin'],
  revoke: ['admin'],
  readOwn: ANY_ROLE,
});
