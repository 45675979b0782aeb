import { PendingWrites } from './operations/pending-writes';
import type { Config } from '../config';
import type { Database } from '../db/client';
import { Mailer } from '../delivery/email';
import { AllocationsRepository } from '../repositories/allocations.repository';
import { AuditRepository } from '../repositories/audit.repository';
import { FlagsRepository } from '../repositories/flags.repository';
import { FollowUpsRepository } from '../repositories/follow-ups.repository';
import { IdempotencyRepository } from '../repositories/idempotency.repository';
import { JobsRepository } from '../repositories/jobs.repository';
import { KpiSourcesRepository } from '../repositories/kpi-sources.repository';
import { KpiRecomputationsRepository } from '../repositories/kpi-recomputations.repository';
import { KpiRepository } from '../repositories/kpi.repository';
import { LocksRepository } from '../repositories/locks.repository';
import { MetaRepository } from '../repositories/meta.repository';
import { OutboxRepository } from '../repositories/outbox.repository';
import { ContractsRepository, ProvidersRepository, TeamsRepository } from '../repositories/registry.repository';
import { EvaluationsRepository } from '../repositories/evaluations.repository';
import { ExtensionRequestsRepository } from '../repositories/extension-requests.repository';
import { QuarterlyReportsRepository } from '../repositories/quarterly-reports.repository';
import { ReviewsRepository } from '../repositories/reviews.repository';
import { IjwMessagesRepository } from '../repositories/ijw-messages.repository';
import { ExperienceRatingsRepository } from '../repositories/experience-ratings.repository';
import { TokensRepository } from '../repositories/tokens.repository';
import { PersonsRepository } from '../repositories/persons.repository';
import { SessionsRepository } from '../repositories/sessions.repository';
import { PersonsService } from './persons/persons.service';
import { SignInService } from './auth/sign-in.service';
import type { SchemaRegistry } from '../validation/schemas';
import { AllocationImportService } from './allocations/allocation-import.service';
import { AllocationsService } from './allocations/allocations.service';
import { AuditService, auditKeyFrom } from './audit/audit.service';
import { BootstrapService } from './tokens/bootstrap.service';
import { BsnVault } from './allocations/bsn-vault';
import { DeliveryService } from './delivery/delivery.service';
import { EvaluationsService } from './evaluations/evaluations.service';
import { ExperienceRatingsService } from './kpis/experience-ratings.service';
import { ExtensionRequestsService } from './extension-requests/extension-requests.service';
import { FlagEventsService } from './flags/flag-events.service';
import { FlagSweepService } from './flags/flag-sweep.service';
import { FlagsService } from './flags/flags.service';
import { IdempotencyService } from './operations/idempotency.service';
import { JobsService } from './operations/jobs.service';
import { OutboxService } from './delivery/outbox.service';
import { KpisService } from './kpis/kpis.service';
import { KpiRecomputationsService } from './kpis/kpi-recomputations.service';
import { Notifier } from './flags/notifier';
import { ObligationsService } from './obligations/obligations.service';
import { QuarterlyReportsService } from './quarterly-reports/quarterly-reports.service';
import { RegistryService } from './registry/registry.service';
import { RemindersService } from './flags/reminders.service';
import { ReviewsService } from './reviews/reviews.service';
import { ScorecardService } from './kpis/scorecards.service';
import { TokensService } from './tokens/tokens.service';
import { IjwMessagesService } from './ijw/ijw-messages.service';
import { WaitingService } from './waiting/waiting.service';
import { WaitingRepository } from '../repositories/waiting.repository';
import { CaseloadService } from './caseload/caseload.service';
import { CaseloadRowsService } from './caseload/caseload-rows.service';
import { CaseloadRowsRepository } from '../repositories/caseload-rows.repository';
import { CaseloadSnapshotsRepository } from '../repositories/caseload-snapshots.repository';
import { KeptFigures } from './caseload/kept-figures';
import { ReassessmentsService } from './reassessments/reassessments.service';
import { ReassessmentSweep } from './reassessments/reassessment-sweep';
import {
  CaseRecordsRepository,
  ReassessmentCampaignsRepository,
  ReassessmentItemsRepository,
} from '../repositories/reassessments.repository';

/** The domain services, built once per process over one database. */
export interface Services {
  tokens: TokensService;
  persons: PersonsService;
  signIn: SignInService;
  registry: RegistryService;
  audit: AuditService;
  allocations: AllocationsService;
  allocationImport: AllocationImportService;
  ijwMessages: IjwMessagesService;
  waiting: WaitingService;
  evaluations: EvaluationsService;
  extensionRequests: ExtensionRequestsService;
  quarterlyReports: QuarterlyReportsService;
  obligations: ObligationsService;
  caseload: CaseloadService;
  caseloadRows: CaseloadRowsService;
  idempotency: IdempotencyService;
  /** Completes what crashes left of every multi-document write (the daily sweep). */
  pendingWrites: PendingWrites;
  flags: FlagsService;
  flagSweep: FlagSweepService;
  reminders: RemindersService;
  delivery: DeliveryService;
  outbox: OutboxService;
  jobs: JobsService;
  bootstrap: BootstrapService;
  mailer: Mailer;
  kpis: KpisService;
  kpiRecomputations: KpiRecomputationsService;
  reviews: ReviewsService;
  experienceRatings: ExperienceRatingsService;
  scorecard: ScorecardService;
  reassessments: ReassessmentsService;
  reassessmentSweep: ReassessmentSweep;
}

