/**
 * The KPI facts an allocation carries of its evaluation reports: written with the
 * evaluation summary in one update, replaced by a correction, and backfilled from the
 * reports by migration 0006 for data stored before it.
 */
import { MIGRATIONS } from '../../src/db/migrations.list';
import { evaluationFact, withFact } from '../../src/kpis/facts';
import { apiActor } from '../../src/services/actor';
import { createHarness, type Harness } from '../support/harness';
import { allocationInput, evaluationInput, REGION, seedRegion } from '../support/factories';
import { systemActor } from '../../src/services/actor';

describe('evaluation facts on the allocation', () => {
  let h: Harness;
  const provider = apiActor(
    { tokenId: 'yht_fa00000000000001', role: 'provider', label: 'p', providerAgbCode: REGION.providerA },
    'facts',
    '127.0.0.1',
  );
  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
  });
  afterAll(() => h.close());

  test('a fact holds what the KPIs count; a correction replaces the fact of its period', () => {
    const ev = evaluationInput('X', '2026-02-01', '2026-04-30', {
      meetingDate: '2026-04-28',
      dueDate: '2026-04-30',
      onTime: true,
      residence: { type: 'unknown' },
      satisfaction: { youth: null, parents: 6 },
    }) as unknown as Parameters<typeof evaluationFact>[0];
    const fact = evaluationFact(ev);
    expect(fact).toEqual({
      periodStart: '2026-02-01',
      periodEnd: '2026-04-30',
      meetingDate: '2026-04-28',
      dueDate: '2026-04-30',
      onTime: true,
      closing: false,
      goalsAttained: true,
      youthScore: null,
      parentScore: 6,
      bothParticipated: true,
      residenceKnown: false,
      caseDirectionHeld: true,
      continuation: null, // form 1.0 reports no CBS outcome
    });
    const later = { ...fact, periodStart: '2026-05-01', periodEnd: '2026-07-31' };
    expect(withFact(withFact(undefined, later), fact).map((f) => f.periodStart)).toEqual(['2026-02-01', '2026-05-01']);
    expect(withFact([fact, later], { ...fact, goalsAttained: false })).toEqual([
      { ...fact, goalsAttained: false },
      later,
    ]);
  });

  test('submitting and correcting an evaluation keeps one fact per period, as corrected', async () => {
    const a = allocationInput('A');
    await h.services.allocations.create(systemActor('cli', 't'), a);
    h.clock.set('2026-05-05T10:00:00Z');
    const first = await h.services.evaluations.submit(
      provider,
      evaluationInput(a.allocationNumber, '2026-02-01', '2026-04-30', { meetingDate: '2026-04-28' }),
    );
    await h.services.evaluations.submit(
      provider,
      evaluationInput(a.allocationNumber, '2026-02-01', '2026-04-30', {
        meetingDate: '2026-04-28',
        supersedes: first._id,
        goals: [{ description: 'Schoolgang', status: 'not_achieved' }],
      }),
    );
    const stored = await h.db.raw.col.allocations.findOne({ _id: a.allocationNumber });
    expect(stored?.evaluationFacts).toEqual([
      expect.objectContaining({
        periodStart: '2026-02-01',
        periodEnd: '2026-04-30',
        goalsAttained: false,
        onTime: true,
      }),
    ]);
  });

  test('migration 0006 backfills the facts from the current reports', async () => {
    const { col } = h.db.raw;
    const before = await col.allocations.find({ evaluationFacts: { $exists: true } }).toArray();
    expect(before.length).toBeGreaterThan(0);
    await col.allocations.updateMany({}, { $unset: { evaluationFacts: '' } });
    await MIGRATIONS.find((m) => m.id === '0006-evaluation-facts')!.up(h.db.raw.db);
    for (const a of before)
      expect((await col.allocations.findOne({ _id: a._id }))?.evaluationFacts).toEqual(a.evaluationFacts);
  });
});
