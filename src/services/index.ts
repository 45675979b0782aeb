import type { Database } from '../db/client';
import { AllocationsRepository } from '../repositories/allocations.repository';
import { AuditRepository } from '../repositories/audit.repository';
import { KeyedRepository } from '../repositories/registry.repository';
import { LocksRepository } from '../repositories/locks.repository';
import { TokensRepository } from '../repositories/tokens.repository';
import type { SchemaRegistry } from '../validation/schemas';
import { AllocationImportService } from './allocation-import.service';
import { AllocationsService } from './allocations.service';
import { AuditService } from './audit.service';
import { BsnVault } from './bsn-vault';
import { RegistryService } from './registry.service';
import { TokensService } from './tokens.service';
import { EvaluationsService } from './evaluations.service';
import { ExtensionRequestsService } from './extension-requests.service';
import { QuarterlyReportsService } from './quarterly-reports.service';
import { ObligationsService } from './obligations.service';
import { IdempotencyRepository } from '../repositories/idempotency.repository';

/** The domain services, built once per process over one database. */
export interface Services {
  tokens: TokensService;
  registry: RegistryService;
  audit: AuditService;
  allocations: AllocationsService;
  allocationImport: AllocationImportService;
  evaluations: EvaluationsService;
  extensionRequests: ExtensionRequestsService;
  quarterlyReports: QuarterlyReportsService;
  obligations: ObligationsService;
  idempotency: IdempotencyRepository;
}

/** What the services are built from. `clock` is injected so tests and jobs control time. */
export interface ServiceSettings {
  database: Database;
  clock: () => Date;
  bsnKey: Buffer;
  schemas: SchemaRegistry;
}

/** Wires repositories into services. */
export function buildServices({ database, clock, bsnKey, schemas }: ServiceSettings): Services {
  const { col } = database;
  const registry = new RegistryService(new KeyedRepository(col.providers), new KeyedRepository(col.teams), new KeyedRepository(col.contracts), clock);
  const audit = new AuditService(new AuditRepository(col.auditEvents, col.meta), clock);
  const allocationsRepo = new AllocationsRepository(col.allocations);
  const allocations = new AllocationsService(allocationsRepo, registry, new BsnVault(bsnKey), audit, new LocksRepository(col.locks), clock);
  const evaluationsRepo = new KeyedRepository(col.evaluations);
  const quarterlyReports = new QuarterlyReportsService(new KeyedRepository(col.quarterlyReports), registry, clock);
  return {
    tokens: new TokensService(new TokensRepository(col.tokens), registry, clock),
    registry,
    audit,
    allocations,
    allocationImport: new AllocationImportService(allocationsRepo, allocations, audit, schemas),
    evaluations: new EvaluationsService(evaluationsRepo, allocationsRepo, allocations, registry, audit, clock),
    extensionRequests: new ExtensionRequestsService(new KeyedRepository(col.extensionRequests), evaluationsRepo, allocationsRepo, allocations, registry, audit, clock),
    quarterlyReports,
    obligations: new ObligationsService(allocationsRepo, registry, quarterlyReports, clock),
    idempotency: new IdempotencyRepository(col.idempotencyKeys),
  };
}
