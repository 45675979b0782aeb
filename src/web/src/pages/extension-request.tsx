/** An extension request beside the evaluation it rests on, decided in place: approve, reject (JW319 code) or ask for information. */
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { codeList } from '../code-lists';
import { date } from '../format';
import { ADVICE, CASE_DIRECTION, GOAL_STATUS, label, REQUEST_STATUS, RESIDENCE } from '../labels';
import { useApi } from '../use-api';
import { Failure, Loading, ProblemMessage } from '../components/status';
import type { Evaluation, ExtensionRequest as Request } from '../api-types';

interface Allocation {
  allocationNumber: string;
  endDate: string;
}

const yes = (b: boolean) => (b ? 'Ja' : 'Nee');

export function ExtensionRequestPage({ id }: { id: string }) {
  const request = useApi<Request>(`/v1/extension-requests/${encodeURIComponent(id)}`);
  const r = request.data;
  const evaluation = useApi<Evaluation>(
    r?.evaluationId ? `/v1/evaluations/${encodeURIComponent(r.evaluationId)}` : null,
  );
  const allocation = useApi<Allocation>(r ? `/v1/allocations/${encodeURIComponent(r.allocationNumber)}` : null);
  if (request.error) return <Failure error={request.error} />;
  if (!r) return <Loading />;
  const ev = evaluation.data;
  return (
    <>
      <h1>Verlengingsaanvraag {r.allocationNumber}</h1>
      <div className="columns">
        <section aria-labelledby="req">
          <h2 id="req">De aanvraag</h2>
          <dl>
            <dt>Status</dt>
            <dd>{label(REQUEST_STATUS, r.status)}</dd>
            <dt>Aanbieder</dt>
            <dd>{r.providerAgbCode}</dd>
            <dt>Einddatum nu</dt>
            <dd data-testid="end-date">{allocation.data ? date(allocation.data.endDate) : '…'}</dd>
            <dt>Gevraagd tot</dt>
            <dd>{date(r.requestedEndDate)}</dd>
            <dt>Beslissen vóór</dt>
            <dd>{date(r.decisionDeadline)}</dd>
            <dt>Onderbouwing</dt>
            <dd>{r.reasoning}</dd>
          </dl>
          {r.proposal && (
            <p role="status" className="notice">
              Voorstel van {r.proposal.proposedByName} ({date(r.proposal.proposedAt)}):{' '}
              <strong>{label(REQUEST_STATUS, r.proposal.decision)}</strong>
              {r.proposal.note ? ` (${r.proposal.note})` : ''}. De leidinggevende bevestigt of wijzigt het; de
              beslistermijn loopt door.
            </p>
          )}
          {r.status === 'submitted' ? (
            <Decide
              id={r.id}
              onDone={() => {
                request.reload();
                allocation.reload();
              }}
            />
          ) : (
            <p role="status">
              Besluit: {label(REQUEST_STATUS, r.status)}
              {r.decision?.note ? ` (${r.decision.note})` : ''}
              {r.decision?.decidedByName ? `, door ${r.decision.decidedByName}` : ''}
              {r.decision?.proposedByName ? ` op voorstel van ${r.decision.proposedByName}` : ''}
            </p>
          )}
        </section>
        <section aria-labelledby="ev">
          <h2 id="ev">De evaluatie waarop zij rust</h2>
          {!r.evaluationId && <p className="alert">Deze aanvraag rust niet op een evaluatie.</p>}
          {evaluation.error && <Failure error={evaluation.error} />}
          {ev && (
            <>
              <p>
                Periode {date(ev.periodStart)} – {date(ev.periodEnd)}, gesprek op {date(ev.meetingDate)}
                {r.withoutEvaluation && ' (niet recent)'}
              </p>
              <h3>Doelen</h3>
              <ul>
                {ev.goals.map((g, i) => (
                  <li key={i}>
                    {g.description}: <strong>{label(GOAL_STATUS, g.status)}</strong>
                    {g.note ? ` – ${g.note}` : ''}
                  </li>
                ))}
              </ul>
              <h3>Veiligheid</h3>
              <dl>
                <dt>Zorgen over veiligheid</dt>
                <dd>{yes(ev.safety.concerns)}</dd>
                <dt>Melding Veilig Thuis</dt>
                <dd>{yes(ev.safety.veiligThuisReport)}</dd>
                <dt>Veiligheidsplan</dt>
                <dd>{yes(ev.safety.safetyPlan)}</dd>
              </dl>
              <h3>Verblijf en regie</h3>
              <dl>
                <dt>Verblijfplaats</dt>
                <dd>{label(RESIDENCE, ev.residence.type)}</dd>
                <dt>Casusregie</dt>
                <dd>{label(CASE_DIRECTION, ev.caseDirection.holder)}</dd>
              </dl>
              <h3>Advies</h3>
              <p>
                <strong>{label(ADVICE, ev.advice.recommendation)}</strong>: {ev.advice.reasoning}
              </p>
            </>
          )}
        </section>
      </div>
    </>
  );
}

function Decide({ id, onDone }: { id: string; onDone: () => void }) {
  const [decision, setDecision] = useState<'approved' | 'rejected' | 'info_requested'>('approved');
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const [codes, setCodes] = useState<{ value: string; title: string }[]>([]);
  const [error, setError] = useState<Error>();
  useEffect(() => void codeList('rejectionCode').then(setCodes), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body =
      decision === 'approved'
        ? { decision, ...(note ? { note } : {}) }
        : decision === 'rejected'
          ? { decision, rejectionCode: code, note }
          : { decision, note };
    api(`/v1/extension-requests/${encodeURIComponent(id)}/decision`, { method: 'POST', body }).then(onDone, setError);
  };
  return (
    <form onSubmit={submit} aria-labelledby="decide">
      <h3 id="decide">Besluiten</h3>
      <fieldset>
        <legend>Besluit</legend>
        {(
          [
            ['approved', 'Toekennen'],
            ['rejected', 'Afwijzen'],
            ['info_requested', 'Informatie vragen'],
          ] as const
        ).map(([value, text]) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="decision"
              value={value}
              checked={decision === value}
              onChange={() => setDecision(value)}
            />{' '}
            {text}
          </label>
        ))}
      </fieldset>
      {decision === 'rejected' && (
        <>
          <label htmlFor="rejection-code">Reden van afwijzing (JW319)</label>
          <select id="rejection-code" value={code} onChange={(e) => setCode(e.target.value)} required>
            <option value="">Kies een reden</option>
            {codes.map((c) => (
              <option key={c.value} value={c.value}>
                {c.value} – {c.title}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor="decision-note">
        {decision === 'info_requested' ? 'Uw vraag aan de aanbieder' : 'Toelichting'}
      </label>
      <textarea id="decision-note" value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
      <button type="submit">Besluit vastleggen</button>
      <ProblemMessage error={error} />
    </form>
  );
}
