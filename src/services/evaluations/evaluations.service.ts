import { resumable } from '../operations/pending-writes';
import type { AllocationDoc, EvaluationDoc } from '../../records';
import { errors, type FieldError } from '../../errors';
import type { EvaluationFilters } from '../../repositories/evaluations.repository';
import type { Actor } from '../actor';
import { evaluationReadScope, evaluationRecords } from '../../policies/evaluations.policy';
import { evaluationWarnings } from './evaluation-rules';
import { CaseShield } from '../allocations/case-shield';
import { completeFollowUps, submitEvaluation, type EvaluationInput, type EvaluationsDeps } from './submit';

export { evaluationId, type EvaluationInput } from './submit';
export type { EvaluationFilters } from '../../repositories/evaluations.repository';

/**
 * Evaluation reports: submitted by providers, read and listed in scope, audited. The
 * submission lives in ./submit.ts; this class holds what the operations share.
 */
export class EvaluationsService {
  private readonly shield: CaseShield;

  constructor(private readonly deps: EvaluationsDeps) {
    this.shield = new CaseShield(deps.allocationsRepo);
  }

  /**
   * Stores an evaluation report under the allocation's lock, then its follow-ups (see
   * ./submit.ts); a retry of the same report that finds it pending completes them.
   */
  submit(actor: Actor, input: EvaluationInput): Promise<EvaluationDoc> {
    return submitEvaluation(this.deps, actor, input);
  }

  /**
   * `submit`, with the report's warnings: what is accepted but the provider should
   * know (a stale meeting date, a closing report that counts for no satisfaction KPI).
   */
  async submitWithWarnings(
    actor: Actor,
    input: EvaluationInput,
  ): Promise<{ evaluation: EvaluationDoc; warnings: FieldError[] }> {
    return { evaluation: await this.submit(actor, input), warnings: evaluationWarnings(input) };
  }

  /**
   * Submissions as a pending write: the daily sweep completes the follow-ups of every
   * report a crash left pending, before it reconciles flags (so they are raised from the reports).
   */
  readonly pendingSubmissions = resumable({
    name: 'evaluations',
    pending: () => this.deps.repo.streamPending(),
    lockOf: ({ allocationNumber }) => allocationNumber,
    reread: async ({ _id, allocationNumber }) => {
      const doc = await this.deps.repo.findOne(_id);
      const allocation = await this.deps.allocationsRepo.findById(allocationNumber);
      return doc?.pending && allocation ? { doc, allocation } : null;
    },
    complete: (actor, { doc, allocation }: { doc: EvaluationDoc; allocation: AllocationDoc }) =>
      completeFollowUps(this.deps, actor, allocation, doc),
  });

  /** One evaluation in the caller's scope (404 outside it); audited. */
  async get(actor: Actor, id: string): Promise<EvaluationDoc> {
    const doc = await this.deps.repo.findOne(id);
    if (
      !doc ||
      !evaluationRecords.can(actor.principal, 'read', doc) ||
      (await this.shield.hides(actor.principal, doc.allocationNumber))
    )
      throw errors.notFound('No such evaluation in your scope.');
    await this.deps.audit.record(actor, [
      { action: 'evaluation.read', objectType: 'evaluation', objectId: doc._id, clientRef: doc.clientRef },
    ]);
    return doc;
  }

  /** A page of evaluations in the caller's scope with filters (one extra unreturned record tells of a next page); audited. */
  async list(actor: Actor, filters: EvaluationFilters, limit: number, after?: string): Promise<EvaluationDoc[]> {
    const scope = evaluationReadScope(actor.principal);
    const docs = await this.shield.page(
      actor.principal,
      (n, from) => this.deps.repo.pageInScope(scope, filters, n, from),
      limit + 1,
      after,
    );
    const read = docs.slice(0, limit).map((d) => ({ id: d._id, clientRef: d.clientRef }));
    await this.deps.audit.recordReads(actor, 'evaluation.read', 'evaluation', read);
    return docs;
  }
}
