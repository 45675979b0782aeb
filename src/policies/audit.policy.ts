import { definePolicy } from './policy';

/** Who may read the audit trail. */
export const auditPolicy = definePolicy('audit', {
  list: ['admin'],
});
