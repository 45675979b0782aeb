import type { AuditEventDoc } from '../records';

/** An audit event as the API shows it (the client appears only by its keyed reference). */
export function presentAuditEvent(doc: AuditEventDoc) {
  return {
    seq: Number(doc._id),
    at: doc.at.toISOString(),
    action: doc.action,
    objectType: doc.objectType,
    objectId: doc.objectId,
    clientRef: doc.clientRef,
    actor: doc.actor,
    requestId: doc.requestId,
    sourceIp: doc.sourceIp,
    prevHash: doc.prevHash,
    hash: doc.hash,
  };
}
