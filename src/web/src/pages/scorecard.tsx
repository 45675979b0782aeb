/** A provider's scorecard: per KPI eight quarters against target and amber band, open KPI flags, the latest quarterly report, reviews. */
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { date, kpiValue, num } from '../format';
import { today } from '../calendar';
import { FLAG_TYPES, label, RATING } from '../labels';
import { useApi } from '../use-api';
import { KpiChart } from '../components/charts';
import { Failure, Loading, ProblemMessage } from '../components/status';
import type { Scorecard } from '../api-types';

type Kpi = Scorecard['kpis'][number];
type Quarter = Kpi['quarters'][number];

const OWNER: Record<string, string> = { provider: 'Aanbieder', municipality: 'Gemeente', both: 'Samen' };

export function ScorecardPage({ agbCode, manager }: { agbCode: string; manager: boolean }) {
  const card = useApi<Scorecard>(`/v1/providers/${encodeURIComponent(agbCode)}/scorecard`);
  if (card.error) return <Failure error={card.error} />;
  if (!card.data) return <Loading />;
  const s = card.data;
  const report = s.latestQuarterlyReport;
  return (
    <>
      <h1>Scorecard {s.provider.name}</h1>
      <p>
        AGB-code {s.provider.agbCode} · volgend gesprek {date(s.nextTalkDate)}
      </p>
      <section aria-labelledby="kpis">
        <h2 id="kpis">KPI&apos;s over acht kwartalen</h2>
        <div className="chart-grid">
          {s.kpis.map((k) => {
            const qs = k.quarters.filter((q) => q.status === 'final').slice(-8);
            const amber = (q: Quarter) =>
              q.target === null || q.amberBand === null
                ? null
                : k.direction === 'higher_is_better'
                  ? q.target - q.amberBand
                  : q.target + q.amberBand;
            return (
              <div key={k.kpi} className="kpi-card">
                <KpiChart
                  title={k.name.nl}
                  quarters={qs.map((q) => q.quarter)}
                  values={qs.map((q) => q.value)}
                  target={qs.map((q) => q.target)}
                  amber={qs.map(amber)}
                  percent={k.unit === 'ratio'}
                />
                <p>
                  Laatste:{' '}
                  {k.latest && k.latest.rating !== 'no_data'
                    ? `${kpiValue(k.latest.value, k.unit)} (${label(RATING, k.latest.rating)}${k.latest.smallSample ? ', kleine steekproef' : ''})`
                    : 'geen data'}
                  {k.latest ? ` · ${k.latest.quarter}` : ''}
                </p>
              </div>
            );
          })}
        </div>
      </section>
      <section aria-labelledby="flags">
        <h2 id="flags">Open signalen ({s.openFlags.total ?? 'klein aantal, niet getoond'})</h2>
        <ul>
          {s.openFlags.providerFlags.map((f) => (
            <li key={f.id}>
              {label(FLAG_TYPES, f.type)}
              {typeof f.evidence.kpi === 'string'
                ? `: ${s.kpis.find((k) => k.kpi === f.evidence.kpi)?.name.nl ?? f.evidence.kpi}`
                : ''}
              {typeof f.evidence.quarter === 'string' ? ` (${f.evidence.quarter})` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="report">
        <h2 id="report">Laatste kwartaalrapportage</h2>
        {!report ? (
          <p>Nog geen rapportage ontvangen.</p>
        ) : (
          <dl>
            <dt>Kwartaal</dt>
            <dd>{report.quarter}</dd>
            <dt>Cliënten in zorg / vrije plaatsen</dt>
            <dd>
              {num(report.capacity?.clientsInCare)} / {num(report.capacity?.placesAvailable)}
              {report.capacity?.intakeStopped ? ' (intakestop)' : ''}
            </dd>
            <dt>Wachtlijst</dt>
            <dd>
              {(report.waitingList ?? [])
                .map((w) => `${w.productCode}: ${w.count} (langst ${w.longestWaitDays} dagen)`)
                .join('; ') || 'geen'}
            </dd>
            <dt>Klachten (gegrond)</dt>
            <dd>
              {num(report.complaints?.received)} ({num(report.complaints?.upheld)})
            </dd>
            <dt>Incidenten (gemeld bij inspectie)</dt>
            <dd>
              {num(report.incidents?.count)} ({num(report.incidents?.reportedToInspectorate)})
            </dd>
          </dl>
        )}
      </section>
      <section aria-labelledby="reviews">
        <h2 id="reviews">Gesprekken en verbeteracties</h2>
        {s.reviews.length === 0 && <p>Nog geen gesprekken vastgelegd.</p>}
        {s.reviews.map((r) => (
          <article key={r.id} className="card">
            <h3>Gesprek van {date(r.date)}</h3>
            <p>{r.notes}</p>
            <ul>
              {r.actions.map((a) => (
                <li key={a.n}>
                  {a.description} · {OWNER[a.owner] ?? a.owner} · vóór {date(a.dueDate)} ·{' '}
                  {a.completedAt ? `gedaan op ${date(a.completedAt)}` : 'open'}
                  {manager && !a.completedAt && <CompleteAction review={r.id} n={a.n} onDone={card.reload} />}
                </li>
              ))}
            </ul>
          </article>
        ))}
        {manager && <ReviewForm agbCode={s.provider.agbCode} kpis={s.kpis} onDone={card.reload} />}
      </section>
    </>
  );
}

function CompleteAction({ review, n, onDone }: { review: string; n: number; onDone: () => void }) {
  const [error, setError] = useState<Error>();
  return (
    <>
      {' '}
      <button
        type="button"
        className="secondary"
        onClick={() =>
          void api(`/v1/reviews/${encodeURIComponent(review)}/actions/${n}/complete`, { method: 'POST' }).then(
            onDone,
            setError,
          )
        }
      >
        Afronden
      </button>
      <ProblemMessage error={error} />
    </>
  );
}

function ReviewForm({ agbCode, kpis, onDone }: { agbCode: string; kpis: Kpi[]; onDone: () => void }) {
  const [form, setForm] = useState({
    date: today(),
    notes: '',
    action: '',
    owner: 'provider',
    dueDate: '',
  });
  const [discussed, setDiscussed] = useState<string[]>([]);
  const [error, setError] = useState<Error>();
  const [saved, setSaved] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const body = {
      providerAgbCode: agbCode,
      date: form.date,
      notes: form.notes,
      kpisDiscussed: discussed,
      actions: form.action ? [{ description: form.action, owner: form.owner, dueDate: form.dueDate }] : [],
    };
    api('/v1/reviews', { method: 'POST', body }).then(() => {
      setSaved(true);
      setForm((f) => ({ ...f, notes: '', action: '', dueDate: '' }));
      setDiscussed([]);
      onDone();
    }, setError);
  };
  return (
    <form onSubmit={submit} className="card" aria-labelledby="new-review">
      <h3 id="new-review">Gesprek vastleggen</h3>
      <label htmlFor="r-date">Datum van het gesprek</label>
      <input id="r-date" type="date" value={form.date} onChange={set('date')} required />
      <fieldset>
        <legend>Besproken KPI&apos;s</legend>
        {kpis.map((k) => (
          <label key={k.kpi} className="choice">
            <input
              type="checkbox"
              checked={discussed.includes(k.kpi)}
              onChange={(e) => setDiscussed((d) => (e.target.checked ? [...d, k.kpi] : d.filter((x) => x !== k.kpi)))}
            />{' '}
            {k.name.nl}
          </label>
        ))}
      </fieldset>
      <label htmlFor="r-notes">Verslag</label>
      <textarea id="r-notes" rows={4} value={form.notes} onChange={set('notes')} required />
      <label htmlFor="r-action">Verbeteractie (optioneel)</label>
      <input id="r-action" value={form.action} onChange={set('action')} />
      <label htmlFor="r-owner">Wie voert haar uit</label>
      <select id="r-owner" value={form.owner} onChange={set('owner')}>
        {Object.entries(OWNER).map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </select>
      <label htmlFor="r-due">Klaar vóór</label>
      <input id="r-due" type="date" value={form.dueDate} onChange={set('dueDate')} />
      <button type="submit">Gesprek opslaan</button>
      {saved && <p role="status">Het gesprek is opgeslagen.</p>}
      <ProblemMessage error={error} />
    </form>
  );
}
