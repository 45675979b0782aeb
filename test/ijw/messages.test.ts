/**
 * POST /v1/ijw/messages on the real engine: the shared JW301 creates its two
 * allocations; the shared JW305 and a JW307 made from it apply to allocations set up
 * with their parties (the examples share allocation numbers, not parties: SOURCE.md);
 * a message sent again changes nothing; client names and addresses are never stored.
 */
import { MIGRATIONS } from '../../src/db/migrations.list';
import { systemActor } from '../../src/services/actor';
import { createHarness, type Harness } from '../support/harness';
import { jw301, jw307FromSharedJw305, startStop } from '../support/ijw-messages';
import { sharedIjwFile } from '../support/ijw-shared';

const send = (h: Harness, auth: string, xml: string, query = '') =>
  h.http.post(`/v1/ijw/messages${query}`).set('Authorization', auth).set('Content-Type', 'application/xml').send(xml);

const CONTRACT = { startDate: '2026-01-01', endDate: '2027-12-31', productCodes: ['55A11', '55A12'] };

describe('JW301: the municipality allocates', () => {
  let h: Harness;
  let admin: string;
  let consultant: string;
  let otherConsultant: string;
  beforeAll(async () => {
    h = await createHarness();
    h.clock.set('2026-04-02T09:00:00Z');
    const r = h.services.registry;
    await r.createProvider({ agbCode: '42420001', name: 'Aanbieder 4242', email: 'zorg@4242.example' });
    await r.createTeam({ teamCode: 'TEAM-0384', name: 'Team Diemen', municipalityCodes: ['0384'] });
    await r.createTeam({ teamCode: 'TEAM-0505', name: 'Team Dordrecht', municipalityCodes: ['0505'] });
    await r.createContract({ contractNumber: 'C-4242', providerAgbCode: '42420001', ...CONTRACT });
    admin = await h.bearer('admin');
    consultant = await h.bearer('consultant', { teamCode: 'TEAM-0384' });
    otherConsultant = await h.bearer('consultant', { teamCode: 'TEAM-0505' });
  });
  afterAll(() => h.close());

  test('the shared example creates two allocations, keeping BSN and birth date only', async () => {
    const res = await send(h, consultant, sharedIjwFile('examples/JW301.xml'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      message: {
        type: 'JW301',
        sender: '0384',
        receiver: '42420001',
        identification: '123456789012',
        date: '2026-04-01',
      },
      teamCode: 'TEAM-0384',
      replayed: false,
      products: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    expect(res.body.results).toEqual([
      {
        product: 1,
        path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]',
        allocationNumber: '300201',
        outcome: 'created',
      },
      {
        product: 2,
        path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]',
        allocationNumber: '300202',
        outcome: 'created',
      },
    ]);
    const got = await h.http.get('/v1/allocations/300202').set('Authorization', consultant);
    expect(got.body).toMatchObject({
      allocationNumber: '300202',
      client: { bsn: '999900006', birthDate: '2010-02-14' },
      municipalityCode: '0384',
      teamCode: 'TEAM-0384',
      providerAgbCode: '42420001',
      contractNumber: 'C-4242',
      product: { category: '55', code: '55A12' },
      startDate: '2026-04-01',
      endDate: '2026-07-19',
      volume: { amount: 2, unit: '16', frequency: '2' },
      referrerType: '01',
      status: 'active',
    });
    const stored = JSON.stringify([
      await h.db.raw.col.allocations.find({}).toArray(),
      await h.db.raw.col.ijwMessages.find({}).toArray(),
      await h.db.raw.col.auditEvents.find({}).toArray(),
    ]);
    for (const personal of [
      'Wit',
      'Galen',
      'Van Woustraat',
      'Mauritsstraat',
      '0201234567',
      'abc@def.com',
      'Zweeds',
      '999900006',
    ])
      expect(stored).not.toContain(personal);
    expect(h.log.text()).not.toMatch(/Van Woustraat|999900006|Galen/);
  });

  test('the same message again changes nothing and says so', async () => {
    const before = await h.db.raw.col.allocations.find({}).toArray();
    const res = await send(h, consultant, sharedIjwFile('examples/JW301.xml'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ replayed: true, created: 2 });
    expect(await h.db.raw.col.allocations.find({}).toArray()).toEqual(before);
    const other = await send(h, otherConsultant, sharedIjwFile('examples/JW301.xml'));
    expect(other.status).toBe(403); // another team does not get this team's report
  });

  test('the same BerichtIdentificatie with other content is 409', async () => {
    const changed = sharedIjwFile('examples/JW301.xml').replace('2026-07-19', '2026-07-20');
    const res = await send(h, consultant, changed);
    expect(res.status).toBe(409);
    expect(res.body.type).toBe('/problems/ijw-message-id-reused');
  });

  test('a change with RedenWijziging 04 extends, recorded in the history; an uncovered product is rejected by element', async () => {
    const xml = jw301({
      sender: '0384',
      receiver: '42420001',
      id: 'W-0002',
      bsn: '999900006',
      birthDate: '2010-02-14',
      products: [
        {
          number: '300202',
          category: '55',
          code: '55A12',
          start: '2026-04-01',
          end: '2026-10-19',
          changeReason: '04',
          volume: { amount: 2, unit: '16', frequency: '2' },
        },
        { number: '300203', category: '45', code: '45A48', start: '2026-04-01', end: '2026-10-19' },
      ],
    });
    const res = await send(h, consultant, xml);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ products: 2, created: 0, updated: 1, rejected: 1 });
    expect(res.body.results[1]).toEqual({
      product: 2,
      path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]',
      allocationNumber: '300203',
      outcome: 'rejected',
      errors: [
        {
          path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Product/Code',
          message: 'no contract of provider 42420001 covers product 45A48',
        },
      ],
    });
    const doc = await h.db.raw.col.allocations.findOne({ _id: '300202' });
    expect(doc!.endDate).toBe('2026-10-19');
    expect(doc!.history.at(-1)).toMatchObject({
      source: 'ijw',
      reason: '04',
      changes: { endDate: { from: '2026-07-19', to: '2026-10-19' } },
    });
  });

  test("another team's consultant is refused (its team does not serve the sender); an admin names the team when it is not clear", async () => {
    const xml = jw301({
      sender: '0384',
      receiver: '42420001',
      id: 'W-0003',
      bsn: '999900006',
      birthDate: '2010-02-14',
      products: [{ number: '300210', category: '55', code: '55A11', start: '2026-05-01', end: '2026-12-31' }],
    });
    const res = await send(h, otherConsultant, xml);
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe("Team TEAM-0505 does not serve municipality 0384, the message's sender.");
    await h.services.registry.createTeam({
      teamCode: 'TEAM-0384-B',
      name: 'Team Diemen 2',
      municipalityCodes: ['0384'],
    });
    const unclear = await send(h, admin, xml.replace('W-0003', 'W-0004'));
    expect(unclear.status).toBe(422);
    expect(unclear.body.detail).toMatch(
      /Teams TEAM-0384, TEAM-0384-B serve municipality 0384; name one with \?teamCode=/,
    );
    const named = await send(h, admin, xml.replace('W-0003', 'W-0004'), '?teamCode=TEAM-0384&referrerType=02');
    expect(named.body).toMatchObject({ created: 1, teamCode: 'TEAM-0384' });
    expect((await h.db.raw.col.allocations.findOne({ _id: '300210' }))!.referrerType).toBe('02');
  });

  test('a message a crash cut short: 409 while it may still be applying, applied again after; nothing twice', async () => {
    h.clock.set('2026-05-01T09:00:00Z');
    const xml = jw301({
      sender: '0384',
      receiver: '42420001',
      id: 'W-0100',
      bsn: '999900006',
      birthDate: '2010-02-14',
      products: [{ number: '300220', category: '55', code: '55A11', start: '2026-05-01', end: '2026-12-31' }],
    });
    expect((await send(h, consultant, xml)).body).toMatchObject({ created: 1 });
    // as a crash leaves it: the allocation written, the message claimed but not marked applied
    await h.db.raw.col.ijwMessages.updateOne(
      { _id: '0384:436:W-0100' },
      { $set: { status: 'applying', receivedAt: new Date('2026-05-01T09:00:00Z') }, $unset: { report: '' } },
    );
    const busy = await send(h, consultant, xml);
    expect([busy.status, busy.body.type, busy.headers['retry-after']]).toEqual([
      409,
      '/problems/ijw-message-in-progress',
      '60',
    ]);
    h.clock.set('2026-05-01T09:03:00Z');
    const again = await send(h, consultant, xml);
    expect(again.body).toMatchObject({ replayed: false, created: 0, unchanged: 1 });
    expect(await h.db.raw.col.allocations.countDocuments({ _id: '300220' })).toBe(1);
    expect((await send(h, consultant, xml)).body).toMatchObject({ replayed: true, unchanged: 1 });
  });

  test('a message whose application fails part-way (an engine error) is applied at once on the next attempt', async () => {
    h.clock.set('2026-05-01T09:00:00Z');
    const xml = jw301({
      sender: '0384',
      receiver: '42420001',
      id: 'W-0150',
      bsn: '999900006',
      birthDate: '2010-02-14',
      products: [{ number: '300225', category: '55', code: '55A11', start: '2026-05-01', end: '2026-12-31' }],
    });
    const registry = h.services.registry;
    const contractsOf = registry.contractsOf.bind(registry);
    registry.contractsOf = () => Promise.reject(new Error('the engine went away'));
    try {
      expect((await send(h, consultant, xml)).status).toBe(500);
    } finally {
      registry.contractsOf = contractsOf;
    }
    const again = await send(h, consultant, xml); // same minute: not "in progress"
    expect([again.status, again.body.created, again.body.replayed]).toEqual([200, 1, false]);
  });

  test("a number that is another team's allocation is 'already in use', and nothing more is told", async () => {
    h.clock.set('2026-05-01T09:00:00Z');
    await h.services.allocations.create(systemActor('cli', 'test'), {
      allocationNumber: '300230',
      client: { bsn: '999900006', birthDate: '2010-02-14' },
      municipalityCode: '0505',
      teamCode: 'TEAM-0505',
      providerAgbCode: '42420001',
      contractNumber: 'C-4242',
      product: { category: '55', code: '55A11' },
      startDate: '2026-05-01',
      endDate: '2026-12-31',
      volume: { amount: 2, unit: '04', frequency: '2' },
      referrerType: '01',
    });
    const xml = jw301({
      sender: '0384',
      receiver: '42420001',
      id: 'W-0200',
      bsn: '999900006',
      birthDate: '2010-02-14',
      products: [{ number: '300230', category: '55', code: '55A11', start: '2026-05-01', end: '2026-12-31' }],
    });
    const res = await send(h, consultant, xml);
    expect(res.body.results[0]).toEqual({
      product: 1,
      path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]',
      allocationNumber: '300230',
      outcome: 'rejected',
      errors: [
        {
          path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/ToewijzingNummer',
          message: 'is already in use',
        },
      ],
    });
    expect((await h.db.raw.col.allocations.findOne({ _id: '300230' }))!.teamCode).toBe('TEAM-0505');
  });

  test('bad input: each refusal is clear and changes nothing', async () => {
    const count = async () => h.db.raw.col.allocations.countDocuments({});
    const before = await count();
    const cases: [string, string, number, string][] = [
      ['<jw301:Bericht', 'application/xml', 400, '/problems/malformed-xml'],
      ['<!DOCTYPE x [<!ENTITY a "a">]><x>&a;</x>', 'application/xml', 400, '/problems/malformed-xml'],
      ['<Bericht xmlns="urn:other"/>', 'application/xml', 415, '/problems/not-an-ijw-message'],
      [sharedIjwFile('examples/JW315.xml'), 'application/xml', 422, '/problems/ijw-message-type'],
      [sharedIjwFile('examples/JW301.xml'), 'application/json', 415, '/problems/unsupported-media-type'],
    ];
    for (const [body, type, status, problem] of cases) {
      const res = await h.http
        .post('/v1/ijw/messages')
        .set('Authorization', consultant)
        .set('Content-Type', type)
        .send(body);
      expect([res.status, res.body.type]).toEqual([status, problem]);
    }
    const broken = sharedIjwFile('examples/JW301.xml')
      .replace('<ijw:Identificatie>123456789012', '<ijw:Identificatie>W-0099')
      .replace('<jw301:Einddatum>2026-07-19', '<jw301:Einddatum>2026-07-32');
    const res = await send(h, consultant, broken);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      {
        path: '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum',
        message: expect.stringMatching(/^must match format "date"/),
      },
    ]);
    expect(await count()).toBe(before);
    const provider = await h.bearer('provider', { providerAgbCode: '42420001' });
    expect((await send(h, provider, sharedIjwFile('examples/JW301.xml'))).status).toBe(403);
  });
});

