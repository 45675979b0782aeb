/**
 * The small-number rule for KPI figures per municipality (docs/kpis.md, "Small
 * numbers"): no figure lets a reader work out something about a few youths.
 *
 * A provider's overall row is the sum of its municipality rows (every youth counts in
 * its provider's row and in its municipality's). So per provider, quarter and KPI:
 * 1. a municipality row with fewer than `min` youths (and more than none) is
 *    suppressed: no value, numerator, denominator, breakdown or rating;
 * 2. complementary suppression: while fewer than two rows are suppressed, or the
 *    suppressed rows hold fewer than `min` youths together, or (a ratio) none or all of
 *    them count (so each withheld row's value would follow: 0 % or 100 %), the smallest
 *    other row with youths is suppressed too; so the overall row minus the shown rows
 *    gives neither one suppressed row, nor a small group, nor the value of each.
 * Suppressed rows look alike (no band, no "small sample"), so a reader cannot tell
 * which one was small. A provider with youths in one municipality only has that row
 * suppressed when it is small; its overall row tells the same, and is the provider's.
 */

/** A municipality row as the rule needs it. */
export interface MunicipalityRow {
  providerAgbCode: string;
  municipalityCode: string | null;
  kpi: string;
  numerator?: number | null;
  denominator: number | null;
}

/**
 * Which of these rows (one computation's, any providers and KPIs) are suppressed, by
 * index; `isRatio` says which KPIs are shares (their numerator counts youths).
 */
export function suppressedRows(
  rows: readonly MunicipalityRow[],
  min: number,
  isRatio: (kpi: string) => boolean = () => false,
): Set<number> {
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.municipalityCode === null || !r.denominator) return; // overall rows, and rows without youths
    const key = `${r.providerAgbCode}|${r.kpi}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const out = new Set<number>();
  for (const group of groups.values()) {
    const size = (i: number) => rows[i]!.denominator!;
    const counted = (i: number) => rows[i]!.numerator ?? 0;
    const ratio = isRatio(rows[group[0]!]!.kpi);
    const suppressed = group.filter((i) => size(i) < min);
    if (suppressed.length === 0) continue;
    const others = group
      .filter((i) => size(i) >= min)
      .sort((a, b) => size(a) - size(b) || rows[a]!.municipalityCode!.localeCompare(rows[b]!.municipalityCode!));
    let held = suppressed.reduce((sum, i) => sum + size(i), 0);
    let heldCounted = suppressed.reduce((sum, i) => sum + counted(i), 0);
    const allOrNone = () => ratio && (heldCounted === 0 || heldCounted === held);
    while (others.length > 0 && (suppressed.length < 2 || held < min || allOrNone())) {
      const next = others.shift()!;
      suppressed.push(next);
      held += size(next);
      heldCounted += counted(next);
    }
    for (const i of suppressed) out.add(i);
  }
  return out;
}

/**
 * Counts of flags per type under the same rule, for those who see case flags as counts
 * only: a type of case flags counted fewer than `min` times (and more than none) is
 * `null`. With a total beside them, the complementary step applies as for KPI rows (the
 * smallest other case type is withheld too, until two or more are and they hold `min`
 * or more together), and the total is withheld when that cannot be reached.
 */
export function disclosedCounts(
  counts: Readonly<Record<string, number>>,
  caseTypes: ReadonlySet<string>,
  min: number,
  total?: number,
): { counts: Record<string, number | null>; total: number | null } {
  const cases = Object.keys(counts).filter((t) => caseTypes.has(t) && counts[t]! > 0);
  const withheld = cases.filter((t) => counts[t]! < min);
  let totalShown = total ?? null;
  if (total !== undefined && withheld.length > 0) {
    const others = cases.filter((t) => counts[t]! >= min).sort((a, b) => counts[a]! - counts[b]! || a.localeCompare(b));
    let held = withheld.reduce((sum, t) => sum + counts[t]!, 0);
    while (others.length > 0 && (withheld.length < 2 || held < min)) {
      const next = others.shift()!;
      withheld.push(next);
      held += counts[next]!;
    }
    if (withheld.length < 2 || held < min) totalShown = null;
  }
  const hidden = new Set(withheld);
  return {
    counts: Object.fromEntries(Object.entries(counts).map(([t, n]) => [t, hidden.has(t) ? null : n])),
    total: totalShown,
  };
}
