/** Stored records: the registry: providers, teams, contracts. */

/** A contracted provider; `_id` is its AGB code. */
export interface ProviderDoc {
  _id: string;
  name: string;
  email: string;
  webhookUrl?: string;
  /** The webhook signing secret (whsec_...), sealed with the hub's key. */
  webhookSecretSealed?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A consultant team; `_id` is its team code. */
export interface TeamDoc {
  _id: string;
  name: string;
  municipalityCodes: string[];
  /** Where the team is told about safety concerns and overdue decisions. */
  email?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The reporting rules of a contract, defaults filled in. */
export interface ReportingRules {
  evaluationIntervalMonths: number;
  graceDays: number;
  quarterlyReportDueDays: number;
  evaluationRecencyDays: number;
  decisionDeadlineWorkingDays: number;
  reminderLeadDays: number;
  escalationDays: number;
  /** iJw OP274/OP346: a request under investigation is decided at most this many weeks after it came in (absent on older contracts: 8). */
  informationRequestMaxWeeks?: number;
  /** The contract's products that are closed youth care (Jeugdwet 6.2.9): their allocations report on that cycle (absent: none). */
  closedCareProductCodes?: string[];
}

/** A KPI target: the value to reach and how far on the wrong side still counts as amber. */
export interface KpiTarget {
  target: number;
  amberBand?: number;
}

/** A provider's contract; `_id` is the contract number. */
export interface ContractDoc {
  _id: string;
  providerAgbCode: string;
  region?: string;
  startDate: string;
  endDate: string;
  extensionOptionEndDate?: string;
  productCodes: string[];
  reporting: ReportingRules;
  kpiTargets: Record<string, KpiTarget>;
  createdAt: Date;
  updatedAt: Date;
}
