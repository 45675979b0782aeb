import type { Config } from '../../config';
import type { OutboxDoc } from '../../records';
import type { Mailer } from '../../delivery/email';
import { sendWebhook, WebhookError } from '../../delivery/webhook';
import type { OutboxRepository } from '../../repositories/outbox.repository';
import type { RegistryService } from '../registry/registry.service';
import { STAGE_NL } from '../flags/reminders.service';

const BATCH = 200;
/** Recipients served at the same time by one delivery run. */
const PARALLEL_RECIPIENTS = 8;
const MAX_BACKOFF_MS = 12 * 3_600_000;

/** The wait before attempt n+1: 1, 2, 4, 8 ... minutes, at most 12 hours. */
export function backoffMs(attemptsMade: number): number {
  return Math.min(60_000 * 2 ** (attemptsMade - 1), MAX_BACKOFF_MS);
}

const KIND_NL: Record<string, string> = {
  evaluation: 'Evaluatie',
  closing_evaluation: 'Eindevaluatie',
  quarterly_report: 'Kwartaalrapportage',
};

interface EmailItem {
  stage?: string;
  new?: boolean;
  kind: string;
  allocationNumber?: string;
  contractNumber: string;
  quarter?: string;
  providerAgbCode?: string;
  dueDate: string;
}

/**
 * Plain text for an e-mail: the subject, then what the message names (identifiers,
 * dates, counts) and its links, one per line; never client data, which the receiver
 * reads in the hub with a token.
 */
function emailText(message: OutboxDoc): string {
  const p = message.payload as {
    items?: EmailItem[];
    flag?: { type?: string; severity?: string; id?: string };
    counts?: { providerAgbCode: string; type: string; count: number }[] | Record<string, number>;
    shielded?: number | Record<string, number>;
    links?: Record<string, string>;
  };
  const lines: string[] = [];
  for (const i of p.items ?? []) {
    const what = i.allocationNumber ?? `${i.contractNumber}${i.quarter ? ` ${i.quarter}` : ''}`;
    const who = i.providerAgbCode ? `${i.providerAgbCode}: ` : '';
    const stage = i.stage ? ` (${STAGE_NL[i.stage as keyof typeof STAGE_NL] ?? i.stage}${i.new ? ', nieuw' : ''})` : '';
    lines.push(`- ${who}${KIND_NL[i.kind] ?? i.kind} ${what}, uiterlijk ${i.dueDate}${stage}`);
  }
  if (p.flag) lines.push(`Signaal: ${p.flag.type} (${p.flag.severity})`);
  if (Array.isArray(p.counts)) for (const c of p.counts) lines.push(`- ${c.providerAgbCode}: ${c.count} x ${c.type}`);
  const shielded =
    typeof p.shielded === 'number' ? p.shielded : Object.values(p.shielded ?? {}).reduce((a, b) => a + b, 0);
  if (shielded > 0) lines.push(`En ${shielded} van afgeschermde cliënten (alleen in de hub te zien).`);
  for (const [name, link] of Object.entries(p.links ?? {})) lines.push(`${name}: ${link}`);
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
      const provider = await this.registry.findProvider(message.recipient.id);
      const secret = provider && this.registry.webhookSecretOf(provider);
      if (!secret) return { ok: false, detail: 'the provider has no webhook secret', retry: false };
      // signed with the real send time (not the job's clock): receivers check it against replays
      const status = await sendWebhook(
        message.recipient.address,
        secret,
        message._id,
        JSON.stringify({ id: message._id, ...message.payload }),
        { allowPrivate: this.config.webhookAllowPrivate, timeoutMs: this.config.webhookTimeoutMs },
        new Date(),
      );
      if (status >= 200 && status < 300) return { ok: true, detail: `HTTP ${status}`, retry: false };
      return { ok: false, detail: `HTTP ${status}`, retry: true };
    } catch (err) {
      return {
        ok: false,
        detail: err instanceof Error ? err.message : String(err),
        retry: err instanceof WebhookError ? err.retry : true,
      };
    }
  }

  /**
   * Delivers every message due at `now` (in batches); returns counts. Recipients are
   * served side by side (each one's messages in order), so a slow or dead receiver
   * holds up only its own messages, each attempt for at most WEBHOOK_TIMEOUT_MS. When
   * `signal` aborts (shutdown), no new attempt starts; what is left stays due.
   */
  async deliverDue(now: Date, signal?: AbortSignal): Promise<Record<string, number>> {
    const counts = { delivered: 0, retrying: 0, dead: 0 };
    const unreachable = new Set<string>();
    for (;;) {
      if (signal?.aborted) return counts;
      const batch = await this.outbox.due(now, BATCH);
      const byRecipient = new Map<string, OutboxDoc[]>();
      for (const m of batch.filter((x) => !unreachable.has(`${x.channel}:${x.recipient.address}`))) {
        const key = `${m.channel}:${m.recipient.address}`;
        byRecipient.set(key, [...(byRecipient.get(key) ?? []), m]);
      }
      const queues = [...byRecipient.values()];
      if (queues.length === 0) return counts; // only messages of receivers that failed in this run are left
      const worker = async () => {
        for (let queue = queues.shift(); queue; queue = queues.shift()) {
          for (const message of queue) {
            if (signal?.aborted) return;
            if (!(await this.deliverOne(message, now, counts))) {
              unreachable.add(`${message.channel}:${message.recipient.address}`); // the rest waits for the next run
              break;
            }
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_RECIPIENTS, queues.length) }, worker));
      if (batch.length < BATCH) return counts;
    }
  }

  /** One attempt, recorded; false when the receiver did not answer (timeout, refused) and should not be tried again in this run. */
  private async deliverOne(
    message: OutboxDoc,
    now: Date,
    counts: { delivered: number; retrying: number; dead: number },
  ): Promise<boolean> {
    const started = Date.now();
    const result = await this.attempt(message);
    const attempt = { at: new Date(), ok: result.ok, detail: result.detail, durationMs: Date.now() - started };
    const attemptCount = message.attemptCount + 1;
    if (result.ok) {
      await this.outbox.recordAttempt(
        message._id,
        { status: 'delivered', deliveredAt: attempt.at, attemptCount },
        attempt,
      );
      counts.delivered += 1;
      return true;
    } else if (!result.retry || attemptCount >= this.config.outboxMaxAttempts) {
      await this.outbox.recordAttempt(message._id, { status: 'dead', attemptCount }, attempt);
      counts.dead += 1;
      return result.detail.startsWith('HTTP ') || !result.retry;
    } else {
      const nextAttemptAt = new Date(now.getTime() + backoffMs(attemptCount));
      await this.outbox.recordAttempt(message._id, { nextAttemptAt, attemptCount }, attempt);
      counts.retrying += 1;
    }
    return result.detail.startsWith('HTTP '); // it answered, only not with 2xx: its next message may still go
  }
}
