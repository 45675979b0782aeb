/** API tokens for systems (admin: all; a provider's administrator: its own provider's): issue (shown once), revoke. */
import { useState, type FormEvent } from 'react';
import { api, type Me, type Page } from '../api';
import { Loading, ProblemMessage } from '../components/status';
import { useApi, useChange } from '../use-api';
import { date } from '../format';
import type { Token } from '../api-types';

export function TokensPage({ me }: { me: Me }) {
  const ownProvider = me.role === 'provider' ? me.providerAgbCode : null;
  const list = useApi<Page<Token>>('/v1/tokens?limit=500');
  const change = useChange(list.reload);
  const [issued, setIssued] = useState<string | null>(null);
  const [label, setLabel] = useState('');
  const [role, setRole] = useState<Me['role']>('provider');
  const [scope, setScope] = useState(ownProvider ?? '');

  const create = (e: FormEvent) => {
    e.preventDefault();
    setIssued(null);
    change.run(async () => {
      const r = ownProvider ? 'provider' : role;
      const body: Record<string, unknown> = { role: r, label };
      if (r === 'provider') body.providerAgbCode = ownProvider ?? scope;
      if (r === 'consultant') body.teamCode = scope;
      const created = await api<Token & { token: string }>('/v1/tokens', { method: 'POST', body });
      setIssued(created.token);
      setLabel('');
      return '';
    });
  };
  const revoke = (t: Token) =>
    change.run(async () => {
      await api(`/v1/tokens/${t.id}/revoke`, { method: 'POST' });
      return `Token "${t.label}" is ingetrokken.`;
    });
  const tokens = list.data?.items ?? [];
  return (
    <>
      <h1>API-tokens</h1>
      <p>Tokens zijn voor koppelingen (een EPD, een script). Mensen melden zich aan via de inlogdienst.</p>
      <div role="status" aria-live="polite">
        {change.message && <p className="notice">{change.message}</p>}
        {issued && (
          <div className="notice">
            <p>
              Het nieuwe token staat hieronder. <strong>Het wordt maar één keer getoond:</strong> bewaar het nu in de
              koppeling.
            </p>
            <label htmlFor="issued">Nieuw token</label>
            <input id="issued" readOnly value={issued} onFocus={(e) => e.target.select()} />
          </div>
        )}
      </div>
      <ProblemMessage error={change.error ?? list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : (
        <table>
          <caption>{tokens.length} tokens</caption>
          <thead>
            <tr>
              <th scope="col">Omschrijving</th>
              <th scope="col">Rol en bereik</th>
              <th scope="col">Aangemaakt</th>
              <th scope="col">Laatst gebruikt</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actie</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id}>
                <td>{t.label}</td>
                <td>
                  {t.role}
                  {t.teamCode ? ` · ${t.teamCode}` : t.providerAgbCode ? ` · ${t.providerAgbCode}` : ''}
                </td>
                <td>{date(t.createdAt)}</td>
                <td>{t.lastUsedAt ? date(t.lastUsedAt) : 'nooit'}</td>
                <td>{t.revokedAt ? 'ingetrokken' : 'geldig'}</td>
                <td>
                  {!t.revokedAt && (
                    <button type="button" className="secondary" onClick={() => revoke(t)}>
                      Intrekken<span className="visually-hidden"> {t.label}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Token aanmaken</h2>
      <form onSubmit={create} className="stacked">
        <label htmlFor="t-label">Omschrijving (welke koppeling)</label>
        <input id="t-label" value={label} onChange={(e) => setLabel(e.target.value)} required />
        {!ownProvider && (
          <>
            <label htmlFor="t-role">Rol</label>
            <select id="t-role" value={role} onChange={(e) => setRole(e.target.value as Me['role'])}>
              <option value="provider">aanbieder</option>
              <option value="consultant">consulent</option>
              <option value="contract_manager">contractmanager</option>
              <option value="admin">beheerder</option>
            </select>
            {(role === 'provider' || role === 'consultant') && (
              <>
                <label htmlFor="t-scope">{role === 'provider' ? 'AGB-code' : 'Teamcode'}</label>
                <input id="t-scope" value={scope} onChange={(e) => setScope(e.target.value)} required />
              </>
            )}
          </>
        )}
        <button type="submit">Token aanmaken</button>
      </form>
    </>
  );
}
