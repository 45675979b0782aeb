import { resumable } from '../operations/pending-writes';
import type { ExtensionRequestDoc } from '../../records';
import { extensionRequestReadScope } from '../../policies/extension-requests.policy';
import type { Actor } from '../actor';
import { bulkExtend } from './bulk';
import { decideRequest, resubmitRequest, withdrawRequest } from './decisions';
import { completeChange, completeCreate } from './follow-ups';
import {
  requestInScope,
  type BulkExtensionInput,
  type BulkExtensionReport,
  type DecisionInput,
  type ExtensionRequestFilters,
  type ExtensionRequestInput,
  type RequestsDeps,
} from './requests';
import { submitRequest } from './submit';
import { CaseShield } from '../allocations/case-shield';

export type {
  BulkExtensionInput,
  BulkExtensionReport,
  DecisionInput,
  ExtensionRequestFilters,
  ExtensionRequestInput,
} from './requests';

/**
 * Extension requests: submitted by providers, decided by the team's consultants, bulk
 * extensions recorded as such. Each operation lives in its own module under
 * extension-requests/; this class holds what they share.
 */
export class ExtensionRequestsService {
  constructor(private readonly deps: RequestsDeps) {}

  /**
   * Stores a provider's extension request: the allocation active and the provider's,
   * the new end date after the current one and within the contract, no other open
   * request. Without a recent evaluation it is accepted and marked `withoutEvaluation`.
   * The decision deadline is set in working days.
   */
  submit(actor: Actor, input: ExtensionRequestInput): Promise<ExtensionRequestDoc> {
    return submitRequest(this.deps, actor, input);
  }

  /**
   * Requests as a pending write: the sweep completes the follow-ups of those a crash left
   * pending, created ones as on submission, changed ones (a decision, a withdrawal) by
   * their audit event and flags.
   */
  readonly pendingRequests = resumable({
    name: 'extensionRequests',
    pending: () => this.deps.repo.streamPending(),
    lockOf: ({ allocationNumber }) => allocationNumber,
    reread: async ({ _id }) => {
      const doc = await this.deps.repo.findOne(_id);
      return doc?.pending ? doc : null;
    },
    complete: (actor, doc: ExtensionRequestDoc) =>
      doc.pending === 'create' ? completeCreate(this.deps, actor, doc) : completeChange(this.deps, actor, doc, doc),
  });

  /** A provider withdraws its own open request. */
  withdraw(actor: Actor, id: string): Promise<ExtensionRequestDoc> {
    return withdrawRequest(this.deps, actor, id);
  }

  /** After `info_requested`, the provider amends and submits again; the deadline starts again. */
  resubmit(
    actor: Actor,
    id: string,
    amendment: Partial<Omit<ExtensionRequestInput, 'allocationNumber'>>,
  ): Promise<ExtensionRequestDoc> {
    return resubmitRequest(this.deps, actor, id, amendment);
  }

  /**
   * A consultant of the allocation's team decides a submitted request. Approval
   * extends the allocation (end date, volume) with a history entry (change reason 04)
   * before the request is marked approved, so a retry after a crash completes it.
   */
  decide(actor: Actor, id: string, input: DecisionInput): Promise<ExtensionRequestDoc> {
    return decideRequest(this.deps, actor, id, input);
  }

  /**
   * Extends many allocations by one recorded decision (ambtshalve verlenging). Each
   * allocation gets a history entry naming the decision, and an approved extension
   * record marked as bulk (never "reviewed"). Allocations outside the caller's team,
   * ended, already ending later, outside the contract or with an open request are
   * skipped and reported.
   */
  bulkExtend(actor: Actor, input: BulkExtensionInput): Promise<BulkExtensionReport> {
    return bulkExtend(this.deps, actor, input);
  }

  /** One request in the caller's scope (404 outside it); audited. */
  async get(actor: Actor, id: string): Promise<ExtensionRequestDoc> {
    const doc = await requestInScope(this.deps, actor, id);
    await this.deps.audit.record(actor, [
      { action: 'extension-request.read', objectType: 'extension-request', objectId: id, clientRef: doc.clientRef },
    ]);
    return doc;
  }

  /** A page of requests in the caller's scope (one extra unreturned record tells of a next page); audited. */
  async list(
    actor: Actor,
    filters: ExtensionRequestFilters,
    limit: number,
    after?: string,
  ): Promise<ExtensionRequestDoc[]> {
    const scope = extensionRequestReadScope(actor.principal);
    const docs = await new CaseShield(this.deps.allocationsRepo).page(
      actor.principal,
      (n, from) => this.deps.repo.pageInScope(scope, filters, n, from),
      limit + 1,
      after,
    );
    const read = docs.slice(0, limit).map((d) => ({ id: d._id, clientRef: d.clientRef }));
    await this.deps.audit.recordReads(actor, 'extension-request.read', 'extension-request', read);
    return docs;
  }
}
