/**
 * The caseload's kept rows under many hands: on each allocation at once, a consultant
 * records care started and marks bridging care, a provider submits an evaluation and
 * an extension request, another consultant ends one, readers read the caseload, and
 * the daily sweep's repair runs beside them. Afterwards every row is what its
 * allocation says (the repair finds nothing to rewrite), on the real engine.
 */
import { obligationsSweep } from '../../jobs/obligations-sweep';
import { MIGRATIONS } from '../../src/db/migrations.list';
import { rowDocOf } from '../../src/domain/caseload-row';
import { DEFAULT_REPORTING } from '../../src/domain/obligations';
import { allocationInput, evaluationInput, seedRegion, tokensFor, type RegionTokens } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';

describe('caseload rows under concurrent writes', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => {
    h = await createHarness();
    h.clock.set('2026-06-10T09:00:00Z');
    await seedRegion(h);
    t = await tokensFor(h);
  });
  afterAll(() => h.close());

  test('every write to an allocation at once, with the sweep beside them: each row ends as its allocation says', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const input = allocationInput('A', { startDate: '2026-02-01' });
      await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(input).expect(201);
      numbers.push(input.allocationNumber);
    }
    const sweep = () =>
      obligationsSweep.run(
        { services: h.services, config: h.config, database: h.db.database, logger: h.log.logger },
        h.clock.now(),
      );
    const answers = await Promise.all(
      numbers.flatMap((n, i) => [
        h.http.patch(`/v1/allocations/${n}`).set('Authorization', t.consultantA).send({ careStartDate: '2026-02-20' }),
        h.http
          .patch(`/v1/allocations/${n}`)
          .set('Authorization', t.consultantA)
          .send(
            i % 2 === 0
              ? { bridgingFor: '43' }
              : { volume: { amount: 80, unit: '04', frequency: '6' }, changeReason: '04' },
          ),
        h.http
          .post('/v1/evaluations')
          .set('Authorization', t.providerA)
          .send(
            evaluationInput(n, '2026-02-01', '2026-04-30', {
              meetingDate: '2026-05-05',
              residence: { type: i % 3 === 0 ? 'unknown' : 'home' },
            }),
          ),
        h.http
          .post('/v1/extension-requests')
          .set('Authorization', t.providerA)
          .send({ allocationNumber: n, requestedEndDate: '2027-06-30', reasoning: 'Doelen vragen meer tijd.' }),
        ...(i === 7
          ? [
              h.http
                .patch(`/v1/allocations/${n}`)
                .set('Authorization', t.consultantA)
                .send({ end: { reason: '34', date: '2026-06-01' } }),
            ]
          : []),
        h.http.get('/v1/caseload?limit=5').set('Authorization', t.consultantA),
        ...(i % 4 === 0 ? [sweep().then(() => ({ status: 200 }))] : []),
      ]),
    );
    // each write either landed or was told to retry (409 busy, the allocation's lock), never a 5xx
    for (const a of answers) expect(a.status).toBeLessThan(500);
    const { col } = h.db.raw;
    const rows = new Map((await col.caseloadRows.find({}).toArray()).map((r) => [r._id, r]));
    for (const n of numbers) {
      const a = (await col.allocations.findOne({ _id: n }))!;
      const latest = a.extensionRequestCount
        ? await col.extensionRequests.findOne({ _id: `xr_${n}_${a.extensionRequestCount}` })
        : null;
      const contract = await col.contracts.findOne({ _id: a.contractNumber });
      expect({ n, row: rows.get(n) ?? null }).toEqual({
        n,
        row: rowDocOf(a, { ...DEFAULT_REPORTING, ...contract?.reporting }, latest),
      });
    }
    expect(rows.has(numbers[7]!)).toBe(false); // ended: no longer in any caseload
    const repair = await h.services.caseloadRows.resyncAll((n, fn) => h.services.allocations.withAllocationLock(n, fn));
    expect(repair).toMatchObject({ rewritten: 0, removed: 0 });
    // and the lists read them: the unknown residences of the team, by their kept key
    const unknown = await h.http.get('/v1/caseload?residence=unknown').set('Authorization', t.consultantA);
    expect(unknown.body.items.map((r: { allocationNumber: string }) => r.allocationNumber).sort()).toEqual(
      numbers.filter((n, i) => i % 3 === 0 && i !== 7 && rows.get(n)?.residence === 'unknown').sort(),
    );
  });

  test("a team's summary and call list are kept while its rows are unchanged, and right after changes made at once", async () => {
    const { col } = h.db.raw;
    const summary = async () =>
      (await h.http.get('/v1/caseload/summary').set('Authorization', t.consultantA).expect(200)).body as Record<
        string,
        unknown
      >;
    const cases = async () =>
      (await h.http.get('/v1/waiting/cases?limit=100').set('Authorization', t.consultantA).expect(200)).body.items as {
        allocationNumber: string;
        waitingDays: number;
      }[];
    // computed afresh: with no figure kept
    const fresh = async () => {
      await col.caseloadSnapshots.deleteMany({});
      return { summary: await summary(), cases: await cases() };
    };

    // kept: read again with nothing changed, the answer adds up the parts the first read kept
    const first = await summary();
    const parts = await col.caseloadSnapshots.find({ figure: 'summary/2' }).toArray();
    expect(parts).toHaveLength(64);
    const part = parts.find((p) => (p.payload as { activeAllocations: number }).activeAllocations > 0)!;
    await col.caseloadSnapshots.updateOne({ _id: part._id }, { $inc: { 'payload.activeAllocations': 1000 } });
    expect((await summary()).activeAllocations).toBe((first.activeAllocations as number) + 1000); // served from the kept parts
    // a change to a row counts for its part: the next read counts that part again (and only it)
    const input = allocationInput('A', { startDate: '2026-03-01' });
    await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(input).expect(201);
    const row = (await col.caseloadRows.findOne({ _id: input.allocationNumber }))!;
    expect((await col.caseloadVersions.findOne({ _id: `${row.teamCode}|${row.bucketKey}` }))!.v).toBeGreaterThan(0);
    const keptAt = new Map(parts.map((p) => [p._id, p.version]));
    const second = await summary();
    const recounted = (await col.caseloadSnapshots.find({ figure: 'summary/2' }).toArray()).filter(
      (p) => p.version !== keptAt.get(p._id),
    );
    expect(recounted.map((p) => p.bucketKey)).toEqual([row.bucketKey]);
    expect(second.activeAllocations).toBe(
      (first.activeAllocations as number) + 1 + (row.bucketKey === part.bucketKey ? 0 : 1000),
    );

    await col.caseloadSnapshots.deleteMany({}); // the figure tampered with above is not a state the hub makes

    // many hands: new waiting youths, care started, bridging care, an end and evaluations, with readers of both between
    const numbers: string[] = [input.allocationNumber];
    for (let i = 0; i < 5; i += 1) {
      const more = allocationInput('A', { startDate: `2026-0${1 + (i % 4)}-1${i}` });
      await h.http.post('/v1/allocations').set('Authorization', t.consultantA).send(more).expect(201);
      numbers.push(more.allocationNumber);
    }
    const answers = await Promise.all(
      numbers.flatMap((n, i) => [
        h.http
          .patch(`/v1/allocations/${n}`)
          .set('Authorization', t.consultantA)
          .send(
            i % 3 === 0
              ? { careStartDate: '2026-05-20' }
              : i % 3 === 1
                ? { bridgingFor: '43' }
                : {
                    end: { reason: '34', date: '2026-06-01' },
                  },
          ),
        h.http
          .post('/v1/evaluations')
          .set('Authorization', t.providerA)
          .send(
            evaluationInput(n, '2026-03-01', '2026-05-31', {
              meetingDate: '2026-06-02',
              residence: { type: 'unknown' },
            }),
          ),
        summary(),
        cases(),
        h.http.get('/v1/caseload/summary').set('Authorization', t.consultantA),
      ]),
    );
    for (const a of answers) if ('status' in a && typeof a.status === 'number') expect(a.status).toBeLessThan(500);
    const kept = { summary: await summary(), cases: await cases() };
    expect(kept).toEqual(await fresh());
    expect(kept.cases.map((c) => c.allocationNumber)).toEqual(expect.arrayContaining([numbers[1], numbers[4]]));
  });

  test('migration 0016 builds the rows of a database from before them; the sweep rebuilds one a crash lost', async () => {
    const { col } = h.db.raw;
    const before = await col.caseloadRows.find({}).sort({ _id: 1 }).toArray();
    expect(before.length).toBeGreaterThan(0);
    await col.caseloadRows.deleteMany({});
    await MIGRATIONS.find((m) => m.id === '0016-caseload-rows')!.up(h.db.raw.db);
    expect(await col.caseloadRows.find({}).sort({ _id: 1 }).toArray()).toEqual(before);
    await col.caseloadRows.deleteOne({ _id: before[0]!._id }); // as a crash between an allocation's write and its row's
    const repair = await h.services.caseloadRows.resyncAll((n, fn) => h.services.allocations.withAllocationLock(n, fn));
    expect(repair).toMatchObject({ rewritten: 1, removed: 0 });
    expect(await col.caseloadRows.find({}).sort({ _id: 1 }).toArray()).toEqual(before);
  });
});
