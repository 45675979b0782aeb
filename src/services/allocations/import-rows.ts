import readline from 'node:readline';
import { pipeline, Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { FieldError } from '../../errors';
import { errors } from '../../errors';

/** One row of an import file: its line number and either a payload or why it could not be read. */
export type ImportRow = { row: number; payload: Record<string, unknown> } | { row: number; unreadable: FieldError[] };

/** CSV column -> JSON Pointer in the allocation payload. */
export const CSV_COLUMNS: Record<string, string> = {
  allocationNumber: '/allocationNumber',
  bsn: '/client/bsn',
  birthDate: '/client/birthDate',
  municipalityCode: '/municipalityCode',
  teamCode: '/teamCode',
  providerAgbCode: '/providerAgbCode',
  contractNumber: '/contractNumber',
  productCategory: '/product/category',
  productCode: '/product/code',
  startDate: '/startDate',
  endDate: '/endDate',
  volumeAmount: '/volume/amount',
  volumeUnit: '/volume/unit',
  volumeFrequency: '/volume/frequency',
  referrerType: '/referrerType',
  careStartDate: '/careStartDate',
  endReason: '/endReason',
};
const REQUIRED_COLUMNS = Object.keys(CSV_COLUMNS).filter((c) => !['careStartDate', 'endReason'].includes(c));
/** Spreadsheets drop leading zeros; these columns get them back. */
const ZERO_PADDED: Record<string, number> = {
  municipalityCode: 4,
  providerAgbCode: 8,
  productCategory: 2,
  volumeUnit: 2,
  referrerType: 2,
  endReason: 2,
};

/** The CSV column a JSON Pointer came from, for error reports on CSV imports. */
export function columnOf(pointer: string): string | undefined {
  return Object.entries(CSV_COLUMNS).find(([, p]) => pointer === p || pointer.startsWith(`${p}/`))?.[0];
}

function normaliseCell(column: string, raw: string): string | number {
  let value = raw.trim();
  const dutchDate = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(value);
  if (dutchDate && /Date$/.test(column))
    value = `${dutchDate[3]}-${dutchDate[2]!.padStart(2, '0')}-${dutchDate[1]!.padStart(2, '0')}`;
  const width = ZERO_PADDED[column];
  if (width && /^\d+$/.test(value) && value.length < width) value = value.padStart(width, '0');
  if (column === 'volumeAmount' && /^\d+$/.test(value)) return Number(value);
  return value;
}

function csvRecordToPayload(record: Record<string, string>): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const [column, pointer] of Object.entries(CSV_COLUMNS)) {
    const raw = record[column];
    if (raw === undefined || raw.trim() === '') continue;
    const parts = pointer.slice(1).split('/');
    let target = payload;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]!] = normaliseCell(column, raw);
  }
  return payload;
}

/**
 * Streams CSV rows (header row; `;` or `,` separated; UTF-8, BOM allowed; dates as
 * YYYY-MM-DD or DD-MM-YYYY) as allocation payloads. A header with unknown or missing
 * columns refuses the whole file before any row is applied.
 */
export async function* readCsvRows(input: Readable): AsyncGenerator<ImportRow> {
  const skipped: ImportRow[] = [];
  let tooLong: number | undefined; // the line of a record over MAX_CSV_RECORD_CHARS
  const parser = parse({
    bom: true,
    // one record is well under 2 KiB; an unclosed quote would otherwise hold the rest of the file
    max_record_size: MAX_CSV_RECORD_CHARS,
    delimiter: [';', ','],
    skip_empty_lines: true,
    skip_records_with_error: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim());
      const unknown = names.filter((n) => !(n in CSV_COLUMNS));
      const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
      if (unknown.length > 0 || missing.length > 0) {
        throw errors.unprocessable('import-header', 'The CSV header does not name the expected columns.', [
          ...unknown.map((c) => ({ path: `/header/${c}`, message: 'is not a known column' })),
          ...missing.map((c) => ({ path: `/header/${c}`, message: 'is a required column and is missing' })),
        ]);
      }
      return names;
    },
    on_record: (record: Record<string, string>, context) => ({ row: context.lines, record }),
    on_skip: (err) => {
      if ((err as { code?: string } | undefined)?.code === 'CSV_MAX_RECORD_SIZE') {
        tooLong ??= (err as { lines?: number } | undefined)?.lines ?? 0;
        return undefined;
      }
      skipped.push({
        row: (err as { lines?: number } | undefined)?.lines ?? 0,
        unreadable: [{ path: '/', message: err?.message ?? 'unreadable line' }],
      });
      return undefined;
    },
  });
  // pipeline, not pipe: an error of the upload (or of the header check) destroys both
  // streams and reaches the loop below, instead of being an unhandled 'error' event.
  pipeline(input, parser, () => {
    // Errors reach the reader through the destroyed parser.
  });
  const stopIfTooLong = () => {
    if (tooLong === undefined) return;
    parser.destroy();
    throw errors.importLineTooLong(tooLong, MAX_CSV_RECORD_CHARS, 'characters');
  };
  for await (const item of parser as AsyncIterable<{ row: number; record: Record<string, string> }>) {
    stopIfTooLong();
    while (skipped.length > 0) yield skipped.shift()!;
    yield { row: item.row, payload: csvRecordToPayload(item.record) };
  }
  stopIfTooLong();
  while (skipped.length > 0) yield skipped.shift()!;
}

/** The longest record a CSV import may hold, in characters: one allocation is well under 2 KiB. */
export const MAX_CSV_RECORD_CHARS = 64 * 1024;

/** The longest line an NDJSON import may hold: one allocation is well under 2 KiB. */
export const MAX_NDJSON_LINE_BYTES = 64 * 1024;

/**
 * Passes bytes through while no line is longer than `max` bytes; a longer one ends the
 * stream with a 413 problem naming the line, before the line is held in memory whole.
 */
function lineLengthGuard(max: number): Transform {
  let line = 1;
  let length = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(0x0a, start);
        length += (newline === -1 ? chunk.length : newline) - start;
        if (length > max) {
          callback(errors.importLineTooLong(line, max));
          return;
        }
        if (newline === -1) break;
        line += 1;
        length = 0;
        start = newline + 1;
      }
      callback(null, chunk);
    },
  });
}

/** Streams NDJSON rows: one allocation JSON object per line, blank lines ignored. */
export async function* readNdjsonRows(
  input: Readable,
  maxLineBytes = MAX_NDJSON_LINE_BYTES,
): AsyncGenerator<ImportRow> {
  let row = 0;
  const guarded = lineLengthGuard(maxLineBytes);
  // pipeline: an error of the upload or of the guard destroys both and reaches the loop below
  pipeline(input, guarded, () => {});
  for await (const line of readline.createInterface({ input: guarded, crlfDelay: Infinity })) {
    row += 1;
    if (line.trim() === '') continue;
    try {
      const payload = JSON.parse(line) as unknown;
      if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
        yield { row, unreadable: [{ path: '/', message: 'each line must be one JSON object' }] };
      } else {
        yield { row, payload: payload as Record<string, unknown> };
      }
    } catch {
      yield { row, unreadable: [{ path: '/', message: 'is not valid JSON' }] };
    }
  }
}
