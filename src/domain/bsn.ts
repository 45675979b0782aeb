/** True when a 9-digit string passes the BSN 11-check (9*d1 + 8*d2 + ... + 2*d8 - 1*d9 ≡ 0 mod 11). */
export function isValidBsn(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += (9 - i) * Number(bsn[i]);
  sum -= Number(bsn[8]);
  return sum % 11 === 0 && bsn !== '000000000';
}

/** Normalises a BSN as written in the field (an 8-digit BSN gets its leading zero). */
export function normaliseBsn(input: string): string {
  const digits = input.trim();
  return /^\d{8}$/.test(digits) ? `0${digits}` : digits;
}

/** Replaces every BSN-shaped number (9 digits passing the 11-check) in free text. */
export function maskBsnsInText(text: string): string {
  return text.replace(/(?<!\d)\d{9}(?!\d)/g, (m) => (isValidBsn(m) ? '[BSN]' : m));
}

/**
 * A URL path or query string with every BSN-shaped value masked: digit runs of 8 or 9
 * (a BSN written without its leading zero too) that pass the 11-check. Used before a
 * path reaches a log line, a metric label or an error.
 */
export function maskBsnsInUrl(url: string): string {
  return url.replace(/(?<![0-9])[0-9]{8,9}(?![0-9])/g, (m) => (isValidBsn(normaliseBsn(m)) ? '[BSN]' : m));
}
