import type { AllocationDoc, AllocationListItem } from '../records';
import type { ClientView } from '../services/allocations/allocations.service';

/**
 * An allocation as a list shows it: every field but its history, and the client as
 * the service lets its reader see it (`AllocationsService.clientSeenBy`: the BSN only
 * for a reader with a need, otherwise the birth date alone).
 */
export function presentAllocationItem(doc: AllocationListItem, client: ClientView) {
  return {
    allocationNumber: doc._id,
    client,
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
export function presentAllocation(doc: AllocationDoc, client: ClientView) {
  return {
    ...presentAllocationItem(doc, client),
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
