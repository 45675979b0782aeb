import type { Job } from '../src/scheduler/job';

/** Every minute: delivers outbox messages by webhook and e-mail, with retries and a dead letter. */
export const outbox: Job = {
  name: 'outbox',
  schedule: '* * * * *',
  description: 'Delivers due outbox messages (signed webhooks, e-mail), retrying with exponential backoff; dead-letters after OUTBOX_MAX_ATTEMPTS.',
  run: ({ services }, now) => services.delivery.deliverDue(now),
};
