import { apiActor, systemActor } from '../../src/services/actor';
import { createHarness, type Harness } from '../support/harness';
import { allocationInput, evaluationInput, REGION, seedRegion } from '../support/factories';

describe('the sweeps: flags that time causes', () => {
  let h: Harness;
  const cli = systemActor('cli', 'test');
  const providerA = apiActor(
    { tokenId: 'yht_00000000000000aa', role: 'provider', label: 'A', providerAgbCode: REGION.providerA },
    'test',
    '127.0.0.1',
  );
  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    for (const c of ['allocations', 'flags', 'evaluations', 'extension_requests', 'quarterly_reports', 'outbox'])
      await h.db.raw.db.collection(c).deleteMany({});
  });

  const at = (iso: string) => {
    h.clock.set(`${iso}T06:00:00Z`);
    return new Date(`${iso}T06:00:00Z`);
  };
  const flag = (id: string) => h.db.raw.col.flags.findOne({ _id: id });
  const sweep = async (iso: string) => {
    const now = at(iso);
    const daily = await h.services.flagSweep.sweepDaily(now);
    return { a: daily.allocations, c: daily.contracts, r: await h.services.flagSweep.sweepRequests(now) };
  };

  test('evaluation_overdue: raised after due date + grace, resolved when the report arrives; a rerun changes nothing', async () => {
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31', careStartDate: '2026-02-02' });
    await h.services.allocations.create(cli, a);
    expect((await sweep('2026-05-14')).a.raised).toBe(0); // due 30 April, grace until 14 May
    const day15 = await sweep('2026-05-15');
    expect(day15.a).toMatchObject({ raised: 1, resolved: 0, open: 1 });
    const id = `evaluation_overdue:${a.allocationNumber}:2026-04-30`;
    expect(await flag(id)).toMatchObject({
      status: 'open',
      severity: 'warning',
      evidence: { kind: 'evaluation', dueDate: '2026-04-30', overdueAfter: '2026-05-14' },
    });
    expect((await sweep('2026-05-16')).a).toMatchObject({ raised: 0, resolved: 0, open: 1 });

    at('2026-05-20');
    await h.services.evaluations.submit(
      providerA,
      evaluationInput(a.allocationNumber, '2026-02-01', '2026-04-30', { meetingDate: '2026-05-19' }),
    );
    expect(await flag(id)).toMatchObject({
      status: 'resolved',
      resolution: { by: 'rule', reason: 'the evaluation arrived (or the allocation no longer owes it)' },
    });
    expect((await sweep('2026-05-21')).a).toMatchObject({ raised: 0, resolved: 0, open: 0 });
  });

  test('a sweep raising more flags than one batch raises each once, while it reads; the next finds them all', async () => {
    // 1,100 allocations waiting for care: more than the 1,000 a batch raises, so flags are written while the allocations are still read
    const docs = Array.from({ length: 1100 }, () =>
      h.services.allocations.buildDoc(
        allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31' }),
        cli,
        'import',
      ),
    );
    await h.db.raw.col.allocations.insertMany(docs);
    expect((await sweep('2026-05-02')).a).toMatchObject({ checked: 1100, raised: 1100, resolved: 0, open: 1100 });
    expect(await h.db.raw.col.flags.countDocuments({ type: 'care_not_started', status: 'open' })).toBe(1100);
    expect((await sweep('2026-05-03')).a).toMatchObject({ checked: 1100, raised: 0, resolved: 0, open: 1100 });
    const started = docs.filter((_, i) => i % 2 === 0).map((d) => d._id);
    await h.db.raw.col.allocations.updateMany({ _id: { $in: started } }, { $set: { careStartDate: '2026-04-20' } });
    expect((await sweep('2026-05-04')).a).toMatchObject({ checked: 1100, raised: 0, resolved: 550, open: 550 });
    expect(await h.db.raw.col.flags.countDocuments({ type: 'care_not_started', status: 'open' })).toBe(550);
  });

  test('care_not_started: three months after the start without care; resolved once care starts', async () => {
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31' });
    await h.services.allocations.create(cli, a);
    expect((await sweep('2026-05-01')).a.raised).toBe(0);
    expect((await sweep('2026-05-02')).a.raised).toBe(1); // the evaluation due 30 April is not overdue before 15 May
    const id = `care_not_started:${a.allocationNumber}:2026-02-01`;
    expect(await flag(id)).toMatchObject({
      status: 'open',
      owners: ['consultant', 'contract_manager'],
      evidence: { normDate: '2026-05-01' },
    });
    await h.services.allocations.update(cli, a.allocationNumber, { careStartDate: '2026-04-20' });
    expect((await flag(id))!.status).toBe('resolved');
  });

  test('expiring_unreviewed: six weeks before the end with no request or closing evaluation; an extension request clears it', async () => {
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-07-31', careStartDate: '2026-02-02' });
    await h.services.allocations.create(cli, a);
    at('2026-05-10');
    await h.services.evaluations.submit(providerA, evaluationInput(a.allocationNumber, '2026-02-01', '2026-04-30'));
    expect((await sweep('2026-06-18')).a.raised).toBe(0);
    expect((await sweep('2026-06-19')).a.raised).toBe(1);
    const id = `expiring_unreviewed:${a.allocationNumber}:2026-07-31`;
    expect(await flag(id)).toMatchObject({ status: 'open', owners: ['consultant', 'provider'] });
    at('2026-06-20');
    await h.services.extensionRequests.submit(providerA, {
      allocationNumber: a.allocationNumber,
      requestedEndDate: '2026-10-31',
      reasoning: 'Nog twee doelen open.',
    });
    expect((await flag(id))!.status).toBe('resolved');
  });

  test('closed_placement_too_long: more than six months in a secure setting', async () => {
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2027-06-30', careStartDate: '2026-02-01' });
    await h.services.allocations.create(cli, a);
    at('2026-05-10');
    await h.services.evaluations.submit(
      providerA,
      evaluationInput(a.allocationNumber, '2026-02-01', '2026-04-30', {
        residence: { type: 'secure', since: '2026-02-01' },
      }),
    );
    // in a secure setting the allocation is on the closed-care cycle: the next evaluation was
    // due 2 months after 30 April (30 June), overdue after the grace days
    expect((await sweep('2026-07-14')).a.raised).toBe(0);
    expect((await sweep('2026-07-15')).a.raised).toBe(1);
    expect(
      await h.db.raw.col.flags.findOne({ type: 'evaluation_overdue', 'subject.id': a.allocationNumber }),
    ).toMatchObject({
      evidence: expect.objectContaining({ dueDate: '2026-06-30' }),
    });
    expect((await sweep('2026-08-01')).a.raised).toBe(0); // six months end on 1 August
    expect((await sweep('2026-08-02')).a.raised).toBe(1);
    expect(await flag(`closed_placement_too_long:${a.allocationNumber}:2026-02-01`)).toMatchObject({
      severity: 'critical',
      evidence: { securePlacementSince: '2026-02-01', sixMonthsOn: '2026-08-01' },
    });
  });

  test('quarterly_report_missing: one flag per contract from the earliest missing quarter; cleared when that report arrives', async () => {
    const report = (quarter: string) => ({
      contractNumber: REGION.contractA,
      quarter,
      waitingList: [],
      capacity: { clientsInCare: 1 },
      staff: { fte: 1, registeredShare: 1 },
      complaints: { received: 0 },
      incidents: { count: 0, reportedToInspectorate: 0 },
    });
    expect((await sweep('2026-04-30')).c.raised).toBe(0); // Q1 is due 30 April
    expect((await sweep('2026-05-01')).c).toMatchObject({ checked: 2, raised: 2 }); // both contracts
    const q1 = `quarterly_report_missing:${REGION.contractA}:2026-Q1`;
    expect(await flag(q1)).toMatchObject({
      owners: ['contract_manager', 'provider'],
      contractNumber: REGION.contractA,
      evidence: { quarter: '2026-Q1', dueDate: '2026-04-30', missingQuarters: '2026-Q1' },
    });
    expect((await sweep('2026-07-31')).c).toMatchObject({ raised: 0, resolved: 0, open: 2 }); // Q2 missing too: still the same flag
    at('2026-08-01');
    await h.services.quarterlyReports.submit(providerA, report('2026-Q1')); // the event clears Q1 and opens Q2 at once
    expect((await sweep('2026-08-01')).c).toMatchObject({ raised: 0, resolved: 0, open: 2 });
    expect(await flag(q1)).toMatchObject({ status: 'resolved', resolution: { reason: 'the report arrived' } });
    expect(await flag(`quarterly_report_missing:${REGION.contractA}:2026-Q2`)).toMatchObject({
      status: 'open',
      evidence: { missingQuarters: '2026-Q2' },
    });
    expect(await flag(`quarterly_report_missing:${REGION.contractB}:2026-Q1`)).toMatchObject({
      status: 'open',
      evidence: { missingQuarters: '2026-Q1, 2026-Q2' },
    });
  });

  test('extension_decision_overdue and extension_without_evaluation: hourly sweep and decision', async () => {
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31', careStartDate: '2026-02-02' });
    await h.services.allocations.create(cli, a);
    at('2026-11-02');
    const req = await h.services.extensionRequests.submit(providerA, {
      allocationNumber: a.allocationNumber,
      requestedEndDate: '2027-03-31',
      reasoning: 'Zonder evaluatie ingediend.',
    });
    expect(req.decisionDeadline).toBe('2026-11-09'); // Monday 2 November + 5 working days
    expect(await flag(`extension_without_evaluation:${req._id}:provider`)).toMatchObject({
      status: 'open',
      evidence: { reason: 'none', status: 'submitted' },
    });
    expect((await sweep('2026-11-09')).r.raised).toBe(0);
    expect((await sweep('2026-11-10')).r.raised).toBe(1);
    const overdue = `extension_decision_overdue:${req._id}:2026-11-09`;
    expect(await flag(overdue)).toMatchObject({ status: 'open', owners: ['consultant'] });
    const consultant = apiActor(
      { tokenId: 'yht_00000000000000cc', role: 'consultant', label: 'C', teamCode: REGION.teamA },
      'test',
      '127.0.0.1',
    );
    await h.services.extensionRequests.decide(consultant, req._id, {
      decision: 'rejected',
      rejectionCode: '7',
      note: 'Eerst evalueren.',
    });
    expect((await flag(overdue))!.status).toBe('resolved');
    expect((await flag(`extension_without_evaluation:${req._id}:provider`))!.status).toBe('resolved');
  });
});
