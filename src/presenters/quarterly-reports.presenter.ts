import { presentRevision } from './revisions';
import type { QuarterlyReportDoc } from '../records';

/** A quarterly report as the API shows it. */
export function presentQuarterlyReport(doc: QuarterlyReportDoc) {
  return {
    id: doc._id,
    contractNumber: doc.contractNumber,
    providerAgbCode: doc.providerAgbCode,
    quarter: doc.quarter,
    waitingList: doc.waitingList,
    capacity: doc.capacity,
    staff: doc.staff,
    complaints: doc.complaints,
    incidents: doc.incidents,
    bottlenecks: doc.bottlenecks ?? null,
    ...presentRevision(doc),
    submittedAt: doc.submittedAt.toISOString(),
  };
}
