import type { Config } from '../config';
import type { OutboxDoc } from '../db/documents';
import type { Mailer } from '../delivery/email';
import { sendWebhook, WebhookError } from '../delivery/webhook';
import type { OutboxRepository } from '../repositories/outbox.repository';
import type { RegistryService } from './registry.service';

const BATCH = 200;
const MAX_BACKOFF_MS = 12 * 3_600_000;

/** The wait before attempt n+1: 1, 2, 4, 8 ... minutes, at most 12 hours. */
export function backoffMs(attemptsMade: number): number {
  return Math.min(60_000 * 2 ** (attemptsMade - 1), MAX_BACKOFF_MS);
}

/** Plain text for an e-mail: the subject, then the message's facts, one per line. */
function emailText(message: OutboxDoc): string {
  const facts = (message.payload.obligation ?? (message.payload.flag as { evidence?: object } | undefined)?.evidence ?? {}) as Record<string, unknown>;
  const lines = Object.entries(facts).map(([k, v]) => `${k}: ${String(v)}`);
  return [message.subject, '', ...lines, '', `(${message.event}, bericht ${message._id})`].join('\n');
}

/**
 * Delivers due outbox messages (the outbox job: one instance per tick, never two
 * runs at once). Each attempt is recorded; failures are retried with exponential backoff
 * and dead-lettered after OUTBOX_MAX_ATTEMPTS, or at once when retrying cannot help
 * (a refused address). Webhooks carry their message id, so a receiver can ignore a
 * repeat after a crash between sending and recording.
 */
export class DeliveryService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly registry: RegistryService,
    private readonly mailer: Mailer,
    private readonly config: Config,
  ) {}

  private async attempt(message: OutboxDoc): Promise<{ ok: boolean; detail: string; retry: boolean }> {
    try {
      if (message.channel === 'email') {
        await this.mailer.send(message.recipient.address, message.subject, emailText(message));
        return { ok: true, detail: 'accepted by the SMTP server', retry: false };
      }
      const provider = await this.registry.providers.findOne(message.recipient.id);
      const secret = provider && this.registry.webhookSecretOf(provider);
      if (!secret) return { ok: false, detail: 'the provider has no webhook secret', retry: false };
      // signed with the real send time (not the job's clock): receivers check it against replays
      const status = await sendWebhook(message.recipient.address, secret, message._id, JSON.stringify({ id: message._id, ...message.payload }), { allowPrivate: this.config.webhookAllowPrivate, timeoutMs: this.config.webhookTimeoutMs }, new Date());
      if (status >= 200 && status < 300) return { ok: true, detail: `HTTP ${status}`, retry: false };
      return { ok: false, detail: `HTTP ${status}`, retry: true };
    } catch (err) {
      return { ok: false, detail: err instanceof Error ? err.message : String(err), retry: err instanceof WebhookError ? err.retry : true };
    }
  }

  /** Delivers every message due at `now` (in batches); returns counts. */
  async deliverDue(now: Date): Promise<Record<string, number>> {
    const counts = { delivered: 0, retrying: 0, dead: 0 };
    for (;;) {
      const batch = await this.outbox.due(now, BATCH);
      for (const message of batch) {
        const started = Date.now();
        const result = await this.attempt(message);
        const attempt = { at: new Date(), ok: result.ok, detail: result.detail, durationMs: Date.now() - started };
        const attemptCount = message.attemptCount + 1;
        if (result.ok) {
          await this.outbox.update(message._id, { $set: { status: 'delivered', deliveredAt: attempt.at, attemptCount }, $push: { attempts: attempt } });
          counts.delivered += 1;
        } else if (!result.retry || attemptCount >= this.config.outboxMaxAttempts) {
          await this.outbox.update(message._id, { $set: { status: 'dead', attemptCount }, $push: { attempts: attempt } });
          counts.dead += 1;
        } else {
          await this.outbox.update(message._id, { $set: { nextAttemptAt: new Date(now.getTime() + backoffMs(attemptCount)), attemptCount }, $push: { attempts: attempt } });
          counts.retrying += 1;
        }
      }
      if (batch.length < BATCH) return counts;
    }
  }
}
