import { isValidBsn } from './bsn';

let table: string[] | undefined;

/** Every valid BSN of the form 9999xxxxc (the range Dutch test environments use). */
function testBsnTable(): string[] {
  if (!table) {
    table = [];
    for (let body = 0; body < 10_000; body += 1) {
      const stem = `9999${String(body).padStart(4, '0')}`;
      let sum = 0;
      for (let i = 0; i < 8; i += 1) sum += (9 - i) * Number(stem[i]);
      const bsn = `${stem}${sum % 11}`;
      if (sum % 11 !== 10 && isValidBsn(bsn)) table.push(bsn);
    }
  }
  return table;
}

/** The n-th fictional BSN for demo data and tests (cycles through about 9,000 of them). */
export function fictionalBsn(n: number): string {
  const all = testBsnTable();
  return all[((n % all.length) + all.length) % all.length]!;
}
