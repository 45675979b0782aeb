import type { Collection } from 'mongodb';
import type { TokenDoc } from '../records';
import { afterCursor } from './cursor-filter';

/** Thin access to the tokens collection. */
export class TokensRepository {
  constructor(private readonly col: Collection<TokenDoc>) {}

  /** Stores a new token record. */
  async insert(doc: TokenDoc): Promise<void> {
    await this.col.insertOne(doc);
  }

  /** Finds a token by its public id. */
  findById(id: string): Promise<TokenDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** Records use, at most once per `minIntervalMs`, to keep reads cheap. */
  async touch(id: string, now: Date, minIntervalMs: number): Promise<void> {
    const before = new Date(now.getTime() - minIntervalMs);
    await this.col.updateOne(
      { _id: id, $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: before } }] },
      { $set: { lastUsedAt: now } },
    );
  }

  /** Marks a token revoked; false when there is no such active token. */
  async revoke(id: string, by: string, now: Date): Promise<boolean> {
    const res = await this.col.updateOne(
      { _id: id, revokedAt: { $exists: false } },
      { $set: { revokedAt: now, revokedBy: by } },
    );
    return res.matchedCount === 1;
  }

  /** A page of one provider's tokens in id order after the cursor (its administrator's list). */
  pageOfProvider(providerAgbCode: string, limit: number, after?: string): Promise<TokenDoc[]> {
    return this.col.find(afterCursor({ providerAgbCode }, after), { sort: { _id: 1 }, limit }).toArray();
  }

  /** Lists tokens by creation, a page after the cursor id. Admin-only, across all tenants. */
  dangerousListAll(limit: number, after?: string): Promise<TokenDoc[]> {
    return this.col.find(afterCursor({}, after), { sort: { _id: 1 }, limit }).toArray();
  }
}
