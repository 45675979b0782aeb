import crypto from 'node:crypto';
import type { FlagDoc } from '../../records';
import { errors } from '../../errors';
import { RULES_BY_TYPE } from '../../flags/engine';
import { flagAllocationNumber, flagId, type DesiredFlag } from '../../flags/types';
import type { FlagHistoryEntry, FlagListFilters, FlagsRepository } from '../../repositories/flags.repository';
import type { OutboxRepository } from '../../repositories/outbox.repository';
import { disclosedCounts } from '../../kpis/disclosure';
import {
  NON_CASE_FLAG_TYPES,
  flagNotes,
  flagReadScope,
  flagRecords,
  isCaseLevel,
  seesCaseFlags,
} from '../../policies/flags.policy';
import type { Subject } from '../../policies/principal';
import type { Actor } from '../actor';
import type { Notice, Notifier } from './notifier';

/** Filters for listing flags. */
export interface FlagFilters extends FlagListFilters {
  type?: string;
}

/** The update that resolves a flag because its rule no longer holds, with the rule's reason. */
function ruleResolution(type: string, now: Date): [Partial<FlagDoc>, FlagHistoryEntry] {
  const reason = RULES_BY_TYPE.get(type)?.clears ?? 'the condition no longer holds';
  return [
    { status: 'resolved', resolvedAt: now, resolution: { by: 'rule', reason } },
    { at: now, action: 'resolved', by: 'rule', note: reason },
  ];
}

/** A flag as a subject may read it: the notes it may not read left out (the flag notes policy). */
export function flagSeenBy(subject: Subject | null | undefined, flag: FlagDoc): FlagDoc {
  const history = flag.history.map((h) =>
    h.note === undefined || flagNotes.can(subject, 'read', { kind: 'history', by: h.by })
      ? h
      : { ...h, note: undefined },
  );
  const resolution =
    flag.resolution?.note !== undefined && !flagNotes.can(subject, 'read', { kind: 'resolution' })
      ? { ...flag.resolution, note: undefined }
      : flag.resolution;
  return { ...flag, history, ...(resolution ? { resolution } : {}) };
}

/** Where a notice's receiver reads the subject of a flag (with its own token). */
const SUBJECT_LINK: Partial<Record<string, (id: string) => string>> = {
  allocation: (id) => `/v1/allocations/${encodeURIComponent(id)}`,
  extension_request: (id) => `/v1/extension-requests/${encodeURIComponent(id)}`,
  provider: (id) => `/v1/providers/${encodeURIComponent(id)}/scorecard`,
  reassessment: (id) => `/v1/reassessments/${encodeURIComponent(id)}`,
};

/** Newly raised flags as counts per provider and type. */
function countsOf(
  raised: DesiredFlag[],
  min: number,
): { providerAgbCode: string; type: string; count: number | null }[] {
  const byProvider = new Map<string, Record<string, number>>();
  const caseTypes = new Set<string>();
  for (const d of raised) {
    const counts = byProvider.get(d.scope.providerAgbCode) ?? {};
    counts[d.type] = (counts[d.type] ?? 0) + 1;
    byProvider.set(d.scope.providerAgbCode, counts);
    if (isCaseLevel(d)) caseTypes.add(d.type);
  }
  // case flags under the small-number rule (docs/kpis.md): a few of one type at one provider are "some"
  return [...byProvider]
    .flatMap(([providerAgbCode, counts]) =>
      Object.entries(disclosedCounts(counts, caseTypes, min).counts).map(([type, count]) => ({
        providerAgbCode,
        type,
        count,
      })),
    )
    .sort((a, b) => `${a.providerAgbCode}|${a.type}`.localeCompare(`${b.providerAgbCode}|${b.type}`));
}

/** Newest raised first, then by id: the order flags are listed and paged in. */
const newestFirst = (a: FlagDoc, b: FlagDoc) =>
  b.raisedAt.getTime() - a.raisedAt.getTime() || a._id.localeCompare(b._id);

