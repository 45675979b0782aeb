/**
 * "Wachttijden": who waits, where, and how long, measured from the allocations.
 * A consultant chooses where to refer (providers of a category by current wait, with
 * their trend) and works the team's call list; a contract manager sees the region:
 * youths under a protection measure first, the providers over the norm, reported
 * against measured; a provider its own figures.
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { download, type Page } from '../api';
import { codeList } from '../code-lists';
import { BarChart } from '../components/charts';
import { Failure, Loading, ProblemMessage } from '../components/status';
import { date, num } from '../format';
import { FLAG_TYPES, label } from '../labels';
import { useApi } from '../use-api';
import type { WaitingCase, WaitingRow as Row } from '../api-types';

interface Figures extends Page<Row> {
  asOf: string | null;
}

const days = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${num(n)} d`);
const sum = (rows: Row[], pick: (r: Row) => number | null) => rows.reduce((s, r) => s + (pick(r) ?? 0), 0);

/** The Dutch titles of the product categories (the schemas' code list). */
function useCategories(): Map<string, string> {
  const [titles, setTitles] = useState(new Map<string, string>());
  useEffect(() => {
    codeList('productCategory').then(
      (list) => setTitles(new Map(list.map((c) => [c.value, c.title]))),
      () => undefined, // the codes themselves are shown then
    );
  }, []);
  return titles;
}

/** The providers' names where the caller may read them (else their AGB codes). */
function useProviderNames(): Map<string, string> {
  const providers = useApi<Page<{ agbCode: string; name: string }>>('/v1/providers?limit=500');
  return useMemo(() => new Map(providers.data?.items.map((p) => [p.agbCode, p.name])), [providers.data]);
}

function AsOf({ asOf }: { asOf: string | null }) {
  return asOf ? (
    <p className="hint">
      Gemeten uit de toewijzingen en de startberichten (JW305), stand {date(asOf)}; dagelijks bijgewerkt.
    </p>
  ) : (
    <p className="hint">De wachttijden zijn nog niet berekend: dat gebeurt elke ochtend.</p>
  );
}

