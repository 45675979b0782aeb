import type { MetaRepository } from '../../repositories/meta.repository';
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
export class BootstrapService {
  constructor(
    private readonly meta: MetaRepository,
    private readonly tokens: TokensService,
  ) {}

  /** The first start's admin token (shown once), or null when one was issued before. */
  async issueAdminToken(now: Date): Promise<string | null> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (!(await this.meta.insertNew({ _id: MARKER, at: now, state: 'issuing' }))) {
        const marker = await this.meta.findOne(MARKER);
        // markers from before this state was recorded have none: they were issued
        const abandoned = marker?.state === 'issuing' && now.getTime() - marker.at.getTime() > ABANDONED_MS;
        if (!abandoned) return null;
        await this.meta.delete(MARKER); // then the unique insert decides again among starting instances
        continue;
      }
      const { token, record } = await this.tokens.create({ role: 'admin', label: 'bootstrap admin' }, 'bootstrap');
      await this.meta.set(MARKER, { state: 'issued', tokenId: record._id });
      return token;
    }
    return null;
  }
}
