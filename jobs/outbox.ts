import type { HubJob } from './job';

/** Every minute: delivers outbox messages by webhook and e-mail, with retries and a dead letter. */
export const outbox: HubJob = {
  name: 'outbox',
  schedule: '* * * * *',
  description:
    'Delivers due outbox messages (signed webhooks, e-mail), retrying with exponential backoff; dead-letters after OUTBOX_MAX_ATTEMPTS. Recipients are served side by side, each attempt bounded by WEBHOOK_TIMEOUT_MS.',
  run: ({ services, signal }, now) => services.delivery.deliverDue(now, signal),
};
