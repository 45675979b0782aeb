/** The caseload: per active allocation the inspection's questions, with filters, and the summary as small bar charts. */
import { useState } from 'react';
import type { Page } from '../api';
import { date, num } from '../format';
import { CASE_DIRECTION, EVALUATION_STATUS, FLAG_TYPES, label, REQUEST_STATUS, RESIDENCE } from '../labels';
import { useApi } from '../use-api';
import { BarChart } from '../components/charts';
import { Failure, Loading } from '../components/status';
import type { CaseloadRow as Row, CaseloadSummary as Summary, Team } from '../api-types';

const FILTERS = {
  waiting: { label: 'Zorg gestart', options: { true: 'Nog niet (wacht)', false: 'Gestart' } },
  evaluationStatus: { label: 'Evaluatie', options: EVALUATION_STATUS },
  residence: { label: 'Verblijfplaats', options: RESIDENCE },
  caseDirection: { label: 'Casusregie', options: CASE_DIRECTION },
} as const;
type FilterKey = keyof typeof FILTERS;

const bars = (counts: Record<string, number>, words: Record<string, string>) =>
  Object.entries(counts).map(([k, value]) => ({ label: label(words, k), value }));

/** The caseload of the consultant's team; an admin chooses a team, or sees every team. */
export function CaseloadPage({ admin = false }: { admin?: boolean }) {
  const [filters, setFilters] = useState<Partial<Record<FilterKey | 'providerAgbCode' | 'teamCode', string>>>({});
  const [cursor, setCursor] = useState<string[]>([]);
  const query = new URLSearchParams({ limit: '100' });
  for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
  if (cursor.length > 0) query.set('cursor', cursor[cursor.length - 1]!);
  const scope = new URLSearchParams();
  if (filters.teamCode) scope.set('teamCode', filters.teamCode);
  const rows = useApi<Page<Row>>(`/v1/caseload?${query.toString()}`);
  const summary = useApi<Summary>(`/v1/caseload/summary${scope.size ? `?${scope.toString()}` : ''}`);
  const set = (k: string, v: string) => {
    setCursor([]);
    setFilters((f) => ({ ...f, [k]: v }));
  };
  const teams = useApi<Page<Team>>(admin ? '/v1/teams?limit=500' : null);
  const s = summary.data;
  return (
    <>
      <h1>Caseload</h1>
      {admin && (
        <p>
          <label htmlFor="f-team">Team</label>
          <select id="f-team" value={filters.teamCode ?? ''} onChange={(e) => set('teamCode', e.target.value)}>
            <option value="">Alle teams</option>
            {(teams.data?.items ?? []).map((t) => (
              <option key={t.teamCode} value={t.teamCode}>
                {t.name} ({t.teamCode})
              </option>
            ))}
          </select>
        </p>
      )}
      {summary.error && <Failure error={summary.error} />}
      {s && (
        <section aria-labelledby="summary">
          <h2 id="summary">
            Samenvatting op {date(s.asOf)}: {num(s.activeAllocations)} actieve toewijzingen, {num(s.youths)} jeugdigen
          </h2>
          <div className="chart-grid">
            <BarChart
              title="Zorg gestart of wachtend"
              data={[
                { label: 'Gestart', value: s.careStarted },
                { label: 'Wacht', value: s.waiting.total },
                { label: 'Wacht > 6 weken', value: s.waiting.over6Weeks },
                { label: 'Wacht > 3 maanden', value: s.waiting.over3Months },
              ]}
            />
            <BarChart
              title="Laatste evaluatie"
              data={[
                { label: 'Binnen de termijn', value: s.evaluations.withinInterval },
                { label: 'Te laat', value: s.evaluations.overdue },
                { label: 'Nog nooit', value: s.evaluations.never },
              ]}
            />
            <BarChart title="Verblijfplaats" data={bars(s.residence, RESIDENCE)} />
            <BarChart title="Casusregie" data={bars(s.caseDirection, CASE_DIRECTION)} />
            <BarChart
              title="Verlengingen"
              data={[
                { label: 'Op recente evaluatie', value: s.extensions.withRecentEvaluation },
                { label: 'Zonder evaluatie', value: s.extensions.withoutEvaluation },
                { label: 'Bij bulkbesluit', value: s.extensions.bulk },
              ]}
            />
          </div>
        </section>
      )}
      <section aria-labelledby="rows">
        <h2 id="rows">Toewijzingen</h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          {(Object.keys(FILTERS) as FilterKey[]).map((k) => (
            <span key={k}>
              <label htmlFor={`f-${k}`}>{FILTERS[k].label}</label>
              <select id={`f-${k}`} value={filters[k] ?? ''} onChange={(e) => set(k, e.target.value)}>
                <option value="">Alle</option>
                {Object.entries(FILTERS[k].options)
                  .filter(([v]) => v !== 'notReported')
                  .map(([v, text]) => (
                    <option key={v} value={v}>
                      {text}
                    </option>
                  ))}
              </select>
            </span>
          ))}
          <span>
            <label htmlFor="f-provider">AGB-code aanbieder</label>
            <input
              id="f-provider"
              inputMode="numeric"
              value={filters.providerAgbCode ?? ''}
              onChange={(e) =>
                /^\d{0,8}$/.test(e.target.value)
                  ? set('providerAgbCode', e.target.value.length === 8 ? e.target.value : '')
                  : undefined
              }
            />
          </span>
        </form>
        {rows.error && <Failure error={rows.error} />}
        {!rows.data && !rows.error && <Loading />}
        {rows.data && (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Toewijzingen">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Toewijzing</th>
                    <th scope="col">Aanbieder</th>
                    <th scope="col">Looptijd</th>
                    <th scope="col">Zorg gestart</th>
                    <th scope="col">Laatste evaluatie</th>
                    <th scope="col">Volgende</th>
                    <th scope="col">Verblijf</th>
                    <th scope="col">Casusregie</th>
                    <th scope="col">Signalen</th>
                    <th scope="col">Verlenging</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.data.items.map((r) => (
                    <tr key={r.allocationNumber}>
                      <th scope="row">{r.allocationNumber}</th>
                      <td>{r.providerAgbCode}</td>
                      <td>
                        {date(r.startDate)} – {date(r.endDate)}
                      </td>
                      <td>{r.careStartDate ? date(r.careStartDate) : `Wacht ${num(r.waitingDays)} dagen`}</td>
                      <td>{r.lastEvaluation ? date(r.lastEvaluation.meetingDate) : 'Nog nooit'}</td>
                      <td>
                        <span className={`pill ${r.evaluationStatus}`}>
                          {label(EVALUATION_STATUS, r.evaluationStatus)}
                        </span>{' '}
                        {date(r.nextEvaluationDueDate)}
                      </td>
                      <td>{r.residence ? label(RESIDENCE, r.residence) : 'Niet gemeld'}</td>
                      <td>{r.caseDirection ? label(CASE_DIRECTION, r.caseDirection) : 'Niet gemeld'}</td>
                      <td>{r.openFlags.map((f) => label(FLAG_TYPES, f)).join(', ') || '–'}</td>
                      <td>{r.openExtensionRequest ? label(REQUEST_STATUS, r.openExtensionRequest.status) : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {rows.data.items.length === 0 && <p>Geen toewijzingen met deze filters.</p>}
            <p className="pager">
              {cursor.length > 0 && (
                <button type="button" className="secondary" onClick={() => setCursor((c) => c.slice(0, -1))}>
                  Vorige
                </button>
              )}
              {rows.data.nextCursor && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setCursor((c) => [...c, rows.data!.nextCursor!])}
                >
                  Volgende
                </button>
              )}
            </p>
          </>
        )}
      </section>
    </>
  );
}
