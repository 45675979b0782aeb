/** Dutch formats: dates dd-mm-jjjj, decimal comma. */
const number = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1 });

/** `2026-07-01` (or an ISO timestamp) as `01-07-2026`; a dash when absent. */
export function date(iso: string | null | undefined): string {
  if (!iso) return '–';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}-${m}-${y}`;
}

/** A number with a decimal comma. */
export function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : number.format(value);
}

/** A KPI value in its unit: ratios as percentages, scores and days as numbers. */
export function kpiValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return 'geen data';
  return unit === 'ratio' ? percent.format(value) : number.format(value);
}
