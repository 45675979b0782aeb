/**
 * A consultant without a professional registration on record works with counts
 * (the inspection's rule): the team's caseload per provider, and why the cases stay shut.
 */
import { RegistrationRequired, Failure, Loading } from '../components/status';
import { num } from '../format';
import { useApi } from '../use-api';

interface Summary {
  asOf: string;
  activeAllocations: number;
  youths: number;
  byProvider: { providerAgbCode: string; activeAllocations: number; youths: number }[];
}

export function CountsPage() {
  const summary = useApi<Summary>('/v1/caseload/summary');
  if (summary.error) return <Failure error={summary.error} />;
  if (!summary.data) return <Loading />;
  const s = summary.data;
  return (
    <>
      <RegistrationRequired />
      <h2>Caseload van het team</h2>
      <p>
        {num(s.activeAllocations)} lopende toewijzingen voor {num(s.youths)} jeugdigen (stand {s.asOf}).
      </p>
      <table>
        <caption>Per aanbieder</caption>
        <thead>
          <tr>
            <th scope="col">Aanbieder (AGB)</th>
            <th scope="col">Toewijzingen</th>
            <th scope="col">Jeugdigen</th>
          </tr>
        </thead>
        <tbody>
          {s.byProvider.map((p) => (
            <tr key={p.providerAgbCode}>
              <td>{p.providerAgbCode}</td>
              <td>{num(p.activeAllocations)}</td>
              <td>{num(p.youths)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
