import type { Database } from '../db/client';
import { TokensRepository } from '../repositories/tokens.repository';
import { TokensService } from './tokens.service';

/** The domain services, built once per process over one database. */
export interface Services {
  tokens: TokensService;
}

/** Wires repositories into services. `clock` is injected so tests and jobs control time. */
export function buildServices(database: Database, clock: () => Date): Services {
  return {
    tokens: new TokensService(new TokensRepository(database.col.tokens), clock),
  };
}
