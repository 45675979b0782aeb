/**
 * Receives the municipality's iJw 3.2 messages (JW301, JW305, JW307): reads and
 * validates the XML, claims the message by sender, BerichtCode and BerichtIdentificatie (the same
 * message again changes nothing and answers the first report), applies it, and
 * keeps the report. Client names, addresses and phone numbers are read to validate
 * the message and are never stored or logged.
 */
import type { IjwMessageDoc, IjwProductResult, IjwReport } from '../../records';
import { errors } from '../../errors';
import { writableTeam } from '../../policies/allocations.policy';
import type { IjwMessagesRepository } from '../../repositories/ijw-messages.repository';
import type { SchemaRegistry } from '../../validation/schemas';
import type { Actor } from '../actor';
import type { AuditService } from '../audit/audit.service';
import { applyJw301, applyStartStop, type ApplyDeps } from './apply';
import type { IjwMessage } from './messages';
import { readIjwMessage } from './read-message';
import { parseXml } from './xml';

/** A message claimed this long ago and not applied is taken to have been cut short (a crash). */
const IN_PROGRESS_MS = 120_000;

export interface IjwOptions {
  /** Admins: the team whose message this is, when more than one team serves the municipality. */
  teamCode?: string;
  /** JW301 3.2 names no referrer: the hub records 01 (municipality) unless told otherwise. */
  referrerType?: string;
}

/** The answer: the report, and whether it is the first application's (`replayed`). */
export type IjwAnswer = IjwReport & { replayed: boolean };

export class IjwMessagesService {
  constructor(
    private readonly repo: IjwMessagesRepository,
    private readonly schemas: SchemaRegistry,
    private readonly deps: ApplyDeps,
    private readonly audit: AuditService,
    private readonly digestKey: (text: string) => string,
    private readonly clock: () => Date,
  ) {}

  async receive(actor: Actor, xml: string, options: IjwOptions = {}): Promise<IjwAnswer> {
    const message = readIjwMessage(this.schemas, parseXml(xml));
    const header = message.content.Header;
    const teamCode = message.type === 'JW301' ? await this.teamFor(actor, header.Afzender, options.teamCode) : null;
    // iJw TR056: the identification is unique per message type for its sender (a JW307 may reuse its JW305's)
    const id = `${header.Afzender}:${header.BerichtCode}:${header.BerichtIdentificatie.Identificatie}`;
    const digest = this.digestKey(JSON.stringify(message.content));
    const now = this.clock();
    const claim: IjwMessageDoc = {
      _id: id,
      type: message.type,
      sender: header.Afzender,
      identification: header.BerichtIdentificatie.Identificatie,
      digest,
      teamCode: teamCode ?? writableTeam(actor.principal) ?? null, // whose report it is: a replay goes to that team only
      status: 'applying',
      receivedAt: now,
      receivedBy: actor.audit.tokenId ?? actor.audit.label,
    };
    if (!(await this.repo.insertNew(claim))) {
      const earlier = (await this.repo.findOne(id))!;
      const ownTeam = writableTeam(actor.principal);
      if (ownTeam && earlier.teamCode !== ownTeam)
        throw errors.forbidden('This message was received for another team.');
      if (earlier.digest !== digest)
        throw errors.conflict(
          'ijw-message-id-reused',
          `${earlier.type} ${earlier.identification} from ${earlier.sender} was received on ${earlier.receivedAt.toISOString().slice(0, 10)} with other content; a new message needs a new BerichtIdentificatie.`,
        );
      if (earlier.status === 'applied' && earlier.report) return { ...earlier.report, replayed: true };
      if (now.getTime() - earlier.receivedAt.getTime() < IN_PROGRESS_MS)
        throw errors.conflict(
          'ijw-message-in-progress',
          'This message is being applied now; send it again in a minute.',
          {
            headers: { 'Retry-After': '60' },
          },
        );
      await this.repo.markReceived(id, now); // cut short by a crash: apply again (unchanged rows stay unchanged)
    }
    let results: IjwProductResult[];
    try {
      results = await this.apply(actor, message, teamCode, options);
    } catch (err) {
      // refused or failed part-way (busy, the engine): the next attempt applies it again at once
      await this.repo.markReceived(id, new Date(0));
      throw err;
    }
    const report = reportOf(message, teamCode, results);
    await this.repo.markApplied(id, this.clock(), report);
    await this.audit.record(actor, [
      {
        action: `ijw.${message.type.toLowerCase()}`,
        objectType: 'ijw_message',
        objectId: id,
        clientRef: this.deps.clientRef(message.content.Client.Bsn),
      },
    ]);
    return { ...report, replayed: false };
  }

  private apply(actor: Actor, message: IjwMessage, teamCode: string | null, options: IjwOptions) {
    if (message.type !== 'JW301') return applyStartStop(this.deps, actor, message);
    return applyJw301(this.deps, actor, message.content, teamCode!, options.referrerType ?? '01');
  }

  /** The team a JW301 is for: the consultant's own, or (admins) the one serving the municipality, or `?teamCode=`. */
  private async teamFor(actor: Actor, municipality: string, requested?: string): Promise<string> {
    const own = writableTeam(actor.principal);
    if (own) {
      if (requested && requested !== own)
        throw errors.forbidden(`Consultants send their own team's messages (${own}) only.`);
      const team = await this.deps.registry.findTeam(own);
      if (!team?.municipalityCodes.includes(municipality))
        throw errors.forbidden(`Team ${own} does not serve municipality ${municipality}, the message's sender.`);
      return own;
    }
    if (requested) return requested;
    const serving = await this.deps.registry.teamsServing(municipality);
    if (serving.length === 1) return serving[0]!._id;
    throw errors.unprocessable(
      'ijw-team-unknown',
      serving.length === 0
        ? `No team serves municipality ${municipality}, the message's sender.`
        : `Teams ${serving.map((t) => t._id).join(', ')} serve municipality ${municipality}; name one with ?teamCode=.`,
      [{ path: '/Bericht/Header/Afzender', message: `is served by ${serving.length} teams` }],
    );
  }
}

function reportOf(message: IjwMessage, teamCode: string | null, results: IjwProductResult[]): IjwReport {
  const header = message.content.Header;
  const count = (outcome: IjwProductResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return {
    message: {
      type: message.type,
      sender: header.Afzender,
      receiver: header.Ontvanger,
      identification: header.BerichtIdentificatie.Identificatie,
      date: header.BerichtIdentificatie.Dagtekening,
    },
    teamCode,
    products: results.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    results,
  };
}
