/**
 * Persons (admin: everyone; a provider's administrator: its own staff): who may sign
 * in, with which role, registration and supervisor; register, change, deactivate.
 */
import { useState, type FormEvent } from 'react';
import { api, type Me, type Page } from '../api';
import { Loading, ProblemMessage } from '../components/status';
import { useApi, useChange } from '../use-api';
import type { Person } from '../api-types';

const ROLE_NL: Record<Me['role'], string> = {
  admin: 'Beheerder',
  contract_manager: 'Contractmanager',
  consultant: 'Consulent',
  provider: 'Medewerker aanbieder',
};

export function PersonsPage({ me }: { me: Me }) {
  const ownProvider = me.role === 'provider' ? me.providerAgbCode : null;
  const list = useApi<Page<Person>>('/v1/persons?limit=500');
  const change = useChange(list.reload);
  const [form, setForm] = useState({
    name: '',
    email: '',
    role: (ownProvider ? 'provider' : 'consultant') as Me['role'],
    teamCode: '',
    providerAgbCode: ownProvider ?? '',
    register: '',
    number: '',
    supervisedBy: '',
    canManageOrganisation: false,
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const create = (e: FormEvent) => {
    e.preventDefault();
    change.run(async () => {
      const body: Record<string, unknown> = { name: form.name, email: form.email, role: form.role };
      if (form.role === 'consultant') body.teamCode = form.teamCode;
      if (form.role === 'provider') body.providerAgbCode = form.providerAgbCode;
      if (form.register) body.registration = { register: form.register, number: form.number };
      if (form.supervisedBy) body.supervisedBy = form.supervisedBy;
      if (form.role === 'provider') body.canManageOrganisation = form.canManageOrganisation;
      const created = await api<Person>('/v1/persons', { method: 'POST', body });
      setForm({ ...form, name: '', email: '', number: '', register: '', supervisedBy: '' });
      return `${created.name} is geregistreerd. Bij de eerste aanmelding wordt het account gekoppeld via het e-mailadres.`;
    });
  };

  const toggle = (p: Person) =>
    change.run(async () => {
      await api<Person>(`/v1/persons/${p.id}`, {
        method: 'PATCH',
        body: { active: !p.active },
        ifMatch: `"${p.revision}"`,
      });
      return p.active ? `${p.name} is gedeactiveerd; de sessies zijn beëindigd.` : `${p.name} is weer actief.`;
    });

  const persons = list.data?.items ?? [];
  const consultants = persons.filter((p) => p.active && (p.role === 'consultant' || p.role === 'admin'));
  return (
    <>
      <h1>{ownProvider ? 'Medewerkers' : 'Personen'}</h1>
      <p>
        {ownProvider
          ? `De medewerkers van uw organisatie (AGB ${ownProvider}) die zich aanmelden via eHerkenning.`
          : 'Wie zich aanmeldt bij de hub, met welke rol. Een consulent zonder registratie (SKJ of BIG) ziet aantallen, geen dossiers.'}
      </p>
      <div role="status" aria-live="polite">
        {change.message && <p className="notice">{change.message}</p>}
      </div>
      <ProblemMessage error={change.error ?? list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <table>
          <caption>{persons.length} personen</caption>
          <thead>
            <tr>
              <th scope="col">Naam</th>
              <th scope="col">E-mailadres</th>
              <th scope="col">Rol</th>
              <th scope="col">Team of aanbieder</th>
              <th scope="col">Registratie</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actie</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {persons.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.name}
                  {p.canManageOrganisation ? ' (beheerder)' : ''}
                  {p.supervisedBy
                    ? ` · vier ogen: ${persons.find((s) => s.id === p.supervisedBy)?.name ?? p.supervisedBy}`
                    : ''}
                </td>
                <td>{p.email}</td>
                <td>{ROLE_NL[p.role]}</td>
                <td>{p.teamCode ?? p.providerAgbCode ?? '—'}</td>
                <td>{p.registration ? `${p.registration.register} ${p.registration.number}` : 'geen'}</td>
                <td>{p.active ? (p.linked ? 'actief' : 'uitgenodigd') : 'gedeactiveerd'}</td>
                <td>
                  {p.id !== me.id && (
                    <button type="button" className="secondary" onClick={() => toggle(p)}>
                      {p.active ? 'Deactiveren' : 'Activeren'}
                      <span className="visually-hidden"> {p.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Persoon registreren</h2>
      <form onSubmit={create} className="stacked">
        <label htmlFor="p-name">Naam</label>
        <input id="p-name" value={form.name} onChange={set('name')} required autoComplete="off" />
        <label htmlFor="p-email">E-mailadres (werk)</label>
        <input id="p-email" type="email" value={form.email} onChange={set('email')} required autoComplete="off" />
        {!ownProvider && (
          <>
            <label htmlFor="p-role">Rol</label>
            <select id="p-role" value={form.role} onChange={set('role')}>
              {Object.entries(ROLE_NL).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </>
        )}
        {form.role === 'consultant' && (
          <>
            <label htmlFor="p-team">Teamcode</label>
            <input id="p-team" value={form.teamCode} onChange={set('teamCode')} required />
            <label htmlFor="p-register">Beroepsregistratie</label>
            <select id="p-register" value={form.register} onChange={set('register')}>
              <option value="">geen</option>
              <option value="SKJ">SKJ</option>
              <option value="BIG">BIG</option>
            </select>
            {form.register && (
              <>
                <label htmlFor="p-number">Registratienummer</label>
                <input id="p-number" value={form.number} onChange={set('number')} inputMode="numeric" required />
              </>
            )}
            <label htmlFor="p-supervisor">Besluiten bevestigd door (vier ogen)</label>
            <select id="p-supervisor" value={form.supervisedBy} onChange={set('supervisedBy')}>
              <option value="">niemand: besluit zelf</option>
              {consultants.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </>
        )}
        {form.role === 'provider' && !ownProvider && (
          <>
            <label htmlFor="p-agb">AGB-code van de aanbieder</label>
            <input
              id="p-agb"
              value={form.providerAgbCode}
              onChange={set('providerAgbCode')}
              inputMode="numeric"
              required
            />
          </>
        )}
        {form.role === 'provider' && (
          <div className="checkbox">
            <input
              id="p-manage"
              type="checkbox"
              checked={form.canManageOrganisation}
              onChange={(e) => setForm({ ...form, canManageOrganisation: e.target.checked })}
            />
            <label htmlFor="p-manage">Beheert de medewerkers en tokens van de organisatie</label>
          </div>
        )}
        <button type="submit">Registreren</button>
      </form>
    </>
  );
}
