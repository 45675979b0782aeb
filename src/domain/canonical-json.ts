/** JSON with object keys sorted, so equal values serialise equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** True when every field of `input` has the same value in `stored` (a retry of the submission that stored it). */
export function storedAsSubmitted(input: object, stored: object): boolean {
  return Object.entries(input).every(
    ([k, v]) => v === undefined || canonicalJson(v) === canonicalJson((stored as Record<string, unknown>)[k]),
  );
}
