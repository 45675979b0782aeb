import { fictionalBsn } from '../../src/domain/test-bsns';
import type { AllocationInput } from '../../src/services/allocations/allocations.service';
import { createHarness, type Harness } from './harness';
import type { EvaluationInput } from '../../src/services/evaluations/evaluations.service';

let counter = 0;
/** A unique suffix for numbers within one test run. */
export function unique(): number {
  counter += 1;
  return counter;
}

/** Two tenants: provider A with team A, provider B with team B, each with a contract. */
export const REGION = {
  providerA: '11111111',
  providerB: '22222222',
  teamA: 'TEAM-A',
  teamB: 'TEAM-B',
  municipalityA: '0505',
  municipalityB: '0590',
  contractA: 'C-A-2026',
  contractB: 'C-B-2026',
} as const;

/** Registers the two-tenant region through the services. */
export async function seedRegion(h: Harness): Promise<typeof REGION> {
  const r = h.services.registry;
  await r.createProvider({ agbCode: REGION.providerA, name: 'Aanbieder A', email: 'a@a.example' });
  await r.createProvider({ agbCode: REGION.providerB, name: 'Aanbieder B', email: 'b@b.example' });
  await r.createTeam({ teamCode: REGION.teamA, name: 'Team A', municipalityCodes: [REGION.municipalityA] });
  await r.createTeam({ teamCode: REGION.teamB, name: 'Team B', municipalityCodes: [REGION.municipalityB] });
  const contract = {
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    extensionOptionEndDate: '2028-12-31',
    productCodes: ['45A48', '43A05'],
  };
  await r.createContract({ contractNumber: REGION.contractA, providerAgbCode: REGION.providerA, ...contract });
  await r.createContract({ contractNumber: REGION.contractB, providerAgbCode: REGION.providerB, ...contract });
  return REGION;
}

/** A valid allocation of tenant A (or B), with a unique number and a fictional BSN. */
export function allocationInput(tenant: 'A' | 'B' = 'A', overrides: Partial<AllocationInput> = {}): AllocationInput {
  const n = unique();
  return {
    allocationNumber: `TW-${tenant}-${String(n).padStart(6, '0')}`,
    client: { bsn: fictionalBsn(n), birthDate: '2012-03-14' },
    municipalityCode: tenant === 'A' ? REGION.municipalityA : REGION.municipalityB,
    teamCode: tenant === 'A' ? REGION.teamA : REGION.teamB,
    providerAgbCode: tenant === 'A' ? REGION.providerA : REGION.providerB,
    contractNumber: tenant === 'A' ? REGION.contractA : REGION.contractB,
    product: { category: '45', code: '45A48' },
    startDate: '2026-02-01',
    endDate: '2026-12-31',
    volume: { amount: 60, unit: '04', frequency: '6' },
    referrerType: '01',
    ...overrides,
  };
}

/** Tokens for every role and tenant, as Authorization header values. */
export async function tokensFor(h: Harness) {
  return {
    admin: await h.bearer('admin'),
    contractManager: await h.bearer('contract_manager'),
    consultantA: await h.bearer('consultant', { teamCode: REGION.teamA }),
    consultantB: await h.bearer('consultant', { teamCode: REGION.teamB }),
    providerA: await h.bearer('provider', { providerAgbCode: REGION.providerA }),
    providerB: await h.bearer('provider', { providerAgbCode: REGION.providerB }),
  };
}

/**
 * A complete, valid evaluation report for an allocation and period, checked against
 * the submission schema's generated type; `overrides` may step outside it (a test of
 * what the hub refuses), so the result is that type by assertion.
 */
export function evaluationInput(
  allocationNumber: string,
  periodStart: string,
  periodEnd: string,
  overrides: Record<string, unknown> = {},
): EvaluationInput {
  const report = {
    allocationNumber,
    periodStart,
    periodEnd,
    meetingDate: periodEnd,
    formVersion: '1.0',
    participants: { youth: true, parents: true, network: false, otherProfessionals: false },
    goals: [
      { description: 'Vast dagritme', status: 'achieved' },
      { description: 'Schoolgang', status: 'partly' },
    ],
    safety: { concerns: false, veiligThuisReport: false, safetyPlan: false },
    residence: { type: 'home' },
    caseDirection: { holder: 'parents' },
    satisfaction: { youth: 7, parents: 8 },
    advice: { recommendation: 'continue', reasoning: 'Voortzetten.' },
    author: { name: 'J. de Boer', register: 'SKJ', registrationNumber: '100012345' },
    isClosing: false,
  } satisfies EvaluationInput;
  return { ...report, ...overrides };
}

/** The tokens of `tokensFor`: one per role and tenant. */
export type RegionTokens = Awaited<ReturnType<typeof tokensFor>>;

/**
 * The harness most test files start from: a fresh hub over its own database, the
 * test region registered (`seedRegion`), and a token per role and tenant. Use it as
 * `beforeAll(async () => ({ h, t } = await regionHarness()))` with
 * `afterAll(() => h.close())`.
 */
export async function regionHarness(env: NodeJS.ProcessEnv = {}): Promise<{ h: Harness; t: RegionTokens }> {
  const h = await createHarness(env);
  await seedRegion(h);
  return { h, t: await tokensFor(h) };
}