/** Where to refer: the providers of one category, shortest current wait first, with their trend. */
function Referral({ names, categories }: { names: Map<string, string>; categories: Map<string, string> }) {
  const [category, setCategory] = useState('45');
  const figures = useApi<Figures>(`/v1/waiting?productCategory=${category}&limit=500`);
  const rows = [...(figures.data?.items ?? [])].sort(
    (a, b) => (a.medianWaitDays ?? 0) - (b.medianWaitDays ?? 0) || (a.waitingNow ?? 0) - (b.waitingNow ?? 0),
  );
  return (
    <section aria-labelledby="verwijzen">
      <h3 id="verwijzen">Waar kan een jeugdige nu terecht?</h3>
      <label>
        Productcategorie{' '}
        <select value={category} onChange={(e) => setCategory(e.target.value)}>
          {['43', '44', '45', '46', '48', '54', '55'].map((c) => (
            <option key={c} value={c}>
              {c} {categories.get(c) ?? ''}
            </option>
          ))}
        </select>
      </label>
      {figures.error && <Failure error={figures.error} />}
      {figures.data && rows.length === 0 && <p>Geen aanbieders met toewijzingen in deze categorie.</p>}
      {rows.length > 0 && (
        <table>
          <caption>Aanbieders op huidige wachttijd (kortste eerst)</caption>
          <thead>
            <tr>
              <th scope="col">Aanbieder</th>
              <th scope="col">Wachtend nu</th>
              <th scope="col">Mediane wachttijd</th>
              <th scope="col">&gt; 6 weken</th>
              <th scope="col">&gt; 3 maanden</th>
              <th scope="col">Tot start zorg (laatste maand met starts)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const recent = [...r.trend].reverse().find((p) => p.medianDaysToStart !== null);
              return (
                <tr key={r.providerAgbCode}>
                  <td>{names.get(r.providerAgbCode) ?? r.providerAgbCode}</td>
                  <td>{num(r.waitingNow)}</td>
                  <td>{days(r.medianWaitDays)}</td>
                  <td>{num(r.over6Weeks)}</td>
                  <td>{num(r.over3Months)}</td>
                  <td>{recent ? `${days(recent.medianDaysToStart)} (${recent.month})` : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The team's call list: waiting youths, longest first. */
function CallList({ names }: { names: Map<string, string> }) {
  const [cursor, setCursor] = useState<string | null>(null);
  const cases = useApi<Page<WaitingCase>>(`/v1/waiting/cases?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
  return (
    <section aria-labelledby="bellijst">
      <h3 id="bellijst">Bellijst: wachtende jeugdigen van het team</h3>
      {cases.error && <Failure error={cases.error} />}
      {!cases.data && !cases.error && <Loading />}
      {cases.data && cases.data.items.length === 0 && <p>Niemand van het team wacht op zorg.</p>}
      {cases.data && cases.data.items.length > 0 && (
        <table>
          <caption>Langst wachtend eerst</caption>
          <thead>
            <tr>
              <th scope="col">Toewijzing</th>
              <th scope="col">Aanbieder</th>
              <th scope="col">Product</th>
              <th scope="col">Wacht sinds</th>
              <th scope="col">Dagen</th>
              <th scope="col">Overbrugging</th>
              <th scope="col">Signalen</th>
            </tr>
          </thead>
          <tbody>
            {cases.data.items.map((c) => (
              <tr key={c.allocationNumber} className={c.waitingDays > 91 ? 'over-norm' : undefined}>
                <td>
                  {c.allocationNumber}
                  {c.protectionMeasure && <span className="badge"> beschermingsmaatregel</span>}
                </td>
                <td>{names.get(c.providerAgbCode) ?? c.providerAgbCode}</td>
                <td>
                  {c.product.code}
                  {c.waitingFor !== c.product.category && ` (wacht op ${c.waitingFor})`}
                </td>
                <td>{date(c.startDate)}</td>
                <td>
                  {num(c.waitingDays)}
                  {c.waitingDays > 91 ? ' · boven 3 maanden' : c.waitingDays > 42 ? ' · boven 6 weken' : ''}
                </td>
                <td>{c.bridging ? `sinds ${date(c.bridging.since)} (${num(c.bridging.days)} d)` : '–'}</td>
                <td>{c.openFlags.map((f) => label(FLAG_TYPES, f)).join(', ') || '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cases.data?.nextCursor && (
        <button type="button" onClick={() => setCursor(cases.data!.nextCursor)}>
          Volgende 50
        </button>
      )}
    </section>
  );
}

/** The region: protection measures first, providers over the norm, reported against measured. */
function Region({ rows, names }: { rows: Row[]; names: Map<string, string> }) {
  const [error, setError] = useState<Error>();
  const protection = rows.map((r) => r.protectionMeasure);
  const over = rows
    .filter((r) => (r.over3Months ?? 0) > 0)
    .sort((a, b) => (b.over3Months ?? 0) - (a.over3Months ?? 0))
    .slice(0, 12);
  const reported = rows.filter((r) => r.reportedWaitingList);
  return (
    <>
      <section aria-labelledby="bescherming">
        <h3 id="bescherming">Jeugdigen met een beschermingsmaatregel (verwijzer GI of rechter)</h3>
        <p className="headline">
          {num(protection.reduce((s, p) => s + (p.waitingNow ?? 0), 0))} wachten op passende hulp, van wie{' '}
          <strong>{num(protection.reduce((s, p) => s + (p.over3Months ?? 0), 0))} langer dan 3 maanden</strong> (norm
          Doorbraakaanpak: hulp binnen 3 maanden) en {num(protection.reduce((s, p) => s + (p.inBridgingCare ?? 0), 0))}{' '}
          in overbruggingszorg.
        </p>
        <button
          type="button"
          onClick={() => {
            void download('/v1/waiting/protection.csv', 'text/csv', 'wachttijden-beschermingsmaatregel.csv').catch(
              setError,
            );
          }}
        >
          Maandrapportage (CSV)
        </button>
        {error && <ProblemMessage error={error} />}
      </section>
      <section aria-labelledby="regio">
        <h3 id="regio">De regio</h3>
        <p>
          {num(sum(rows, (r) => r.waitingNow))} jeugdigen wachten; {num(sum(rows, (r) => r.over6Weeks))} langer dan 6
          weken, {num(sum(rows, (r) => r.over3Months))} langer dan 3 maanden.
        </p>
        {over.length > 0 && (
          <BarChart
            title="Aanbieders met jeugdigen langer dan 3 maanden wachtend"
            data={over.map((r) => ({
              label: `${names.get(r.providerAgbCode) ?? r.providerAgbCode} (${r.productCategory})`,
              value: r.over3Months ?? 0,
            }))}
          />
        )}
      </section>
      <section aria-labelledby="gemeld">
        <h3 id="gemeld">Gemelde wachtlijst naast de gemeten</h3>
        {reported.length === 0 ? (
          <p>Nog geen kwartaalrapportages met een wachtlijst.</p>
        ) : (
          <table>
            <caption>Laatste kwartaal, per aanbieder en categorie</caption>
            <thead>
              <tr>
                <th scope="col">Aanbieder</th>
                <th scope="col">Categorie</th>
                <th scope="col">Kwartaal</th>
                <th scope="col">Gemeld</th>
                <th scope="col">Gemeten</th>
                <th scope="col">Verschil</th>
              </tr>
            </thead>
            <tbody>
              {reported.map((r) => (
                <tr key={`${r.providerAgbCode}-${r.productCategory}`}>
                  <td>
                    <Link href={`/aanbieders/${r.providerAgbCode}`}>
                      {names.get(r.providerAgbCode) ?? r.providerAgbCode}
                    </Link>
                  </td>
                  <td>{r.productCategory}</td>
                  <td>{r.reportedWaitingList!.quarter}</td>
                  <td>{num(r.reportedWaitingList!.reported)}</td>
                  <td>{num(r.reportedWaitingList!.measured)}</td>
                  <td>{num(r.reportedWaitingList!.difference)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** A provider's own rows: the wait per category and how timely its start and stop messages were. */
function Own({ rows, categories }: { rows: Row[]; categories: Map<string, string> }) {
  return (
    <table>
      <caption>Onze wachttijden per productcategorie</caption>
      <thead>
        <tr>
          <th scope="col">Categorie</th>
          <th scope="col">Wachtend nu</th>
          <th scope="col">Mediaan</th>
          <th scope="col">Langste</th>
          <th scope="col">&gt; 3 maanden</th>
          <th scope="col">Start-/stopberichten op tijd (laatste kwartaal)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const last = [...r.messageTimeliness].reverse().find((m) => m.messages > 0);
          return (
            <tr key={r.productCategory}>
              <td>
                {r.productCategory} {categories.get(r.productCategory) ?? ''}
              </td>
              <td>{num(r.waitingNow)}</td>
              <td>{days(r.medianWaitDays)}</td>
              <td>{days(r.longestWaitDays)}</td>
              <td>{num(r.over3Months)}</td>
              <td>
                {last && last.onTimeShare !== null
                  ? `${Math.round(last.onTimeShare * 100)}% van ${num(last.messages)} (${last.quarter})`
                  : '–'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function WaitingPage({ role }: { role: 'consultant' | 'contract_manager' | 'provider' }) {
  const names = useProviderNames();
  const categories = useCategories();
  const figures = useApi<Figures>(role === 'consultant' ? null : '/v1/waiting?limit=500');
  return (
    <>
      <h2>Wachttijden</h2>
      {figures.error && <Failure error={figures.error} />}
      {role === 'consultant' ? (
        <>
          <CallList names={names} />
          <Referral names={names} categories={categories} />
        </>
      ) : !figures.data ? (
        !figures.error && <Loading />
      ) : (
        <>
          <AsOf asOf={figures.data.asOf} />
          {role === 'contract_manager' ? (
            <Region rows={figures.data.items} names={names} />
          ) : (
            <Own rows={figures.data.items} categories={categories} />
          )}
        </>
      )}
    </>
  );
}
