import crypto from 'node:crypto';
import type { Config } from '../../config';
import type { OutboxDoc } from '../../records';
import type { RegistryService } from '../registry/registry.service';

/** Who a message is for. */
export type RecipientKind = 'provider' | 'team' | 'contract_manager';

/** What to say, to whom, about what. */
export interface Notice {
  /** Identifies the occasion (a flag id, a reminder stage): with the recipient it is the message id. */
  ref: string;
  event: string;
  subject: string;
  payload: Record<string, unknown>;
  to: RecipientKind[];
  providerAgbCode: string;
  teamCode?: string;
  /** The allocation the notice is about: when it is shielded, `whenShielded` is sent instead, naming no case. */
  allocationNumber?: string;
  /** Whether that allocation is shielded, when the caller knows (else it is looked up). */
  shielded?: boolean;
  whenShielded?: Pick<Notice, 'subject' | 'payload'>;
}

function messageId(ref: string, kind: RecipientKind, address: string): string {
  return `msg_${crypto.createHash('sha256').update(`${ref}\n${kind}\n${address}`).digest('hex').slice(0, 32)}`;
}

/**
 * Turns notices into outbox messages (thin: identifiers, types and links; receivers
 * fetch details with their token, which is audited): providers by webhook when they have one (else
 * e-mail), teams and contract managers by e-mail. Without SMTP, e-mail recipients are
 * skipped (and counted by the caller). Message ids are deterministic: the same notice
 * for the same recipient is one message, however often it is written.
 */
export class Notifier {
  constructor(
    private readonly registry: RegistryService,
    private readonly config: Config,
    private readonly clock: () => Date,
    /** Whether an allocation is shielded (iJw OP003): then no notification names it. */
    private readonly isShielded: (allocationNumber: string) => Promise<boolean>,
  ) {}

  /** The outbox messages for a notice (possibly none). */
  async messagesFor(given: Notice, now: Date = this.clock()): Promise<OutboxDoc[]> {
    const shielded =
      given.allocationNumber !== undefined && (given.shielded ?? (await this.isShielded(given.allocationNumber)));
    const notice = shielded ? { ...given, ...(given.whenShielded ?? { subject: 'Afgeschermd', payload: {} }) } : given;
    const out: OutboxDoc[] = [];
    const add = (channel: OutboxDoc['channel'], kind: RecipientKind, id: string, address: string) => {
      out.push({
        _id: messageId(notice.ref, kind, address),
        channel,
        recipient: { kind, id, address },
        event: notice.event,
        subject: notice.subject,
        payload: notice.payload,
        status: 'pending',
        attempts: [],
        attemptCount: 0,
        nextAttemptAt: now,
        createdAt: now,
      });
    };
    const email = Boolean(this.config.smtpUrl);
    for (const kind of notice.to) {
      if (kind === 'provider') {
        const provider = await this.registry.findProvider(notice.providerAgbCode);
        if (provider?.webhookUrl) add('webhook', kind, provider._id, provider.webhookUrl);
        else if (provider && email) add('email', kind, provider._id, provider.email);
      } else if (kind === 'team' && notice.teamCode) {
        const team = await this.registry.findTeam(notice.teamCode);
        if (team?.email && email) add('email', kind, team._id, team.email);
      } else if (kind === 'contract_manager' && email) {
        for (const address of this.config.contractManagerEmails) add('email', kind, 'region', address);
      }
    }
    return out;
  }
}
