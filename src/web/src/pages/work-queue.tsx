/** A consultant's work queue: safety concerns first, then extension requests to decide (by deadline), then other open flags. */
import { useState } from 'react';
import { Link } from 'wouter';
import { api, type Page } from '../api';
import { useApi } from '../use-api';
import { date } from '../format';
import { FLAG_STATUS, FLAG_TYPES, label, REQUEST_STATUS, SEVERITY } from '../labels';
import { Failure, Loading, ProblemMessage } from '../components/status';
import { caseOf, type Flag } from '../components/flags';
import type { ExtensionRequest as Request } from '../api-types';

const SHOWN = 50;
export function WorkQueue() {
  const open = useApi<Page<Flag>>('/v1/flags?status=open&limit=500');
  const handling = useApi<Page<Flag>>('/v1/flags?status=acknowledged&limit=500');
  const requests = useApi<Page<Request>>('/v1/extension-requests?status=submitted&limit=500');
  const [type, setType] = useState('');
  const failed = open.error ?? handling.error ?? requests.error;
  if (failed) return <Failure error={failed} />;
  if (!open.data || !handling.data || !requests.data) return <Loading />;
  const flags = [...open.data.items, ...handling.data.items];
  const safety = flags.filter((f) => f.type === 'safety_concern');
  const others = flags.filter((f) => f.type !== 'safety_concern' && (!type || f.type === type));
  const reload = () => {
    open.reload();
    handling.reload();
  };
  const toDecide = [...requests.data.items].sort((a, b) => a.decisionDeadline.localeCompare(b.decisionDeadline));
  const types = [...new Set(flags.map((f) => f.type))].filter((t) => t !== 'safety_concern').sort();
  return (
    <>
      <h1>Werkvoorraad</h1>
      <section aria-labelledby="safety">
        <h2 id="safety">Zorgen over veiligheid ({safety.length})</h2>
        {safety.length === 0 ? <p>Geen open meldingen.</p> : <FlagList flags={safety} onChange={reload} />}
      </section>
      <section aria-labelledby="requests">
        <h2 id="requests">Verlengingsaanvragen om te beslissen ({toDecide.length})</h2>
        {toDecide.length === 0 ? (
          <p>Geen aanvragen die op een besluit wachten.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Toewijzing</th>
                <th scope="col">Aanbieder</th>
                <th scope="col">Nu tot</th>
                <th scope="col">Gevraagd tot</th>
                <th scope="col">Beslissen vóór</th>
                <th scope="col">Evaluatie</th>
              </tr>
            </thead>
            <tbody>
              {toDecide.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/verzoeken/${encodeURIComponent(r.id)}`}>{r.allocationNumber}</Link>
                  </td>
                  <td>{r.providerAgbCode}</td>
                  <td>{date(r.previousEndDate)}</td>
                  <td>{date(r.requestedEndDate)}</td>
                  <td>{date(r.decisionDeadline)}</td>
                  <td>{r.withoutEvaluation ? 'Zonder recente evaluatie' : 'Op recente evaluatie'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="others">
        <h2 id="others">Andere signalen ({others.length})</h2>
        <label htmlFor="flag-type">Soort signaal</label>{' '}
        <select id="flag-type" value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">Alle soorten</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {label(FLAG_TYPES, t)}
            </option>
          ))}
        </select>
        <FlagList flags={others.slice(0, SHOWN)} onChange={reload} />
        {others.length > SHOWN && (
          <p className="muted">
            De eerste {SHOWN} van {others.length}; kies een soort om er minder te zien.
          </p>
        )}
      </section>
      <p className="muted">
        Verzoek {label(REQUEST_STATUS, 'submitted').toLowerCase()}: wacht op uw besluit. Signalen{' '}
        {label(FLAG_STATUS, 'acknowledged').toLowerCase()}: iemand werkt eraan.
      </p>
    </>
  );
}

/** Flags with their actions: acknowledge, and resolve with a note saying what was done. */
export function FlagList({ flags, onChange }: { flags: Flag[]; onChange: () => void }) {
  return (
    <ul className="cards">
      {flags.map((f) => (
        <FlagCard key={f.id} flag={f} onChange={onChange} />
      ))}
    </ul>
  );
}

function FlagCard({ flag, onChange }: { flag: Flag; onChange: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error>();
  const mine = flag.owners.includes('consultant');
  const act = (path: string, body: object) =>
    api(`/v1/flags/${encodeURIComponent(flag.id)}/${path}`, { method: 'POST', body }).then(onChange, setError);
  const noteId = `note-${flag.id}`;
  return (
    <li className={`card severity-${flag.severity}`}>
      <p>
        <strong>{label(FLAG_TYPES, flag.type)}</strong> · {label(SEVERITY, flag.severity)} ·{' '}
        {label(FLAG_STATUS, flag.status)}
      </p>
      <p>
        Toewijzing {caseOf(flag)} · aanbieder {flag.providerAgbCode} · sinds {date(flag.raisedAt)}
      </p>
      {mine && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act('resolve', { note });
          }}
        >
          {flag.status === 'open' && (
            <button type="button" className="secondary" onClick={() => void act('acknowledge', {})}>
              In behandeling nemen
            </button>
          )}
          <label htmlFor={noteId}>Wat is er gedaan?</label>
          <input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="submit">Afhandelen</button>
        </form>
      )}
      <ProblemMessage error={error} />
    </li>
  );
}
