/** Reassessment campaigns: the team's campaigns, and per campaign the burn-down with the forecast, the cases at risk and a step form per case. */
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { api, type Page } from '../api';
import { date, num } from '../format';
import { today } from '../calendar';
import { useApi } from '../use-api';
import { BarChart, BurnDownChart } from '../components/charts';
import { Failure, Loading, ProblemMessage } from '../components/status';
import type { Campaign, CampaignItem as Item } from '../api-types';

export const STEPS: Record<string, string> = {
  notStarted: 'Nog niet begonnen',
  planned: 'Gepland',
  talked: 'Gesprek gevoerd',
  planUpdated: 'Plan bijgewerkt',
  decided: 'Besloten',
  handedOver: 'Overgedragen',
};
const ORDER = ['planned', 'talked', 'planUpdated', 'decided', 'handedOver'];
const DECISIONS: Record<string, string> = {
  continue: 'Voortzetten',
  change: 'Toewijzing wijzigen',
  close: 'Afsluiten',
  transfer: 'Overdragen',
};

/** The campaigns in the caller's scope. */
export function ReassessmentsPage() {
  const list = useApi<Page<Campaign>>('/v1/reassessments?limit=100');
  return (
    <>
      <h1>Herbeoordeling</h1>
      {list.error && <Failure error={list.error} />}
      {list.loading && <Loading />}
      {list.data && list.data.items.length === 0 && <p>Er loopt geen herbeoordeling.</p>}
      <ul className="campaigns">
        {(list.data?.items ?? []).map((c) => (
          <li key={c.id}>
            <Link href={`/herbeoordeling/${c.id}`}>{c.name}</Link>: {num(c.done)} van {num(c.total)} gedaan, deadline{' '}
            {date(c.deadline)}, {c.behind ? <strong>loopt achter</strong> : 'op schema'}
          </li>
        ))}
      </ul>
    </>
  );
}

