import type { AllocationInput } from '../../src/services/allocations/allocations.service';

/** The CSV header of an allocation import, in the documented column order. */
export const CSV_HEADER = [
  'allocationNumber',
  'bsn',
  'birthDate',
  'municipalityCode',
  'teamCode',
  'providerAgbCode',
  'contractNumber',
  'productCategory',
  'productCode',
  'startDate',
  'endDate',
  'volumeAmount',
  'volumeUnit',
  'volumeFrequency',
  'referrerType',
  'careStartDate',
  'endReason',
];

/** One allocation as a CSV line (optionally with an end reason). */
export function csvLine(a: AllocationInput, sep = ';', endReason = ''): string {
  return [
    a.allocationNumber,
    a.client.bsn,
    a.client.birthDate,
    a.municipalityCode,
    a.teamCode,
    a.providerAgbCode,
    a.contractNumber,
    a.product.category,
    a.product.code,
    a.startDate,
    a.endDate,
    a.volume.amount,
    a.volume.unit,
    a.volume.frequency,
    a.referrerType,
    a.careStartDate ?? '',
    endReason,
  ].join(sep);
}

/** A whole CSV file. */
export function csvFile(rows: AllocationInput[], sep = ';'): string {
  return [CSV_HEADER.join(sep), ...rows.map((r) => csvLine(r, sep))].join('\r\n') + '\r\n';
}
