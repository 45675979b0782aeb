import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config';
import { devAccountsFile } from '../dev-idp/launch';
import type { DevAccount } from '../dev-idp/dev-idp';
import type { Services } from '../services';
import { systemActor } from '../services/actor';
import type { PersonInput } from '../services/persons/persons.service';

/** A demo person: who it is, and what the pick list of the development identity provider says. */
interface DemoPerson {
  slug: string;
  input: PersonInput;
  description: string;
  /** The slug of its supervisor. */
  supervisor?: string;
}

/**
 * Registers a person for each role (a consultant with and one without an SKJ
 * registration, a supervised junior consultant, a contract manager, a provider's staff
 * member and its administrator, an admin) and writes the development identity
 * provider's pick list. Answers the persons as `name (description)`.
 */
export async function seedDemoPersons(
  services: Services,
  config: Pick<Config, 'dataDir'>,
  teamCode: string,
  providerAgbCode: string,
): Promise<string[]> {
  const mail = (slug: string) => `${slug}@regio-demo.example`;
  const people: DemoPerson[] = [
    {
      slug: 'anouk.bakker',
      input: { name: 'Anouk Bakker', email: mail('anouk.bakker'), role: 'admin' },
      description: 'functioneel beheerder',
    },
    {
      slug: 'peter.jansen',
      input: { name: 'Peter Jansen', email: mail('peter.jansen'), role: 'contract_manager' },
      description: 'contractmanager',
    },
    {
      slug: 'sanne.devries',
      input: {
        name: 'Sanne de Vries',
        email: mail('sanne.devries'),
        role: 'consultant',
        teamCode,
        registration: { register: 'SKJ', number: '100012345' },
      },
      description: `jeugdconsulent ${teamCode}, SKJ-geregistreerd`,
    },
    {
      slug: 'lotte.smit',
      input: {
        name: 'Lotte Smit',
        email: mail('lotte.smit'),
        role: 'consultant',
        teamCode,
        registration: { register: 'SKJ', number: '100067890' },
      },
      description: `junior jeugdconsulent ${teamCode}, besluiten met vier ogen (Sanne de Vries)`,
      supervisor: 'sanne.devries',
    },
    {
      slug: 'thomas.visser',
      input: { name: 'Thomas Visser', email: mail('thomas.visser'), role: 'consultant', teamCode },
      description: `jeugdconsulent ${teamCode} zonder registratie: ziet aantallen, geen dossiers`,
    },
    {
      slug: 'mehmet.yilmaz',
      input: { name: 'Mehmet Yilmaz', email: mail('mehmet.yilmaz'), role: 'provider', providerAgbCode },
      description: `medewerker zorgaanbieder ${providerAgbCode}`,
    },
    {
      slug: 'eva.deboer',
      input: {
        name: 'Eva de Boer',
        email: mail('eva.deboer'),
        role: 'provider',
        providerAgbCode,
        canManageOrganisation: true,
      },
      description: `beheerder zorgaanbieder ${providerAgbCode}: eigen medewerkers en tokens`,
    },
  ];
  const actor = systemActor('cli', 'demo seed');
  const ids = new Map<string, string>();
  const accounts: DevAccount[] = [];
  for (const p of people) {
    const supervisedBy = p.supervisor ? ids.get(p.supervisor) : undefined;
    const doc = await services.persons.create({ ...p.input, ...(supervisedBy ? { supervisedBy } : {}) }, actor);
    ids.set(p.slug, doc._id);
    accounts.push({
      sub: `demo-${p.slug}`,
      email: doc.email,
      name: doc.name,
      description: p.description,
      ...(doc.providerAgbCode ? { agb: doc.providerAgbCode } : {}),
    });
  }
  const file = devAccountsFile(config);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(accounts, null, 2)}\n`);
  return accounts.map((a) => `${a.name} (${a.description})`);
}
