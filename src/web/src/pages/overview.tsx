/** The contract manager's region overview for a quarter: providers × KPIs, rated, sortable, overall or per municipality. */
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { download, type Page } from '../api';
import { kpiValue } from '../format';
import { label, RATING } from '../labels';
import { quarterLabel, quartersBack } from '../calendar';
import { useApi } from '../use-api';
import { Failure, Loading, ProblemMessage } from '../components/status';

interface KpiRow {
  providerAgbCode: string;
  municipalityCode: string | null;
  kpi: string;
  name: { nl: string };
  value: number | null;
  denominator: number;
  rating: string;
  smallSample: boolean;
}
interface Overview {
  kpis: {
    kpi: string;
    name: { nl: string };
    unit: string;
    direction: string;
    ranking: {
      providerAgbCode: string;
      value: number | null;
      denominator: number;
      rating: string;
      smallSample: boolean;
    }[];
  }[];
}
interface Provider {
  agbCode: string;
  name: string;
}

/** A rated cell: value, rating in words (never colour alone), small samples and no data marked apart. */
function Cell({ row, unit }: { row: Omit<KpiRow, 'name'> | undefined; unit: string }) {
  if (!row || row.rating === 'no_data') return <td className="rating no_data">geen data</td>;
  return (
    <td className={`rating ${row.rating}${row.smallSample ? ' small' : ''}`}>
      {kpiValue(row.value, unit)}
      <span className="rating-word"> {label(RATING, row.rating)}</span>
      {row.smallSample && (
        <span title={`kleine steekproef (n = ${row.denominator})`}> · klein (n={row.denominator})</span>
      )}
    </td>
  );
}

export function OverviewPage() {
  const quarters = quartersBack(8);
  const [quarter, setQuarter] = useState(quarters[0]!);
  const [municipality, setMunicipality] = useState('');
  const [sort, setSort] = useState<{ kpi: string; up: boolean } | null>(null);
  const [error, setError] = useState<Error>();
  const overview = useApi<Overview>(`/v1/kpis/overview?quarter=${quarter}`);
  // the region from the overview's rankings; one municipality from its own rows (providers × KPIs)
  const rows = useApi<Page<KpiRow>>(
    municipality ? `/v1/kpis?quarter=${quarter}&limit=500&municipalityCode=${municipality}` : null,
  );
  const municipalities = useApi<Page<KpiRow>>(`/v1/kpis?quarter=${quarter}&kpi=dropout_rate&limit=500`);
  const providers = useApi<Page<Provider>>('/v1/providers?limit=500');
  const names = useMemo(() => new Map(providers.data?.items.map((p) => [p.agbCode, p.name])), [providers.data]);
  const failed = overview.error ?? rows.error ?? providers.error;
  if (failed) return <Failure error={failed} />;
  if (!overview.data || (municipality && !rows.data)) return <Loading />;
  const wanted: Omit<KpiRow, 'name'>[] = municipality
    ? rows.data!.items.filter((r) => r.municipalityCode === municipality)
    : overview.data.kpis.flatMap((k) => k.ranking.map((r) => ({ ...r, kpi: k.kpi, municipalityCode: null })));
  const cell = new Map(wanted.map((r) => [`${r.providerAgbCode}|${r.kpi}`, r]));
  const agbs = [...new Set(wanted.map((r) => r.providerAgbCode))].sort();
  if (sort) {
    const dir = overview.data.kpis.find((k) => k.kpi === sort.kpi)?.direction;
    const v = (agb: string) => cell.get(`${agb}|${sort.kpi}`)?.value ?? null;
    agbs.sort((a, b) => {
      const [x, y] = [v(a), v(b)];
      if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
      const best = dir === 'higher_is_better' ? y - x : x - y;
      return sort.up ? best : -best;
    });
  }
  const codes = [
    ...new Set((municipalities.data?.items ?? []).map((r) => r.municipalityCode).filter((m): m is string => !!m)),
  ].sort();
  return (
    <>
      <h1>Regio-overzicht</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <span>
          <label htmlFor="quarter">Kwartaal</label>
          <select id="quarter" value={quarter} onChange={(e) => setQuarter(e.target.value)}>
            {quarters.map((q) => (
              <option key={q} value={q}>
                {quarterLabel(q)}
              </option>
            ))}
          </select>
        </span>
        <span>
          <label htmlFor="municipality">Gemeente</label>
          <select id="municipality" value={municipality} onChange={(e) => setMunicipality(e.target.value)}>
            <option value="">Hele regio</option>
            {codes.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </span>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            void download(`/v1/kpis/export.csv?quarter=${quarter}`, 'text/csv', `kpis-${quarter}.csv`).catch(setError)
          }
        >
          Download CSV
        </button>
      </form>
      <ProblemMessage error={error} />
      <p className="legend">
        <span className="rating green">Groen</span> op of beter dan de norm ·{' '}
        <span className="rating amber">Oranje</span> net onder de norm · <span className="rating red">Rood</span>{' '}
        duidelijk onder de norm · <span className="rating no_data">geen data</span> · <em>klein</em>: te weinig cliënten
        om hard te oordelen
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="KPI's per aanbieder">
        <table className="matrix">
          <thead>
            <tr>
              <th scope="col">Aanbieder</th>
              {overview.data.kpis.map((k) => (
                <th
                  scope="col"
                  key={k.kpi}
                  aria-sort={sort?.kpi === k.kpi ? (sort.up ? 'descending' : 'ascending') : undefined}
                >
                  <button
                    type="button"
                    className="link"
                    onClick={() => setSort((s) => ({ kpi: k.kpi, up: s?.kpi === k.kpi ? !s.up : true }))}
                  >
                    {k.name.nl}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {agbs.map((agb) => (
              <tr key={agb}>
                <th scope="row">
                  <Link href={`/aanbieders/${agb}`}>{names.get(agb) ?? agb}</Link>
                </th>
                {overview.data!.kpis.map((k) => (
                  <Cell key={k.kpi} row={cell.get(`${agb}|${k.kpi}`)} unit={k.unit} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
