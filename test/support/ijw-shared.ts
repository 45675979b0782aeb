/**
 * The real iJw 3.2 XSDs and example messages from the field, read where the project
 * keeps its shared test data (`../shared/ijw`, or IJW_SHARED_DIR); never copied into
 * the repository.
 */
import fs from 'node:fs';
import path from 'node:path';

/** IJW_SHARED_DIR, else the first `shared/ijw` beside the checkout or a folder above it (a clone may sit deeper), else the workplace's. */
function findSharedDir(): string {
  if (process.env.IJW_SHARED_DIR) return process.env.IJW_SHARED_DIR;
  const candidates: string[] = [];
  for (let dir = path.resolve(__dirname, '..', '..', '..'); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'shared', 'ijw'));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push('/work/shared/ijw');
  return candidates.find((c) => fs.existsSync(path.join(c, 'FACTS.md'))) ?? candidates[0]!;
}

export const IJW_SHARED_DIR = findSharedDir();

/** The bytes of a shared file, e.g. `xsd/Basisschema.xsd` or `examples/JW301.xml`. */
export function sharedIjwFile(rel: string): string {
  const file = path.join(IJW_SHARED_DIR, rel);
  if (!fs.existsSync(file))
    throw new Error(`${file} is missing: the iJw test data lives in ../shared/ijw (or set IJW_SHARED_DIR)`);
  return fs.readFileSync(file, 'utf8');
}

/** The enumerations of Basisschema.xsd: simple type name → [value, Dutch label][]. */
export function xsdCodeLists(): Map<string, [string, string][]> {
  const xsd = sharedIjwFile('xsd/Basisschema.xsd');
  const lists = new Map<string, [string, string][]>();
  for (const m of xsd.matchAll(/<xs:simpleType name="(LDT_\w+)">([\s\S]*?)<\/xs:simpleType>/g)) {
    const values = [
      ...m[2]!.matchAll(
        /<xs:enumeration value="([^"]*)">\s*<xs:annotation>\s*<xs:documentation>([\s\S]*?)<\/xs:documentation>/g,
      ),
    ].map((v) => [v[1]!, v[2]!.trim()] as [string, string]);
    if (values.length > 0) lists.set(m[1]!, values);
  }
  return lists;
}
