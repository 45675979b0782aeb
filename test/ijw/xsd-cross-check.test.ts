/**
 * The real iJw 3.2 XSDs agree with the hub: each shared example message, and each
 * message the tests build, is checked with `xmllint --schema` (Debian libxml2-utils)
 * against the XSDs, copied to a temp folder with the two loading traps mended (the
 * stray `## JWnnn.xsd` line before `<?xml`, and the lower-case `basisschema.xsd`
 * import), and read by the hub's own schema with the same verdict.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readIjwMessage } from '../../src/services/ijw/read-message';
import { parseXml } from '../../src/services/ijw/xml';
import { SchemaRegistry } from '../../src/validation/schemas';
import { jw301, jw307FromSharedJw305 } from '../support/ijw-messages';
import { sharedIjwFile } from '../support/ijw-shared';

const registry = new SchemaRegistry();
let dir: string;

beforeAll(() => {
  expect(execFileSync('xmllint', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBeDefined();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ijw-xsd-'));
  for (const name of ['Basisschema', 'JW301', 'JW305', 'JW307', 'JW315', 'JW317', 'JW319']) {
    const raw = sharedIjwFile(`xsd/${name}.xsd`);
    const mended = raw.slice(raw.indexOf('<?xml')); // trap 1: bytes before the XML declaration
    fs.writeFileSync(path.join(dir, `${name}.xsd`), mended);
  }
  fs.copyFileSync(path.join(dir, 'Basisschema.xsd'), path.join(dir, 'basisschema.xsd')); // trap 2: the import's lower-case name
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** xmllint's verdict on a message against the XSD of its type. */
function xmllint(xml: string, type: string): { valid: boolean; output: string } {
  const file = path.join(dir, `message-${type}-${Math.random().toString(36).slice(2)}.xml`);
  fs.writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--schema', path.join(dir, `${type}.xsd`), file], { encoding: 'utf8' });
  return { valid: run.status === 0, output: run.stderr };
}

function hubVerdict(xml: string): string {
  try {
    return readIjwMessage(registry, parseXml(xml)).type;
  } catch (err) {
    return `refused: ${(err as Error).message}`;
  }
}

