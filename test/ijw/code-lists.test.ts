/**
 * The hub's iJw code lists are the standard's: each list in schemas/common/codes.v1.json
 * holds exactly the values of its simple type in the real iJw 3.2 Basisschema.xsd, each
 * with a Dutch label for screens, and a wrong code gets one readable error.
 */
import { SchemaRegistry } from '../../src/validation/schemas';
import { xsdCodeLists } from '../support/ijw-shared';

interface CodeList {
  oneOf: { const: string; title: string }[];
}

const registry = new SchemaRegistry();
const defs = (registry.get('common/codes.v1.json') as unknown as { $defs: Record<string, CodeList> }).$defs;
const xsd = xsdCodeLists();

describe('iJw code lists', () => {
  test.each([
    ['productCategory', 'LDT_ProductCategorie', 24], // JZ020: the 2015 set 31-38 and 40-55; no 56 or 57
    ['unit', 'LDT_Eenheid', 7], // WJ756
    ['frequency', 'LDT_Frequentie', 4], // WMO757
    ['endReason', 'LDT_RedenBeeindiging', 11], // JZ588
    ['changeReason', 'LDT_RedenWijziging', 14], // JZ002
    ['rejectionCode', 'LDT_RedenAfwijzingVerzoek', 9], // WJ759
    ['referrerType', 'LDT_TypeVerwijzer', 7], // COD327
  ])('%s holds the values of %s, each with a Dutch label', (def, simpleType, count) => {
    const ours = defs[def]!.oneOf;
    const theirs = xsd.get(simpleType)!;
    expect(ours.map((c) => c.const)).toEqual(theirs.map(([value]) => value));
    expect(ours).toHaveLength(count);
    for (const c of ours) expect(c.title.length).toBeGreaterThanOrEqual(3);
  });

  test('labels read as the standard names them', () => {
    const label = (def: string, code: string) => defs[def]!.oneOf.find((c) => c.const === code)?.title;
    expect(label('productCategory', '45')).toBe('Jeugdhulp ambulant');
    expect(label('endReason', '32')).toBe('Voortijdig afgesloten: eenzijdig door de cliënt');
    expect(label('rejectionCode', '8')).toBe('Woonplaatsbeginsel');
    expect(label('changeReason', '04')).toBe('Herbeoordeling: verlenging toewijzing');
    expect(defs.productCategory!.oneOf.map((c) => c.const)).not.toContain('56');
  });

  test('a code outside its list is one error naming the allowed values', () => {
    expect(registry.validate('decision.v1.json', { decision: 'rejected', rejectionCode: '10', note: 'x' })).toEqual([
      { path: '/rejectionCode', message: 'must be one of: "1", "2", "3", "4", "5", "6", "7", "8", "9"' },
    ]);
    for (const code of ['1', '6', '8'])
      expect(registry.validate('decision.v1.json', { decision: 'rejected', rejectionCode: code, note: 'x' })).toEqual(
        [],
      );
    const [error] = registry.validate('allocation-patch.v1.json', { endDate: '2027-01-31', changeReason: '4' });
    expect(error).toMatchObject({
      path: '/changeReason',
      message: expect.stringMatching(/^must be one of: "01", "02"/),
    });
  });
});
