/** Quarters as the API writes them (`2026-Q3`), counted back from today. */
export function quartersBack(count: number, from = new Date()): string[] {
  let y = from.getFullYear();
  let q = Math.floor(from.getMonth() / 3) + 1;
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
