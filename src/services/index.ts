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

/** Wires repositories into services. */
export function buildServices({ database, config, clock, bsnKey, schemas }: ServiceSettings): Services {
  const { col } = database;
  const vault = new BsnVault(bsnKey);
  const registry = new RegistryService(
    new ProvidersRepository(col.providers),
    new TeamsRepository(col.teams),
    new ContractsRepository(col.contracts),
    vault,
    clock,
  );
  const audit = new AuditService(new AuditRepository(col.auditEvents, col.meta), clock, auditKeyFrom(bsnKey));
  const outbox = new OutboxRepository(col.outbox);
  const allocationsRepo = new AllocationsRepository(col.allocations);
  const notifier = new Notifier(
    registry,
    config,
    clock,
    async (n) => (await allocationsRepo.findById(n))?.shielded === true,
  );
  const flagsRepo = new FlagsRepository(col.flags);
  const flags = new FlagsService(flagsRepo, outbox, notifier, clock, config.kpiMinDenominator);
  const requestsRepo = new ExtensionRequestsRepository(col.extensionRequests);
  const reportsRepo = new QuarterlyReportsRepository(col.quarterlyReports);
  const caseloadRowsRepo = new CaseloadRowsRepository(col.caseloadRows);
  const caseloadSnapshots = new CaseloadSnapshotsRepository(col.caseloadVersions, col.caseloadSnapshots);
  const keptFigures = new KeptFigures(caseloadRowsRepo, caseloadSnapshots, clock);
  const caseloadRows = new CaseloadRowsService(
    caseloadRowsRepo,
    allocationsRepo,
    requestsRepo,
    registry,
    caseloadSnapshots,
  );
  const flagEvents = new FlagEventsService(flags, registry, requestsRepo, clock, caseloadRows);
  const locks = new LocksRepository(col.locks);
  const followUps = new FollowUpsRepository(col.followUps);
  const allocations = new AllocationsService(
    allocationsRepo,
    registry,
    vault,
    audit,
    locks,
    flagEvents,
    clock,
    followUps,
    caseloadRows,
  );
  const evaluationsRepo = new EvaluationsRepository(col.evaluations);
  const quarterlyReports = new QuarterlyReportsService(reportsRepo, registry, flagEvents, clock);
  const mailer = new Mailer(config.smtpUrl, config.mailFrom);
  const kpiSources = new KpiSourcesRepository(col);
  const kpis = new KpisService(
    kpiSources,
    new KpiRepository(database.db, col.kpiQuarters),
    locks,
    audit,
    { minDenominator: config.kpiMinDenominator, settleDays: config.kpiSettleDays },
    clock,
  );
  const reviewsRepo = new ReviewsRepository(col.reviews);
  const reviews = new ReviewsService(reviewsRepo, kpiSources, registry, kpis, flags, config.reviewLargeShare, clock);
  const tokens = new TokensService(new TokensRepository(col.tokens), registry, clock, audit);
  const allocationImport = new AllocationImportService(allocationsRepo, allocations, audit, schemas, followUps, {
    maxRows: config.importMaxRows,
    maxConcurrent: config.importMaxConcurrent,
  });
  // what every submission about an allocation works with
  const submissions = { allocationsRepo, allocations, registry, audit, flagEvents, clock };
  const extensionRequests = new ExtensionRequestsService({
    ...submissions,
    repo: requestsRepo,
    evaluations: evaluationsRepo,
  });
  const reassessmentDeps = {
    campaigns: new ReassessmentCampaignsRepository(col.reassessments),
    items: new ReassessmentItemsRepository(col.reassessmentItems),
    evaluations: evaluationsRepo,
    requests: requestsRepo,
    registry,
    extensionRequests,
    audit,
    allocationsRepo,
    allocations,
    caseRecords: new CaseRecordsRepository(col.flags, col.evaluations, col.extensionRequests),
    clock,
  };
  const reassessments = new ReassessmentsService(reassessmentDeps);
  const evaluations = new EvaluationsService({ ...submissions, repo: evaluationsRepo });
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
    allocationsRepo,
    requestsRepo,
    reportsRepo,
    reviewsRepo,
    registry,
    flagsRepo,
    flags,
  );
  const sessionsRepo = new SessionsRepository(col.sessions, col.loginStates);
  const personsRepo = new PersonsRepository(col.persons, col.personIdentities);
  return {
    tokens,
    persons: new PersonsService(personsRepo, sessionsRepo, registry, audit, clock),
    signIn: new SignInService(
      personsRepo,
      sessionsRepo,
      audit,
      vault,
      {
        issuers: config.oidcIssuers,
        publicUrl: config.publicUrl,
        idleMs: config.sessionIdleMs,
        maxMs: config.sessionMaxMs,
      },
      clock,
      bsnKey,
    ),
    bootstrap: new BootstrapService(new MetaRepository(col.meta), tokens),
    registry,
    audit,
    allocations,
    allocationImport,
    ijwMessages: new IjwMessagesService(
      new IjwMessagesRepository(col.ijwMessages),
      schemas,
      { registry, imports: allocationImport, allocations, clientRef: (bsn) => vault.clientRef(bsn) },
      audit,
      (text) => vault.keyedHash('ijw-message', text),
      clock,
    ),
    evaluations,
    extensionRequests,
    quarterlyReports,
    obligations: new ObligationsService(allocationsRepo, registry, quarterlyReports, clock),
    caseload: new CaseloadService(caseloadRowsRepo, flagsRepo, audit, keptFigures, clock),
    caseloadRows,
    waiting: new WaitingService(
      new WaitingRepository(col.waitingFigures, col.waitingSnapshots),
      allocationsRepo,
      reportsRepo,
      flagsRepo,
      flagSweep,
      audit,
      keptFigures,
      { minCount: config.kpiMinDenominator, margin: config.waitingListMargin },
      clock,
    ),
    idempotency: new IdempotencyService(new IdempotencyRepository(col.idempotencyKeys), locks, vault, audit, clock),
    pendingWrites,
    flags,
    flagSweep,
    reminders: new RemindersService(allocationsRepo, registry, quarterlyReports, notifier, outbox),
    delivery: new DeliveryService(outbox, registry, mailer, config),
    outbox: new OutboxService(outbox),
    jobs: new JobsService(new JobsRepository(database), config),
    mailer,
    kpis,
    kpiRecomputations: new KpiRecomputationsService(
      new KpiRecomputationsRepository(col.kpiRecomputations),
      kpis,
      locks,
      clock,
    ),
    reviews,
    experienceRatings: new ExperienceRatingsService(
      new ExperienceRatingsRepository(col.experienceRatings),
      allocationsRepo,
      clock,
    ),
    scorecard: new ScorecardService(kpis, registry, flagsRepo, reportsRepo, reviews, clock, config.kpiMinDenominator),
    reassessments,
    reassessmentSweep: new ReassessmentSweep(
      { ...reassessmentDeps, flagsRepo, flags, outbox, notifier },
      reassessments,
    ),
  };
}
