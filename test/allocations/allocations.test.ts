import type { Harness } from '../support/harness';
import { allocationInput, REGION, regionHarness, type RegionTokens } from '../support/factories';

describe('allocations', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => ({ h, t } = await regionHarness()));
  afterAll(() => h.close());

  const paths = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path).sort();

  test('a consultant registers an allocation of its team; the BSN is stored encrypted and found by keyed hash', async () => {
    const input = allocationInput('A', { careStartDate: '2026-02-10' });
    const res = await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(input);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      allocationNumber: input.allocationNumber,
      status: 'active',
      client: { bsn: input.client.bsn, birthDate: '2012-03-14' },
      endReason: null,
    });
    expect(res.body.history).toHaveLength(1);

    const raw = await h.db.raw.col.allocations.findOne({ _id: input.allocationNumber });
    expect(JSON.stringify(raw)).not.toContain(input.client.bsn);
    expect(raw!.client.bsnEnc).toMatch(/^b\.v1\./);
    expect(raw!.client.ref).toMatch(/^[0-9a-f]{64}$/);

    const found = await h.http
      .post('/v1/allocations/search')
      .set('Authorization', t.consultantA)
      .send({ bsn: input.client.bsn });
    expect(found.body.items.map((a: { allocationNumber: string }) => a.allocationNumber)).toEqual([
      input.allocationNumber,
    ]);
  });

  test('an 8-digit BSN gets its leading zero; a BSN failing the 11-check is refused with its path', async () => {
    const input = allocationInput('A', { client: { bsn: '12345672', birthDate: '2011-01-01' } }); // 012345672 passes the 11-check
    const ok = await h.http.post('/v1/allocations').set('Authorization', t.admin).send(input);
    expect(ok.status).toBe(201);
    expect(ok.body.client.bsn).toBe('012345672');
    const bad = await h.http
      .post('/v1/allocations')
      .set('Authorization', t.admin)
      .send(allocationInput('A', { client: { bsn: '123456789', birthDate: '2011-01-01' } }));
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ path: '/client/bsn', message: expect.stringContaining('11-check') }]);
    expect(JSON.stringify(bad.body)).not.toContain('123456789');
  });

  test('schema violations list every failing field', async () => {
    const input = {
      ...allocationInput('A'),
      product: { category: '99', code: '45A4' },
      volume: { amount: 0, unit: '05', frequency: '3' },
      referrerType: '07',
      endDate: '2026-02-30',
    };
    const res = await h.http.post('/v1/allocations').set('Authorization', t.admin).send(input);
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual([
      '/endDate',
      '/product/category',
      '/product/code',
      '/referrerType',
      '/volume/amount',
      '/volume/frequency',
      '/volume/unit',
    ]);
  });

  test('registry rules: contract of the provider, product covered, dates within the contract, municipality of the team', async () => {
    const input = allocationInput('A', {
      contractNumber: REGION.contractB,
      product: { category: '45', code: '45Z99' },
      municipalityCode: REGION.municipalityB,
      startDate: '2025-06-01',
      endDate: '2025-05-01',
    });
    const res = await h.http.post('/v1/allocations').set('Authorization', t.admin).send(input);
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('/problems/allocation-rules');
    expect(paths(res)).toEqual([
      '/contractNumber',
      '/endDate',
      '/endDate',
      '/municipalityCode',
      '/product/code',
      '/startDate',
    ]);
    const beyondOption = await h.http
      .post('/v1/allocations')
      .set('Authorization', t.admin)
      .send(allocationInput('A', { endDate: '2029-01-31' }));
    expect(paths(beyondOption)).toEqual(['/endDate']);
    const withinOption = await h.http
      .post('/v1/allocations')
      .set('Authorization', t.admin)
      .send(allocationInput('A', { endDate: '2028-06-30' }));
    expect(withinOption.status).toBe(201);
  });

  test('a consultant may not register for another team (403), nor a provider at all', async () => {
    expect(
      (await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(allocationInput('B'))).status,
    ).toBe(403);
    expect(
      (await h.http.post('/v1/allocations').set('Authorization', t.providerA).send(allocationInput('A'))).status,
    ).toBe(403);
  });

  test('a duplicate allocation number is 409', async () => {
    const input = allocationInput('A');
    await h.http.post('/v1/allocations').set('Authorization', t.admin).send(input);
    const again = await h.http.post('/v1/allocations').set('Authorization', t.admin).send(input);
    expect(again.status).toBe(409);
  });

  test('changes keep a history entry each: end date (04), volume, care start, then ending with an iJw reason', async () => {
    const input = allocationInput('A');
    await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(input);
    const url = `/v1/allocations/${input.allocationNumber}`;

    const noReason = await h.http.patch(url).set('Authorization', t.consultantA).send({ endDate: '2027-03-31' });
    expect(noReason.status).toBe(422);
    expect(paths(noReason)).toEqual(['/changeReason']);
    const wrongReason = await h.http
      .patch(url)
      .set('Authorization', t.consultantA)
      .send({ endDate: '2027-03-31', changeReason: '05' });
    expect(paths(wrongReason)).toEqual(['/changeReason']);

    h.clock.set('2026-11-20T10:00:00Z');
    const extended = await h.http
      .patch(url)
      .set('Authorization', t.consultantA)
      .send({ endDate: '2027-03-31', changeReason: '04', note: 'na evaluatie' });
    expect(extended.status).toBe(200);
    expect(extended.body.endDate).toBe('2027-03-31');
    expect(extended.body.history[1]).toMatchObject({
      at: '2026-11-20T10:00:00.000Z',
      role: 'consultant',
      source: 'api',
      reason: '04',
      note: 'na evaluatie',
      changes: { endDate: { from: '2026-12-31', to: '2027-03-31' } },
    });

    const more = await h.http
      .patch(url)
      .set('Authorization', t.consultantA)
      .send({ volume: { amount: 80, unit: '04', frequency: '6' }, changeReason: '01', careStartDate: '2026-02-15' });
    expect(more.body.careStartDate).toBe('2026-02-15');
    expect(more.body.history[2].changes).toEqual({
      volume: { from: { amount: 60, unit: '04', frequency: '6' }, to: { amount: 80, unit: '04', frequency: '6' } },
      careStartDate: { from: null, to: '2026-02-15' },
    });

    const ended = await h.http
      .patch(url)
      .set('Authorization', t.admin)
      .send({ end: { reason: '32', date: '2026-11-30' } });
    expect(ended.body).toMatchObject({ status: 'ended', endReason: '32', endDate: '2026-11-30' });
    expect(ended.body.history[3]).toMatchObject({
      reason: '32',
      role: 'admin',
      changes: { status: { from: 'active', to: 'ended' }, endReason: { from: null, to: '32' } },
    });

    const afterEnd = await h.http.patch(url).set('Authorization', t.admin).send({ careStartDate: '2026-03-01' });
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body.type).toBe('/problems/allocation-ended');
  });

  test('lists are scoped and filterable, with cursor pagination', async () => {
    for (let i = 0; i < 3; i += 1)
      await h.http.post('/v1/allocations').set('Authorization', t.admin).send(allocationInput('B'));
    const mine = await h.http.get('/v1/allocations?limit=2').set('Authorization', t.providerB);
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items.every((a: { providerAgbCode: string }) => a.providerAgbCode === REGION.providerB)).toBe(
      true,
    );
    // list items leave the history to the single GET
    expect(mine.body.items.some((a: object) => 'history' in a)).toBe(false);
    const one = await h.http
      .get(`/v1/allocations/${mine.body.items[0].allocationNumber}`)
      .set('Authorization', t.providerB);
    expect(one.body).toEqual({ ...mine.body.items[0], history: [expect.objectContaining({ source: 'api' })] });
    const rest = await h.http
      .get(`/v1/allocations?limit=500&cursor=${mine.body.nextCursor}`)
      .set('Authorization', t.providerB);
    expect(rest.body.items.length).toBeGreaterThanOrEqual(1);
    expect(rest.body.nextCursor).toBeNull();
    const ended = await h.http.get('/v1/allocations?status=ended').set('Authorization', t.admin);
    expect(ended.body.items.length).toBeGreaterThan(0); // the one the test above ended
    expect(ended.body.items.every((a: { status: string }) => a.status === 'ended')).toBe(true);
    const outside = await h.http.get(`/v1/allocations?teamCode=${REGION.teamB}`).set('Authorization', t.consultantA);
    expect(outside.body.items).toEqual([]);
    expect((await h.http.get('/v1/allocations?status=gone').set('Authorization', t.admin)).status).toBe(400);
  });
});
