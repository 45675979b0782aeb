/**
 * Benchmark: the web app's first load per role on a running hub (the demo region), in
 * Debian's Chromium with a fresh profile each time (nothing cached), from navigation
 * until the start page shows its data; beside the same page's API calls made directly
 * (the floor: what the hub itself takes to answer them). Also the bytes the browser
 * fetched. Prints medians; asserts nothing.
 *
 *   npm start & npm run hub -- demo seed     # prints the tokens
 *   node dist/test/bench/web-app.js http://127.0.0.1:3000 consultant=yht_… contract_manager=yht_… provider=yht_… [runs]
 */
import { launchBrowser } from '../support/browser';

/** Each role's start page: a heading that shows once it is loaded, and the API calls it makes. */
const START: Record<string, { heading: RegExp; calls: string[] }> = {
  consultant: {
    heading: /^Werkvoorraad$/,
    calls: [
      '/v1/tokens/me',
      '/v1/flags?status=open&limit=500',
      '/v1/flags?status=acknowledged&limit=500',
      '/v1/extension-requests?status=submitted&limit=500',
    ],
  },
  contract_manager: {
    heading: /^Regio-overzicht$/,
    calls: [
      '/v1/tokens/me',
      '/v1/kpis/overview?quarter={q}',
      '/v1/kpis?quarter={q}&kpi=dropout_rate&limit=500',
      '/v1/providers?limit=500',
    ],
  },
  provider: {
    heading: /^Te doen voor AGB/,
    calls: [
      '/v1/tokens/me',
      '/v1/obligations?limit=500',
      '/v1/flags?status=open&limit=25',
      '/v1/evaluations?periodFrom={since}&limit=100',
      '/v1/extension-requests?limit=100',
    ],
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function lastQuarter(d = new Date()): string {
  const q = Math.floor(d.getMonth() / 3);
  return q === 0 ? `${d.getFullYear() - 1}-Q4` : `${d.getFullYear()}-Q${q}`;
}

async function main() {
  const [base = 'http://127.0.0.1:3000', ...rest] = process.argv.slice(2);
  const runs = Number(rest.find((a) => /^\d+$/.test(a)) ?? 5);
  const tokens = Object.fromEntries(
    rest.filter((a) => a.includes('=')).map((a) => a.split('=', 2) as [string, string]),
  );
  const lines: string[] = [];
  // the baseline: the same fresh browser opening a plain answer of the same hub
  const plain: number[] = [];
  for (let i = 0; i < runs; i++) {
    const browser = await launchBrowser();
    const tab = await browser.context.newPage();
    const t0 = Date.now();
    await tab.goto(`${base}/healthz`);
    plain.push(Date.now() - t0);
    await browser.close();
  }
  lines.push(`| (baseline: GET /healthz in the same fresh browser) | ${median(plain)} ms | | |`);
  for (const [role, token] of Object.entries(tokens)) {
    const start = START[role];
    if (!start) throw new Error(`unknown role ${role}`);
    const page: number[] = [];
    const direct: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const browser = await launchBrowser();
      const tab = await browser.context.newPage();
      await tab.addInitScript((t) => sessionStorage.setItem('hub.token', t), token);
      let fetched = 0;
      tab.on('response', (r) => {
        void r.body().then(
          (b) => (fetched += b.length),
          () => undefined,
        );
      });
      const t0 = Date.now();
      await tab.goto(`${base}/app/`);
      await tab.getByRole('heading', { name: start.heading, level: 1 }).waitFor();
      await tab.waitForFunction(() => !document.body.innerText.includes('Bezig met laden'));
      page.push(Date.now() - t0);
      bytes = fetched;
      await browser.close();

      const d0 = Date.now();
      await Promise.all(
        start.calls.map(async (c) => {
          const since = new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10);
          const res = await fetch(`${base}${c.replace('{q}', lastQuarter()).replace('{since}', since)}`, {
            headers: { Authorization: `Bearer ${token}` },
          });
          await res.arrayBuffer();
        }),
      );
      direct.push(Date.now() - d0);
    }
    lines.push(
      `| ${role} | ${median(page)} ms | ${median(direct)} ms (${start.calls.length} calls) | ${(bytes / 1024).toFixed(0)} KiB |`,
    );
  }
  process.stdout.write(
    `\nfirst load of /app/ on ${base}, median of ${runs} runs, a fresh browser profile each:\n` +
      '| role | page shown with its data | its API calls made directly | fetched by the browser |\n|---|---|---|---|\n' +
      `${lines.join('\n')}\n`,
  );
}

void main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
