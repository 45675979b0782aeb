/** The hub's calendar in the browser: dates and quarters as the Netherlands counts them. */

/** Today's date in the Netherlands (`2026-07-01`), whatever the browser's time zone: the hub's calendar. */
export function today(at: Date = new Date()): string {
  return at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

/** The Dutch date `days` days before today. */
export function daysAgo(days: number, at: Date = new Date()): string {
  const [y, m, d] = today(at).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/** Quarters as the API writes them (`2026-Q3`), counted back from today in the Netherlands. */
export function quartersBack(count: number, from: string = today()): string[] {
  let y = Number(from.slice(0, 4));
  let q = Math.ceil(Number(from.slice(5, 7)) / 3);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
    out.push(`${y}-Q${q}`);
  }
  return out;
}

/** `2026-Q3` as `3e kwartaal 2026`. */
export const quarterLabel = (q: string) => `${q.slice(6)}e kwartaal ${q.slice(0, 4)}`;