/**
 * Raises and resolves flags, and lets people acknowledge and resolve them. Raising
 * writes the notifications to the outbox first, then the flag, both with
 * deterministic ids: a crash in between is completed by the next attempt, and
 * nothing is raised or sent twice.
 */
export class FlagsService {
  constructor(
    private readonly repo: FlagsRepository,
    private readonly outbox: OutboxRepository,
    private readonly notifier: Notifier,
    private readonly clock: () => Date,
    /** The smallest count of case flags told to those who see counts only (KPI_MIN_DENOMINATOR). */
    private readonly minCount = 5,
  ) {}

  /** Raises flags that do not exist yet (existing ones, open or resolved, are left as they are). Returns the ids raised. */
  async raise(desired: DesiredFlag[], now: Date = this.clock(), by = 'rule'): Promise<string[]> {
    if (desired.length === 0) return [];
    const docs: FlagDoc[] = desired.map((d) => {
      const rule = RULES_BY_TYPE.get(d.type)!;
      const allocationNumber = flagAllocationNumber(d);
      return {
        _id: flagId(d),
        type: d.type,
        severity: rule.severity,
        owners: rule.owners,
        subject: d.subject,
        basis: d.basis,
        ...d.scope,
        ...(allocationNumber ? { allocationNumber } : {}),
        evidence: d.evidence,
        status: 'open',
        raisedAt: now,
        history: [{ at: now, action: 'raised', by }],
      };
    });
    const notices = docs.flatMap((doc): Notice[] => {
      const rule = RULES_BY_TYPE.get(doc.type)!;
      if (rule.notifyOnRaise.length === 0) return [];
      const flags = `/v1/flags?type=${doc.type}&status=open`;
      const allocationNumber = doc.allocationNumber;
      // thin: what happened and where to look; the evidence is read with a token (audited)
      return [
        {
          ref: `flag:${doc._id}`,
          event: 'flag.raised',
          subject: `${rule.title}: ${doc.subject.id}`,
          to: rule.notifyOnRaise,
          providerAgbCode: doc.providerAgbCode,
          ...(doc.teamCode ? { teamCode: doc.teamCode } : {}),
          payload: {
            type: 'flag.raised',
            flag: {
              id: doc._id,
              type: doc.type,
              severity: doc.severity,
              subject: doc.subject,
              raisedAt: now.toISOString(),
            },
            links: {
              flags,
              ...(SUBJECT_LINK[doc.subject.kind] ? { subject: SUBJECT_LINK[doc.subject.kind]!(doc.subject.id) } : {}),
            },
          },
          ...(allocationNumber
            ? {
                allocationNumber,
                ...(doc.subject.kind === 'allocation' ? { shielded: doc.shielded === true } : {}),
                whenShielded: {
                  subject: `${rule.title}: afgeschermde cliënt`,
                  payload: {
                    type: 'flag.raised',
                    flag: { type: doc.type, severity: doc.severity, shielded: true, raisedAt: now.toISOString() },
                    links: { flags },
                  },
                },
              }
            : {}),
        },
      ];
    });
    for (const notice of notices) await this.outbox.enqueue(await this.notifier.messagesFor(notice, now));
    return [...(await this.repo.insertNew(docs))];
  }

