import type { FlagDoc, ReassessmentDoc, ReassessmentItemDoc } from '../../records';
import { addDays, dateInAmsterdam, daysBetween } from '../../domain/dates';
import { reassessmentFlags } from '../../flags/engine';
import { flagId } from '../../flags/types';
import type { FlagsRepository } from '../../repositories/flags.repository';
import type { OutboxRepository } from '../../repositories/outbox.repository';
import { systemActor } from '../actor';
import type { FlagsService } from '../flags/flags.service';
import type { Notice, Notifier } from '../flags/notifier';
import { progressOf, type Progress } from './forecast';
import type { ReassessmentsDeps, ReassessmentsService } from './reassessments.service';

/** What one pass did. */
export interface ReassessmentSweepCounts {
  campaigns: number;
  completedCreates: number;
  handoversCompleted: number;
  itemsRefreshed: number;
  raised: number;
  resolved: number;
  digests: number;
  ended: number;
}

/** What the daily pass needs besides the campaigns' own deps. */
export interface SweepDeps extends ReassessmentsDeps {
  flagsRepo: FlagsRepository;
  flags: FlagsService;
  outbox: OutboxRepository;
  notifier: Notifier;
}

/** How many at-risk cases a digest names (the rest are counted). */
const DIGEST_AT_RISK = 50;

/**
 * The daily pass over every open campaign (job `reassessments`): completes what a
 * crash left (items of a pending campaign, handovers), reads each case's allocation
 * again, raises and resolves `reassessment_behind` and `reassessment_overdue`,
 * writes the weekly digest to the team on each full week since the start (its id
 * follows from campaign and week: written once however often the pass runs), and
 * closes a campaign once every case is reassessed (and handed over, with a receiving team).
 */
export class ReassessmentSweep {
  constructor(
    private readonly deps: SweepDeps,
    private readonly campaigns: ReassessmentsService,
  ) {}

  /** Runs the pass for `now`. */
  async run(now: Date = this.deps.clock()): Promise<ReassessmentSweepCounts> {
    const today = dateInAmsterdam(now);
    const counts: ReassessmentSweepCounts = {
      campaigns: 0,
      completedCreates: 0,
      handoversCompleted: 0,
      itemsRefreshed: 0,
      raised: 0,
      resolved: 0,
      digests: 0,
      ended: 0,
    };
    const open: ReassessmentDoc[] = [];
    for await (const c of this.deps.campaigns.dangerousStreamAll<ReassessmentDoc>('every campaign (the daily pass)'))
      if (c.status === 'open') open.push(c);
    const actor = systemActor('job', 'reassessments');
    for (let campaign of open) {
      counts.campaigns += 1;
      if (campaign.pending) {
        campaign = await this.campaigns.completeCreate(campaign);
        counts.completedCreates += 1;
      }
      const items = await this.deps.items.ofCampaign(campaign._id);
      for (const [i, item] of items.entries()) {
        if (item.pendingHandover) {
          items[i] = await this.campaigns.completeHandover(actor, campaign, item);
          counts.handoversCompleted += 1;
        }
        const refreshed = await this.campaigns.refreshFacts(campaign, items[i]!);
        items[i] = refreshed.item;
        if (refreshed.changed) counts.itemsRefreshed += 1;
      }
      const progress = progressOf(campaign, items, today);
      campaign = await this.trackBehind(campaign, progress, today);
      const { raised, resolved } = await this.syncFlags(campaign, progress, today, now);
      counts.raised += raised;
      counts.resolved += resolved;
      if (await this.digest(campaign, progress, items, today, now)) counts.digests += 1;
      if (progress.open === 0 && (progress.handover?.awaiting ?? 0) === 0) {
        await this.deps.campaigns.complete(campaign._id, today);
        counts.ended += 1;
      }
    }
    return counts;
  }

  /** Keeps `behindSince`: the day the forecast went past the deadline, while it stays past. */
  private async trackBehind(campaign: ReassessmentDoc, progress: Progress, today: string): Promise<ReassessmentDoc> {
    if (progress.behind && !campaign.behindSince)
      return (await this.deps.campaigns.setBehindSince(campaign._id, today))!;
    if (!progress.behind && campaign.behindSince)
      return (await this.deps.campaigns.setBehindSince(campaign._id, null))!;
    return campaign;
  }

  /** Raises the flags the campaign should have and resolves the open ones it no longer should. */
  private async syncFlags(
    campaign: ReassessmentDoc,
    progress: Progress,
    today: string,
    now: Date,
  ): Promise<{ raised: number; resolved: number }> {
    const desired = reassessmentFlags({ campaign, progress, today });
    const wanted = new Set(desired.map(flagId));
    const existing: FlagDoc[] = await this.deps.flagsRepo.ofSubject(campaign._id);
    const gone = existing.filter((f) => f.status !== 'resolved' && !wanted.has(f._id)).map((f) => f._id);
    const resolved = await this.deps.flags.resolveByRule(gone, now);
    const raised = await this.deps.flags.raise(desired, now);
    return { raised: raised.length, resolved };
  }

  /** The weekly digest to the team, on each full week since the start; true when written. */
  private async digest(
    campaign: ReassessmentDoc,
    progress: Progress,
    items: ReassessmentItemDoc[],
    today: string,
    now: Date,
  ): Promise<boolean> {
    const days = daysBetween(campaign.startDate, today);
    if (days <= 0 || days % 7 !== 0) return false;
    const week = days / 7;
    const byNumber = new Map(items.map((i) => [i.allocationNumber, i]));
    const named = progress.atRisk.filter((n) => !byNumber.get(n)?.facts.shielded);
    const notice: Notice = {
      ref: `reassessment:${campaign._id}:week-${week}`,
      event: 'reassessment.digest',
      subject: `Herbeoordeling ${campaign.name}, week ${week}: ${progress.done} van ${progress.total} gedaan, ${progress.atRisk.length} in gevaar${progress.behind ? ', loopt achter' : ''}`,
      to: ['team'],
      providerAgbCode: '',
      teamCode: campaign.teamCode,
      payload: {
        type: 'reassessment.digest',
        campaign: { id: campaign._id, name: campaign.name, deadline: campaign.deadline },
        week,
        weekEnd: addDays(today, -1),
        counts: progress.counts,
        done: progress.done,
        open: progress.open,
        pacePerWeek: progress.pacePerWeek,
        forecastEndDate: progress.forecastEndDate,
        requiredPacePerWeek: progress.requiredPacePerWeek,
        behind: progress.behind,
        atRisk: named.slice(0, DIGEST_AT_RISK).map((n) => ({
          allocationNumber: n,
          endDate: byNumber.get(n)!.facts.endDate,
          safetyConcern: byNumber.get(n)!.facts.safetyConcern,
          careStarted: byNumber.get(n)!.facts.careStarted,
        })),
        atRiskNotNamed: progress.atRisk.length - Math.min(named.length, DIGEST_AT_RISK),
        links: {
          campaign: `/v1/reassessments/${campaign._id}`,
          atRisk: `/v1/reassessments/${campaign._id}/items?atRisk=true`,
        },
      },
    };
    return (await this.deps.outbox.enqueue(await this.deps.notifier.messagesFor(notice, now))) > 0;
  }
}
