import type { Migration } from './migrations';

/**
 * Every migration, in order. Append only: never edit or reorder one that shipped.
 * Index builds use names so a re-run is a no-op. FerretDB v1 has no partial or TTL
 * indexes; expiry is done by jobs.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-foundation-indexes',
    description: 'job run history by job and start; tokens by role',
    async up(db) {
      await db.collection('job_runs').createIndex({ job: 1, startedAt: -1 }, { name: 'job_startedAt' });
      await db.collection('tokens').createIndex({ role: 1, createdAt: 1 }, { name: 'role_createdAt' });
    },
  },
];
