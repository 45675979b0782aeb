import crypto from 'node:crypto';
import type { ReviewDoc } from '../../records';
import { addMonths, dateInAmsterdam } from '../../domain/dates';
import { errors } from '../../errors';
import { reviewActionFlags } from '../../flags/engine';
import type { KpiSourcesRepository } from '../../repositories/kpi-sources.repository';
import type { ReviewsRepository } from '../../repositories/reviews.repository';
import { reviewProviderScope } from '../../policies/reviews.policy';
import type { Actor } from '../actor';
import type { FlagsService } from '../flags/flags.service';
import type { KpisService } from '../kpis/kpis.service';
import type { RegistryService } from '../registry/registry.service';
import type { Payload } from '../../payloads/payloads';

/** A review as a contract manager records it (review.v1.json; the type is generated from the schema). */
export type ReviewInput = Payload<'review.v1.json'>;

/**
 * Contract management talks: what was discussed, the improvement actions agreed
 * (an overdue one raises a flag), and when to talk next. The next talk defaults to
 * half a year later, or a quarter for a provider with red KPIs in its latest quarter
 * or a large share of the region's active allocations.
 */
export class ReviewsService {
  constructor(
    private readonly repo: ReviewsRepository,
    private readonly sources: KpiSourcesRepository,
    private readonly registry: RegistryService,
    private readonly kpis: KpisService,
    private readonly flags: FlagsService,
    private readonly largeShare: number,
    private readonly clock: () => Date,
  ) {}

  /** Why a provider gets a quarterly talk by default, or null for half-yearly. */
  private async quarterlyReason(agb: string): Promise<ReviewDoc['nextTalkBasis'] | null> {
    const series = await this.kpis.providerSeries(agb);
    const latestQuarter = series
      .flatMap((s) => s.series.map((q) => q.quarter))
      .sort()
      .pop();
    if (
      latestQuarter &&
      series.some((s) => s.series.some((q) => q.quarter === latestQuarter && q.rating === 'red' && !q.smallSample))
    )
      return 'default_quarter_red_kpis';
    const perProvider = await this.sources.dangerousCountActivePerProvider();
    const all = [...perProvider.values()].reduce((n, c) => n + c, 0);
    return all > 0 && (perProvider.get(agb) ?? 0) / all >= this.largeShare ? 'default_quarter_large_share' : null;
  }

  /** Records a review of a provider. */
  async create(actor: Actor, input: ReviewInput): Promise<ReviewDoc> {
    if (!(await this.registry.findProvider(input.providerAgbCode))) {
      throw errors.unprocessable('review-rules', 'The provider is not registered.', [
        { path: '/providerAgbCode', message: `no provider with AGB code ${input.providerAgbCode} is registered` },
      ]);
    }
    const actions = input.actions ?? [];
    const late = actions.map((a, i) => ({ a, i })).filter(({ a }) => a.dueDate < input.date);
    if (late.length > 0 || (input.nextTalkDate && input.nextTalkDate <= input.date)) {
      throw errors.unprocessable('review-rules', 'Dates must follow the talk.', [
        ...late.map(({ i }) => ({ path: `/actions/${i}/dueDate`, message: 'must not be before the review date' })),
        ...(input.nextTalkDate && input.nextTalkDate <= input.date
          ? [{ path: '/nextTalkDate', message: 'must be after the review date' }]
          : []),
      ]);
    }
    let nextTalkDate = input.nextTalkDate;
    let nextTalkBasis: ReviewDoc['nextTalkBasis'] = 'given';
    if (!nextTalkDate) {
      const reason = await this.quarterlyReason(input.providerAgbCode);
      nextTalkBasis = reason ?? 'default_half_year';
      nextTalkDate = addMonths(input.date, reason ? 3 : 6);
    }
    const doc: ReviewDoc = {
      _id: `rv_${crypto.randomBytes(8).toString('hex')}`,
      providerAgbCode: input.providerAgbCode,
      date: input.date,
      kpisDiscussed: input.kpisDiscussed ?? [],
      notes: input.notes,
      actions: actions.map((a, i) => ({ n: i + 1, ...a, status: 'open' })),
      nextTalkDate,
      nextTalkBasis,
      createdAt: this.clock(),
      createdBy: actor.audit.tokenId ?? actor.audit.label,
    };
    await this.repo.insertNew(doc);
    return doc;
  }

  /** Reviews, newest first; providers see their own. */
  async list(actor: Actor, providerAgbCode?: string): Promise<ReviewDoc[]> {
    const own = reviewProviderScope(actor.principal);
    const agb = own ?? providerAgbCode;
    const docs: ReviewDoc[] = [];
    for await (const r of agb
      ? this.repo.ofProvider(agb)
      : this.repo.dangerousStreamAll<ReviewDoc>("every review (a contract manager's list)"))
      docs.push(r);
    return docs.sort((a, b) => b.date.localeCompare(a.date) || b._id.localeCompare(a._id));
  }

  /** One review, or 404. */
  async get(id: string): Promise<ReviewDoc> {
    const review = await this.repo.findOne(id);
    if (!review) throw errors.notFound('No such review.');
    return review;
  }

  /** Marks an agreed action done; its overdue flag, if any, resolves at once. */
  async completeAction(actor: Actor, reviewId: string, n: number): Promise<ReviewDoc> {
    const review = await this.repo.findOne(reviewId);
    const action = review?.actions.find((a) => a.n === n);
    if (!review || !action) throw errors.notFound('No such review action.');
    if (action.status === 'done') throw errors.conflict('action-done', 'The action is done already.');
    const now = this.clock();
    const today = dateInAmsterdam(now);
    const updated = (await this.repo.setActions(
      reviewId,
      review.actions.map((a) => (a.n === n ? { ...a, status: 'done' as const, completedAt: now } : a)),
    ))!;
    const done = updated.actions.find((a) => a.n === n)!;
    await this.flags.applyTransition(
      reviewActionFlags({ review, action, today }),
      reviewActionFlags({ review: updated, action: done, today }),
    );
    return updated;
  }
}
