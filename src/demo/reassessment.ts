/** The demo's reassessment campaign: part-way through, behind schedule, with cases at risk. */
import type { Database } from '../db/client';
import { addDays } from '../domain/dates';
import type { Services } from '../services';
import { apiActor } from '../services/actor';

/**
 * Starts a campaign over up to 240 of a team's active allocations (the 30 ending
 * soonest among them) eight weeks ago, with a deadline eight weeks ahead and a
 * stated capacity of a twelfth of them a week (20 of 240), and records its first
 * weeks: that many decided a week for five weeks, then a sixtieth (4 of 240). The cases ending last were taken
 * first, so those ending soonest are still open: at the pace of the last four
 * weeks some will run out before their turn. Returns the campaign id.
 */
export async function campaignPartWay(
  services: Services,
  database: Database,
  teamCode: string,
  today: string,
): Promise<string> {
  const actor = apiActor(
    { tokenId: 'demo', role: 'consultant', label: 'demo consultant', teamCode },
    'demo-seed',
    '127.0.0.1',
  );
  const { col } = database;
  const active = await col.allocations
    .find(
      { teamCode, status: 'active' },
      { projection: { _id: 1, endDate: 1 }, comment: 'dangerous: the demo picks a campaign' },
    )
    .toArray();
  // the 30 ending soonest (from three days on), and 210 more in number order
  const soonest = active
    .filter((a) => a.endDate > addDays(today, 2))
    .sort((a, b) => a.endDate.localeCompare(b.endDate) || a._id.localeCompare(b._id))
    .slice(0, 30)
    .map((a) => a._id);
  const rest = active
    .filter((a) => !soonest.includes(a._id))
    .sort((a, b) => a._id.localeCompare(b._id))
    .slice(0, 210)
    .map((a) => a._id);
  const scope = [...soonest, ...rest];
  const startDate = addDays(today, -56);
  // 240 cases: 20 a week (the stated capacity) for five weeks, then 4: behind, whatever the number of cases
  const fast = Math.max(1, Math.round(scope.length / 12));
  const slow = Math.max(1, Math.round(scope.length / 60));
  const campaign = await services.reassessments.create(actor, {
    name: 'Herbeoordeling overgenomen dossiers (demo)',
    teamCode,
    startDate,
    deadline: addDays(today, 56),
    capacityPerWeek: fast,
    scope: { kind: 'list', allocationNumbers: scope },
  });
  const queue = active
    .filter((a) => scope.includes(a._id))
    .sort((a, b) => b.endDate.localeCompare(a.endDate) || a._id.localeCompare(b._id))
    .map((a) => a._id);
  let next = 0;
  for (let week = 0; week < 8; week += 1) {
    const perWeek = week < 5 ? fast : slow;
    for (let i = 0; i < perWeek; i += 1) {
      const n = queue[next++];
      if (!n) break;
      const day = addDays(startDate, 7 * week + (i % 5));
      const record = (body: Parameters<Services['reassessments']['recordStep']>[3]) =>
        services.reassessments.recordStep(actor, campaign._id, n, body);
      const decision = i % 4 === 0 ? 'change' : 'continue';
      if (i % 3 === 0) {
        await record({ step: 'planned', date: day });
        await record({ step: 'talked', date: addDays(day, 1), participants: ['youth', 'parents', 'provider'] });
        await record({ step: 'planUpdated', date: addDays(day, 1), goals: ['Doelen uit het gesprek vastgelegd'] });
        await record({ step: 'decided', date: addDays(day, 2), decision });
      } else {
        await record({
          step: 'decided',
          date: addDays(day, 2),
          decision,
          skipReason: 'Gesprek, plan en besluit in één overleg met gezin en aanbieder',
        });
      }
    }
  }
  // a few planned talks for next week's cases
  for (const n of queue.slice(next, next + 8))
    await services.reassessments.recordStep(actor, campaign._id, n, { step: 'planned', date: today });
  return campaign._id;
}
