/** iJw 3.2 messages built for tests (fictional clients), and edits of the shared examples. */
import { sharedIjwFile } from './ijw-shared';

const NS = (n: string) =>
  `xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:jw${n}="http://www.istandaarden.nl/ijw/3_2/jw${n}/schema"`;

export interface TestProduct {
  number: string;
  category?: string;
  code?: string;
  start: string;
  end?: string;
  volume?: { amount: number; unit: string; frequency: string };
  changeReason?: string;
}

/** A complete JW301 (municipality -> provider) with one contact and the given products. */
export function jw301(o: {
  sender: string;
  receiver: string;
  id: string;
  bsn: string;
  birthDate?: string;
  products: TestProduct[];
}): string {
  const products = o.products
    .map(
      (p) => `<jw301:ToegewezenProduct>
  <jw301:ToewijzingNummer>${p.number}</jw301:ToewijzingNummer>
  <jw301:Product><ijw:Categorie>${p.category ?? '45'}</ijw:Categorie>${p.code === '' ? '' : `<ijw:Code>${p.code ?? '45A48'}</ijw:Code>`}</jw301:Product>
  <jw301:Toewijzingsdatum>${p.start}</jw301:Toewijzingsdatum><jw301:Toewijzingstijd>09:00:00</jw301:Toewijzingstijd>
  <jw301:Ingangsdatum>${p.start}</jw301:Ingangsdatum>${p.end ? `<jw301:Einddatum>${p.end}</jw301:Einddatum>` : ''}
  ${p.changeReason ? `<jw301:RedenWijziging>${p.changeReason}</jw301:RedenWijziging>` : ''}
  <jw301:Omvang><ijw:Volume>${p.volume?.amount ?? 60}</ijw:Volume><ijw:Eenheid>${p.volume?.unit ?? '04'}</ijw:Eenheid><ijw:Frequentie>${p.volume?.frequency ?? '6'}</ijw:Frequentie></jw301:Omvang>
</jw301:ToegewezenProduct>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<jw301:Bericht ${NS('301')}>
<jw301:Header>
  <jw301:BerichtCode>436</jw301:BerichtCode><jw301:BerichtVersie>3</jw301:BerichtVersie><jw301:BerichtSubversie>2</jw301:BerichtSubversie>
  <jw301:Afzender>${o.sender}</jw301:Afzender><jw301:Ontvanger>${o.receiver}</jw301:Ontvanger>
  <jw301:BerichtIdentificatie><ijw:Identificatie>${o.id}</ijw:Identificatie><ijw:Dagtekening>2026-06-01</ijw:Dagtekening></jw301:BerichtIdentificatie>
  <jw301:XsdVersie><ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie><ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie></jw301:XsdVersie>
</jw301:Header>
<jw301:Client>
  <jw301:Bsn>${o.bsn}</jw301:Bsn><jw301:Geboortedatum><ijw:Datum>${o.birthDate ?? '2012-03-14'}</ijw:Datum></jw301:Geboortedatum>
  <jw301:Geslacht>2</jw301:Geslacht>
  <jw301:Naam><ijw:Geslachtsnaam><ijw:Achternaam>Zevenbergen</ijw:Achternaam></ijw:Geslachtsnaam><ijw:Voorletters>M</ijw:Voorletters><ijw:NaamGebruik>1</ijw:NaamGebruik></jw301:Naam>
  <jw301:Contactgegevens><jw301:Contact><jw301:Soort>01</jw301:Soort>
    <jw301:Adres><ijw:Huis><ijw:Huisnummer>7</ijw:Huisnummer></ijw:Huis><ijw:Postcode>3311AB</ijw:Postcode><ijw:Straatnaam>Lindelaan</ijw:Straatnaam><ijw:Plaatsnaam>Dordrecht</ijw:Plaatsnaam><ijw:LandCode>NL</ijw:LandCode></jw301:Adres>
  </jw301:Contact></jw301:Contactgegevens>
  <jw301:ToegewezenProducten>
${products}
  </jw301:ToegewezenProducten>
</jw301:Client>
</jw301:Bericht>
`;
}

/**
 * A JW307 made from the shared JW305 example: the same parties and allocations,
 * stopped on `end` with reason `reason` (the shared set has no JW307 of its own).
 */
export function jw307FromSharedJw305(end: string, reason: string, id = '123456789099'): string {
  return sharedIjwFile('examples/JW305.xml')
    .replace(/jw305/g, 'jw307')
    .replace('<jw307:BerichtCode>438<', '<jw307:BerichtCode>440<')
    .replace('<ijw:Identificatie>123456789012<', `<ijw:Identificatie>${id}<`)
    .replace(/StartProduct/g, 'StopProduct')
    .replace(
      /(<jw307:Begindatum>[^<]*<\/jw307:Begindatum>)/g,
      `$1<jw307:RedenBeeindiging>${reason}</jw307:RedenBeeindiging><jw307:Einddatum>${end}</jw307:Einddatum>`,
    );
}

/** One product of a JW305 or JW307 made from the shared JW305's parties. */
export interface TestStartStop {
  number: string;
  code: '55A11' | '55A12';
  begin: string;
  /** JW307: the last day of care and the end reason. */
  end?: string;
  reason?: string;
  /** StatusAanlevering: 1 first, 3 withdraw. */
  status?: '1' | '3';
}

/**
 * A JW305 (no `end`) or JW307 with the shared JW305's header and client and the
 * given products, under identification `id`.
 */
export function startStop(type: 'JW305' | 'JW307', id: string, products: TestStartStop[]): string {
  const n = type === 'JW305' ? '305' : '307';
  const item = type === 'JW305' ? 'StartProduct' : 'StopProduct';
  const list = products
    .map(
      (p) => `<jw${n}:${item}>
  <jw${n}:ToewijzingNummer>${p.number}</jw${n}:ToewijzingNummer>
  <jw${n}:Product><ijw:Categorie>55</ijw:Categorie><ijw:Code>${p.code}</ijw:Code></jw${n}:Product>
  <jw${n}:ToewijzingIngangsdatum>2026-04-01</jw${n}:ToewijzingIngangsdatum>
  <jw${n}:Begindatum>${p.begin}</jw${n}:Begindatum>${
    type === 'JW307'
      ? `<jw${n}:RedenBeeindiging>${p.reason ?? '31'}</jw${n}:RedenBeeindiging><jw${n}:Einddatum>${p.end}</jw${n}:Einddatum>`
      : ''
  }
  <jw${n}:StatusAanlevering>${p.status ?? '1'}</jw${n}:StatusAanlevering>
</jw${n}:${item}>`,
    )
    .join('\n');
  return sharedIjwFile('examples/JW305.xml')
    .replace(/<jw305:StartProducten>[\s\S]*<\/jw305:StartProducten>/, `<jw305:${item}en>${list}</jw305:${item}en>`)
    .replace(/jw305/g, `jw${n}`)
    .replace(`<jw${n}:BerichtCode>438<`, `<jw${n}:BerichtCode>${type === 'JW305' ? '438' : '440'}<`)
    .replace('<ijw:Identificatie>123456789012<', `<ijw:Identificatie>${id}<`);
}