describe('JW305 and JW307: care started and stopped', () => {
  let h: Harness;
  let consultant: string;
  beforeAll(async () => {
    h = await createHarness();
    h.clock.set('2026-04-16T09:00:00Z');
    const r = h.services.registry;
    await r.createProvider({ agbCode: '65656055', name: 'Aanbieder 6565', email: 'zorg@6565.example' });
    await r.createTeam({ teamCode: 'TEAM-0363', name: 'Team Amsterdam', municipalityCodes: ['0363'] });
    await r.createContract({ contractNumber: 'C-6565', providerAgbCode: '65656055', ...CONTRACT });
    consultant = await h.bearer('consultant', { teamCode: 'TEAM-0363' });
    for (const [number, code] of [
      ['300201', '55A11'],
      ['300202', '55A12'],
    ] as const)
      await h.http
        .post('/v1/allocations')
        .set('Authorization', consultant)
        .send({
          allocationNumber: number,
          client: { bsn: '999900006', birthDate: '2010-02-14' },
          municipalityCode: '0363',
          teamCode: 'TEAM-0363',
          providerAgbCode: '65656055',
          contractNumber: 'C-6565',
          product: { category: '55', code },
          startDate: '2026-04-01',
          endDate: '2026-12-31',
          volume: { amount: 2, unit: '04', frequency: '2' },
          referrerType: '01',
        })
        .expect(201);
  });
  afterAll(() => h.close());

  test('the shared JW305 sets careStartDate on both; again, nothing changes', async () => {
    const res = await send(h, consultant, sharedIjwFile('examples/JW305.xml'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      message: { type: 'JW305', sender: '65656055', receiver: '0363' },
      updated: 2,
      rejected: 0,
    });
    expect((await h.db.raw.col.allocations.findOne({ _id: '300201' }))!.careStartDate).toBe('2026-04-03');
    expect((await h.db.raw.col.allocations.findOne({ _id: '300202' }))!.careStartDate).toBe('2026-04-15');
    expect((await send(h, consultant, sharedIjwFile('examples/JW305.xml'))).body).toMatchObject({
      replayed: true,
      updated: 2,
    });
    // the report is the team's: another team's consultant sending the same message gets no replay of it
    await h.services.registry.createTeam({ teamCode: 'TEAM-OTHER', name: 'Ander team', municipalityCodes: ['0599'] });
    const other = await h.bearer('consultant', { teamCode: 'TEAM-OTHER' });
    expect((await send(h, other, sharedIjwFile('examples/JW305.xml'))).status).toBe(403);
  });

  test('a JW307 ends both allocations with its date and RedenBeeindiging', async () => {
    h.clock.set('2026-07-01T09:00:00Z');
    const res = await send(h, consultant, jw307FromSharedJw305('2026-06-30', '31'));
    expect(res.body).toMatchObject({ message: { type: 'JW307' }, updated: 2, rejected: 0 });
    const doc = await h.db.raw.col.allocations.findOne({ _id: '300201' });
    expect(doc).toMatchObject({ status: 'ended', endReason: '31', endDate: '2026-06-30' });
    const again = await send(h, consultant, jw307FromSharedJw305('2026-06-30', '31', '123456789100'));
    expect(again.body).toMatchObject({ replayed: false, unchanged: 2 });
  });

  test('a JW305 from another provider is rejected by the elements that do not match', async () => {
    const other = sharedIjwFile('examples/JW305.xml')
      .replace('<jw305:Afzender>65656055<', '<jw305:Afzender>42420001<')
      .replace('<ijw:Identificatie>123456789012<', '<ijw:Identificatie>X1<');
    const res = await send(h, consultant, other);
    expect(res.body).toMatchObject({ updated: 0, rejected: 2 });
    expect(res.body.results[0].errors).toEqual([
      { path: '/Bericht/Header/Afzender', message: 'is not the provider of allocation 300201' },
    ]);
  });
});

