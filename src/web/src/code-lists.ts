/** The iJw code lists with their Dutch titles, read once from the published schema (common/codes.v1.json). */
import { api } from './api';

type Codes = { $defs: Record<string, { oneOf?: { const: string; title: string }[] }> };
let loading: Promise<Codes> | undefined;

/** A code list (a `$defs` name, e.g. `rejectionCode`) as value and Dutch title. */
export async function codeList(name: string): Promise<{ value: string; title: string }[]> {
  loading ??= api<Codes>('/v1/schemas/common/codes.v1.json');
  return ((await loading).$defs[name]?.oneOf ?? []).map((o) => ({ value: o.const, title: o.title }));
}
