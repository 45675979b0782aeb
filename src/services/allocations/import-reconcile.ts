/** How an import reconciles its rows with the registered allocations. */
import type { AllocationSummary } from '../../records';
import type { FieldError } from '../../errors';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { AllocationInput, AllocationPatch, EndReason } from './allocations.service';

/** A row that passed its checks, with the end reason it names (an ended allocation). */
export type ValidRow = { row: number; input: AllocationInput; endReason?: EndReason };

/**
 * The registered allocations of the teams an import touches, loaded once per team
 * (one query each) and kept without their heavy fields.
 */
export class TeamAllocations {
  readonly byNumber = new Map<string, AllocationSummary>();
  private readonly loaded = new Set<string>();
  constructor(private readonly repo: AllocationsRepository) {}

  async load(teamCode: string): Promise<void> {
    if (this.loaded.has(teamCode)) return;
    this.loaded.add(teamCode);
    for await (const doc of this.repo.streamScope({ teamCode })) this.byNumber.set(doc._id, doc);
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
  if (patch.endDate || patch.volume) patch.changeReason = '14'; // JZ002 14: administrative correction (01 is obsolete)
  patch.note = 'import';
  return patch;
}
