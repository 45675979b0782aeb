import type { Collection, Filter } from 'mongodb';
import type { PersonDoc, PersonIdentityDoc } from '../records';
import { insertUnlessTaken, isDuplicateKeyError } from '../db/errors';
import { afterCursor, passOptions } from './cursor-filter';

/** The filters of a list of persons (person-query.v1.json), within the caller's scope. */
export interface PersonFilters {
  role?: PersonDoc['role'];
  teamCode?: string;
  providerAgbCode?: string;
  active?: boolean;
}

/** The fields a change may set. */
export type PersonChanges = Partial<
  Pick<
    PersonDoc,
    | 'name'
    | 'email'
    | 'role'
    | 'teamCode'
    | 'providerAgbCode'
    | 'registration'
    | 'supervisedBy'
    | 'canManageOrganisation'
    | 'active'
  >
>;

/** Persons and the identities they sign in with. */
export class PersonsRepository {
  constructor(
    private readonly col: Collection<PersonDoc>,
    private readonly identities: Collection<PersonIdentityDoc>,
  ) {}

  /** Stores a new person; false when its e-mail address is taken (the unique index decides, also under a race). */
  insertNew(doc: PersonDoc): Promise<boolean> {
    return insertUnlessTaken(this.col, doc);
  }

  findById(id: string): Promise<PersonDoc | null> {
    return this.col.findOne({ _id: id });
  }

  findByEmail(email: string): Promise<PersonDoc | null> {
    return this.col.findOne({ email: email.toLowerCase() });
  }

  /** A page of persons in id order after the cursor, within a scope (`{}` for an admin). */
  page(
    scope: { providerAgbCode?: string },
    filters: PersonFilters,
    limit: number,
    after?: string,
  ): Promise<PersonDoc[]> {
    const filter: Filter<PersonDoc> = { ...scope };
    if (filters.role) filter.role = filters.role;
    if (filters.teamCode) filter.teamCode = filters.teamCode;
    if (filters.providerAgbCode) {
      // a provider's administrator asking for another provider's staff finds none
      if (scope.providerAgbCode && filters.providerAgbCode !== scope.providerAgbCode) return Promise.resolve([]);
      filter.providerAgbCode = filters.providerAgbCode;
    }
    if (filters.active !== undefined) filter.active = filters.active;
    return this.col
      .find(afterCursor(filter, after), {
        sort: { _id: 1 },
        limit,
        ...passOptions(filter, "an admin's list of persons"),
      })
      .toArray();
  }

  /**
   * Applies changes when the person is still at `revision` (one atomic conditional
   * write): the new document, `'stale'` when someone changed it first, `'taken'` when the
   * new e-mail address belongs to another person, or null when it does not exist.
   */
  async updateAtRevision(
    id: string,
    revision: number,
    changes: PersonChanges,
    unset: readonly ('teamCode' | 'providerAgbCode')[],
    now: Date,
  ): Promise<PersonDoc | 'stale' | 'taken' | null> {
    const $unset: Record<string, ''> = Object.fromEntries(unset.map((k) => [k, '' as const]));
    try {
      const updated = await this.col.findOneAndUpdate(
        { _id: id, revision },
        {
          $set: { ...changes, updatedAt: now, revision: revision + 1 },
          ...(unset.length > 0 ? { $unset } : {}),
        },
        { returnDocument: 'after' },
      );
      if (updated) return updated;
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'taken';
      throw err;
    }
    return (await this.col.findOne({ _id: id }, { projection: { _id: 1 } })) ? 'stale' : null;
  }

  /** The person an identity provider's subject is linked to, if any. */
  async personOfIdentity(issuer: string, sub: string): Promise<PersonDoc | null> {
    const link = await this.identities.findOne({ _id: identityKey(issuer, sub) });
    return link ? this.col.findOne({ _id: link.personId }) : null;
  }

  /**
   * Links a subject to a person that has no identity yet. The link's `_id` is unique, so
   * two sign-ins racing for one subject link it once; a person already linked to another
   * subject is not linked again. True when this call made the link (or it was made for
   * this person already).
   */
  async link(personId: string, issuer: string, sub: string, now: Date): Promise<boolean> {
    const key = identityKey(issuer, sub);
    const claimed = await this.col.updateOne(
      { _id: personId, identity: { $exists: false } },
      { $set: { identity: { issuer, sub } } },
    );
    if (claimed.modifiedCount === 0) {
      const person = await this.col.findOne({ _id: personId });
      if (person?.identity?.issuer !== issuer || person.identity.sub !== sub) return false;
    }
    if (await insertUnlessTaken(this.identities, { _id: key, personId, linkedAt: now })) return true;
    return (await this.identities.findOne({ _id: key }))?.personId === personId;
  }
}

/** The key of an identity: issuer and subject, which together name one person at one identity provider. */
export function identityKey(issuer: string, sub: string): string {
  return `${issuer} ${sub}`;
}