describe('the shared examples against the real XSDs', () => {
  test.each(['JW301', 'JW305', 'JW317'])('%s validates with xmllint', (type) => {
    const result = xmllint(sharedIjwFile(`examples/${type}.xml`), type);
    expect(result.output).toMatch(/validates/);
    expect(result.valid).toBe(true);
  });

  test('JW315 fails: its ToewijzingEinddatum 2027-06-31 is not a date (a quirk of the example)', () => {
    const result = xmllint(sharedIjwFile('examples/JW315.xml'), 'JW315');
    expect(result.valid).toBe(false);
    expect(result.output).toMatch(/ToewijzingEinddatum.*2027-06-31/);
  });

  test('the hub reads JW301 and JW305 as valid, and refuses JW315/JW317 as messages it does not take', () => {
    expect(hubVerdict(sharedIjwFile('examples/JW301.xml'))).toBe('JW301');
    expect(hubVerdict(sharedIjwFile('examples/JW305.xml'))).toBe('JW305');
    expect(hubVerdict(sharedIjwFile('examples/JW315.xml'))).toMatch(/refused: JW315 is a provider's request/);
    expect(hubVerdict(sharedIjwFile('examples/JW317.xml'))).toMatch(/refused: JW317 is a provider's request/);
  });
});

describe("the tests' own messages are real iJw", () => {
  test('a built JW301 and the JW307 made from the shared JW305 validate with xmllint and in the hub', () => {
    const built = jw301({
      sender: '0505',
      receiver: '11111111',
      id: 'T1',
      bsn: '123456782',
      products: [{ number: '7001', start: '2026-06-01', end: '2026-12-31' }],
    });
    expect(xmllint(built, 'JW301').valid).toBe(true);
    expect(hubVerdict(built)).toBe('JW301');
    const stop = jw307FromSharedJw305('2026-06-30', '31');
    expect(xmllint(stop, 'JW307')).toMatchObject({ valid: true });
    expect(hubVerdict(stop)).toBe('JW307');
  });
});

describe('broken variants: xmllint and the hub both refuse, the hub naming the element', () => {
  const example = () => sharedIjwFile('examples/JW301.xml');
  test.each([
    [
      'a day that does not exist',
      (x: string) => x.replace('<jw301:Einddatum>2026-07-19', '<jw301:Einddatum>2026-07-32'),
      '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum',
    ],
    [
      'a code outside JZ020',
      (x: string) =>
        x.replace(/<ijw:Categorie>55<\/ijw:Categorie>(\s*<ijw:Code>55A12)/, '<ijw:Categorie>56</ijw:Categorie>$1'),
      '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Product/Categorie',
    ],
    [
      'a missing Geslacht',
      (x: string) => x.replace(/<jw301:Geslacht>1<\/jw301:Geslacht>(\s*<jw301:Naam>)/, '$1'),
      '/Bericht/Client/Geslacht',
    ],
    [
      'elements out of order',
      (x: string) =>
        x.replace(
          /(<jw301:Ingangsdatum>2026-04-01<\/jw301:Ingangsdatum>)(\s*)(<jw301:Einddatum>2026-07-14<\/jw301:Einddatum>)/,
          '$3$2$1',
        ),
      '/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Ingangsdatum',
    ],
    [
      'a base element in the message namespace',
      (x: string) => x.replace('<ijw:Datum>2010-02-14</ijw:Datum>', '<jw301:Datum>2010-02-14</jw301:Datum>'),
      '/Bericht/Client/Geboortedatum/Datum',
    ],
    [
      'an element the schema does not know',
      (x: string) => x.replace('<jw301:Bsn>', '<jw301:Roepnaam>Tom</jw301:Roepnaam><jw301:Bsn>'),
      '/Bericht/Client/Roepnaam',
    ],
  ])('%s', (_what, edit, elementPath) => {
    const broken = edit(example());
    expect(broken).not.toBe(example());
    expect(xmllint(broken, 'JW301').valid).toBe(false);
    let problem: { extras?: { errors?: { path: string }[] } } = {};
    try {
      readIjwMessage(registry, parseXml(broken));
    } catch (err) {
      problem = err as typeof problem;
    }
    expect(problem.extras?.errors?.map((e) => e.path)).toContain(elementPath);
  });

  test('an eleven-check failure passes the XSD (a pattern only) but not the hub (CS002)', () => {
    const broken = example().replace('<jw301:Bsn>999900006', '<jw301:Bsn>999900007');
    expect(xmllint(broken, 'JW301').valid).toBe(true);
    expect(hubVerdict(broken)).toMatch(/refused/);
  });

  test('a broken JW305: a StatusAanlevering outside COD467 and a missing Begindatum', () => {
    const broken = sharedIjwFile('examples/JW305.xml')
      .replace(
        '<jw305:StatusAanlevering>1</jw305:StatusAanlevering>',
        '<jw305:StatusAanlevering>5</jw305:StatusAanlevering>',
      )
      .replace('<jw305:Begindatum>2026-04-15</jw305:Begindatum>', '');
    expect(xmllint(broken, 'JW305').valid).toBe(false);
    let paths: string[] = [];
    try {
      readIjwMessage(registry, parseXml(broken));
    } catch (err) {
      paths = ((err as { extras: { errors: { path: string }[] } }).extras.errors ?? []).map((e) => e.path);
    }
    expect(paths).toEqual(
      expect.arrayContaining([
        '/Bericht/Client/StartProducten/StartProduct[1]/StatusAanlevering',
        '/Bericht/Client/StartProducten/StartProduct[2]/Begindatum',
      ]),
    );
  });
});