/** What the services are built from. `clock` is injected so tests and jobs control time. */
export interface ServiceSettings {
  database: Database;
  config: Config;
  clock: () => Date;
  bsnKey: Buffer;
  schemas: SchemaRegistry;
}

/** One repository per collection, built once and handed to the services that use them. */
function buildRepositories(database: Database) {
  const { col } = database;
  return {
    providers: new ProvidersRepository(col.providers),
    teams: new TeamsRepository(col.teams),
    contracts: new ContractsRepository(col.contracts),
    audit: new AuditRepository(col.auditEvents, col.meta),
    outbox: new OutboxRepository(col.outbox),
    allocations: new AllocationsRepository(col.allocations),
    flags: new FlagsRepository(col.flags),
    requests: new ExtensionRequestsRepository(col.extensionRequests),
    reports: new QuarterlyReportsRepository(col.quarterlyReports),
    evaluations: new EvaluationsRepository(col.evaluations),
    reviews: new ReviewsRepository(col.reviews),
    caseloadRows: new CaseloadRowsRepository(col.caseloadRows),
    caseloadSnapshots: new CaseloadSnapshotsRepository(col.caseloadVersions, col.caseloadSnapshots),
    locks: new LocksRepository(col.locks),
    followUps: new FollowUpsRepository(col.followUps),
    kpiSources: new KpiSourcesRepository(col),
    kpi: new KpiRepository(database.db, col.kpiQuarters),
    kpiRecomputations: new KpiRecomputationsRepository(col.kpiRecomputations),
    experienceRatings: new ExperienceRatingsRepository(col.experienceRatings),
    campaigns: new ReassessmentCampaignsRepository(col.reassessments),
    items: new ReassessmentItemsRepository(col.reassessmentItems),
    caseRecords: new CaseRecordsRepository(col.flags, col.evaluations, col.extensionRequests),
    waiting: new WaitingRepository(col.waitingFigures, col.waitingSnapshots),
    ijwMessages: new IjwMessagesRepository(col.ijwMessages),
    idempotency: new IdempotencyRepository(col.idempotencyKeys),
    jobs: new JobsRepository(database),
    tokens: new TokensRepository(col.tokens),
    sessions: new SessionsRepository(col.sessions, col.loginStates),
    persons: new PersonsRepository(col.persons, col.personIdentities),
    meta: new MetaRepository(col.meta),
  };
}
type Repositories = ReturnType<typeof buildRepositories>;

/** Who works with the hub and how they get in: API tokens (and the bootstrap token), persons, their sign-in. */
function buildAccess(
  repos: Repositories,
  { config, clock, bsnKey }: ServiceSettings,
  shared: { registry: RegistryService; audit: AuditService; vault: BsnVault },
) {
  const { registry, audit, vault } = shared;
  const tokens = new TokensService(repos.tokens, registry, clock, audit);
  const signInSettings = {
    issuers: config.oidcIssuers,
    publicUrl: config.publicUrl,
    idleMs: config.sessionIdleMs,
    maxMs: config.sessionMaxMs,
  };
  return {
    tokens,
    persons: new PersonsService(repos.persons, repos.sessions, registry, audit, clock),
    signIn: new SignInService(repos.persons, repos.sessions, audit, vault, signInSettings, clock, bsnKey),
    bootstrap: new BootstrapService(repos.meta, tokens),
  };
}

/** The KPIs and what contract managers do with them: scorecards, reviews, experience ratings, recomputations. */
function buildKpis(
  repos: Repositories,
  { config, clock }: ServiceSettings,
  shared: { registry: RegistryService; audit: AuditService; flags: FlagsService },
) {
  const { registry, audit, flags } = shared;
  const kpiSettings = { minDenominator: config.kpiMinDenominator, settleDays: config.kpiSettleDays };
  const kpis = new KpisService(repos.kpiSources, repos.kpi, repos.locks, audit, kpiSettings, clock);
  const { reviewLargeShare, kpiMinDenominator } = config;
  const reviews = new ReviewsService(repos.reviews, repos.kpiSources, registry, kpis, flags, reviewLargeShare, clock);
  return {
    kpis,
    kpiRecomputations: new KpiRecomputationsService(repos.kpiRecomputations, kpis, repos.locks, clock),
    reviews,
    experienceRatings: new ExperienceRatingsService(repos.experienceRatings, repos.allocations, clock),
    scorecard: new ScorecardService(kpis, registry, repos.flags, repos.reports, reviews, clock, kpiMinDenominator),
  };
}

