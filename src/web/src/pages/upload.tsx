/** Upload a handover list (CSV, NDJSON) or an iJw message (XML) and see its reconciliation report. */
import { useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { api } from '../api';
import { ProblemMessage } from '../components/status';

interface FieldError {
  path: string;
  message: string;
}
interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: { row: number; allocationNumber?: string | null; errors: FieldError[] }[];
  missingFromFile: string[];
  teams: string[];
  outcomes?: { allocationNumber: string; outcome: string; ended?: true }[];
}
interface IjwReport {
  message: { type: string; identification: string; sender: string };
  products: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  results: { product: number; path: string; allocationNumber: string | null; outcome: string; errors?: FieldError[] }[];
}

/** The endpoint and content type a file goes to, by its name. */
function targetOf(file: File): { path: string; type: string } | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return { path: '/v1/allocations/import?outcomes=true', type: 'text/csv' };
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl'))
    return { path: '/v1/allocations/import?outcomes=true', type: 'application/x-ndjson' };
  if (name.endsWith('.xml')) return { path: '/v1/ijw/messages', type: 'application/xml' };
  return null;
}

export function UploadPage() {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [report, setReport] = useState<ImportReport | IjwReport>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setReport(undefined);
    if (!file) return setError(new Error('Kies eerst een bestand.'));
    const target = targetOf(file);
    if (!target) return setError(new Error('Kies een .csv- of .ndjson-overdrachtslijst, of een iJw-bericht (.xml).'));
    setBusy(true);
    api<ImportReport | IjwReport>(target.path, { method: 'POST', raw: { data: file, type: target.type } })
      .then(setReport, setError)
      .finally(() => setBusy(false));
  };
  return (
    <>
      <h1>Bestand inlezen</h1>
      <p>
        Een overdrachtslijst (CSV of NDJSON) of een iJw-bericht (JW301, JW305, JW307). Opnieuw inlezen verandert niets.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="file">Bestand</label>
        <input
          id="file"
          type="file"
          accept=".csv,.ndjson,.jsonl,.xml"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Bezig met inlezen…' : 'Inlezen'}
        </button>
      </form>
      <ProblemMessage error={error} />
      {report && ('results' in report ? <IjwResult report={report} /> : <ImportResult report={report} />)}
      {report && !('results' in report) && report.teams.length === 1 && (
        <StartCampaign teamCode={report.teams[0]!} report={report} />
      )}
    </>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  return (
    <section aria-labelledby="report" role="status">
      <h2 id="report">Verslag: {report.rows} regels</h2>
      <Summary
        created={report.created}
        updated={report.updated}
        unchanged={report.unchanged}
        rejected={report.rejected.length}
      />
      {report.rejected.length > 0 && (
        <>
          <h3>Afgewezen regels</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">Regel</th>
                <th scope="col">Toewijzing</th>
                <th scope="col">Fouten</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.map((r) => (
                <tr key={r.row}>
                  <td>{r.row}</td>
                  <td>{r.allocationNumber ?? '–'}</td>
                  <td>
                    {r.errors.map((e) => (
                      <div key={e.path + e.message}>
                        <code>{e.path}</code> {e.message}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Niet in het bestand ({report.missingFromFile.length})</h3>
      <p>
        {report.missingFromFile.length === 0
          ? 'Alle actieve toewijzingen van de teams in het bestand staan erin.'
          : `Actief bij team ${report.teams.join(', ')}, maar niet in het bestand: ${report.missingFromFile.join(', ')}`}
      </p>
    </section>
  );
}

/** Starts a reassessment campaign over the allocations the list reconciled (not those it ended). */
function StartCampaign({ teamCode, report }: { teamCode: string; report: ImportReport }) {
  const [, navigate] = useLocation();
  const numbers = (report.outcomes ?? []).filter((o) => !o.ended).map((o) => o.allocationNumber);
  const [name, setName] = useState('Herbeoordeling overdrachtslijst');
  const [deadline, setDeadline] = useState('');
  const [capacity, setCapacity] = useState('10');
  const [error, setError] = useState<Error>();
  if (numbers.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    api<{ id: string }>('/v1/reassessments', {
      method: 'POST',
      body: {
        name,
        teamCode,
        deadline,
        capacityPerWeek: Number(capacity),
        scope: { kind: 'list', allocationNumbers: numbers },
      },
    }).then((c) => navigate(`/herbeoordeling/${c.id}`), setError);
  };
  return (
    <form onSubmit={submit} aria-labelledby="start-campaign">
      <h3 id="start-campaign">Herbeoordeling starten voor deze {numbers.length} toewijzingen</h3>
      <label htmlFor="c-name">Naam</label>
      <input id="c-name" value={name} onChange={(e) => setName(e.target.value)} required />
      <label htmlFor="c-deadline">Deadline</label>
      <input id="c-deadline" type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} required />
      <label htmlFor="c-capacity">Capaciteit per week</label>
      <input
        id="c-capacity"
        type="number"
        min={1}
        value={capacity}
        onChange={(e) => setCapacity(e.target.value)}
        required
      />
      <button type="submit">Herbeoordeling starten</button>
      <ProblemMessage error={error} />
    </form>
  );
}

function IjwResult({ report }: { report: IjwReport }) {
  return (
    <section aria-labelledby="report" role="status">
      <h2 id="report">
        Verslag {report.message.type} {report.message.identification}: {report.products} producten
      </h2>
      <Summary
        created={report.created}
        updated={report.updated}
        unchanged={report.unchanged}
        rejected={report.rejected}
      />
      <ul>
        {report.results.map((r) => (
          <li key={r.product}>
            Product {r.product} ({r.allocationNumber ?? 'geen nummer'}): {OUTCOME[r.outcome] ?? r.outcome}
            {r.errors?.map((e) => (
              <div key={e.path + e.message}>
                <code>{e.path}</code> {e.message}
              </div>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

const OUTCOME: Record<string, string> = {
  created: 'nieuw',
  updated: 'bijgewerkt',
  unchanged: 'ongewijzigd',
  rejected: 'afgewezen',
};

function Summary(p: { created: number; updated: number; unchanged: number; rejected: number }) {
  return (
    <dl className="counts">
      <dt>Nieuw</dt>
      <dd>{p.created}</dd>
      <dt>Bijgewerkt</dt>
      <dd>{p.updated}</dd>
      <dt>Ongewijzigd</dt>
      <dd>{p.unchanged}</dd>
      <dt>Afgewezen</dt>
      <dd>{p.rejected}</dd>
    </dl>
  );
}
