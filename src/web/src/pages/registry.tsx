/**
 * The admin's reference data: teams, providers and contracts. One screen shape for the
 * three: the list, and a form that registers one more (the hub's errors at the fields).
 */
import { Fragment, useState, type FormEvent } from 'react';
import { api, type Page } from '../api';
import { Loading, ProblemMessage } from '../components/status';
import { date } from '../format';
import { useApi, useChange } from '../use-api';
import type { Contract, Provider as ProviderView, Team } from '../api-types';

/** One field of the form: its label, and how its text becomes the payload's value. */
interface Field {
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'email' | 'date' | 'url';
  required?: boolean;
  /** Text to value: a list split on commas, say (default: the text, left out when empty). */
  toValue?: (text: string) => unknown;
}

interface Kind<T> {
  title: string;
  intro: string;
  path: string;
  caption: (n: number) => string;
  columns: { header: string; cell: (item: T) => string }[];
  key: (item: T) => string;
  form: { title: string; fields: Field[]; done: (created: T) => string };
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function RegistryPage<T>({ kind }: { kind: Kind<T> }) {
  const items = useApi<Page<T>>(`${kind.path}?limit=500`);
  const change = useChange(items.reload);
  const [values, setValues] = useState<Record<string, string>>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.run(async () => {
      const body: Record<string, unknown> = {};
      for (const f of kind.form.fields) {
        const text = (values[f.name] ?? '').trim();
        if (text) body[f.name] = f.toValue ? f.toValue(text) : text;
      }
      const created = await api<T>(kind.path, { method: 'POST', body });
      setValues({});
      return kind.form.done(created);
    });
  };
  const rows = items.data?.items ?? [];
  return (
    <>
      <h1>{kind.title}</h1>
      <p>{kind.intro}</p>
      <div role="status" aria-live="polite">
        {change.message && <p className="notice">{change.message}</p>}
      </div>
      <ProblemMessage error={change.error ?? items.error} />
      {items.loading && !items.data ? (
        <Loading />
      ) : (
        <table>
          <caption>{kind.caption(rows.length)}</caption>
          <thead>
            <tr>
              {kind.columns.map((c) => (
                <th scope="col" key={c.header}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((item) => (
              <tr key={kind.key(item)}>
                {kind.columns.map((c) => (
                  <td key={c.header}>{c.cell(item)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{kind.form.title}</h2>
      <form onSubmit={submit} className="stacked">
        {kind.form.fields.map((f) => (
          <Fragment key={f.name}>
            <label htmlFor={`r-${f.name}`}>{f.label}</label>
            {f.hint && (
              <span id={`r-${f.name}-hint`} className="muted">
                {f.hint}
              </span>
            )}
            <input
              id={`r-${f.name}`}
              type={f.type ?? 'text'}
              value={values[f.name] ?? ''}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              required={f.required}
              aria-describedby={f.hint ? `r-${f.name}-hint` : undefined}
              autoComplete="off"
            />
          </Fragment>
        ))}
        <button type="submit">Registreren</button>
      </form>
    </>
  );
}

/** A provider, with its webhook secret in the answer to its registration (shown once). */
type Provider = ProviderView & { webhookSecret?: string };

const TEAMS: Kind<Team> = {
  title: 'Teams',
  intro: 'De teams van jeugdconsulenten en de gemeenten (CBS-codes) die zij bedienen.',
  path: '/v1/teams',
  caption: (n) => `${n} teams`,
  key: (t) => t.teamCode,
  columns: [
    { header: 'Teamcode', cell: (t) => t.teamCode },
    { header: 'Naam', cell: (t) => t.name },
    { header: 'Gemeenten', cell: (t) => t.municipalityCodes.join(', ') },
    { header: 'E-mailadres', cell: (t) => t.email ?? '—' },
  ],
  form: {
    title: 'Team registreren',
    fields: [
      { name: 'teamCode', label: 'Teamcode', required: true },
      { name: 'name', label: 'Naam', required: true },
      {
        name: 'municipalityCodes',
        label: 'Gemeenten',
        hint: 'CBS-codes, met komma’s: 0363, 0384',
        required: true,
        toValue: list,
      },
      { name: 'email', label: 'E-mailadres van het team', type: 'email' },
    ],
    done: (t) => `Team ${t.teamCode} is geregistreerd.`,
  },
};

const PROVIDERS: Kind<Provider> = {
  title: 'Aanbieders',
  intro: 'De gecontracteerde jeugdhulpaanbieders, op AGB-code.',
  path: '/v1/providers',
  caption: (n) => `${n} aanbieders`,
  key: (p) => p.agbCode,
  columns: [
    { header: 'AGB-code', cell: (p) => p.agbCode },
    { header: 'Naam', cell: (p) => p.name },
    { header: 'E-mailadres', cell: (p) => p.email },
    { header: 'Webhook', cell: (p) => (p.webhookUrl ? 'ja' : 'nee') },
  ],
  form: {
    title: 'Aanbieder registreren',
    fields: [
      { name: 'agbCode', label: 'AGB-code', hint: '8 cijfers', required: true },
      { name: 'name', label: 'Naam', required: true },
      { name: 'email', label: 'E-mailadres voor meldingen', type: 'email', required: true },
      { name: 'webhookUrl', label: 'Webhook-adres (optioneel)', type: 'url' },
    ],
    done: (p) =>
      p.webhookSecret
        ? `Aanbieder ${p.agbCode} is geregistreerd. Geheim voor de webhook (één keer getoond): ${p.webhookSecret}`
        : `Aanbieder ${p.agbCode} is geregistreerd.`,
  },
};

const CONTRACTS: Kind<Contract> = {
  title: 'Contracten',
  intro: 'De contracten met aanbieders: looptijd en producten. Rapportageregels en KPI-doelen gaan via de API.',
  path: '/v1/contracts',
  caption: (n) => `${n} contracten`,
  key: (c) => c.contractNumber,
  columns: [
    { header: 'Contractnummer', cell: (c) => c.contractNumber },
    { header: 'Aanbieder', cell: (c) => c.providerAgbCode },
    { header: 'Looptijd', cell: (c) => `${date(c.startDate)} – ${date(c.endDate)}` },
    { header: 'Producten', cell: (c) => c.productCodes.join(', ') },
  ],
  form: {
    title: 'Contract registreren',
    fields: [
      { name: 'contractNumber', label: 'Contractnummer', required: true },
      { name: 'providerAgbCode', label: 'AGB-code van de aanbieder', required: true },
      { name: 'startDate', label: 'Ingangsdatum', type: 'date', required: true },
      { name: 'endDate', label: 'Einddatum', type: 'date', required: true },
      { name: 'productCodes', label: 'Productcodes', hint: 'met komma’s: 45A48, 43A05', required: true, toValue: list },
    ],
    done: (c) => `Contract ${c.contractNumber} is geregistreerd.`,
  },
};

export const TeamsPage = () => <RegistryPage kind={TEAMS} />;
export const ProvidersPage = () => <RegistryPage kind={PROVIDERS} />;
export const ContractsPage = () => <RegistryPage kind={CONTRACTS} />;