/** One campaign: progress and forecast; for the team also the cases at risk and every case's steps. */
export function ReassessmentPage({ id, cases }: { id: string; cases: boolean }) {
  const campaign = useApi<Campaign>(`/v1/reassessments/${encodeURIComponent(id)}`);
  const [filter, setFilter] = useState('atRisk');
  const query = filter === 'atRisk' ? 'atRisk=true' : filter ? `step=${filter}` : '';
  const items = useApi<Page<Item>>(
    cases ? `/v1/reassessments/${encodeURIComponent(id)}/items?limit=100&${query}` : null,
  );
  const c = campaign.data;
  if (campaign.error) return <Failure error={campaign.error} />;
  if (!c) return <Loading />;
  const reload = () => {
    campaign.reload();
    items.reload();
  };
  return (
    <>
      <h1>{c.name}</h1>
      <p className={c.behind ? 'rating red' : 'rating green'}>
        {c.behind ? 'Loopt achter: ' : 'Op schema: '}
        verwacht klaar {c.forecastEndDate ? date(c.forecastEndDate) : 'nooit bij dit tempo'}, deadline{' '}
        {date(c.deadline)}.
      </p>
      <dl className="facts">
        <dt>Gedaan</dt>
        <dd>
          {num(c.done)} van {num(c.total)}
        </dd>
        <dt>Tempo (laatste 4 weken)</dt>
        <dd>
          {num(c.pacePerWeek)} per week{c.paceBasis === 'capacity' ? ' (opgegeven capaciteit)' : ''}
        </dd>
        <dt>Nodig voor de deadline</dt>
        <dd>{c.requiredPacePerWeek === null ? 'deadline verstreken' : `${num(c.requiredPacePerWeek)} per week`}</dd>
        <dt>Klaar bij opgegeven capaciteit ({num(c.capacityPerWeek)} per week)</dt>
        <dd>{date(c.forecastEndDateAtCapacity)}</dd>
        <dt>In gevaar (einddatum vóór hun beurt)</dt>
        <dd>{num(c.atRisk)}</dd>
        <dt>Ambtshalve verlengd in deze herbeoordeling</dt>
        <dd>{num(c.bulkExtended)}</dd>
        {c.handover && (
          <>
            <dt>Overgedragen / wacht op overdracht</dt>
            <dd>
              {num(c.handover.handedOver)} / {num(c.handover.awaiting)}
            </dd>
          </>
        )}
      </dl>
      <BurnDownChart
        title="Verloop per week"
        weeks={c.burnDown}
        pacePerWeek={c.pacePerWeek}
        forecastEndDate={c.forecastEndDate}
        deadline={c.deadline}
        format={date}
      />
      <BarChart
        title="Per stap"
        data={Object.entries(c.counts).map(([k, value]) => ({ label: STEPS[k] ?? k, value }))}
      />
      {cases && (
        <section aria-labelledby="cases">
          <h2 id="cases">Dossiers</h2>
          <p>
            <label htmlFor="f-cases">Toon</label>
            <select id="f-cases" value={filter} onChange={(e) => setFilter(e.target.value)}>
              <option value="atRisk">In gevaar (meest urgent eerst)</option>
              <option value="">Alle</option>
              {Object.entries(STEPS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </p>
          {items.error && <Failure error={items.error} />}
          {items.data && items.data.items.length === 0 && <p>Geen dossiers.</p>}
          {items.data && items.data.items.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">Toewijzing</th>
                  <th scope="col">Einddatum</th>
                  <th scope="col">Bijzonder</th>
                  <th scope="col">Stap</th>
                  <th scope="col">Volgende stap</th>
                </tr>
              </thead>
              <tbody>
                {items.data.items.map((i) => (
                  <tr key={i.allocationNumber}>
                    <td>{i.allocationNumber}</td>
                    <td>{date(i.endDate)}</td>
                    <td>
                      {[
                        i.safetyConcern ? 'Zorgen over veiligheid' : '',
                        i.careStarted ? '' : 'Zorg niet gestart',
                        i.atRisk ? 'In gevaar' : '',
                      ]
                        .filter(Boolean)
                        .join(', ') || '—'}
                    </td>
                    <td>
                      {STEPS[i.step ?? 'notStarted']}
                      {i.decision ? ` (${DECISIONS[i.decision]})` : ''}
                    </td>
                    <td>
                      <StepForm campaignId={id} item={i} onDone={reload} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}

/** The next step of one case: the step, its date and what it needs; a reason when steps are passed over. */
function StepForm({ campaignId, item, onDone }: { campaignId: string; item: Item; onDone: () => void }) {
  const from = item.step ? ORDER.indexOf(item.step) : -1;
  const [step, setStep] = useState(ORDER[from + 1] ?? '');
  const [day, setDay] = useState(today());
  const [extra, setExtra] = useState('');
  const [skipReason, setSkipReason] = useState('');
  const [error, setError] = useState<Error>();
  if (!ORDER[from + 1] || item.step === 'handedOver') return <span>Klaar</span>;
  const skipping = ORDER.indexOf(step) > from + 1;
  const key = `${item.allocationNumber}-step`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const body: Record<string, unknown> = { step, date: day };
    if (skipping) body.skipReason = skipReason;
    if (step === 'talked') {
      if (item.fromRecords.talked && !extra) body.basedOn = { kind: 'evaluation', id: item.fromRecords.talked.id };
      else body.participants = ['youth', 'parents', 'provider'];
    }
    if (step === 'planUpdated') body.goals = extra.split('\n').filter((g) => g.trim().length > 0);
    if (step === 'decided') body.decision = extra || 'continue';
    api(
      `/v1/reassessments/${encodeURIComponent(campaignId)}/items/${encodeURIComponent(item.allocationNumber)}/steps`,
      {
        method: 'POST',
        body,
      },
    ).then(onDone, setError);
  };
  return (
    <form onSubmit={submit} className="step-form">
      <label htmlFor={`${key}-step`}>Stap</label>
      <select id={`${key}-step`} value={step} onChange={(e) => setStep(e.target.value)}>
        {ORDER.slice(from + 1).map((s) => (
          <option key={s} value={s}>
            {STEPS[s]}
          </option>
        ))}
      </select>
      <label htmlFor={`${key}-date`}>Datum</label>
      <input id={`${key}-date`} type="date" value={day} onChange={(e) => setDay(e.target.value)} required />
      {step === 'decided' && (
        <>
          <label htmlFor={`${key}-decision`}>Besluit</label>
          <select id={`${key}-decision`} value={extra} onChange={(e) => setExtra(e.target.value)}>
            {Object.entries(DECISIONS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </>
      )}
      {step === 'planUpdated' && (
        <>
          <label htmlFor={`${key}-goals`}>Doelen (één per regel)</label>
          <textarea id={`${key}-goals`} value={extra} onChange={(e) => setExtra(e.target.value)} required />
        </>
      )}
      {step === 'talked' && item.fromRecords.talked && (
        <p>Evaluatiegesprek van {date(item.fromRecords.talked.date)} telt als gesprek.</p>
      )}
      {skipping && (
        <>
          <label htmlFor={`${key}-skip`}>Reden om stappen over te slaan</label>
          <input id={`${key}-skip`} value={skipReason} onChange={(e) => setSkipReason(e.target.value)} required />
        </>
      )}
      <button type="submit">Vastleggen</button>
      <ProblemMessage error={error} />
    </form>
  );
}
