import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { systemActor } from '../../src/services/actor';
import { createHarness, type Harness } from '../support/harness';

describe("the README's example import file", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  test('imports as documented: three allocations, one of them already ended', async () => {
    const r = h.services.registry;
    await r.createProvider({ agbCode: '12345678', name: 'Jeugdhulp De Linde', email: 'kwaliteit@delinde.example' });
    await r.createTeam({ teamCode: 'DRECHT-NOORD', name: 'Jeugdteam Dordrecht Noord', municipalityCodes: ['0505'] });
    await r.createContract({
      contractNumber: 'ZHZ-2026-014',
      providerAgbCode: '12345678',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      productCodes: ['45A48', '43A05'],
    });
    const admin = await h.bearer('admin');
    const file = fs.readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'allocation-import.csv'));
    const res = await h.http
      .post('/v1/allocations/import?teamCode=DRECHT-NOORD')
      .set('Authorization', admin)
      .set('Content-Type', 'text/csv')
      .send(file);
    expect(res.body).toEqual({
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      missingFromFile: [],
      teams: ['DRECHT-NOORD'],
      rejected: [],
    });
    const second = await h.services.allocations.get(systemActor('cli', 'test'), 'TW-2026-000102');
    expect(second).toMatchObject({
      municipalityCode: '0505',
      product: { category: '43', code: '43A05' },
      status: 'active',
    });
    const ended = await h.services.allocations.get(systemActor('cli', 'test'), 'TW-2026-000103');
    expect(ended).toMatchObject({ status: 'ended', endReason: '31', endDate: '2026-06-30' });
    const again = await h.http
      .post('/v1/allocations/import?teamCode=DRECHT-NOORD')
      .set('Authorization', admin)
      .set('Content-Type', 'text/csv')
      .send(file);
    expect(again.body).toMatchObject({ created: 0, unchanged: 3, rejected: [] });
  });
});
