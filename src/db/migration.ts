import type { Db } from 'mongodb';

/** One schema/index change, applied once per database, in order. Must be safe to re-run. */
export interface Migration {
  id: string;
  description: string;
  up(db: Db): Promise<void>;
}
