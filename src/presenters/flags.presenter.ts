import type { FlagDoc, OutboxDoc } from '../records';
import { RULES_BY_TYPE } from '../flags/engine';

/** A flag as the API shows it (the notes its reader may not read are left out by the service: FlagsService.seenBy). */
export function presentFlag(doc: FlagDoc) {
  const resolution = doc.resolution ? { ...doc.resolution } : null;
  return {
    id: doc._id,
    type: doc.type,
    title: RULES_BY_TYPE.get(doc.type)?.title ?? doc.type,
    severity: doc.severity,
    status: doc.status,
    owners: doc.owners,
    subject: doc.subject,
    evidence: doc.evidence,
    providerAgbCode: doc.providerAgbCode,
    teamCode: doc.teamCode ?? null,
    municipalityCode: doc.municipalityCode ?? null,
    contractNumber: doc.contractNumber ?? null,
    raisedAt: doc.raisedAt.toISOString(),
    acknowledgedAt: doc.acknowledgedAt?.toISOString() ?? null,
    resolvedAt: doc.resolvedAt?.toISOString() ?? null,
    resolution,
    history: doc.history.map((h) => ({
      at: h.at.toISOString(),
      action: h.action,
      by: h.by,
      note: h.note ?? null,
    })),
  };
}

/** An outbox message as admins see it (the payload holds no client identifiers). */
export function presentOutboxMessage(doc: OutboxDoc) {
  return {
    id: doc._id,
    channel: doc.channel,
    recipient: doc.recipient,
    event: doc.event,
    subject: doc.subject,
    status: doc.status,
    attemptCount: doc.attemptCount,
    nextAttemptAt: doc.status === 'pending' ? doc.nextAttemptAt.toISOString() : null,
    createdAt: doc.createdAt.toISOString(),
    deliveredAt: doc.deliveredAt?.toISOString() ?? null,
    attempts: doc.attempts.map((a) => ({
      at: a.at.toISOString(),
      ok: a.ok,
      detail: a.detail,
      durationMs: a.durationMs,
    })),
  };
}
