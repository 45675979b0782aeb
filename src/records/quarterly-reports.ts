/** Stored records: the providers' quarterly contract reports. */

/** A provider's quarterly contract report; `_id` is `qr_<contract>_<quarter>_r<revision>`. */
export interface QuarterlyReportDoc {
  _id: string;
  contractNumber: string;
  providerAgbCode: string;
  quarter: string;
  revision: number;
  supersedes?: string;
  supersededBy?: string;
  status: 'current' | 'superseded';
  waitingList: { productCode: string; count: number; longestWaitDays: number }[];
  capacity: { clientsInCare: number; placesAvailable?: number; intakeStopped?: boolean };
  staff: { fte: number; registeredShare: number };
  complaints: { received: number; upheld?: number };
  incidents: { count: number; reportedToInspectorate: number };
  bottlenecks?: string;
  dueDate: string;
  onTime: boolean;
  submittedAt: Date;
  submittedBy: string;
}
