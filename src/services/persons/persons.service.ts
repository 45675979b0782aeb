import crypto from 'node:crypto';
import { errors, type FieldError } from '../../errors';
import type { PersonDoc } from '../../records';
import type { PersonChanges, PersonFilters, PersonsRepository } from '../../repositories/persons.repository';

export type { PersonFilters } from '../../repositories/persons.repository';
import type { SessionsRepository } from '../../repositories/sessions.repository';
import { administeredScope, assertMayGive, isAdministered } from '../../policies/administration.policy';
import type { Payload } from '../../payloads/payloads';
import type { Actor } from '../actor';
import type { AuditService } from '../audit/audit.service';
import type { RegistryService } from '../registry/registry.service';

/** A new person (person.v1.json). */
export type PersonInput = Payload<'person.v1.json'>;
/** A change to a person (person-patch.v1.json). */
export type PersonPatch = Payload<'person-patch.v1.json'>;

/** Persons who sign in: admins manage everyone, a provider's administrator its own staff. Every change is audited. */
export class PersonsService {
  constructor(
    private readonly repo: PersonsRepository,
    private readonly sessions: SessionsRepository,
    private readonly registry: RegistryService,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
  ) {}

  /** Registers (invites) a person; 409 when its e-mail address is taken. */
  async create(input: PersonInput, actor: Actor): Promise<PersonDoc> {
    const scope = administeredScope(actor.principal, 'persons');
    assertMayGive(scope, input.role, input.providerAgbCode);
    const now = this.clock();
    const doc: PersonDoc = {
      _id: `per_${crypto.randomBytes(8).toString('hex')}`,
      name: input.name,
      email: input.email.toLowerCase(),
      role: input.role,
      registration: input.registration ?? null,
      supervisedBy: input.supervisedBy ?? null,
      canManageOrganisation: input.canManageOrganisation ?? false,
      active: input.active ?? true,
      revision: 1,
      createdAt: now,
      createdBy: actor.audit.tokenId ?? actor.audit.label,
      updatedAt: now,
    };
    if (input.teamCode) doc.teamCode = input.teamCode;
    if (input.providerAgbCode) doc.providerAgbCode = input.providerAgbCode;
    await this.check(doc, scope);
    if (!(await this.repo.insertNew(doc)))
      throw errors.conflict('duplicate', `A person with e-mail address ${doc.email} is registered already.`);
    await this.audit.record(actor, [
      { action: 'person.create', objectType: 'person', objectId: doc._id, clientRef: null },
    ]);
    return doc;
  }

  /** One person within the caller's scope; 404 outside it. */
  async get(id: string, actor: Actor): Promise<PersonDoc> {
    const scope = administeredScope(actor.principal, 'persons');
    const person = await this.repo.findById(id);
    if (!person || !isAdministered(person, scope)) throw errors.notFound(`No person ${id}.`);
    return person;
  }

  /** A page of persons within the caller's scope. */
  list(filters: PersonFilters, limit: number, after: string | undefined, actor: Actor): Promise<PersonDoc[]> {
    return this.repo.page(administeredScope(actor.principal, 'persons'), filters, limit, after);
  }

