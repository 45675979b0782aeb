/**
 * What an iJw message does to the hub's allocations. JW301 products become rows for
 * the import's reconciliation (created, updated with the message's change reason, or
 * unchanged); JW305 sets the day care started; JW307 ends the allocation. A product
 * the hub cannot apply is rejected with the elements that say why.
 */
import type { ContractDoc, IjwProductResult } from '../../records';
import { HttpError, type FieldError } from '../../errors';
import type { Actor } from '../actor';
import type { AllocationImportService } from '../allocations/allocation-import.service';
import type { AllocationsService } from '../allocations/allocations.service';
import type { RegistryService } from '../registry/registry.service';
import { productPath, startStopProducts, type IjwMessage, type StopProduct } from './messages';
import { careOutside } from '../../domain/care';
import type { CareReport } from '../allocations/care-reports';
import type { AllocationDoc } from '../../records';

export interface ApplyDeps {
  registry: RegistryService;
  imports: AllocationImportService;
  allocations: AllocationsService;
  clientRef: (bsn: string) => string;
}

type Jw301 = Extract<IjwMessage, { type: 'JW301' }>['content'];
type StartStop = Extract<IjwMessage, { type: 'JW305' | 'JW307' }>;

/** iJw numbers are integers: `0300201` and `300201` are one allocation. */
const numberOf = (n: string) => String(Number(n));

/** An allocation field (JSON Pointer of allocation.v1.json) as the JW301 element that carries it. */
function elementOf(pointer: string, product: string): string {
  const table: [string, string][] = [
    ['/client/bsn', '/Bericht/Client/Bsn'],
    ['/client/birthDate', '/Bericht/Client/Geboortedatum/Datum'],
    ['/municipalityCode', '/Bericht/Header/Afzender'],
    ['/teamCode', '/Bericht/Header/Afzender'],
    ['/providerAgbCode', '/Bericht/Header/Ontvanger'],
    ['/allocationNumber', `${product}/ToewijzingNummer`],
    ['/contractNumber', `${product}/Product/Code`],
    ['/product/category', `${product}/Product/Categorie`],
    ['/product', `${product}/Product/Code`],
    ['/startDate', `${product}/Ingangsdatum`],
    ['/endDate', `${product}/Einddatum`],
    ['/volume/amount', `${product}/Omvang/Volume`],
    ['/volume', `${product}/Omvang`],
    ['/changeReason', `${product}/RedenWijziging`],
    ['/careStartDate', product],
    ['/referrerType', '?referrerType'],
  ];
  return table.find(([field]) => pointer === field || pointer.startsWith(`${field}/`))?.[1] ?? product;
}

/** The provider's contract that covers the product on its start date (else the first that covers it). */
function contractFor(contracts: ContractDoc[], code: string, start: string): ContractDoc | undefined {
  const covering = contracts.filter((c) => c.productCodes.includes(code));
  const inForce = covering.filter((c) => start >= c.startDate && start <= (c.extensionOptionEndDate ?? c.endDate));
  return inForce.sort((a, b) => b.startDate.localeCompare(a.startDate))[0] ?? covering[0];
}

/** Applies a JW301 for a team: its products as allocations. */
export async function applyJw301(
  deps: ApplyDeps,
  actor: Actor,
  content: Jw301,
  teamCode: string,
  referrerType: string,
): Promise<IjwProductResult[]> {
  const { Header: header, Client: client } = content;
  const contracts = await deps.registry.contractsOf(header.Ontvanger);
  const results: IjwProductResult[] = [];
  const rows = [];
  const products = client.ToegewezenProducten.ToegewezenProduct;
  for (const [i, p] of products.entries()) {
    const path = productPath('JW301', i + 1);
    const allocationNumber = numberOf(p.ToewijzingNummer);
    const problems: FieldError[] = [];
    const need = (rel: string, message: string) => problems.push({ path: `${path}${rel}`, message });
    if (!p.Product?.Code)
      need('/Product/Code', "is required by the hub: it finds the provider's contract by product code");
    if (!p.Einddatum)
      need('/Einddatum', 'is required by the hub: an allocation without an end date cannot be registered');
    if (!p.Omvang) need('/Omvang', 'is required by the hub: it registers volume, not a budget');
    if (p.RedenWijziging === '13')
      need('/RedenWijziging', '13 (deleted, sent in error) is not applied: an admin removes the allocation');
    const contract = p.Product?.Code ? contractFor(contracts, p.Product.Code, p.Ingangsdatum) : undefined;
    if (p.Product?.Code && !contract)
      need('/Product/Code', `no contract of provider ${header.Ontvanger} covers product ${p.Product.Code}`);
    if (problems.length > 0 || !contract) {
      results[i] = { product: i + 1, path, allocationNumber, outcome: 'rejected', errors: problems };
      continue;
    }
    rows.push({
      row: i + 1,
      payload: {
        allocationNumber,
        client: { bsn: client.Bsn, birthDate: client.Geboortedatum.Datum },
        municipalityCode: header.Afzender,
        teamCode,
        providerAgbCode: header.Ontvanger,
        contractNumber: contract._id,
        product: { category: p.Product!.Categorie, code: p.Product!.Code },
        startDate: p.Ingangsdatum,
        endDate: p.Einddatum,
        volume: { amount: Number(p.Omvang!.Volume), unit: p.Omvang!.Eenheid, frequency: p.Omvang!.Frequentie },
        referrerType,
        ...(p.RedenWijziging ? { changeReason: p.RedenWijziging } : {}),
      },
    });
  }
  const report = await deps.imports.applyRows(actor, rows, teamCode);
  for (const o of report.outcomes ?? []) {
    results[o.row - 1] = {
      product: o.row,
      path: productPath('JW301', o.row),
      allocationNumber: o.allocationNumber,
      outcome: o.outcome,
    };
  }
  for (const r of report.rejected) {
    const path = productPath('JW301', r.row);
    const errs = r.errors.map((e) => ({ path: elementOf(e.path, path), message: e.message }));
    results[r.row - 1] = {
      product: r.row,
      path,
      allocationNumber: r.allocationNumber ?? null,
      outcome: 'rejected',
      errors: errs,
    };
  }
  return results;
}

