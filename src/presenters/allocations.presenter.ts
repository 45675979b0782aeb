import type { AllocationDoc, AllocationListItem } from '../records';
import type { BsnVault } from '../services/allocations/bsn-vault';

/**
 * An allocation as a list shows it: every field but its history. The BSN is decrypted
 * only when the caller's role needs it (`showBsn`); otherwise the client appears by
 * birth date alone.
 */
export function presentAllocationItem(doc: AllocationListItem, vault: BsnVault, showBsn: boolean) {
  return {
    allocationNumber: doc._id,
    client: showBsn
      ? { bsn: vault.decrypt(doc.client.bsnEnc, doc._id), birthDate: doc.client.birthDate, clientRef: doc.client.ref }
      : { birthDate: doc.client.birthDate },
    municipalityCode: doc.municipalityCode,
    teamCode: doc.teamCode,
    providerAgbCode: doc.providerAgbCode,
    contractNumber: doc.contractNumber,
    product: doc.product,
    startDate: doc.startDate,
    endDate: doc.endDate,
    volume: doc.volume,
    referrerType: doc.referrerType,
    careStartDate: doc.careStartDate ?? null,
    careStops: (doc.careStops ?? []).map((s) => ({ date: s.date, reason: s.reason, receivedOn: s.receivedOn })),
    carePausedSince: doc.carePausedSince ?? null,
    bridgingFor: doc.bridgingFor ?? null,
    shielded: doc.shielded ?? false,
    endReason: doc.endReason ?? null,
    status: doc.status,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** One allocation as the API shows it: the list item and its history of changes. */
export function presentAllocation(doc: AllocationDoc, vault: BsnVault, showBsn: boolean) {
  return {
    ...presentAllocationItem(doc, vault, showBsn),
    history: doc.history.map((h) => ({
      at: h.at.toISOString(),
      by: h.by,
      role: h.role,
      source: h.source,
      reason: h.reason ?? null,
      note: h.note ?? null,
      changes: h.changes,
    })),
  };
}
