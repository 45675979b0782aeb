import type { MetaRepository } from '../../repositories/meta.repository';
import type { TokensService } from './tokens.service';

const MARKER = 'bootstrap-admin-token';
/** A marker without its token this long after it was written belongs to a start that crashed in between. */
const ABANDONED_MS = 60_000;
/** How long the bootstrap admin token works: long enough to create the real admins' tokens with it. */
export const BOOTSTRAP_TOKEN_HOURS = 24;

/** The first start's admin token, and when it stops working. */
export interface BootstrapToken {
  token: string;
  expiresAt: Date;
}

/**
 * On the very first start of an installation, issues one admin token and returns it
 * (to be shown once). Never again afterwards, even when every token was revoked: a
 * unique marker document decides, so of several instances starting at once only one
 * issues it. The marker records the token it issued; a marker without one, left by
 * a start that crashed between writing it and issuing the token, is taken over, so
 * no crash leaves an installation without an admin token. It expires after
 * `BOOTSTRAP_TOKEN_HOURS`; later admin tokens come from `hub token create --role admin`.
 */
export class BootstrapService {
  constructor(
    private readonly meta: MetaRepository,
    private readonly tokens: TokensService,
  ) {}

  /** The first start's admin token (shown once), or null when one was issued before. */
  async issueAdminToken(now: Date): Promise<BootstrapToken | null> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (!(await this.meta.insertNew({ _id: MARKER, at: now, state: 'issuing' }))) {
        const marker = await this.meta.findOne(MARKER);
        // markers from before this state was recorded have none: they were issued
        const abandoned = marker?.state === 'issuing' && now.getTime() - marker.at.getTime() > ABANDONED_MS;
        if (!abandoned) return null;
        await this.meta.delete(MARKER); // then the unique insert decides again among starting instances
        continue;
      }
      const expiresAt = new Date(now.getTime() + BOOTSTRAP_TOKEN_HOURS * 3_600_000);
      const { token, record } = await this.tokens.create(
        { role: 'admin', label: 'bootstrap admin', expiresAt: expiresAt.toISOString() },
        'bootstrap',
      );
      await this.meta.set(MARKER, { state: 'issued', tokenId: record._id });
      return { token, expiresAt };
    }
    return null;
  }
}