  /**
   * Tells the contract managers of newly raised flags in one message (a digest) that
   * lists them; the message id follows from the flags, so a rerun sends nothing twice.
   */
  async notifyDigest(raised: DesiredFlag[], now: Date = this.clock()): Promise<void> {
    if (raised.length === 0) return;
    const ids = raised.map(flagId).sort();
    const ref = `digest:${crypto.createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 24)}`;
    const counts = countsOf(raised, this.minCount);
    await this.outbox.enqueue(
      await this.notifier.messagesFor(
        {
          ref,
          event: 'flags.raised',
          subject: `${counts.some((c) => c.count === null) ? 'New flags' : `${raised.length} new flag${raised.length === 1 ? '' : 's'}`}: ${[...new Set(raised.map((d) => RULES_BY_TYPE.get(d.type)!.title))].join(', ')}`,
          to: ['contract_manager'],
          providerAgbCode: '',
          payload: {
            type: 'flags.raised',
            raisedAt: now.toISOString(),
            // contract managers work on aggregates: counts per provider and type, no case named
            counts,
            links: { flags: '/v1/flags?status=open' },
          },
        },
        now,
      ),
    );
  }

  /** Resolves open flags whose condition no longer holds, with the rule's reason (one query per type). */
  async resolveByRule(ids: string[], now: Date = this.clock()): Promise<number> {
    const byType = new Map<string, string[]>();
    for (const id of ids) {
      const type = id.slice(0, id.indexOf(':'));
      byType.set(type, [...(byType.get(type) ?? []), id]);
    }
    let resolved = 0;
    for (const [type, group] of byType) {
      for (let i = 0; i < group.length; i += 1000)
        resolved += await this.repo.stepUnresolved(group.slice(i, i + 1000), ...ruleResolution(type, now));
    }
    return resolved;
  }

  /**
   * Applies a change of one subject's state: flags wanted before but not after are
   * resolved, flags wanted after are raised. Used right after the change, so a safety
   * concern is flagged within the request that reported it.
   */
  async applyTransition(before: DesiredFlag[], after: DesiredFlag[]): Promise<void> {
    const afterIds = new Set(after.map(flagId));
    const gone = before.map(flagId).filter((id) => !afterIds.has(id));
    const now = this.clock();
    for (const id of gone) {
      // one at a time by `_id` alone: an `$in` or a status condition makes FerretDB decode every flag
      const flag = await this.repo.findById(id);
      if (flag && flag.status !== 'resolved')
        await this.repo.stepIfStatus(id, ['open', 'acknowledged'], ...ruleResolution(flag.type, now)); // not if a person resolved it meanwhile
    }
    await this.raise(after, now);
  }

  /**
   * Flags in the caller's scope matching the filters, newest first, with counts per
   * type. Those who see case flags as counts only (contract managers) get them under the
   * small-number rule (docs/kpis.md, "Small numbers"): `raisedSince` starts at the first
   * of its month (UTC), so no two windows differ by a day, and a type of case flags with
   * fewer than `minCount` in the result is counted as `null` (some, but too few to tell).
   * With a page, `limit` flags after the cursor's place plus one more (unreturned) that
   * tells a next page exists; without, all of them.
   */
  async list(
    actor: Actor,
    filters: FlagFilters,
    page?: { limit: number; after?: string },
  ): Promise<{ flags: FlagDoc[]; counts: Record<string, number | null>; countedSince?: Date }> {
    const { flags, ...counted } = await this.listAll(actor, filters);
    const seen = (fs: FlagDoc[]) => fs.map((f) => flagSeenBy(actor.principal, f));
    if (!page) return { flags: seen(flags), ...counted };
    // newest first, then by id: continue after the cursor's position even when its flag has gone
    const [afterAt = '', afterId = ''] = (page.after ?? '').split('|');
    const found = page.after
      ? flags.findIndex(
          (f) => f.raisedAt.toISOString() < afterAt || (f.raisedAt.toISOString() === afterAt && f._id > afterId),
        )
      : 0;
    const start = found < 0 ? flags.length : found;
    return { flags: seen(flags.slice(start, start + page.limit + 1)), ...counted };
  }

