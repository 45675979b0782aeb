/// <reference lib="dom" />
/**
 * The web app in a real browser (Debian's Chromium), against a real hub process seeded
 * with the demo region (`hub demo seed`): each role signs in and works with real data,
 * under the hub's own CSP, with axe-core on every page. Screenshots of the four main
 * pages go to SCREENSHOTS_DIR (default var/screenshots; the README shows docs/screenshots).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createHarness, TEST_BSN_KEY, type Harness } from '../support/harness';
import { runCli, spawnHub, type Spawned } from '../support/processes';
import { testMongoUri } from '../support/db';
import { axe, blocking, launchBrowser, watchProblems, type AxeViolation } from '../support/browser';
import { PROJECT_ROOT } from '../../src/paths';
import { addDays, dateInAmsterdam } from '../../src/domain/dates';
// what the app shows is read back through the app's own formats (a count of 1,009 reads 1.009)
import { date, num } from '../../src/web/src/format';

const SHOTS = path.resolve(PROJECT_ROOT, process.env.SCREENSHOTS_DIR ?? 'var/screenshots');

describe('the web app in Chromium', () => {
  let h: Harness;
  let hub: Spawned;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const tokens: Record<string, string> = {};
  const axeResults: Record<string, AxeViolation[]> = {};
  const timings: Record<string, number> = {};
  let problems: string[] = [];

  const env = () => ({ MONGODB_URI: testMongoUri(), DB_NAME: h.db.dbName, BSN_KEY: TEST_BSN_KEY.toString('base64') });
  const call = async <T>(role: string, p: string): Promise<T> => {
    const res = await fetch(`${base}${p}`, { headers: { Authorization: `Bearer ${tokens[role]}` } });
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    h = await createHarness();
    const seeded = await runCli(['demo', 'seed'], env());
    if (seeded.code !== 0) throw new Error(`demo seed failed: ${seeded.stderr}`);
    for (const m of seeded.stdout.matchAll(
      /^(admin|contract_manager|consultant|provider)(?: \([^)]+\))?: (yht_\S+)$/gm,
    ))
      tokens[m[1]!] = m[2]!;
    hub = spawnHub('server', [], { ...env(), PORT: '0', JOBS_ENABLED: 'false' });
    base = (JSON.parse(await hub.waitForLine(/"msg":"hub listening"/)) as { url: string }).url;
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    hub?.child.kill('SIGTERM');
    await hub?.exited;
    await h?.close();
    const counts = Object.entries(axeResults).map(
      ([page, v]) => `${page}: ${v.length} (${v.map((x) => `${x.id}/${x.impact}`).join(', ') || 'none'})`,
    );
    process.stdout.write(
      `\nweb app: sign-in to start page shown ${JSON.stringify(timings)} ms (first load: test/bench/web-app.ts); axe violations per page: ${counts.join('; ')}\n`,
    );
  });

  /** A fresh tab signed in with a role's token, on its start page. */
  async function signIn(role: string): Promise<Page> {
    const page = await browser.context.newPage();
    problems = watchProblems(page);
    const started = Date.now();
    await page.goto(`${base}/app/`);
    await page.getByLabel('Token').fill(tokens[role]!);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('button', { name: 'Afmelden' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Bezig met laden' }).waitFor({ state: 'detached' });
    timings[role] ??= Date.now() - started;
    return page;
  }

  /** axe on the page as it stands: no serious or critical violation, and nothing the page logged. */
  async function check(page: Page, name: string, shot?: string) {
    await page.waitForFunction(() => !document.body.innerText.includes('Bezig met laden'));
    const violations = await axe(page);
    axeResults[name] = violations;
    expect({ name, violations: blocking(violations) }).toEqual({ name, violations: [] });
    expect(problems).toEqual([]);
    if (shot) await page.screenshot({ path: path.join(SHOTS, `${shot}.png`) });
  }

  test('a consultant sees the work queue, decides an extension in place, and the end date changes', async () => {
    const page = await signIn('consultant');
    await page.getByRole('heading', { name: /Zorgen over veiligheid \(\d+\)/ }).waitFor();
    await check(page, 'work queue', 'consultant-work-queue');
    const request = page
      .getByRole('region', { name: /Verlengingsaanvragen/ })
      .getByRole('link')
      .first();
    const number = (await request.textContent())!;
    await request.click();
    await page.getByRole('heading', { name: `Verlengingsaanvraag ${number}` }).waitFor();
    await page.getByRole('heading', { name: 'De evaluatie waarop zij rust' }).waitFor();
    await check(page, 'extension request');
    const requested = await page.locator('dt:has-text("Gevraagd tot") + dd').textContent();
    expect(await page.getByTestId('end-date').textContent()).not.toBe(requested);
    await page.getByLabel('Toekennen').check();
    await page.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await page.getByText('Besluit: Toegekend').waitFor();
    await page.getByTestId('end-date').filter({ hasText: requested! }).waitFor(); // the allocation read again
    const allocation = await call<{ endDate: string }>('consultant', `/v1/allocations/${number}`);
    expect(date(allocation.endDate)).toBe(requested);
    await page.close();
  });

  test('a consultant reads the caseload with its summary, filters it, and uploads a handover list', async () => {
    const page = await signIn('consultant');
    await page.getByRole('link', { name: 'Caseload' }).click();
    const heading = page.getByRole('heading', { name: /Samenvatting op .* actieve toewijzingen/ });
    await heading.waitFor();
    const summary = await call<{ activeAllocations: number }>('consultant', '/v1/caseload/summary');
    expect(await heading.textContent()).toContain(`${num(summary.activeAllocations)} actieve toewijzingen`);
    await check(page, 'caseload', 'consultant-caseload'); // (waits until nothing is loading)
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(10);
    await page.getByLabel('Zorg gestart', { exact: true }).selectOption('true');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('tbody tr')].every((r) => /Wacht/.test(r.textContent ?? '')),
    );
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);

    const rows = await call<{ items: { allocationNumber: string }[] }>(
      'consultant',
      '/v1/allocations?status=active&limit=1',
    );
    const a = await call<Record<string, unknown>>('consultant', `/v1/allocations/${rows.items[0]!.allocationNumber}`);
    const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'upload-')), 'overdracht.csv');
    const c = a as {
      client: { bsn: string; birthDate: string };
      product: { category: string; code: string };
      volume: { amount: number; unit: string; frequency: string };
    };
    fs.writeFileSync(
      csv,
      [
        'allocationNumber;bsn;birthDate;municipalityCode;teamCode;providerAgbCode;contractNumber;productCategory;productCode;startDate;endDate;volumeAmount;volumeUnit;volumeFrequency;referrerType;careStartDate;endReason',
        [
          a.allocationNumber,
          c.client.bsn,
          c.client.birthDate,
          a.municipalityCode,
          a.teamCode,
          a.providerAgbCode,
          a.contractNumber,
          c.product.category,
          c.product.code,
          a.startDate,
          a.endDate,
          c.volume.amount,
          c.volume.unit,
          c.volume.frequency,
          a.referrerType,
          a.careStartDate ?? '',
          '',
        ].join(';'),
        [
          'BAD 1',
          '123',
          'gisteren',
          '0505',
          a.teamCode,
          a.providerAgbCode,
          a.contractNumber,
          '45',
          '45A48',
          '2026-01-01',
          '2025-01-01',
          '1',
          '04',
          '6',
          '01',
          '',
          '',
        ].join(';'),
      ].join('\n'),
    );
    await page.getByRole('link', { name: 'Bestand inlezen' }).click();
    await page.getByLabel('Bestand').setInputFiles(csv);
    await page.getByRole('button', { name: 'Inlezen' }).click();
    const report = page.getByRole('status').filter({ hasText: 'Verslag' });
    await report.waitFor();
    const count = async (term: string) => Number(await report.locator(`dt:has-text("${term}") + dd`).textContent());
    // the known allocation is reconciled (unchanged, or updated where the list says otherwise), the bad row rejected
    expect((await count('Nieuw')) + (await count('Bijgewerkt')) + (await count('Ongewijzigd'))).toBe(1);
    expect(await count('Afgewezen')).toBe(1);
    await report.getByRole('cell', { name: 'BAD 1' }).waitFor();
    await expect(report.getByRole('heading', { name: /Niet in het bestand \(\d+\)/ }).count()).resolves.toBe(1);
    await check(page, 'upload report');
    // a reassessment campaign over what the list reconciled
    await page.getByLabel('Naam').fill('Herbeoordeling van de ingelezen lijst');
    await page.getByLabel('Deadline').fill(addDays(dateInAmsterdam(new Date()), 180)); // half a year from whatever today is
    await page.getByRole('button', { name: 'Herbeoordeling starten' }).click();
    await page.getByRole('heading', { name: 'Herbeoordeling van de ingelezen lijst' }).waitFor();
    await page.locator('dt:has-text("Gedaan") + dd').filter({ hasText: '0 van 1' }).waitFor();
    await page.close();
  });

  test('a consultant follows the reassessment campaign: forecast, cases at risk, and records a step', async () => {
    const page = await signIn('consultant');
    await page.getByRole('link', { name: 'Herbeoordeling' }).click();
    await page.getByRole('link', { name: /Herbeoordeling overgenomen dossiers/ }).click();
    await page.getByText(/Loopt achter: verwacht klaar/).waitFor();
    await page.getByRole('img', { name: /Verloop per week: nog \d+ te doen/ }).waitFor();
    const campaign = (
      await call<{ items: { id: string; name: string; atRisk: number }[] }>('consultant', '/v1/reassessments')
    ).items.find((c) => c.name.startsWith('Herbeoordeling overgenomen dossiers'));
    // the at-risk list first (the demo's campaign usually has a few; how many depends on today's date)
    if (campaign!.atRisk > 0) {
      await page.locator('tbody tr').first().waitFor();
      expect(await page.locator('tbody tr').count()).toBe(Math.min(100, campaign!.atRisk));
    } else await page.getByText('Geen dossiers.').waitFor();
    await check(page, 'reassessment campaign', 'consultant-reassessment');
    await page.getByLabel('Toon').selectOption('notStarted');
    const row = page.locator('tbody tr').first();
    const number = (await row.locator('td').first().textContent())!;
    await row.getByRole('button', { name: 'Vastleggen' }).click(); // the next step: planned, today
    await page.locator('tbody tr', { hasText: number }).waitFor({ state: 'detached' });
    const items = await call<{ items: { allocationNumber: string; step: string }[] }>(
      'consultant',
      `/v1/reassessments/${campaign!.id}/items?step=planned&limit=500`,
    );
    expect(items.items.map((i) => i.allocationNumber)).toContain(number);
    await page.close();
    // the contract manager reads the progress, not the cases
    const cm = await signIn('contract_manager');
    await cm.getByRole('link', { name: 'Herbeoordeling' }).click();
    await cm.getByRole('link', { name: /Herbeoordeling overgenomen dossiers/ }).click();
    await cm.getByText(/Loopt achter/).waitFor();
    expect(await cm.getByRole('heading', { name: 'Dossiers', exact: true }).count()).toBe(0);
    await check(cm, 'reassessment progress (contract manager)');
    await cm.close();
  });

  test('a contract manager reads the region overview and a scorecard, and records a review', async () => {
    const page = await signIn('contract_manager');
    await page.getByRole('heading', { name: 'Regio-overzicht' }).waitFor();
    await check(page, 'region overview', 'contract-manager-overview');
    expect(await page.locator('table.matrix tbody tr').count()).toBe(20);
    await page.getByRole('button', { name: 'Uitval' }).click(); // sort by a KPI
    await page.locator('table.matrix tbody th a').first().click();
    await page.getByRole('heading', { name: /^Scorecard / }).waitFor();
    expect(await page.locator('figure.kpi-chart canvas').count()).toBe(13);
    await check(page, 'scorecard');
    await page.getByLabel('Verslag').fill('Gesprek over de tijdigheid van evaluaties.');
    await page.getByLabel('Verbeteractie (optioneel)').fill('Planning evaluatiegesprekken aanpassen');
    await page.getByLabel('Klaar vóór').fill(addDays(dateInAmsterdam(new Date()), 90));
    await page.getByRole('button', { name: 'Gesprek opslaan' }).click();
    await page.getByText('Het gesprek is opgeslagen.').waitFor();
    const action = page.getByRole('listitem').filter({ hasText: 'Planning evaluatiegesprekken aanpassen' });
    await action.getByRole('button', { name: 'Afronden' }).click();
    await action.getByText(/gedaan op \d\d-\d\d-\d{4}/).waitFor();

    await page.getByRole('link', { name: 'Regio-overzicht' }).click();
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^kpis-\d{4}-Q\d\.csv$/);
    const text = fs.readFileSync(await csv.path(), 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(20);
    expect(text).not.toMatch(/\b\d{9}\b/); // no BSN-like numbers: no client identifiers
    await page.close();
  });

  test('a provider sees what is due, gets the field errors of a bad report, then submits one through the form', async () => {
    const page = await signIn('provider');
    await page.getByRole('heading', { name: /^Te laat \(\d+\)/ }).waitFor();
    await check(page, 'provider to-do', 'provider-to-do');
    const due = await call<{ items: { allocationNumber: string; periodStart: string; dueDate: string }[] }>(
      'provider',
      '/v1/obligations?status=overdue&kind=evaluation&limit=1',
    );
    const o = due.items[0]!;
    await page.goto(`${base}/app/#/indienen/evaluatie/${o.allocationNumber}`);
    await page.getByRole('button', { name: 'Indienen' }).waitFor();
    await check(page, 'evaluation form');
    await page.getByRole('button', { name: 'Indienen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Niet gelukt' }).waitFor();
    // the hub's errors at the fields they name
    await page
      .locator('#f_periodStart')
      .locator('xpath=ancestor::div[contains(@class,"form-group")][1]')
      .getByText('is verplicht')
      .waitFor();
    await check(page, 'evaluation form with errors');

    await page.locator('#f_periodStart').fill(o.periodStart);
    await page.locator('#f_periodEnd').fill(o.dueDate);
    await page.locator('#f_meetingDate').fill(o.dueDate);
    await page.locator('#f_participants_youth').check();
    await page.locator('#f_participants_parents').check();
    await page.locator('#f_goals_0_description').fill('Vast dagritme');
    await page.locator('#f_goals_0_status').selectOption({ label: 'Behaald' });
    await page.locator('#f_residence_type').selectOption({ label: 'Thuis' });
    await page.locator('#f_caseDirection_holder').selectOption({ label: 'Ouders' });
    await page.locator('#f_satisfaction_youth').fill('7');
    await page.locator('#f_satisfaction_parents').fill('8');
    await page.locator('#f_advice_recommendation').selectOption({ label: 'Voortzetten' });
    await page.locator('#f_advice_reasoning').fill('Voortzetten; schoolgang nog niet stabiel.');
    await page.locator('#f_author_name').fill('J. de Boer');
    await page.locator('#f_author_register').selectOption('SKJ');
    await page.locator('#f_author_registrationNumber').fill('100012345');
    await page.getByRole('button', { name: 'Indienen' }).click();
    const ok = page.getByRole('status').filter({ hasText: 'Ontvangen' });
    await ok.waitFor();
    const id = /Ontvangen: (\S+)\./.exec((await ok.textContent())!)![1]!;
    const stored = await call<{ allocationNumber: string; formVersion: string }>('provider', `/v1/evaluations/${id}`);
    expect(stored).toMatchObject({ allocationNumber: o.allocationNumber, formVersion: '1.1' });
    await page.close();
  });

  test('a provider opens the extension request form, generated from its schema', async () => {
    const page = await signIn('provider');
    await page.getByRole('link', { name: 'Verlenging aanvragen' }).click();
    await page.getByLabel('Gevraagde einddatum').waitFor();
    await page.getByLabel('Onderbouwing').waitFor();
    await check(page, 'extension request form');
    await page.close();
  });

  test("an admin reads every team's caseload, or one team's", async () => {
    const page = await signIn('admin');
    const heading = page.getByRole('heading', { name: /actieve toewijzingen/ });
    await heading.waitFor();
    const all = await call<{ activeAllocations: number }>('admin', '/v1/caseload/summary');
    expect(await heading.textContent()).toContain(`${num(all.activeAllocations)} actieve toewijzingen`);
    await page.getByLabel('Team', { exact: true }).selectOption('JT-NOORD');
    const one = await call<{ activeAllocations: number }>('admin', '/v1/caseload/summary?teamCode=JT-NOORD');
    expect(one.activeAllocations).toBeLessThan(all.activeAllocations);
    await page.getByRole('heading', { name: `: ${num(one.activeAllocations)} actieve toewijzingen` }).waitFor();
    await check(page, 'admin caseload');
    await page.close();
  });

  test("a provider reaches no other provider's data: the app says not found", async () => {
    const page = await signIn('provider');
    await page.goto(`${base}/app/#/aanbieders/98000002`);
    await page.getByRole('heading', { name: 'Niet gevonden' }).waitFor();
    await page.goto(`${base}/app/#/verzoeken/xr_DEMO-000001_1`);
    await page.getByRole('heading', { name: 'Niet gevonden' }).waitFor();
    await check(page, 'not found');
    await page.close();
  });

  test('keyboard only: sign in, skip to the content, move through the menu, open a page', async () => {
    const page = await browser.context.newPage();
    problems = watchProblems(page);
    await page.goto(`${base}/app/`);
    await page.getByLabel('Token').waitFor(); // React renders after the load event: the form first, then the keys
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token');
    await page.keyboard.type(tokens.consultant!);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Werkvoorraad' }).waitFor();
    await page.keyboard.press('Tab'); // the skip link comes first
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Naar de inhoud');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.getByRole('link', { name: 'Caseload' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Caseload', level: 1 }).waitFor();
    expect(page.url()).toMatch(/#\/caseload$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  test('the token stays in sessionStorage, never in a URL; a revoked token and signing out return to sign-in', async () => {
    const page = await signIn('consultant');
    expect(await page.evaluate(() => sessionStorage.getItem('hub.token'))).toBe(tokens.consultant);
    expect(page.url()).not.toContain('yht_');
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByLabel('Token').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('hub.token'))).toBeNull();
    await check(page, 'sign-in');

    await page.evaluate(() =>
      sessionStorage.setItem('hub.token', 'yht_0000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    );
    await page.reload();
    await page.getByLabel('Token').waitFor(); // the 401 signed it out
    expect(await page.evaluate(() => sessionStorage.getItem('hub.token'))).toBeNull();
    await page.close();
  });
});
