import crypto from 'node:crypto';
import type { Principal, Subject } from '../../policies/principal';
import { administeredScope, assertMayGive, isAdministered } from '../../policies/administration.policy';
import { systemActor, type Actor } from '../actor';
import type { AuditService } from '../audit/audit.service';
import type { TokenDoc } from '../../records';
import type { TokensRepository } from '../../repositories/tokens.repository';
import { errors } from '../../errors';
import type { RegistryService } from '../registry/registry.service';
import type { Payload } from '../../payloads/payloads';

/** Who is calling: the identity a valid token stands for. */

/** What a caller asks for when creating a token (token-create.v1.json; the type is generated from the schema). */
export type CreateTokenInput = Payload<'token-create.v1.json'>;

const TOKEN_PATTERN = /^(yht_[0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;
const TOUCH_INTERVAL_MS = 60_000;

function hashSecret(secret: string): Buffer {
  return crypto.createHash('sha256').update(secret).digest();
}

/** Issues, revokes and checks bearer tokens. Secrets are 256 random bits, stored only as SHA-256. */
export class TokensService {
  constructor(
    private readonly repo: TokensRepository,
    private readonly registry: RegistryService,
    private readonly clock: () => Date,
    private readonly audit?: AuditService,
  ) {}

  /** Creates a token; the returned `token` string is shown once and never stored. */
  async create(
    input: CreateTokenInput,
    createdBy: string,
    actor: Actor = systemActor('cli', createdBy),
  ): Promise<{ token: string; record: TokenDoc }> {
    if (input.role === 'provider' && !input.providerAgbCode) {
      throw errors.validation([
        { path: '/providerAgbCode', message: 'a provider token needs the AGB code of its provider' },
      ]);
    }
    if (input.role === 'consultant' && !input.teamCode) {
      throw errors.validation([{ path: '/teamCode', message: 'a consultant token needs the code of its team' }]);
    }
    if (input.role === 'provider' && !(await this.registry.findProvider(input.providerAgbCode!))) {
      throw errors.unprocessable('unknown-scope', 'The token is scoped to something that is not registered.', [
        { path: '/providerAgbCode', message: `no provider with AGB code ${input.providerAgbCode} is registered` },
      ]);
    }
    if (input.role === 'consultant' && !(await this.registry.findTeam(input.teamCode!))) {
      throw errors.unprocessable('unknown-scope', 'The token is scoped to something that is not registered.', [
        { path: '/teamCode', message: `no team ${input.teamCode} is registered` },
      ]);
    }
    const id = `yht_${crypto.randomBytes(8).toString('hex')}`;
    const secret = crypto.randomBytes(32).toString('base64url');
    const record: TokenDoc = {
      _id: id,
      secretHash: hashSecret(secret).toString('hex'),
      role: input.role,
      label: input.label ?? `${input.role} token`,
      createdAt: this.clock(),
      createdBy,
    };
    if (input.role === 'provider') record.providerAgbCode = input.providerAgbCode;
    if (input.role === 'consultant') record.teamCode = input.teamCode;
    if (input.expiresAt) {
      const expiresAt = new Date(input.expiresAt);
      if (expiresAt.getTime() <= this.clock().getTime())
        throw errors.validation([{ path: '/expiresAt', message: 'must be in the future' }]);
      record.expiresAt = expiresAt;
    }
    await this.repo.insert(record);
    await this.audit?.record(actor, [{ action: 'token.create', objectType: 'token', objectId: id, clientRef: null }]);
    return { token: `${id}.${secret}`, record };
  }

  /** Resolves a presented token to its principal, or null when unknown, wrong or revoked. */
  async authenticate(presented: string): Promise<Principal | null> {
    const match = TOKEN_PATTERN.exec(presented);
    if (!match?.[1] || !match[2]) return null;
    const record = await this.repo.findById(match[1]);
    if (!record || record.revokedAt || (record.expiresAt && record.expiresAt.getTime() <= this.clock().getTime()))
      return null;
    const expected = Buffer.from(record.secretHash, 'hex');
    if (!crypto.timingSafeEqual(expected, hashSecret(match[2]))) return null;
    const now = this.clock();
    // the record in hand says whether its last use is old enough to note again: most requests write nothing
    if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS)
      await this.repo.touch(record._id, now, TOUCH_INTERVAL_MS);
    return toPrincipal(record);
  }

  /** Lists the tokens a caller manages (all for an admin, its own provider's for a provider's administrator), in id order after the cursor. */
  listFor(subject: Subject, limit: number, after?: string): Promise<TokenDoc[]> {
    const scope = administeredScope(subject, 'tokens');
    return scope.providerAgbCode
      ? this.repo.pageOfProvider(scope.providerAgbCode, limit, after)
      : this.repo.dangerousListAll(limit, after);
  }

  /** Issues a token for a caller: a provider's administrator only its own provider's (403 otherwise). */
  createFor(subject: Subject, input: CreateTokenInput, actor: Actor): Promise<{ token: string; record: TokenDoc }> {
    const scope = administeredScope(subject, 'tokens');
    assertMayGive(scope, input.role, input.providerAgbCode);
    return this.create(input, actor.audit.tokenId ?? actor.audit.label, actor);
  }

  /** Revokes a token a caller manages; 404 for another provider's token or no active token. */
  async revokeFor(subject: Subject, id: string, actor: Actor): Promise<void> {
    const scope = administeredScope(subject, 'tokens');
    const record = await this.repo.findById(id);
    if (!record || !isAdministered(record, scope)) throw errors.notFound(`No active token ${id}.`);
    return this.revoke(id, actor.audit.tokenId ?? actor.audit.label, actor);
  }

  /** Revokes a token; 404 when there is no active token with that id. */
  async revoke(id: string, by: string, actor: Actor = systemActor('cli', by)): Promise<void> {
    if (!(await this.repo.revoke(id, by, this.clock()))) throw errors.notFound(`No active token ${id}.`);
    await this.audit?.record(actor, [{ action: 'token.revoke', objectType: 'token', objectId: id, clientRef: null }]);
  }
}

/** The principal a stored token stands for. */
export function toPrincipal(record: TokenDoc): Principal {
  const principal: Principal = {
    tokenId: record._id,
    role: record.role,
    label: record.label,
    issuedBy: record.createdBy,
  };
  if (record.providerAgbCode) principal.providerAgbCode = record.providerAgbCode;
  if (record.teamCode) principal.teamCode = record.teamCode;
  return principal;
}
