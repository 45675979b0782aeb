import type { Collection, Db } from 'mongodb';
import type {
  ExperienceRatingDoc,
  KpiQuarterDoc,
  KpiRecomputationDoc,
  ReviewDoc,
  FlagDoc,
  OutboxDoc,
  EvaluationDoc,
  ExtensionRequestDoc,
  IdempotencyDoc,
  QuarterlyReportDoc,
  FollowUpDoc,
  LockDoc,
  AllocationDoc,
  AuditEventDoc,
  ContractDoc,
  JobRunDoc,
  JobStateDoc,
  JobTickDoc,
  MetaDoc,
  MigrationDoc,
  ProviderDoc,
  TeamDoc,
  TokenDoc,
  IjwMessageDoc,
  ReassessmentDoc,
  ReassessmentItemDoc,
  PersonDoc,
  PersonIdentityDoc,
  SessionDoc,
  LoginStateDoc,
  CaseloadRowDoc,
  CaseloadSnapshotDoc,
  CaseloadVersionDoc,
  StoredWaitingFigure,
  WaitingSnapshotDoc,
} from '../records';

/** The hub's collections, typed. Repositories are the only users. */
export interface Collections {
  tokens: Collection<TokenDoc>;
  jobTicks: Collection<JobTickDoc>;
  jobState: Collection<JobStateDoc>;
  locks: Collection<LockDoc>;
  followUps: Collection<FollowUpDoc>;
  migrations: Collection<MigrationDoc>;
  jobRuns: Collection<JobRunDoc>;
  meta: Collection<MetaDoc>;
  providers: Collection<ProviderDoc>;
  teams: Collection<TeamDoc>;
  contracts: Collection<ContractDoc>;
  allocations: Collection<AllocationDoc>;
  auditEvents: Collection<AuditEventDoc>;
  evaluations: Collection<EvaluationDoc>;
  extensionRequests: Collection<ExtensionRequestDoc>;
  quarterlyReports: Collection<QuarterlyReportDoc>;
  idempotencyKeys: Collection<IdempotencyDoc>;
  flags: Collection<FlagDoc>;
  outbox: Collection<OutboxDoc>;
  experienceRatings: Collection<ExperienceRatingDoc>;
  kpiQuarters: Collection<KpiQuarterDoc>;
  kpiRecomputations: Collection<KpiRecomputationDoc>;
  reviews: Collection<ReviewDoc>;
  ijwMessages: Collection<IjwMessageDoc>;
  reassessments: Collection<ReassessmentDoc>;
  reassessmentItems: Collection<ReassessmentItemDoc>;
  persons: Collection<PersonDoc>;
  personIdentities: Collection<PersonIdentityDoc>;
  sessions: Collection<SessionDoc>;
  loginStates: Collection<LoginStateDoc>;
  waitingFigures: Collection<StoredWaitingFigure>;
  waitingSnapshots: Collection<WaitingSnapshotDoc>;
  caseloadRows: Collection<CaseloadRowDoc>;
  caseloadVersions: Collection<CaseloadVersionDoc>;
  caseloadSnapshots: Collection<CaseloadSnapshotDoc>;
}

/** Returns the typed collections of a database. */
export function getCollections(db: Db): Collections {
  return {
    tokens: db.collection<TokenDoc>('tokens'),
    jobTicks: db.collection<JobTickDoc>('job_ticks'),
    jobState: db.collection<JobStateDoc>('job_state'),
    locks: db.collection<LockDoc>('locks'),
    followUps: db.collection<FollowUpDoc>('follow_ups'),
    migrations: db.collection<MigrationDoc>('migrations'),
    jobRuns: db.collection<JobRunDoc>('job_runs'),
    meta: db.collection<MetaDoc>('meta'),
    providers: db.collection<ProviderDoc>('providers'),
    teams: db.collection<TeamDoc>('teams'),
    contracts: db.collection<ContractDoc>('contracts'),
    allocations: db.collection<AllocationDoc>('allocations'),
    auditEvents: db.collection<AuditEventDoc>('audit_events'),
    evaluations: db.collection<EvaluationDoc>('evaluations'),
    extensionRequests: db.collection<ExtensionRequestDoc>('extension_requests'),
    quarterlyReports: db.collection<QuarterlyReportDoc>('quarterly_reports'),
    idempotencyKeys: db.collection<IdempotencyDoc>('idempotency_keys'),
    flags: db.collection<FlagDoc>('flags'),
    outbox: db.collection<OutboxDoc>('outbox'),
    experienceRatings: db.collection<ExperienceRatingDoc>('experience_ratings'),
    kpiQuarters: db.collection<KpiQuarterDoc>('kpi_quarters'),
    kpiRecomputations: db.collection<KpiRecomputationDoc>('kpi_recomputations'),
    reviews: db.collection<ReviewDoc>('reviews'),
    ijwMessages: db.collection<IjwMessageDoc>('ijw_messages'),
    reassessments: db.collection<ReassessmentDoc>('reassessments'),
    reassessmentItems: db.collection<ReassessmentItemDoc>('reassessment_items'),
    persons: db.collection<PersonDoc>('persons'),
    personIdentities: db.collection<PersonIdentityDoc>('person_identities'),
    sessions: db.collection<SessionDoc>('sessions'),
    loginStates: db.collection<LoginStateDoc>('login_states'),
    waitingFigures: db.collection<StoredWaitingFigure>('waiting_figures'),
    waitingSnapshots: db.collection<WaitingSnapshotDoc>('waiting_snapshots'),
    caseloadRows: db.collection<CaseloadRowDoc>('caseload_rows'),
    caseloadVersions: db.collection<CaseloadVersionDoc>('caseload_versions'),
    caseloadSnapshots: db.collection<CaseloadSnapshotDoc>('caseload_snapshots'),
  };
}
