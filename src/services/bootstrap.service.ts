import type { Collection } from 'mongodb';
import type { MetaDoc } from '../db/documents';
import { isDuplicateKeyError } from '../db/errors';
import type { TokensService } from './tokens.service';

const MARKER = 'bootstrap-admin-token';

/**
 * On the very first start of an installation, issues one admin token and returns it
 * (to be shown once). Never again afterwards, even when every token was revoked: a
 * unique marker document decides, so of several instances starting at once only one
 * issues it. Later admin tokens come from `hub token create --role admin`.
 */
export async function issueBootstrapAdminToken(meta: Collection<MetaDoc>, tokens: TokensService, now: Date): Promise<string | null> {
  try {
    await meta.insertOne({ _id: MARKER, at: now });
  } catch (err) {
    if (isDuplicateKeyError(err)) return null;
    throw err;
  }
  const { token } = await tokens.create({ role: 'admin', label: 'bootstrap admin' }, 'bootstrap');
  return token;
}