  private async listAll(
    actor: Actor,
    filters: FlagFilters,
  ): Promise<{ flags: FlagDoc[]; counts: Record<string, number | null>; countedSince?: Date }> {
    const aggregateOnly = !seesCaseFlags(actor.principal);
    const scope = flagReadScope(actor.principal);
    const since =
      filters.raisedSince && aggregateOnly
        ? new Date(Date.UTC(filters.raisedSince.getUTCFullYear(), filters.raisedSince.getUTCMonth(), 1))
        : filters.raisedSince;
    const { type: _type, ...listFilters } = filters;
    const where: FlagListFilters = { ...listFilters, raisedSince: since };
    if (aggregateOnly) {
      // the region's case flags are counted by the engine; only the few provider-level flags come over
      const counted: Record<string, number> = {};
      const caseTypes = new Set<string>();
      for (const { type, caseLevel, n } of await this.repo.countByTypeInScope(scope, where)) {
        counted[type] = (counted[type] ?? 0) + n;
        if (caseLevel) caseTypes.add(type);
      }
      const types = NON_CASE_FLAG_TYPES.filter((t) => !filters.type || t === filters.type);
      const listed =
        types.length === 0
          ? []
          : (await this.repo.findInScope(scope, where, types)).filter(
              (f) => !isCaseLevel(f), // by its subject too, whatever its type
            );
      return {
        flags: listed.sort(newestFirst),
        counts: disclosedCounts(counted, caseTypes, this.minCount).counts,
        ...(since ? { countedSince: since } : {}),
      };
    }
    const all = await this.repo.findInScope(scope, where);
    const counts: Record<string, number> = {};
    for (const f of all) counts[f.type] = (counts[f.type] ?? 0) + 1;
    const flags = all.filter((f) => !filters.type || f.type === filters.type).sort(newestFirst);
    return { flags, counts };
  }

  /** A flag in the caller's scope, or 404; and, to handle it, one that goes to the caller's role (403). */
  private async inScope(actor: Actor, id: string, handle: boolean): Promise<FlagDoc> {
    const flag = await this.repo.findById(id);
    if (!flag || !flagRecords.can(actor.principal, 'read', flag)) throw errors.notFound('No such flag in your scope.');
    if (handle && !flagRecords.can(actor.principal, 'handle', flag))
      throw errors.forbidden(`This flag goes to ${flag.owners.join(' and ')}.`);
    return flag;
  }

  /** The caller acknowledges an open flag (it is being handled). Only the roles it goes to may. */
  async acknowledge(actor: Actor, id: string, note?: string): Promise<FlagDoc> {
    const flag = await this.inScope(actor, id, true);
    if (flag.status !== 'open') throw errors.conflict('flag-not-open', `The flag is ${flag.status}.`);
    const now = this.clock();
    const acknowledged = await this.repo.stepIfStatus(
      id,
      ['open'],
      { status: 'acknowledged', acknowledgedAt: now },
      { at: now, action: 'acknowledged', by: actor.audit.tokenId ?? actor.audit.label, ...(note ? { note } : {}) },
    );
    // someone else acknowledged (or resolved) it since we read it
    if (!acknowledged) throw errors.conflict('flag-not-open', 'The flag is no longer open.');
    return flagSeenBy(actor.principal, acknowledged);
  }

  /** The caller resolves a flag with a note saying what was done; it will not be raised again for this occurrence. */
  async resolve(actor: Actor, id: string, note: string): Promise<FlagDoc> {
    const flag = await this.inScope(actor, id, true);
    if (flag.status === 'resolved') throw errors.conflict('flag-resolved', 'The flag is resolved already.');
    const now = this.clock();
    const by = actor.audit.tokenId ?? actor.audit.label;
    const resolved = await this.repo.stepIfStatus(
      id,
      ['open', 'acknowledged'],
      { status: 'resolved', resolvedAt: now, resolution: { by: 'person', reason: 'resolved by a person', note } },
      { at: now, action: 'resolved', by, note },
    );
    if (!resolved) throw errors.conflict('flag-resolved', 'The flag is resolved already.');
    return flagSeenBy(actor.principal, resolved);
  }
}
