/// <reference lib="dom" />
/**
 * People sign in in a real browser (Debian's Chromium) through a real OpenID Provider:
 * the hub process starts its development identity provider (as `npm start` does outside
 * production), `hub demo seed` registers a person per role, and each signs in by picking
 * itself, under the hub's CSP, with axe-core on every page. Screenshots go to
 * SCREENSHOTS_DIR (default var/screenshots; docs/screenshots holds the published ones).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createHarness, TEST_BSN_KEY, type Harness } from '../support/harness';
import { freePort, runCli, spawnHub, type Spawned } from '../support/processes';
import { testMongoUri } from '../support/db';
import { axe, blocking, launchBrowser, watchProblems, type AxeViolation } from '../support/browser';
import { PROJECT_ROOT } from '../../src/paths';

const SHOTS = path.resolve(PROJECT_ROOT, process.env.SCREENSHOTS_DIR ?? 'var/screenshots');

describe('people sign in in Chromium', () => {
  let h: Harness;
  let hub: Spawned;
  let base: string;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const timings: Record<string, number> = {};
  const axeResults: Record<string, AxeViolation[]> = {};
  let problems: string[] = [];

  beforeAll(async () => {
    h = await createHarness();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-people-'));
    const env = {
      MONGODB_URI: testMongoUri(),
      DB_NAME: h.db.dbName,
      BSN_KEY: TEST_BSN_KEY.toString('base64'),
      DATA_DIR: dataDir,
    };
    const seeded = await runCli(['demo', 'seed'], env);
    if (seeded.code !== 0) throw new Error(`demo seed failed: ${seeded.stderr}`);
    for (const m of seeded.stdout.matchAll(
      /^(admin|contract_manager|consultant|provider)(?: \([^)]+\))?: (yht_\S+)$/gm,
    ))
      tokens[m[1]!] = m[2]!;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    hub = spawnHub('server', [], {
      ...env,
      PORT: String(port),
      PUBLIC_URL: base,
      JOBS_ENABLED: 'false',
      DEV_IDP: 'true',
      DEV_IDP_PORT: String(await freePort()),
    });
    await hub.waitForLine(/"msg":"hub listening"/);
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    hub?.child.kill('SIGTERM');
    await hub?.exited;
    await h?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    const counts = Object.entries(axeResults).map(([page, v]) => `${page}: ${v.length}`);
    process.stdout.write(
      `\npeople in Chromium: /app/ to signed in through the identity provider ${JSON.stringify(timings)} ms; axe violations per page: ${counts.join('; ')}\n`,
    );
  });

  async function check(page: Page, name: string, shot?: string) {
    await page.waitForFunction(() => !document.body.innerText.includes('Bezig met laden'));
    const violations = await axe(page);
    axeResults[name] = violations;
    expect({ name, violations: blocking(violations) }).toEqual({ name, violations: [] });
    expect(problems).toEqual([]);
    if (shot) await page.screenshot({ path: path.join(SHOTS, `${shot}.png`) });
  }

  /** Opens /app/, chooses the demo identity provider and picks the person; answers the page, signed in. */
  async function signInAs(name: string): Promise<Page> {
    await browser.context.clearCookies(); // another person at the same browser: no session of the one before
    const page = await browser.context.newPage();
    problems = watchProblems(page);
    const started = Date.now();
    await page.goto(`${base}/app/`);
    await page.getByRole('link', { name: /Aanmelden met Demo-personen/ }).click();
    await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
    await page.getByRole('button', { name: 'Afmelden' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Bezig met laden' }).waitFor({ state: 'detached' });
    timings[name] ??= Date.now() - started;
    expect(await page.locator('header .who').textContent()).toContain(name);
    return page;
  }

  const api = async <T>(role: string, p: string): Promise<T> => {
    const res = await fetch(`${base}${p}`, { headers: { Authorization: `Bearer ${tokens[role]}` } });
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    return (await res.json()) as T;
  };

  test('the sign-in page offers the identity provider; the provider lists the demo persons', async () => {
    const page = await browser.context.newPage();
    problems = watchProblems(page);
    await page.goto(`${base}/app/`);
    await page.getByRole('link', { name: /Aanmelden met Demo-personen/ }).waitFor();
    await check(page, 'sign-in with an identity provider', 'sign-in-people');
    await page.getByRole('link', { name: /Aanmelden met Demo-personen/ }).click();
    await page.getByRole('heading', { name: 'Kies een persoon' }).waitFor();
    expect(await page.locator('form button').count()).toBeGreaterThanOrEqual(7);
    await page.screenshot({ path: path.join(SHOTS, 'dev-identity-provider.png') });
    await page.close();
  });

  test("each person lands on its role's start page; the consultant without a registration gets counts and the reason", async () => {
    const starts: [string, RegExp][] = [
      ['Sanne de Vries', /Werkvoorraad/],
      ['Thomas Visser', /Alleen aantallen/],
      ['Peter Jansen', /Regio/],
      ['Mehmet Yilmaz', /Te doen|Wat er van u verwacht wordt/],
    ];
    for (const [name, heading] of starts) {
      const page = await signInAs(name);
      await page.getByRole('heading', { name: heading, level: 1 }).first().waitFor();
      await check(page, `start page of ${name}`, name === 'Thomas Visser' ? 'consultant-counts-only' : undefined);
      if (name === 'Thomas Visser') {
        expect(await page.getByRole('link', { name: 'Caseload' }).count()).toBe(0);
        await page.goto(`${base}/app/#/caseload`);
        await page.getByRole('heading', { name: 'Alleen aantallen' }).waitFor();
      }
      await page.close();
    }
  });

  test('an admin registers and deactivates a person on the Personen screen', async () => {
    const page = await signInAs('Anouk Bakker');
    await page.getByRole('link', { name: 'Personen' }).click();
    await page.getByRole('heading', { name: 'Personen', level: 1 }).waitFor();
    await page.getByLabel('Naam').fill('Nina Nieuw');
    await page.getByLabel('E-mailadres (werk)').fill('nina.nieuw@regio-demo.example');
    await page.getByLabel('Rol').selectOption('consultant');
    await page.getByLabel('Teamcode').fill('JT-NOORD');
    await page.getByLabel('Beroepsregistratie').selectOption('SKJ');
    await page.getByLabel('Registratienummer').fill('100054321');
    await page.getByRole('button', { name: 'Registreren' }).click();
    await page.getByText('Nina Nieuw is geregistreerd').waitFor();
    const row = page.locator('tr', { hasText: 'nina.nieuw@regio-demo.example' });
    await row.getByText('uitgenodigd').waitFor();
    await check(page, 'persons', 'admin-persons');
    await row.getByRole('button', { name: /Deactiveren/ }).click();
    await page.getByText('Nina Nieuw is gedeactiveerd').waitFor();
    await row.getByText('gedeactiveerd').waitFor();
    const persons = await api<{ items: { email: string; active: boolean }[] }>('admin', '/v1/persons?limit=500');
    expect(persons.items.find((p) => p.email === 'nina.nieuw@regio-demo.example')?.active).toBe(false);
    await page.close();
  });

  test('an admin keeps teams, providers and contracts on their screens', async () => {
    const page = await signInAs('Anouk Bakker');
    await page.getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor();
    await page.getByLabel('Teamcode').fill('JT-WEST');
    await page.getByLabel('Naam', { exact: true }).fill('Jeugdteam West');
    await page.getByLabel('Gemeenten').fill('0363, 0384');
    await page.getByRole('button', { name: 'Registreren' }).click();
    await page.getByText('Team JT-WEST is geregistreerd.').waitFor();
    await page.locator('tr', { hasText: 'JT-WEST' }).getByText('0363, 0384').waitFor();
    await check(page, 'teams', 'admin-teams');
    await page.getByRole('link', { name: 'Aanbieders' }).click();
    await page.getByRole('heading', { name: 'Aanbieders', level: 1 }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await check(page, 'providers');
    await page.getByLabel('AGB-code').fill('1234');
    await page.getByLabel('Naam', { exact: true }).fill('Te kort');
    await page.getByLabel('E-mailadres voor meldingen').fill('a@b.example');
    await page.getByRole('button', { name: 'Registreren' }).click();
    await page.getByRole('alert').getByText('/agbCode').waitFor(); // the hub's error, at the field it names
    await page.getByRole('link', { name: 'Contracten' }).click();
    await page.getByRole('heading', { name: 'Contracten', level: 1 }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await check(page, 'contracts');
    const teams = await api<{ items: { teamCode: string }[] }>('admin', '/v1/teams?limit=500');
    expect(teams.items.map((t) => t.teamCode)).toContain('JT-WEST');
    await page.close();
  });

  test("a provider's administrator issues its own API token, shown once, and it works", async () => {
    const page = await signInAs('Eva de Boer');
    await page.getByRole('link', { name: 'API-tokens' }).click();
    await page.getByRole('heading', { name: 'API-tokens', level: 1 }).waitFor();
    await page.getByLabel('Omschrijving (welke koppeling)').fill('Ons EPD');
    await page.getByRole('button', { name: 'Token aanmaken' }).click();
    const token = await page.getByLabel('Nieuw token').inputValue();
    expect(token).toMatch(/^yht_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}$/);
    await check(page, 'provider tokens', 'provider-tokens');
    const me = await fetch(`${base}/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ kind: 'token', role: 'provider', providerAgbCode: '98000001' });
    await page.getByRole('link', { name: 'Medewerkers' }).click();
    await page.getByRole('heading', { name: 'Medewerkers', level: 1 }).waitFor();
    await page.locator('caption', { hasText: /^\d+ personen$/ }).waitFor(); // the list has come
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r.includes('98000001'))).toBe(true);
    await page.close();
  });

  test("a provider's to-do item opens its form filled in; a correction and an extension choose their report, never type its id", async () => {
    const page = await signInAs('Mehmet Yilmaz');
    const overdue = page.getByRole('region', { name: /^Te laat/ });
    const item = overdue
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'indienen' }) })
      .first();
    await item.waitFor();
    const allocation = /(DEMO-\d+)/.exec((await item.textContent())!)![1]!;
    await item.getByRole('link', { name: 'indienen' }).click();
    await page.getByRole('heading', { name: /^(Eind)?[eE]valuatie indienen$/ }).waitFor();
    await page.getByRole('button', { name: 'Indienen' }).waitFor();
    // filled in from the to-do item: the allocation chosen, the period in Dutch dates, the form version asked once
    await page.locator('#f_allocationNumber:enabled').waitFor(); // its list has come
    expect(await page.locator('#f_allocationNumber').inputValue()).toBe(allocation);
    expect(await page.locator('#f_periodStart').inputValue()).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(await page.locator('#f_periodEnd').inputValue()).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(await page.getByText('Formulierversie').count()).toBe(1);
    expect(await page.locator('body').textContent()).not.toContain('Evaluation report');
    expect(await page.locator('input[id$="supersedes"]').count()).toBe(0); // a correction is chosen, not typed
    await check(page, 'evaluation form from a to-do item', 'provider-form-from-to-do');
    const periodEnd = await page.locator('#f_periodEnd').inputValue();
    await page.locator('#f_meetingDate').fill(periodEnd);
    await page.locator('#f_participants_youth').check();
    await page.locator('#f_goals_0_description').fill('Vast dagritme');
    await page.locator('#f_goals_0_status').selectOption({ label: 'Behaald' });
    await page.locator('#f_residence_type').selectOption({ label: 'Thuis' });
    await page.locator('#f_caseDirection_holder').selectOption({ label: 'Ouders' });
    await page.locator('#f_satisfaction_youth').fill('7');
    await page.locator('#f_satisfaction_parents').fill('8');
    await page.locator('#f_advice_recommendation').selectOption({ label: 'Voortzetten' });
    await page.locator('#f_advice_reasoning').fill('Voortzetten.');
    await page.locator('#f_author_name').fill('M. Yilmaz');
    await page.locator('#f_author_register').selectOption('SKJ');
    await page.locator('#f_author_registrationNumber').fill('100011111');
    if (await page.locator('#f_outcome_continuation').count())
      await page.locator('#f_outcome_continuation').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Indienen' }).click();
    const ok = page.getByRole('status').filter({ hasText: 'Ontvangen' });
    await ok.waitFor();
    const id = /Ontvangen: (\S+)\./.exec((await ok.textContent())!)![1]!;
    const [d, m, y] = periodEnd.split('-');
    const stored = await api<{ allocationNumber: string; periodEnd: string }>('provider', `/v1/evaluations/${id}`);
    expect(stored).toMatchObject({ allocationNumber: allocation, periodEnd: `${y}-${m}-${d}` });

    // a correction: the report it corrects is one of the allocation's own, chosen from a list
    await page.goto(`${base}/app/#/indienen/evaluatie/${allocation}`);
    const corrects = page.getByLabel('Corrigeert een eerder verslag');
    // the report just submitted is among them, by its period (the list may come after the form settles)
    await corrects.locator('option', { hasText: `– ${periodEnd},` }).waitFor({ state: 'attached' });
    // an extension request beside a current report: the allocation chosen, its reports to choose from
    await page.getByRole('link', { name: 'Te doen' }).click();
    await page
      .getByRole('link', { name: /^verlengen/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Verlenging aanvragen' }).waitFor();
    const rests = page.getByLabel('Evaluatie waarop de aanvraag rust');
    await rests.locator('option', { hasText: 'Periode' }).first().waitFor({ state: 'attached' });
    expect(await page.locator('#f_allocationNumber').inputValue()).toMatch(/^DEMO-\d+$/);
    await check(page, 'extension request form from a report');
    await page.close();
  });

  test('four eyes: the junior proposes, the supervisor confirms, both names are on the decision', async () => {
    const requests = await api<{ items: { id: string }[] }>('consultant', '/v1/extension-requests?status=submitted');
    const id = requests.items[0]!.id;
    const junior = await signInAs('Lotte Smit');
    await junior.goto(`${base}/app/#/verzoeken/${id}`);
    await junior.getByLabel('Toekennen').check();
    await junior.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await junior.getByText('Voorstel van Lotte Smit').waitFor();
    await check(junior, 'extension request with a proposal', 'four-eyes-proposal');
    await junior.close();
    const senior = await signInAs('Sanne de Vries');
    await senior.goto(`${base}/app/#/verzoeken/${id}`);
    await senior.getByText('Voorstel van Lotte Smit').waitFor();
    await senior.getByLabel('Toekennen').check();
    await senior.getByRole('button', { name: 'Besluit vastleggen' }).click();
    await senior.getByText('door Sanne de Vries op voorstel van Lotte Smit').waitFor();
    await senior.close();
  });

  test('Wachttijden: the consultant works the call list and compares providers; the contract manager sees the region, reported beside measured', async () => {
    const consultant = await signInAs('Sanne de Vries');
    await consultant.getByRole('link', { name: 'Wachttijden' }).click();
    const callList = consultant.getByRole('table', { name: 'Langst wachtend eerst' });
    await callList.waitFor();
    const rows = callList.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const waited = (await rows.locator('td:nth-child(5)').allTextContents()).map((t) => Number(t.split(' ')[0]));
    expect(waited).toEqual([...waited].sort((a, b) => b - a)); // longest first
    await consultant.getByRole('table', { name: /Aanbieders op huidige wachttijd/ }).waitFor();
    await check(consultant, 'Wachttijden (consultant)', 'waiting-consultant');
    await consultant.close();
    const manager = await signInAs('Peter Jansen');
    await manager.getByRole('link', { name: 'Wachttijden' }).click();
    await manager.getByRole('heading', { name: /beschermingsmaatregel/ }).waitFor();
    await manager.getByText(/wachten op passende hulp/).waitFor();
    const reported = manager.getByRole('table', { name: /Laatste kwartaal/ });
    await reported.waitFor();
    // the weakest provider reports nobody waiting while the allocations show otherwise
    const differences = (await reported.locator('tbody tr td:nth-child(6)').allTextContents()).map(Number);
    expect(differences.some((d) => d < 0)).toBe(true);
    await check(manager, 'Wachttijden (contract manager)', 'waiting-contract-manager');
    await manager.close();
  });

  test('signing out ends the session at the hub and at the identity provider; the next sign-in asks again', async () => {
    const page = await signInAs('Peter Jansen');
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByRole('button', { name: 'Ja, afmelden' }).click();
    await page.getByRole('link', { name: /Aanmelden met Demo-personen/ }).waitFor();
    expect(page.url()).toBe(`${base}/app/`);
    const me = await page.evaluate(async () => (await fetch('/v1/me')).status);
    expect(me).toBe(401);
    await page.close();
  });
});
