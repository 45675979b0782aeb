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

/** The domain services, built once per process over one database. */
export interface Services {
  tokens: TokensService;
  registry: RegistryService;
  audit: AuditService;
  allocations: AllocationsService;
  allocationImport: AllocationImportService;
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
  return {
    tokens: new TokensService(new TokensRepository(col.tokens), registry, clock),
    registry,
    audit,
    allocations,
    allocationImport: new AllocationImportService(allocationsRepo, allocations, audit, schemas),
  };
}
