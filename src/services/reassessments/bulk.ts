/** A bulk extension taken in a reassessment campaign: no silent mass extension, only the cases that would run out. */
import type { ReassessmentDoc } from '../../records';
import type { Actor } from '../actor';
import type { ExtensionRequestsService } from '../extension-requests/extension-requests.service';
import type { BulkExtensionInput, BulkExtensionReport } from '../extension-requests/requests';
import type { Progress } from './forecast';

/**
 * Extends the campaign's at-risk cases among those named, by one recorded bulk
 * decision (each an approved, unreviewed extension naming the campaign in its
 * reasoning and `reassessmentId`); every other case named is skipped with the reason.
 */
export async function bulkExtendAtRisk(
  extensionRequests: Pick<ExtensionRequestsService, 'bulkExtend'>,
  actor: Actor,
  campaign: Pick<ReassessmentDoc, '_id' | 'name'>,
  progress: Pick<Progress, 'atRisk'>,
  input: BulkExtensionInput & { reassessmentId: string },
): Promise<BulkExtensionReport> {
  const atRisk = new Set(progress.atRisk);
  const eligible = input.allocationNumbers.filter((n) => atRisk.has(n));
  const skipped = input.allocationNumbers
    .filter((n) => !atRisk.has(n))
    .map((allocationNumber) => ({ allocationNumber, reason: `not at risk in reassessment campaign ${campaign._id}` }));
  const report: BulkExtensionReport =
    eligible.length === 0
      ? { decisionReference: input.decisionReference, newEndDate: input.newEndDate, extended: [], skipped: [] }
      : await extensionRequests.bulkExtend(actor, {
          ...input,
          allocationNumbers: eligible,
          reasoning: `${input.reasoning} [herbeoordeling ${campaign._id}: ${campaign.name}]`,
        });
  return { ...report, skipped: [...report.skipped, ...skipped] };
}
