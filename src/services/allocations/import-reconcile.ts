/** How an import reconciles its rows with the registered allocations. */
import type { AllocationSummary } from '../../records';
import type { FieldError } from '../../errors';
import { normaliseBsn } from '../../domain/bsn';
import type { SchemaRegistry } from '../../validation/schemas';
import type { ImportRow } from './import-rows';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { AllocationInput, AllocationPatch, EndReason } from './allocations.service';
import { hidesCase } from '../../policies/allocations.policy';
import type { Subject } from '../../policies/principal';

/** A row that was not applied, with every reason. */
export interface RejectedRow {
  row: number;
  allocationNumber?: string;
  errors: (FieldError & { column?: string })[];
}

/** A row that passed its checks, with the end reason it names (an ended allocation). */
export type ValidRow = {
  row: number;
  input: AllocationInput;
  endReason?: EndReason;
  /** The change reason the source gives (an iJw RedenWijziging); else 14, an administrative correction. */
  changeReason?: AllocationPatch['changeReason'];
};

/**
 * The registered allocations of the teams an import touches, loaded once per team
 * (one query each) and kept without their heavy fields.
 */
export class TeamAllocations {
  readonly byNumber = new Map<string, AllocationSummary>();
  /**
   * Numbers of the loaded teams' allocations hidden from the importer by the shield
   * (iJw OP003): like another team's, such a number is "already in use" and nothing
   * else about it is told (no field compared, not missing from the file).
   */
  readonly hidden = new Set<string>();
  private readonly loaded = new Set<string>();
  constructor(
    private readonly repo: AllocationsRepository,
    private readonly importer: Subject | null | undefined,
  ) {}

  private keep(doc: AllocationSummary): void {
    if (hidesCase(this.importer, doc)) this.hidden.add(doc._id);
    else this.byNumber.set(doc._id, doc);
  }

  async load(teamCode: string): Promise<void> {
    if (this.loaded.has(teamCode)) return;
    this.loaded.add(teamCode);
    for await (const doc of this.repo.streamScope({ teamCode })) this.keep(doc);
  }

  /**
   * Loads one allocation of the team by number (a few rows, as an iJw message has: no
   * pass over the team). Another team's allocation stays unknown, as with `load`: its
   * number is then "already in use", and nothing else about it is told.
   */
  async loadOne(allocationNumber: string, teamCode: string): Promise<void> {
    if (this.byNumber.has(allocationNumber) || this.hidden.has(allocationNumber)) return;
    const doc = await this.repo.findById(allocationNumber);
    if (doc?.teamCode === teamCode) {
      const { history: _history, evaluationFacts: _facts, client, ...rest } = doc;
      this.keep({ ...rest, client: { ref: client.ref, birthDate: client.birthDate } });
    }
  }

  activeNumbers(teams: string[]): string[] {
    return [...this.byNumber.values()]
      .filter((d) => d.status === 'active' && teams.includes(d.teamCode))
      .map((d) => d._id);
  }
}

/** Fields an import may not change on an existing allocation (they make it another allocation). */
export function immutableDifferences(
  current: AllocationSummary,
  input: AllocationInput,
  clientRef: (bsn: string) => string,
): FieldError[] {
  const differs: FieldError[] = [];
  const say = (path: string) =>
    differs.push({
      path,
      message: `differs from the registered allocation ${current._id}; register a new allocation instead`,
    });
  if (current.client.ref !== clientRef(input.client.bsn)) say('/client/bsn');
  if (current.client.birthDate !== input.client.birthDate) say('/client/birthDate');
  if (current.providerAgbCode !== input.providerAgbCode) say('/providerAgbCode');
  if (current.teamCode !== input.teamCode) say('/teamCode');
  if (current.municipalityCode !== input.municipalityCode) say('/municipalityCode');
  if (current.contractNumber !== input.contractNumber) say('/contractNumber');
  if (current.product.code !== input.product.code || current.product.category !== input.product.category)
    say('/product');
  if (current.startDate !== input.startDate) say('/startDate');
  if (current.referrerType !== input.referrerType) say('/referrerType');
  return differs;
}

/** The change a row asks for, or null when it matches the registered allocation. */
export function patchFor(current: AllocationSummary, row: ValidRow): AllocationPatch | null {
  const { input, endReason } = row;
  if (current.status === 'ended') {
    return current.endReason === endReason && current.endDate === input.endDate
      ? null
      : { end: { reason: (endReason ?? '') as EndReason, date: input.endDate } }; // no reason: the change is refused as before
  }
  const patch: AllocationPatch = {};
  if (endReason) patch.end = { reason: endReason, date: input.endDate };
  else if (input.endDate !== current.endDate) patch.endDate = input.endDate;
  const v = input.volume;
  if (v.amount !== current.volume.amount || v.unit !== current.volume.unit || v.frequency !== current.volume.frequency)
    patch.volume = v;
  if (input.careStartDate && input.careStartDate !== current.careStartDate) patch.careStartDate = input.careStartDate;
  if (Object.keys(patch).length === 0) return null;
  if (patch.endDate || patch.volume) patch.changeReason = row.changeReason ?? '14'; // JZ002 14: administrative correction (01 is obsolete)
  patch.note = row.changeReason ? `iJw change reason ${row.changeReason}` : 'import';
  return patch;
}

/** Schema, scope and duplicate checks of one row; registry rules come per chunk. */
export function checkRow(
  registry: SchemaRegistry,
  row: ImportRow,
  ownTeam: string | undefined,
  seen: Map<string, number>,
): ValidRow | RejectedRow {
  if ('unreadable' in row) return { row: row.row, errors: row.unreadable };
  const { endReason, changeReason, ...payload } = row.payload;
  const number = typeof payload.allocationNumber === 'string' ? payload.allocationNumber : undefined;
  const problems = [
    ...registry.validate('allocation.v1.json', payload),
    ...(endReason === undefined
      ? []
      : registry
          .validateRef('common/codes.v1.json#/$defs/endReason', endReason)
          .map((e) => ({ ...e, path: '/endReason' }))),
    ...(changeReason === undefined
      ? []
      : registry
          .validateRef('common/codes.v1.json#/$defs/changeReason', changeReason)
          .map((e) => ({ ...e, path: '/changeReason' }))),
  ];
  if (problems.length === 0 && ownTeam && payload.teamCode !== ownTeam) {
    problems.push({
      path: '/teamCode',
      message: `consultants import allocations of their own team (${ownTeam}) only`,
    });
  }
  if (number !== undefined) {
    const first = seen.get(number);
    if (first !== undefined)
      problems.push({ path: '/allocationNumber', message: `appears twice in the file (first at row ${first})` });
    else seen.set(number, row.row);
  }
  if (problems.length > 0) return { row: row.row, ...(number ? { allocationNumber: number } : {}), errors: problems };
  const input = payload as unknown as AllocationInput;
  input.client.bsn = normaliseBsn(input.client.bsn);
  return {
    row: row.row,
    input,
    ...(endReason === undefined ? {} : { endReason: endReason as EndReason }),
    ...(changeReason === undefined ? {} : { changeReason: changeReason as ValidRow['changeReason'] }),
  };
}
