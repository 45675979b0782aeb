/**
 * The iJw 3.2 rules that the XSDs leave out (the standard's CD/CS conditions), for
 * the messages the hub takes. Each problem names the element it concerns.
 */
import type { FieldError } from '../../errors';
import { productPath, startStopProducts, type IjwMessage } from './messages';

type Jw301 = Extract<IjwMessage, { type: 'JW301' }>['content'];
type Product = Jw301['Client']['ToegewezenProducten']['ToegewezenProduct'][number];
type Contact = Jw301['Client']['Contactgegevens']['Contact'][number];

const POSTCODE_NL = /^[1-9][0-9]{3}[a-zA-Z]{2}$/;

function productRules(p: Product, path: string): FieldError[] {
  const out: FieldError[] = [];
  const say = (rel: string, message: string) => out.push({ path: `${path}${rel}`, message });
  if (p.Einddatum && p.Einddatum < p.Ingangsdatum) say('/Einddatum', 'must not be before Ingangsdatum (CS003)');
  if (p.Product?.Code && !p.Omvang) say('/Omvang', 'is required when Product has a Code (CD041)');
  if (p.Omvang && p.Budget) say('/Budget', 'must not be given together with Omvang (CD077)');
  if (!p.Omvang && !p.Budget && p.Product?.Code) say('/Omvang', 'or Budget is required (CD078)');
  if (!p.Product && !p.Budget) say('/Product', 'is required without a Budget (CD079)');
  if (p.Budget && !p.Einddatum) say('/Einddatum', 'is required with a Budget (CD075)');
  if (p.Omvang?.Frequentie === '2' && !p.Einddatum)
    say('/Einddatum', 'is required with Frequentie 2, per week (CD076)');
  if (p.RedenWijziging === '01') say('/RedenWijziging', 'must not be 01: that code is obsolete (CS336)');
  if (p.RedenWijziging === '13' && p.Einddatum !== p.Ingangsdatum)
    say('/RedenWijziging', '13 (deleted) needs Einddatum equal to Ingangsdatum (CS335)');
  return out;
}

function contactRules(c: Contact, path: string): FieldError[] {
  const out: FieldError[] = [];
  const a = c.Adres;
  if ((c.Soort === '01' || c.Soort === '03') && !a?.Postcode)
    out.push({ path: `${path}/Adres/Postcode`, message: `is required for address kind ${c.Soort} (CD034)` });
  if (a && Boolean(a.LandCode) !== Boolean(a.Postcode))
    out.push({ path: `${path}/Adres/LandCode`, message: 'is given exactly when Postcode is (CD005)' });
  if (a?.LandCode === 'NL' && !a.Huis)
    out.push({ path: `${path}/Adres/Huis`, message: 'is required for an address in the Netherlands (CD025)' });
  if (a?.LandCode === 'NL' && a.Postcode && !POSTCODE_NL.test(a.Postcode))
    out.push({ path: `${path}/Adres/Postcode`, message: 'must be a Dutch postcode such as 1234AB (CS089)' });
  if (c.Periode && c.Soort !== '04')
    out.push({ path: `${path}/Periode`, message: 'is only for a temporary residence, Soort 04 (CD009)' });
  return out;
}

/** Every CD/CS rule the message breaks. */
export function messageRules(message: IjwMessage): FieldError[] {
  const client = '/Bericht/Client';
  if (message.type === 'JW301') {
    const c = message.content.Client;
    const out: FieldError[] = [];
    if (c.Communicatie && (c.Communicatie.Vorm === '1') !== Boolean(c.Communicatie.Taal))
      out.push({
        path: `${client}/Communicatie/Taal`,
        message: 'is given exactly when Vorm is 1, interpreter (CD007)',
      });
    c.Contactgegevens.Contact.forEach((k, i) =>
      out.push(...contactRules(k, `${client}/Contactgegevens/Contact[${i + 1}]`)),
    );
    (c.Relaties?.Relatie ?? []).forEach((r, i) =>
      out.push(...contactRules(r.Contact, `${client}/Relaties/Relatie[${i + 1}]/Contact`)),
    );
    c.ToegewezenProducten.ToegewezenProduct.forEach((p, i) =>
      out.push(...productRules(p, productPath('JW301', i + 1))),
    );
    return out;
  }
  const out: FieldError[] = [];
  for (const [i, p] of startStopProducts(message).entries()) {
    const path = productPath(message.type, i + 1);
    if (p.StatusAanlevering !== '1' && p.StatusAanlevering !== '3')
      out.push({ path: `${path}/StatusAanlevering`, message: 'must be 1 (first) or 3 (delete) (CS058)' });
    const end = (p as { Einddatum?: string }).Einddatum;
    if (end && end < p.Begindatum) out.push({ path: `${path}/Einddatum`, message: 'must not be before Begindatum' });
  }
  return out;
}
