/** The handover of a reassessed case: the receiving team takes the allocation and every record of it. */
import type { AllocationChange, ReassessmentDoc } from '../../records';
import { extensionRequestId } from '../../domain/extension-requests';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { CaseRecordsRepository } from '../../repositories/reassessments.repository';
import type { AuditService } from '../audit/audit.service';
import type { AllocationsService } from '../allocations/allocations.service';
import type { Actor } from '../actor';

/** What a handover writes to. */
export interface HandoverDeps {
  allocationsRepo: AllocationsRepository;
  allocations: Pick<AllocationsService, 'withAllocationLock' | 'keepRowOf'>;
  caseRecords: CaseRecordsRepository;
  audit: AuditService;
  clock: () => Date;
}

/**
 * Moves a case to the receiving team: first its flags, evaluation reports and
 * extension requests, then the allocation itself (its `teamCode`, with a history
 * entry naming the campaign). Each write is idempotent, so after a crash the next
 * attempt (the daily job, for an item still marked `pendingHandover`) completes it.
 */
export async function handOver(
  deps: HandoverDeps,
  actor: Actor,
  campaign: Pick<ReassessmentDoc, '_id' | 'name'>,
  allocationNumber: string,
  toTeamCode: string,
): Promise<void> {
  await deps.allocations.withAllocationLock(allocationNumber, async () => {
    const allocation = await deps.allocationsRepo.findById(allocationNumber);
    if (!allocation) return;
    const requestIds = Array.from({ length: allocation.extensionRequestCount ?? 0 }, (_, i) =>
      extensionRequestId(allocationNumber, i + 1),
    );
    await deps.caseRecords.moveToTeam(allocationNumber, requestIds, toTeamCode);
    if (allocation.teamCode === toTeamCode) return;
    const entry: AllocationChange = {
      at: deps.clock(),
      by: actor.audit.tokenId ?? actor.audit.label,
      role: actor.audit.role,
      source: 'reassessment',
      note: `herbeoordeling ${campaign.name} (${campaign._id}): overgedragen aan ${toTeamCode}`,
      changes: { teamCode: { from: allocation.teamCode, to: toTeamCode } },
    };
    await deps.allocationsRepo.recordChange(allocationNumber, { set: { teamCode: toTeamCode }, entry });
    await deps.allocations.keepRowOf(allocationNumber); // the caseload row moves to the receiving team
    await deps.audit.record(actor, [
      {
        action: 'allocation.update',
        objectType: 'allocation',
        objectId: allocationNumber,
        clientRef: allocation.client.ref,
      },
    ]);
  });
}