  /**
   * Changes a person at the revision the caller saw (`If-Match`; without it, the current
   * one): 412 when it changed meanwhile. Deactivating ends its sessions at once.
   */
  async update(id: string, patch: PersonPatch, ifMatch: number | null, actor: Actor): Promise<PersonDoc> {
    const scope = administeredScope(actor.principal, 'persons');
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(id, actor);
      if (ifMatch !== null && current.revision !== ifMatch)
        throw errors.preconditionFailed(
          `Person ${id} is at revision ${current.revision}, not ${ifMatch}: read it again.`,
        );
      const changes: PersonChanges = { ...patch };
      if (patch.email) changes.email = patch.email.toLowerCase();
      const next: PersonDoc = { ...current, ...changes };
      // a role takes the scope field it needs and drops the other
      const unset: ('teamCode' | 'providerAgbCode')[] = [];
      if (next.role !== 'consultant' && next.teamCode) unset.push('teamCode');
      if (next.role !== 'provider' && next.providerAgbCode) unset.push('providerAgbCode');
      for (const key of unset) delete next[key];
      if (next.role !== 'provider' && next.canManageOrganisation)
        next.canManageOrganisation = changes.canManageOrganisation = false;
      assertMayGive(scope, next.role, next.providerAgbCode);
      if (next.supervisedBy === id)
        throw errors.validation([{ path: '/supervisedBy', message: 'a person cannot supervise itself' }]);
      await this.check(next, scope);
      const result = await this.repo.updateAtRevision(id, current.revision, changes, unset, this.clock());
      if (result === null) throw errors.notFound(`No person ${id}.`);
      if (result === 'taken')
        throw errors.conflict('duplicate', `A person with e-mail address ${next.email} is registered already.`);
      if (result === 'stale') {
        if (ifMatch !== null || attempt >= 5)
          throw errors.preconditionFailed(`Person ${id} changed meanwhile: read it again.`);
        continue; // someone else changed it between our read and write: apply the patch to the new version
      }
      const entries = [{ action: 'person.update', objectType: 'person', objectId: id, clientRef: null }];
      if (current.active && !result.active) {
        await this.sessions.endAllOf(id);
        entries.push({ action: 'person.deactivate', objectType: 'person', objectId: id, clientRef: null });
      }
      await this.audit.record(actor, entries);
      return result;
    }
  }

  /** The checks a person must pass beyond its schema: the scope its role needs exists, its supervisor is an active consultant or admin of the municipality. */
  private async check(doc: PersonDoc, scope: { providerAgbCode?: string }): Promise<void> {
    const problems: FieldError[] = [];
    if (doc.role === 'consultant' && !doc.teamCode)
      problems.push({ path: '/teamCode', message: 'a consultant needs the code of its team' });
    if (doc.role === 'provider' && !doc.providerAgbCode)
      problems.push({
        path: '/providerAgbCode',
        message: "a provider's staff member needs the AGB code of its provider",
      });
    if (doc.role !== 'consultant' && doc.teamCode)
      problems.push({ path: '/teamCode', message: 'only a consultant has a team' });
    if (doc.role !== 'provider' && doc.providerAgbCode)
      problems.push({ path: '/providerAgbCode', message: "only a provider's staff member has a provider" });
    if (doc.role !== 'provider' && doc.canManageOrganisation)
      problems.push({
        path: '/canManageOrganisation',
        message: "only a provider's staff member manages its organisation",
      });
    if (problems.length > 0) throw errors.validation(problems);
    if (doc.teamCode && !(await this.registry.findTeam(doc.teamCode)))
      throw errors.unprocessable('unknown-scope', 'The person is scoped to something that is not registered.', [
        { path: '/teamCode', message: `no team ${doc.teamCode} is registered` },
      ]);
    if (doc.providerAgbCode && !(await this.registry.findProvider(doc.providerAgbCode)))
      throw errors.unprocessable('unknown-scope', 'The person is scoped to something that is not registered.', [
        { path: '/providerAgbCode', message: `no provider with AGB code ${doc.providerAgbCode} is registered` },
      ]);
    if (doc.supervisedBy) {
      const supervisor = await this.repo.findById(doc.supervisedBy);
      if (!supervisor || !isAdministered(supervisor, scope))
        throw errors.unprocessable('unknown-supervisor', 'The supervisor is not a registered person.', [
          { path: '/supervisedBy', message: `no person ${doc.supervisedBy}` },
        ]);
      if (!supervisor.active || !['consultant', 'admin'].includes(supervisor.role) || doc.role !== 'consultant')
        throw errors.unprocessable(
          'unfit-supervisor',
          "A supervisor confirms a consultant's decisions: both must be municipal staff, the supervisor active.",
          [
            {
              path: '/supervisedBy',
              message: 'a supervisor is an active consultant or admin, and only a consultant is supervised',
            },
          ],
        );
    }
  }
}
