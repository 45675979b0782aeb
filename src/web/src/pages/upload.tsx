/** Upload a handover list (CSV, NDJSON) or an iJw message (XML) and see its reconciliation report. */
import { useState, type FormEvent } from 'react';
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
  if (name.endsWith('.csv')) return { path: '/v1/allocations/import', type: 'text/csv' };
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl'))
    return { path: '/v1/allocations/import', type: 'application/x-ndjson' };
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
