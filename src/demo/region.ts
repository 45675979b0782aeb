import type { ExperienceRatingDoc, QuarterlyReportDoc } from '../records';
import { addDays, previousQuarter, quarterOf, quarterRange, type IsoDate } from '../domain/dates';
import { quarterlyReportDue } from '../domain/obligations';
import type { ContractInput, ProviderInput, TeamInput } from '../services/registry/registry.service';
import { quarterlyReportId } from '../services/quarterly-reports/quarterly-reports.service';
import type { HistoryProvider, HistoryTeam } from './history';

/** The fictional region's teams and the (real CBS) municipality codes they serve. */
export const DEMO_TEAMS: (TeamInput & HistoryTeam)[] = [
  {
    teamCode: 'JT-NOORD',
    name: 'Jeugdteam Noord',
    municipalityCodes: ['0505', '0590'],
    email: 'jeugdteam.noord@regio-demo.example',
  },
  {
    teamCode: 'JT-ZUID',
    name: 'Jeugdteam Zuid',
    municipalityCodes: ['0642', '0523'],
    email: 'jeugdteam.zuid@regio-demo.example',
  },
  {
    teamCode: 'JT-OOST',
    name: 'Jeugdteam Oost',
    municipalityCodes: ['1978'],
    email: 'jeugdteam.oost@regio-demo.example',
  },
];

const NAMES = [
  'Jeugdhulp De Linde',
  'Stichting Kompasroos',
  'Zorgboerderij De Klaproos',
  'Gezinshuis Het Anker',
  'Jeugd-GGZ Meanderdal',
  'Ambulant Team De Brug',
  'Praktijk Vlinderkracht',
  'Stichting Vuurtoren Jeugd',
  'Behandelcentrum De Eik',
  'Opvoedpunt De Wilg',
  'Kinderpraktijk Zeebries',
  'Stichting Kameleonzorg',
  'Gezinscoaching Noorderlicht',
  'Jeugdhulp Rivierduin',
  'Stichting Regenboogbrug',
  'Praktijk Zilvermeeuw',
  'Woongroep Het Baken',
  'Jeugdzorg Lindeboom',
  'Dagbehandeling De Horst',
  'Stichting Tweede Thuis',
];
const PRODUCTS = [
  [
    { category: '45', code: '45A48' },
    { category: '45', code: '45A53' },
  ],
  [
    { category: '54', code: '54A01' },
    { category: '45', code: '45A48' },
  ],
  [
    { category: '43', code: '43A05' },
    { category: '44', code: '44A02' },
  ],
] as const;

/** A provider of the demo region: registry input, its contract, and how it behaves. */
export interface DemoProvider extends HistoryProvider {
  registry: ProviderInput;
  contract: ContractInput;
}

/** The demo's twenty providers (fictional names and AGB codes), each with a contract from `from`; some with their own KPI targets. */
export function demoProviders(from: IsoDate, contractEnd: IsoDate): DemoProvider[] {
  return NAMES.map((name, i) => {
    const agbCode = String(98_000_001 + i);
    const slug = name
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]+/g, '-')
      .replace(/^-|-$/g, '');
    const products = PRODUCTS[i % PRODUCTS.length]!.map((p) => ({ ...p }));
    const contractNumber = `RD-${from.slice(0, 4)}-${String(i + 1).padStart(2, '0')}`;
    return {
      agbCode,
      contractNumber,
      contractEndDate: contractEnd,
      products,
      // a spread of quality: most decent, a few poor (their KPIs go red), three large providers
      quality: [
        0.92, 0.85, 0.55, 0.88, 0.7, 0.95, 0.6, 0.8, 0.9, 0.45, 0.83, 0.75, 0.9, 0.65, 0.87, 0.78, 0.93, 0.5, 0.82,
        0.86,
      ][i]!,
      weight: i === 0 || i === 5 ? 5 : i === 9 ? 4 : 1,
      registry: { agbCode, name, email: `kwaliteit@${slug}.example` },
      contract: {
        contractNumber,
        providerAgbCode: agbCode,
        region: 'Regio Demo',
        startDate: from,
        endDate: contractEnd,
        extensionOptionEndDate: addDays(contractEnd, 365),
        productCodes: products.map((p) => p.code),
        reporting: { evaluationIntervalMonths: 3, graceDays: 14 },
        ...(i % 4 === 0
          ? {
              kpiTargets: {
                dropout_rate: { target: 0.12, amberBand: 0.05 },
                evaluation_timeliness: { target: 0.85, amberBand: 0.1 },
              },
            }
          : {}),
      },
    };
  });
}

