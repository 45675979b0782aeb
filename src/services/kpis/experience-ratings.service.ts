import type { ExperienceRatingDoc } from '../../records';
import { dateInAmsterdam, quarterRange } from '../../domain/dates';
import { errors } from '../../errors';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { ExperienceRatingsRepository } from '../../repositories/experience-ratings.repository';
import { ratingTeam } from '../../policies/experience-ratings.policy';
import type { Actor } from '../actor';
import type { Payload } from '../../payloads/payloads';

/** A consultant's rating as submitted (experience-rating.v1.json; the type is generated from the schema). */
export type ExperienceRatingInput = Payload<'experience-rating.v1.json'>;

/** Consultants' quarterly ratings of the providers their team works with (the consultant_experience KPI). */
export class ExperienceRatingsService {
  constructor(
    private readonly repo: ExperienceRatingsRepository,
    private readonly allocations: AllocationsRepository,
    private readonly clock: () => Date,
  ) {}

  /** Stores a rating: one per consultant, provider and quarter, for a provider the team has allocations with. */
  async rate(actor: Actor, input: ExperienceRatingInput): Promise<ExperienceRatingDoc> {
    const team = ratingTeam(actor.principal);
    if (quarterRange(input.quarter).start > dateInAmsterdam(this.clock())) {
      throw errors.unprocessable('rating-rules', 'The quarter has not begun.', [
        { path: '/quarter', message: 'must not be a future quarter' },
      ]);
    }
    let worksWith = false;
    for await (const _ of this.allocations.streamScope({ teamCode: team, providerAgbCode: input.providerAgbCode })) {
      worksWith = true;
      break;
    }
    if (!worksWith) {
      throw errors.unprocessable('rating-rules', 'Your team has no allocations with this provider.', [
        { path: '/providerAgbCode', message: 'is not a provider your team works with' },
      ]);
    }
    const doc: ExperienceRatingDoc = {
      _id: `${input.quarter}|${input.providerAgbCode}|${actor.audit.tokenId ?? actor.audit.label}`,
      quarter: input.quarter,
      providerAgbCode: input.providerAgbCode,
      teamCode: team,
      score: input.score,
      ratedBy: actor.audit.tokenId ?? actor.audit.label,
      ratedAt: this.clock(),
    };
    if (input.remarks) doc.remarks = input.remarks;
    if (!(await this.repo.insertNew(doc)))
      throw errors.conflict('duplicate', 'You rated this provider for this quarter already.');
    return doc;
  }
}
