import type { Collection, Db } from 'mongodb';
import type { JobRunDoc, LeaseDoc, MetaDoc, MigrationDoc, TokenDoc } from './documents';

/** The hub's collections, typed. Repositories are the only users. */
export interface Collections {
  tokens: Collection<TokenDoc>;
  leases: Collection<LeaseDoc>;
  migrations: Collection<MigrationDoc>;
  jobRuns: Collection<JobRunDoc>;
  meta: Collection<MetaDoc>;
}

/** Returns the typed collections of a database. */
export function getCollections(db: Db): Collections {
  return {
    tokens: db.collection<TokenDoc>('tokens'),
    leases: db.collection<LeaseDoc>('leases'),
    migrations: db.collection<MigrationDoc>('migrations'),
    jobRuns: db.collection<JobRunDoc>('job_runs'),
    meta: db.collection<MetaDoc>('meta'),
  };
}