/** The hub's own work: jobs, Idempotency-Key answers, the outbox and its delivery. */
function buildOperations(
  repos: Repositories,
  { config, clock }: ServiceSettings,
  shared: { registry: RegistryService; audit: AuditService; vault: BsnVault },
) {
  const { registry, audit, vault } = shared;
  const mailer = new Mailer(config.smtpUrl, config.mailFrom);
  return {
    idempotency: new IdempotencyService(repos.idempotency, repos.locks, vault, audit, clock),
    delivery: new DeliveryService(repos.outbox, registry, mailer, config),
    outbox: new OutboxService(repos.outbox),
    jobs: new JobsService(repos.jobs, config),
    mailer,
  };
}

/** Wires repositories into services. */
export function buildServices(settings: ServiceSettings): Services {
  const { config, clock, bsnKey, schemas } = settings;
  const repos = buildRepositories(settings.database);
  const vault = new BsnVault(bsnKey);
  const registry = new RegistryService(repos.providers, repos.teams, repos.contracts, vault, clock);
  const audit = new AuditService(repos.audit, clock, auditKeyFrom(bsnKey));
  const isShielded = async (n: string) => (await repos.allocations.findById(n))?.shielded === true;
  const notifier = new Notifier(registry, config, clock, isShielded);
  const flags = new FlagsService(repos.flags, repos.outbox, notifier, clock, config.kpiMinDenominator);
  const keptFigures = new KeptFigures(repos.caseloadRows, repos.caseloadSnapshots, clock);
  const caseloadRows = new CaseloadRowsService(
    repos.caseloadRows,
    repos.allocations,
    repos.requests,
    registry,
    repos.caseloadSnapshots,
  );
  const flagEvents = new FlagEventsService(flags, registry, repos.requests, clock, caseloadRows);
  const allocations = new AllocationsService(
    repos.allocations,
    registry,
    vault,
    audit,
    repos.locks,
    flagEvents,
    clock,
    repos.followUps,
    caseloadRows,
  );
  const quarterlyReports = new QuarterlyReportsService(repos.reports, registry, flagEvents, clock);
  const allocationImport = new AllocationImportService(
    repos.allocations,
    allocations,
    audit,
    schemas,
    repos.followUps,
    {
      maxRows: config.importMaxRows,
      maxConcurrent: config.importMaxConcurrent,
    },
  );
  // what every submission about an allocation works with
  const submissions = { allocationsRepo: repos.allocations, allocations, registry, audit, flagEvents, clock };
  const extensionRequests = new ExtensionRequestsService({
    ...submissions,
    repo: repos.requests,
    evaluations: repos.evaluations,
  });
  const evaluations = new EvaluationsService({ ...submissions, repo: repos.evaluations });
  const reassessmentDeps = {
    ...submissions,
    campaigns: repos.campaigns,
    items: repos.items,
    evaluations: repos.evaluations,
    requests: repos.requests,
    extensionRequests,
    caseRecords: repos.caseRecords,
  };
  const reassessments = new ReassessmentsService(reassessmentDeps);
  // allocations first: the submissions' follow-ups read them
  const pendingWrites = new PendingWrites(
    (key, fn) => allocations.withAllocationLock(key, fn),
    [
      allocations.pendingChanges,
      allocationImport.pendingRegistrations,
      evaluations.pendingSubmissions,
      extensionRequests.pendingRequests,
      reassessments.pendingCampaigns,
    ],
  );
  const flagSweep = new FlagSweepService(
    repos.allocations,
    repos.requests,
    repos.reports,
    repos.reviews,
    registry,
    repos.flags,
    flags,
  );
  const waitingSettings = { minCount: config.kpiMinDenominator, margin: config.waitingListMargin };
  return {
    ...buildAccess(repos, settings, { registry, audit, vault }),
    registry,
    audit,
    allocations,
    allocationImport,
    ijwMessages: new IjwMessagesService(
      repos.ijwMessages,
      schemas,
      { registry, imports: allocationImport, allocations, clientRef: (bsn) => vault.clientRef(bsn) },
      audit,
      (text) => vault.keyedHash('ijw-message', text),
      clock,
    ),
    evaluations,
    extensionRequests,
    quarterlyReports,
    obligations: new ObligationsService(repos.allocations, registry, quarterlyReports, clock),
    caseload: new CaseloadService(repos.caseloadRows, repos.flags, audit, keptFigures, clock),
    caseloadRows,
    waiting: new WaitingService(
      repos.waiting,
      repos.allocations,
      repos.reports,
      repos.flags,
      flagSweep,
      audit,
      keptFigures,
      waitingSettings,
      clock,
    ),
    ...buildOperations(repos, settings, { registry, audit, vault }),
    pendingWrites,
    flags,
    flagSweep,
    reminders: new RemindersService(repos.allocations, registry, quarterlyReports, notifier, repos.outbox),
    ...buildKpis(repos, settings, { registry, audit, flags }),
    reassessments,
    reassessmentSweep: new ReassessmentSweep(
      { ...reassessmentDeps, flagsRepo: repos.flags, flags, outbox: repos.outbox, notifier },
      reassessments,
    ),
  };
}
