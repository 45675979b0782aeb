import type { Collection } from 'mongodb';
import type { MetaDoc } from '../db/documents';
import { isDuplicateKeyError } from '../db/errors';
import type { TokensService } from './tokens.service';

const MARKER = 'bootstrap-admin-token';
/** A marker without its token this long after it was written belongs to a start that crashed in between. */
const ABANDONED_MS = 60_000;

/**
 * On the very first start of an installation, issues one admin token and returns it
 * (to be shown once). Never again afterwards, even when every token was revoked: a
 * unique marker document decides, so of several instances starting at once only one
 * issues it. The marker records the token it issued; a marker without one, left by
 * a start that crashed between writing it and issuing the token, is taken over, so
 * no crash leaves an installation without an admin token. Later admin tokens come
 * from `hub token create --role admin`.
 */
export async function issueBootstrapAdminToken(
  meta: Collection<MetaDoc>,
  tokens: TokensService,
  now: Date,
): Promise<string | null> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await meta.insertOne({ _id: MARKER, at: now, state: 'issuing' });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const marker = await meta.findOne({ _id: MARKER });
      // markers from before this state was recorded have none: they were issued
      const abandoned = marker?.state === 'issuing' && now.getTime() - marker.at.getTime() > ABANDONED_MS;
      if (!abandoned) return null;
      await meta.deleteOne({ _id: MARKER }); // then the unique insert decides again among starting instances
      continue;
    }
    const { token, record } = await tokens.create({ role: 'admin', label: 'bootstrap admin' }, 'bootstrap');
    await meta.updateOne({ _id: MARKER }, { $set: { state: 'issued', tokenId: record._id } });
    return token;
  }
  return null;
}
