import { stringify } from 'csv-stringify/sync';
import { KPI_BY_ID } from '../kpis/definitions';
import type { KpiId } from '../kpis/types';
import type { KpiRow } from '../services/kpis/kpis.service';
import { suppressedRow } from './kpis.presenter';

const RATING_NL: Record<KpiRow['rating'], string> = {
  green: 'groen',
  amber: 'oranje',
  red: 'rood',
  no_data: 'geen gegevens',
};
const UNIT_NL = { ratio: 'aandeel', score: 'cijfer', days: 'dagen' } as const;
const decimal = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 4, useGrouping: false });
const number = (n: number | null) => (n === null ? '' : decimal.format(n));

/**
 * A text cell that a spreadsheet would run as a formula (starting with = + - @, tab or
 * CR) gets a leading apostrophe; numbers stay numbers.
 */
export function defuseCell(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(,\d+)?$/.test(cell) ? `'${cell}` : cell;
}

/** The columns of the KPI export, in Dutch. */
export const KPI_CSV_COLUMNS = [
  'Kwartaal',
  'AGB-code',
  'Aanbieder',
  'Gemeente',
  'KPI',
  'Omschrijving',
  'Eenheid',
  'Waarde',
  'Teller',
  'Noemer',
  'Norm',
  'Bandbreedte',
  'Beoordeling',
  'Kleine aantallen',
  'Status',
  'Berekend op',
];

/**
 * KPI rows as CSV that opens cleanly in Excel with Dutch settings: UTF-8 with BOM,
 * `;` between fields, decimal comma, CRLF line ends, Dutch headers and labels. It
 * holds provider and municipality figures only, never a client identifier; a
 * municipality row the small-number rule suppressed says `afgeschermd` instead of its
 * figures and rating, and a provider row below KPI_MIN_DENOMINATOR shows its count band only.
 */
export function kpiRowsToCsv(
  rows: readonly KpiRow[],
  providerNames: Map<string, string>,
  minDenominator: number,
): string {
  return stringify(
    rows
      .map((row) => suppressedRow(row, minDenominator, true))
      .map((r) =>
        (
          [
            r.quarter,
            r.providerAgbCode,
            providerNames.get(r.providerAgbCode) ?? '',
            r.municipalityCode ?? 'alle',
            r.kpi,
            r.name.nl,
            UNIT_NL[KPI_BY_ID.get(r.kpi as KpiId)!.unit],
            number(r.value),
            number(r.numerator),
            r.suppressed ? 'afgeschermd' : (r.denominatorBand ?? String(r.denominator)),
            number(r.target),
            number(r.amberBand),
            r.rating === null ? 'afgeschermd' : RATING_NL[r.rating],
            r.smallSample === null ? '' : r.smallSample ? 'ja' : 'nee',
            r.status === 'final' ? 'definitief' : 'voorlopig',
            r.computedAt,
          ] as (string | number)[]
        ).map((c) => (typeof c === 'string' ? defuseCell(c) : c)),
      ),
    { bom: true, delimiter: ';', record_delimiter: 'windows', header: true, columns: KPI_CSV_COLUMNS },
  );
}
