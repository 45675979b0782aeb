import { previousQuarter, quarterOf, quarterRange } from '../../domain/dates';
import { quarterlyReportDue } from '../../domain/obligations';
import type { ContractFacts, FlagRule } from '../types';

/** How many past quarters are checked for a missing report. */
const QUARTERS_BACK = 4;

/**
 * A quarterly report past its due date and missing. The occurrence is the earliest
 * missing quarter (of the last four), so a provider that never reports keeps one flag
 * open, listing every missing quarter, instead of a flag that clears itself when the
 * calendar moves on.
 */
export const quarterlyReportMissing: FlagRule<ContractFacts> = {
  type: 'quarterly_report_missing',
  severity: 'warning',
  owners: ['contract_manager', 'provider'],
  notifyOnRaise: ['contract_manager'],
  title: 'Quarterly report missing',
  condition: "a provider's quarterly contract report is past its due date",
  clears: 'the report arrived',
  check({ contract, reportedQuarters, today }) {
    const missing: { quarter: string; dueDate: string }[] = [];
    for (let back = QUARTERS_BACK; back >= 1; back -= 1) {
      const quarter = previousQuarter(quarterOf(today), back);
      const { start, end } = quarterRange(quarter);
      if (end < contract.startDate || start > (contract.extensionOptionEndDate ?? contract.endDate)) continue;
      const dueDate = quarterlyReportDue(quarter, contract.reporting);
      if (today > dueDate && !reportedQuarters.has(quarter)) missing.push({ quarter, dueDate });
    }
    const first = missing[0];
    if (!first) return null;
    return {
      type: 'quarterly_report_missing',
      subject: { kind: 'contract', id: contract._id },
      basis: first.quarter,
      scope: { providerAgbCode: contract.providerAgbCode, contractNumber: contract._id },
      evidence: {
        quarter: first.quarter,
        dueDate: first.dueDate,
        missingQuarters: missing.map((m) => m.quarter).join(', '),
      },
    };
  },
};