/** The closed quarters from the one `from` falls in up to the one before `today`. */
export function closedQuarters(from: IsoDate, today: IsoDate): string[] {
  const quarters: string[] = [];
  for (let q = previousQuarter(quarterOf(today)); quarterRange(q).end >= from; q = previousQuarter(q))
    quarters.unshift(q);
  return quarters;
}

/** Each provider's quarterly contract reports: most on time, some late, a poor provider's latest sometimes missing. */
export function demoQuarterlyReports(
  providers: DemoProvider[],
  quarters: string[],
  today: IsoDate,
  rnd: () => number,
): QuarterlyReportDoc[] {
  const docs: QuarterlyReportDoc[] = [];
  const weakest = [...providers].sort((a, b) => a.quality - b.quality)[0];
  for (const p of providers) {
    for (const [i, quarter] of quarters.entries()) {
      const due = quarterlyReportDue(quarter, { quarterlyReportDueDays: 30 });
      const latest = i === quarters.length - 1;
      if (rnd() > p.quality + (latest ? 0 : 0.1)) continue; // missing
      const submitted =
        rnd() < p.quality ? addDays(due, -Math.floor(rnd() * 20)) : addDays(due, 3 + Math.floor(rnd() * 30));
      if (submitted > today) continue;
      docs.push({
        _id: quarterlyReportId(p.contractNumber, quarter, 0),
        contractNumber: p.contractNumber,
        providerAgbCode: p.agbCode,
        quarter,
        revision: 0,
        status: 'current',
        waitingList: p.products.map((prod) => ({
          productCode: prod.code,
          // the weakest provider reports hardly anyone waiting (the monitor measures otherwise)
          count: Math.floor(rnd() * 25 * (1.2 - p.quality)) * (p === weakest ? 0 : 1),
          longestWaitDays: 10 + Math.floor(rnd() * 120 * (1.2 - p.quality)),
        })),
        capacity: {
          clientsInCare: 20 + Math.floor(rnd() * 80),
          placesAvailable: Math.floor(rnd() * 10),
          intakeStopped: rnd() < 0.05,
        },
        staff: {
          fte: 10 + Math.round(rnd() * 400) / 10,
          registeredShare: Math.round((0.7 + 0.3 * p.quality) * 100) / 100,
        },
        complaints: { received: Math.floor(rnd() * 4), upheld: rnd() < 0.2 ? 1 : 0 },
        incidents: { count: Math.floor(rnd() * 3), reportedToInspectorate: rnd() < 0.1 ? 1 : 0 },
        dueDate: due,
        onTime: submitted <= due,
        submittedAt: new Date(`${submitted}T09:00:00Z`),
        submittedBy: 'demo',
      });
    }
  }
  return docs;
}

/** Consultants' quarterly ratings: each team rates the providers it works with, a better provider higher. */
export function demoExperienceRatings(
  worksWith: Map<string, Set<string>>,
  quality: Map<string, number>,
  quarters: string[],
  rnd: () => number,
): ExperienceRatingDoc[] {
  const docs: ExperienceRatingDoc[] = [];
  for (const quarter of quarters) {
    const ratedAt = new Date(`${addDays(quarterRange(quarter).end, 10)}T12:00:00Z`);
    for (const [team, providers] of worksWith) {
      for (const agb of providers) {
        for (let consultant = 1; consultant <= 2; consultant += 1) {
          if (rnd() < 0.25) continue;
          const score = Math.max(1, Math.min(10, Math.round(3 + 6 * quality.get(agb)! + (rnd() - 0.5) * 3)));
          const ratedBy = `demo-${team}-${consultant}`;
          docs.push({
            _id: `${quarter}|${agb}|${ratedBy}`,
            quarter,
            providerAgbCode: agb,
            teamCode: team,
            score,
            ratedBy,
            ratedAt,
          });
        }
      }
    }
  }
  return docs;
}
