import { definePolicy, ANY_ROLE } from './policy';

/** Who may look into the hub's own workings: jobs, the outbox, the published schemas. */
export const operationsPolicy = definePolicy('operations', {
  listJobs: ['admin'],
  listOutbox: ['admin'],
  readSchemas: ANY_ROLE,
});
