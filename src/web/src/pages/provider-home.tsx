/** A provider's start page: what is due (overdue, due, upcoming), its flags, its recent submissions and their status. */
import { Link } from 'wouter';
import type { Me, Page } from '../api';
import { date } from '../format';
import { daysAgo } from '../calendar';
import { FLAG_TYPES, label, OBLIGATION_KIND, OBLIGATION_STATUS, REQUEST_STATUS } from '../labels';
import { useApi } from '../use-api';
import { Failure, Loading } from '../components/status';
import { caseOf, type Flag } from '../components/flags';
import type { Evaluation, ExtensionRequest as Request, Obligation } from '../api-types';

const SHOWN = 25;

export function ProviderHome({ me }: { me: Me }) {
  const obligations = useApi<Page<Obligation>>('/v1/obligations?limit=500');
  const flags = useApi<Page<Flag> & { counts: Record<string, number> }>(`/v1/flags?status=open&limit=${SHOWN}`);
  const evaluations = useApi<Page<Evaluation>>(`/v1/evaluations?periodFrom=${daysAgo(120)}&limit=100`);
  const requests = useApi<Page<Request>>('/v1/extension-requests?limit=100');
  const failed = obligations.error ?? flags.error ?? evaluations.error ?? requests.error;
  if (failed) return <Failure error={failed} />;
  if (!obligations.data || !flags.data || !evaluations.data || !requests.data) return <Loading />;
  const groups = (['overdue', 'due', 'upcoming'] as const).map((status) => ({
    status,
    items: obligations.data!.items.filter((o) => o.status === status),
  }));
  return (
    <>
      <h1>Te doen voor AGB {me.providerAgbCode}</h1>
      <div className="columns three">
        {groups.map((g) => (
          <section key={g.status} aria-labelledby={`ob-${g.status}`}>
            <h2 id={`ob-${g.status}`}>
              {label(OBLIGATION_STATUS, g.status)} ({g.items.length})
            </h2>
            <ul>
              {g.items.slice(0, SHOWN).map((o) => (
                <li key={o.id}>
                  {label(OBLIGATION_KIND, o.kind)} {o.allocationNumber ?? `${o.contractNumber} ${o.quarter ?? ''}`} ·
                  vóór {date(o.dueDate)}
                  {o.allocationNumber && o.kind !== 'quarterly_report' && (
                    <>
                      {' '}
                      ·{' '}
                      <Link
                        href={`/indienen/${o.kind === 'closing_evaluation' ? 'eindevaluatie' : 'evaluatie'}/${encodeURIComponent(o.allocationNumber)}/${o.periodStart}/${o.dueDate}`}
                      >
                        indienen
                      </Link>
                    </>
                  )}
                </li>
              ))}
            </ul>
            {g.items.length > SHOWN && <p className="muted">en nog {g.items.length - SHOWN}</p>}
          </section>
        ))}
      </div>
      <section aria-labelledby="p-flags">
        <h2 id="p-flags">Open signalen ({Object.values(flags.data.counts).reduce((a, b) => a + b, 0)})</h2>
        <ul>
          {flags.data.items.map((f) => (
            <li key={f.id}>
              {label(FLAG_TYPES, f.type)} · {caseOf(f)} · sinds {date(f.raisedAt)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="p-sub">
        <h2 id="p-sub">Ingediend</h2>
        <div className="columns">
          <div>
            <h3>Evaluaties (laatste vier maanden)</h3>
            <ul>
              {evaluations.data.items
                .slice(-SHOWN)
                .reverse()
                .map((e) => (
                  <li key={e.id}>
                    {e.allocationNumber} · periode tot {date(e.periodEnd)} · formulier {e.formVersion} ·{' '}
                    {e.status === 'current' ? 'geldend' : 'vervangen'}
                    {e.status === 'current' && (
                      <>
                        {' '}
                        ·{' '}
                        <Link href={`/indienen/verlenging/${encodeURIComponent(e.allocationNumber)}`}>
                          verlengen<span className="visually-hidden"> (toewijzing {e.allocationNumber})</span>
                        </Link>
                      </>
                    )}
                  </li>
                ))}
            </ul>
          </div>
          <div>
            <h3>Verlengingsaanvragen</h3>
            <ul>
              {[...requests.data.items]
                .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
                .slice(0, SHOWN)
                .map((r) => (
                  <li key={r.id}>
                    {r.allocationNumber} · tot {date(r.requestedEndDate)} ·{' '}
                    <strong>{label(REQUEST_STATUS, r.status)}</strong>
                    {r.decision?.note ? ` – ${r.decision.note}` : ''}
                  </li>
                ))}
            </ul>
          </div>
        </div>
      </section>
    </>
  );
}
