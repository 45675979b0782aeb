import { setTimeout as sleep } from 'node:timers/promises';
import { allocationInput, evaluationInput, REGION } from './factories';

/** Where the hub under test is now (it moves only if it restarts on another port; tests keep the port). */
export interface Target {
  url: string;
  admin: string;
}

/** One answer the hub acknowledged. */
export interface Ack {
  status: number;
  body: Record<string, unknown>;
}

/** Statistics of a load run under faults. */
export interface LoadStats {
  requests: number;
  connectionErrors: number;
  retriedAnswers: Record<string, number>;
  statuses: Record<string, number>;
  slowestMs: number;
  /** The slowest answer: what it was. */
  slowest?: string;
}

export function newStats(): LoadStats {
  return { requests: 0, connectionErrors: 0, retriedAnswers: {}, statuses: {}, slowestMs: 0 };
}

/**
 * Sends until the hub gives a final answer: connection errors, 5xx, 429 and 409
 * request-in-progress or busy are retried with the same Idempotency-Key. A 500 is counted
 * (callers assert there were none).
 */
export async function untilFinal(
  target: Target,
  method: string,
  path: string,
  token: string,
  body: unknown,
  key: string,
  stats: LoadStats,
  deadlineMs = 90_000,
): Promise<Ack> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (Date.now() > until) throw new Error(`no final answer for ${method} ${path} (${key}) within ${deadlineMs} ms`);
    stats.requests += 1;
    const started = Date.now();
    try {
      const res = await fetch(`${target.url}${path}`, {
        method,
        headers: { Authorization: token, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(40_000),
      });
      const text = await res.text();
      if (Date.now() - started > stats.slowestMs) {
        stats.slowestMs = Date.now() - started;
        stats.slowest = `${method} ${path} ${res.status} ${text.slice(0, 120)}`;
      }
      stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
      const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      // what the hub itself calls transient: 5xx, 429, and the 409s that say "retry in a moment"
      const transient =
        res.status >= 500 ||
        res.status === 429 ||
        (res.status === 409 && (parsed.type === '/problems/request-in-progress' || parsed.type === '/problems/busy'));
      if (!transient) return { status: res.status, body: parsed };
      stats.retriedAnswers[res.status] = (stats.retriedAnswers[res.status] ?? 0) + 1;
    } catch {
      stats.connectionErrors += 1;
    }
    await sleep(150 + Math.random() * 150);
  }
}

/** Registers the two-tenant region and `n` allocations of provider A through the API; returns tokens. */
export async function seedOverApi(target: Target, n: number, stats: LoadStats) {
  const post = (path: string, body: unknown, key: string, token = target.admin) =>
    untilFinal(target, 'POST', path, token, body, key, stats);
  await post('/v1/providers', { agbCode: REGION.providerA, name: 'Aanbieder A', email: 'a@a.example' }, 'seed-pa');
  await post('/v1/providers', { agbCode: REGION.providerB, name: 'Aanbieder B', email: 'b@b.example' }, 'seed-pb');
  await post(
    '/v1/teams',
    { teamCode: REGION.teamA, name: 'Team A', municipalityCodes: [REGION.municipalityA] },
    'seed-ta',
  );
  const contract = {
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    extensionOptionEndDate: '2028-12-31',
    productCodes: ['45A48', '43A05'],
  };
  await post(
    '/v1/contracts',
    { contractNumber: REGION.contractA, providerAgbCode: REGION.providerA, ...contract },
    'seed-ca',
  );
  const providerToken = (
    await post(
      '/v1/tokens',
      { role: 'provider', providerAgbCode: REGION.providerA, label: 'load provider' },
      'seed-tok-a',
    )
  ).body.token as string;
  const allocations: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31' });
    const res = await post('/v1/allocations', a, `seed-al-${a.allocationNumber}`);
    if (res.status !== 201) throw new Error(`seeding allocation: ${res.status} ${JSON.stringify(res.body)}`);
    allocations.push(a.allocationNumber);
  }
  return { provider: `Bearer ${providerToken}`, allocations };
}

/** What one client did: its allocation, the evaluation (safety concern or not) and request it got acknowledged. */
export interface ClientResult {
  allocationNumber: string;
  concern: boolean;
  evaluation: Ack;
  request: Ack;
}

/** One provider client: an evaluation report, then an extension request resting on it, each until final. */
export async function providerClient(
  target: Target,
  token: string,
  allocationNumber: string,
  concern: boolean,
  stats: LoadStats,
): Promise<ClientResult> {
  const report = evaluationInput(
    allocationNumber,
    '2026-02-01',
    '2026-04-30',
    concern ? { safety: { concerns: true, veiligThuisReport: false, safetyPlan: true } } : {},
  );
  const evaluation = await untilFinal(
    target,
    'POST',
    '/v1/evaluations',
    token,
    report,
    `ev-${allocationNumber}`,
    stats,
  );
  const request = await untilFinal(
    target,
    'POST',
    '/v1/extension-requests',
    token,
    {
      allocationNumber,
      requestedEndDate: '2027-06-30',
      reasoning: 'Doelen nog niet bereikt.',
      evaluationId: evaluation.body.id,
    },
    `xr-${allocationNumber}`,
    stats,
  );
  return { allocationNumber, concern, evaluation, request };
}
