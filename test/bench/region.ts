import type { Collections } from '../../src/db/collections';
import { generateHistory, seededRandom, type HistorySpec } from '../../src/demo/history';
import { storeHistory, type StoredCounts } from '../../src/demo/store';
import { fictionalBsn } from '../../src/domain/test-bsns';
import type { AllocationInput } from '../../src/services/allocations/allocations.service';
import type { Services } from '../../src/services';
import { systemActor } from '../../src/services/actor';

/** A synthetic region for benchmarks: providers, teams (one municipality each), contracts. */
export interface BenchRegion {
  providers: string[];
  teams: string[];
  municipalities: string[];
  contracts: string[];
}

/** The codes of a bench region of `providers` providers and `teams` teams, as seedBenchRegion registers them. */
export function benchRegionCodes(providers: number, teams: number): BenchRegion {
  return {
    teams: Array.from({ length: teams }, (_, t) => `BT-${t}`),
    municipalities: Array.from({ length: teams }, (_, t) => String(1000 + t).padStart(4, '0')),
    providers: Array.from({ length: providers }, (_, p) => String(50_000_000 + p)),
    contracts: Array.from({ length: providers }, (_, p) => `BC-${p}`),
  };
}

/** Registers `providers` providers with one contract each, and `teams` teams. */
export async function seedBenchRegion(services: Services, providers: number, teams: number): Promise<BenchRegion> {
  const region: BenchRegion = { providers: [], teams: [], municipalities: [], contracts: [] };
  for (let t = 0; t < teams; t += 1) {
    const code = `BT-${t}`;
    const municipality = String(1000 + t).padStart(4, '0');
    await services.registry.createTeam({ teamCode: code, name: `Bench team ${t}`, municipalityCodes: [municipality] });
    region.teams.push(code);
    region.municipalities.push(municipality);
  }
  for (let p = 0; p < providers; p += 1) {
    const agb = String(50_000_000 + p);
    await services.registry.createProvider({ agbCode: agb, name: `Bench provider ${p}`, email: `p${p}@bench.example` });
    const contract = `BC-${p}`;
    await services.registry.createContract({
      contractNumber: contract,
      providerAgbCode: agb,
      startDate: '2024-01-01',
      endDate: '2027-12-31',
      productCodes: ['45A48', '43A05', '54A01'],
    });
    region.providers.push(agb);
    region.contracts.push(contract);
  }
  return region;
}

/** The i-th allocation of a benchmark region, spread over its providers and teams. */
export function allocationInputFor(region: BenchRegion, i: number): AllocationInput {
  const p = i % region.providers.length;
  const t = i % region.teams.length;
  return {
    allocationNumber: `BA-${String(i).padStart(7, '0')}`,
    client: { bsn: fictionalBsn(i), birthDate: '2011-05-20' },
    municipalityCode: region.municipalities[t]!,
    teamCode: region.teams[t]!,
    providerAgbCode: region.providers[p]!,
    contractNumber: region.contracts[p]!,
    product: { category: '45', code: '45A48' },
    startDate: '2025-01-01',
    endDate: '2026-12-31',
    volume: { amount: 40, unit: '04', frequency: '6' },
    referrerType: '01',
  };
}

/**
 * Stores `allocations` generated trajectories (from 2024-05-01 to `today`, with their
 * evaluation reports and extensions) spread over a bench region's providers and teams,
 * printing progress every 20,000 allocations.
 */
export async function seedBenchHistory(
  services: Services,
  col: Collections,
  region: BenchRegion,
  allocations: number,
  today: string,
): Promise<StoredCounts> {
  const rnd = seededRandom(7);
  const spec: HistorySpec = {
    providers: region.providers.map((agb, p) => ({
      agbCode: agb,
      contractNumber: region.contracts[p]!,
      contractEndDate: '2027-12-31',
      quality: 0.5 + rnd() * 0.5,
      weight: 0.2 + rnd() * 2,
      products: [
        { category: '45', code: '45A48' },
        { category: '43', code: '43A05' },
        { category: '54', code: '54A01' },
      ],
    })),
    teams: region.teams.map((teamCode, t) => ({ teamCode, municipalityCodes: [region.municipalities[t]!] })),
    allocations,
    from: '2024-05-01',
    today,
    seed: 11,
    numberPrefix: 'KB-',
    graceDays: 14,
  };
  const actor = systemActor('cli', 'bench');
  const build = (input: AllocationInput, endReason?: string) =>
    services.allocations.buildDoc(input, actor, 'import', endReason);
  return storeHistory(col, generateHistory(spec, build), 2000, (c) => {
    if (c.allocations % 20_000 === 0) process.stderr.write(`seeded ${c.allocations}/${allocations}\n`);
  });
}
