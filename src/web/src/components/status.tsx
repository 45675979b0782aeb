/** What a page shows while it loads, when it fails, and when what it asks for is not there (or not yours). */
import { ApiError, dutchMessage } from '../api';

export function Loading() {
  return (
    <p role="status" className="muted">
      Bezig met laden…
    </p>
  );
}

export function NotFound() {
  return (
    <section>
      <h1>Niet gevonden</h1>
      <p>Dit bestaat niet, of het hoort niet bij uw organisatie.</p>
      <p>
        <a href="#/">Terug naar het overzicht</a>
      </p>
    </section>
  );
}

/** Case-level data needs a professional registration (the inspection's rule): say so, and where the counts are. */
export function RegistrationRequired() {
  return (
    <section>
      <h1>Alleen aantallen</h1>
      <p>
        Dossiers (toewijzingen, evaluaties, verlengingsaanvragen en signalen) zijn er voor jeugdconsulenten met een
        beroepsregistratie (SKJ of BIG). Voor u staat geen registratie vastgelegd: vraag de functioneel beheerder die
        vast te leggen. Tot dan ziet u de aantallen.
      </p>
      <p>
        <a href="#/">Naar de aantallen</a>
      </p>
    </section>
  );
}

/** An error: 404 is "not found"; a missing registration says so; anything else says what the hub answered. */
export function Failure({ error }: { error: Error }) {
  if (error instanceof ApiError && error.problem.type?.endsWith('registration-required'))
    return <RegistrationRequired />;
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return <NotFound />;
  return (
    <div role="alert" className="alert">
      <strong>Dat lukte niet.</strong> {error.message}
    </div>
  );
}

/** The problem of a failed action, with each field error by its path. */
export function ProblemMessage({ error }: { error: Error | undefined }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <div role="alert" className="alert">
      <strong>Niet gelukt:</strong> {error.message}
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.path + f.message}>
              <code>{f.path || '/'}</code> {dutchMessage(f.message)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