describe('What a real JW307 showed: identity per message type, care outside the allocation, withdrawals, TR414/TR415', () => {
  let h: Harness;
  let consultant: string;
  const flagOf = async (n: string) =>
    h.db.raw.col.flags.findOne({ type: 'care_outside_allocation', 'subject.id': n, status: { $ne: 'resolved' } });
  beforeAll(async () => {
    h = await createHarness();
    h.clock.set('2026-04-16T09:00:00Z');
    const r = h.services.registry;
    await r.createProvider({ agbCode: '65656055', name: 'Aanbieder 6565', email: 'zorg@6565.example' });
    await r.createTeam({ teamCode: 'TEAM-0363', name: 'Team Amsterdam', municipalityCodes: ['0363'] });
    await r.createContract({ contractNumber: 'C-6565', providerAgbCode: '65656055', ...CONTRACT });
    consultant = await h.bearer('consultant', { teamCode: 'TEAM-0363' });
    // the shared JW301's two products (their end dates), with the shared JW305's parties
    for (const [number, code, end] of [
      ['300201', '55A11', '2026-07-14'],
      ['300202', '55A12', '2026-07-19'],
    ] as const)
      await h.http
        .post('/v1/allocations')
        .set('Authorization', consultant)
        .send({
          allocationNumber: number,
          client: { bsn: '999900006', birthDate: '2010-02-14' },
          municipalityCode: '0363',
          teamCode: 'TEAM-0363',
          providerAgbCode: '65656055',
          contractNumber: 'C-6565',
          product: { category: '55', code },
          startDate: '2026-04-01',
          endDate: end,
          volume: { amount: 2, unit: '04', frequency: '2' },
          referrerType: '01',
        })
        .expect(201);
    expect((await send(h, consultant, sharedIjwFile('examples/JW305.xml'))).body).toMatchObject({ updated: 2 });
  });
  afterAll(() => h.close());

  test("a JW307 reusing its JW305's identification is a message of its own (TR056); a stop after the end is kept and flagged", async () => {
    h.clock.set('2026-07-20T09:00:00Z');
    const jw307 = jw307FromSharedJw305('2026-07-17', '31', '123456789012'); // the JW305's own identification
    const res = await send(h, consultant, jw307);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ replayed: false, updated: 2, rejected: 0 });
    expect(res.body.results[0]).toEqual({
      product: 1,
      path: '/Bericht/Client/StopProducten/StopProduct[1]',
      allocationNumber: '300201',
      outcome: 'updated',
      warnings: [
        {
          path: '/Bericht/Client/StopProducten/StopProduct[1]/Einddatum',
          message: expect.stringContaining("lies 3 day(s) after the allocation's end (2026-07-14)"),
        },
      ],
    });
    expect(res.body.results[1].warnings).toBeUndefined();
    const first = await h.db.raw.col.allocations.findOne({ _id: '300201' });
    expect(first).toMatchObject({ status: 'ended', endReason: '31', endDate: '2026-07-14' });
    expect(first!.careStops).toEqual([
      { date: '2026-07-17', reason: '31', receivedOn: '2026-07-20', endDateBefore: '2026-07-14' },
    ]);
    expect(await h.db.raw.col.allocations.findOne({ _id: '300202' })).toMatchObject({ endDate: '2026-07-17' });
    expect(await flagOf('300201')).toMatchObject({
      severity: 'warning',
      teamCode: 'TEAM-0363',
      evidence: { endDate: '2026-07-14', careStopDate: '2026-07-17', daysAfterEnd: 3, daysBeforeStart: 0 },
    });
    expect(await flagOf('300202')).toBeNull();
    // sent again: the first report; the JW305 under the same identification is still its own replay
    expect((await send(h, consultant, jw307)).body).toMatchObject({ replayed: true, updated: 2 });
    expect((await send(h, consultant, sharedIjwFile('examples/JW305.xml'))).body).toMatchObject({ replayed: true });
    const flags = await h.http.get('/v1/flags?type=care_outside_allocation').set('Authorization', consultant);
    expect(flags.body.items.map((f: { subject: { id: string } }) => f.subject.id)).toEqual(['300201']);
  });

  test('migration 0014 keys the messages received before by sender, BerichtCode and identification, once', async () => {
    const { col } = h.db.raw;
    const jw305 = (await col.ijwMessages.findOne({ _id: '65656055:438:123456789012' }))!;
    await col.ijwMessages.deleteOne({ _id: jw305._id });
    await col.ijwMessages.insertOne({ ...jw305, _id: '65656055:123456789012' }); // as it was stored before
    const migration = MIGRATIONS.find((m) => m.id === '0014-ijw-message-type-in-key')!;
    await migration.up(h.db.raw.db);
    await migration.up(h.db.raw.db); // again (a run cut short): nothing changes
    expect((await col.ijwMessages.find({ sender: '65656055' }).toArray()).map((m) => m._id).sort()).toEqual([
      '65656055:438:123456789012',
      '65656055:440:123456789012',
    ]);
    expect((await send(h, consultant, sharedIjwFile('examples/JW305.xml'))).body).toMatchObject({ replayed: true });
  });

  test('StatusAanlevering 3 withdraws the stop: the allocation is active again and the flag resolves; a withdrawal of what never came is rejected by element', async () => {
    const res = await send(
      h,
      consultant,
      startStop('JW307', 'W-1', [
        { number: '300201', code: '55A11', begin: '2026-04-03', end: '2026-07-17', status: '3' },
      ]),
    );
    expect(res.body).toMatchObject({ updated: 1, rejected: 0 });
    const doc = await h.db.raw.col.allocations.findOne({ _id: '300201' });
    expect(doc).toMatchObject({ status: 'active', endDate: '2026-07-14' });
    expect(doc!.endReason).toBeUndefined();
    expect(doc!.careStops).toBeUndefined();
    expect(doc!.history.at(-1)).toMatchObject({
      source: 'ijw',
      changes: { careStop: { from: '2026-07-17 (31)', to: null }, status: { from: 'ended', to: 'active' } },
    });
    expect(await flagOf('300201')).toBeNull();
    const never = await send(
      h,
      consultant,
      startStop('JW307', 'W-2', [
        { number: '300201', code: '55A11', begin: '2026-04-03', end: '2026-07-01', status: '3' },
      ]),
    );
    expect(never.body).toMatchObject({ updated: 0, rejected: 1 });
    expect(never.body.results[0].errors).toEqual([
      {
        path: '/Bericht/Client/StopProducten/StopProduct[1]/Einddatum',
        message: 'names a stop (2026-07-01, reason 31) that allocation 300201 never received',
      },
    ]);
    const noStart = await send(
      h,
      consultant,
      startStop('JW305', 'W-3', [{ number: '300201', code: '55A11', begin: '2026-04-09', status: '3' }]),
    );
    expect(noStart.body.results[0].errors).toEqual([
      {
        path: '/Bericht/Client/StartProducten/StartProduct[1]/Begindatum',
        message: 'is not the start of care on file for allocation 300201 (2026-04-03)',
      },
    ]);
  });

  test('a start withdrawn brings care_not_started back into reach; a start before the allocation is kept and flagged', async () => {
    const withdrawn = await send(
      h,
      consultant,
      startStop('JW305', 'W-4', [{ number: '300201', code: '55A11', begin: '2026-04-03', status: '3' }]),
    );
    expect(withdrawn.body).toMatchObject({ updated: 1 });
    expect((await h.db.raw.col.allocations.findOne({ _id: '300201' }))!.careStartDate).toBeUndefined();
    const early = await send(
      h,
      consultant,
      startStop('JW305', 'W-5', [{ number: '300201', code: '55A11', begin: '2026-03-28' }]),
    );
    expect(early.body.results[0].warnings[0]).toMatchObject({
      path: '/Bericht/Client/StartProducten/StartProduct[1]/Begindatum',
      message: expect.stringContaining("lies 4 day(s) before the allocation's start (2026-04-01)"),
    });
    expect(await flagOf('300201')).toMatchObject({ evidence: { daysBeforeStart: 4, careStartDate: '2026-03-28' } });
  });

  test('RedenBeeindiging 20 pauses care; TR414 (no earlier later stop) and TR415 (one final stop) are rejected by element', async () => {
    const stop = (id: string, end: string, reason: string) =>
      send(
        h,
        consultant,
        startStop('JW307', id, [{ number: '300201', code: '55A11', begin: '2026-03-28', end, reason }]),
      );
    expect((await stop('T-1', '2026-06-01', '20')).body).toMatchObject({ updated: 1 });
    expect(await h.db.raw.col.allocations.findOne({ _id: '300201' })).toMatchObject({
      status: 'active',
      carePausedSince: '2026-06-01',
    });
    const earlier = await stop('T-2', '2026-05-20', '31');
    expect(earlier.body.results[0].errors).toEqual([
      {
        path: '/Bericht/Client/StopProducten/StopProduct[1]/Einddatum',
        message: expect.stringContaining('TR414'),
      },
    ]);
    const resumed = await send(
      h,
      consultant,
      startStop('JW305', 'T-3', [{ number: '300201', code: '55A11', begin: '2026-06-08' }]),
    );
    expect(resumed.body).toMatchObject({ updated: 1 });
    const doc = await h.db.raw.col.allocations.findOne({ _id: '300201' });
    expect(doc!.carePausedSince).toBeUndefined();
    expect(doc!.careStartDate).toBe('2026-03-28');
    expect((await stop('T-4', '2026-07-10', '31')).body).toMatchObject({ updated: 1 });
    expect(await h.db.raw.col.allocations.findOne({ _id: '300201' })).toMatchObject({
      status: 'ended',
      endDate: '2026-07-10',
    });
    const second = await stop('T-5', '2026-07-12', '33');
    expect(second.body.results[0].errors).toEqual([
      {
        path: '/Bericht/Client/StopProducten/StopProduct[1]/RedenBeeindiging',
        message: expect.stringContaining('TR415'),
      },
    ]);
    expect(await h.db.raw.col.allocations.findOne({ _id: '300201' })).toMatchObject({
      endDate: '2026-07-10',
      endReason: '31',
    });
  });
});