/** What the report says of care recorded outside the allocation's period (a fact kept, and flagged). */
function outsideWarnings(a: AllocationDoc, path: string): FieldError[] {
  const { before, after, stopDate } = careOutside(a);
  const out: FieldError[] = [];
  if (before > 0)
    out.push({
      path: `${path}/Begindatum`,
      message: `lies ${before} day(s) before the allocation's start (${a.startDate}): recorded as reported, flag care_outside_allocation raised`,
    });
  if (after > 0)
    out.push({
      path: `${path}/Einddatum`,
      message: `lies ${after} day(s) after the allocation's end (${a.endDate}): recorded as reported (${stopDate}), the allocation ended on its own end date, flag care_outside_allocation raised`,
    });
  return out;
}

/** Applies a JW305 (care started) or JW307 (care stopped) to the allocations it names. */
export async function applyStartStop(deps: ApplyDeps, actor: Actor, message: StartStop): Promise<IjwProductResult[]> {
  const { Header: header, Client: client } = message.content;
  const clientRef = deps.clientRef(client.Bsn);
  const results: IjwProductResult[] = [];
  for (const [i, p] of startStopProducts(message).entries()) {
    const path = productPath(message.type, i + 1);
    const reject = (allocationNumber: string | null, errs: FieldError[]) =>
      results.push({ product: i + 1, path, allocationNumber, outcome: 'rejected', errors: errs });
    if (!p.ToewijzingNummer) {
      reject(null, [
        { path: `${path}/ToewijzingNummer`, message: 'is required by the hub: it finds the allocation by number' },
      ]);
      continue;
    }
    const number = numberOf(p.ToewijzingNummer);
    try {
      const current = await deps.allocations.get(actor, number);
      const problems: FieldError[] = [];
      if (current.providerAgbCode !== header.Afzender)
        problems.push({ path: '/Bericht/Header/Afzender', message: `is not the provider of allocation ${number}` });
      if (current.municipalityCode !== header.Ontvanger)
        problems.push({
          path: '/Bericht/Header/Ontvanger',
          message: `is not the municipality of allocation ${number}`,
        });
      if (current.client.ref !== clientRef)
        problems.push({ path: '/Bericht/Client/Bsn', message: `is not the client of allocation ${number}` });
      if (p.Product?.Code && p.Product.Code !== current.product.code)
        problems.push({ path: `${path}/Product/Code`, message: `is not the product of allocation ${number}` });
      if (p.ToewijzingIngangsdatum && p.ToewijzingIngangsdatum !== current.startDate)
        problems.push({ path: `${path}/ToewijzingIngangsdatum`, message: `is not the start of allocation ${number}` });
      if (problems.length > 0) {
        reject(number, problems);
        continue;
      }
      const stop = message.type === 'JW307' ? (p as StopProduct) : null;
      const withdraw = p.StatusAanlevering === '3';
      const report: CareReport = stop
        ? withdraw
          ? { kind: 'withdraw-stop', date: stop.Einddatum, reason: stop.RedenBeeindiging }
          : { kind: 'stop', start: p.Begindatum, date: stop.Einddatum, reason: stop.RedenBeeindiging }
        : withdraw
          ? { kind: 'withdraw-start', date: p.Begindatum }
          : { kind: 'start', date: p.Begindatum };
      const updated = await deps.allocations.reportCare(actor, number, report);
      if (!updated) {
        results.push({ product: i + 1, path, allocationNumber: number, outcome: 'unchanged' });
        continue;
      }
      const warnings = outsideWarnings(updated, path);
      results.push({
        product: i + 1,
        path,
        allocationNumber: number,
        outcome: 'updated',
        ...(warnings.length > 0 ? { warnings } : {}),
      });
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const errs = err.extras.errors?.map((e) => ({ path: `${path}${e.path}`, message: e.message }));
      reject(
        number,
        errs ?? [
          {
            path: `${path}/ToewijzingNummer`,
            message: err.status === 404 ? `allocation ${number} is not one you can see` : err.detail,
          },
        ],
      );
    }
  }
  return results;
}
