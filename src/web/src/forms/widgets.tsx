/**
 * Form widgets that start from the provider's own work: the allocation is chosen from
 * its own active allocations, an evaluation (the one a report corrects, or a request
 * rests on) from the allocation's own reports, and dates read dd-mm-jjjj whatever the
 * browser's language.
 */
import { useEffect, useState } from 'react';
import type { RegistryWidgetsType, WidgetProps } from '@rjsf/utils';
import { api, type Page } from '../api';
import { date } from '../format';

/** What the form tells its widgets: the allocation being reported on. */
export interface FormContext {
  allocationNumber?: string;
}

interface AllocationItem {
  allocationNumber: string;
  product: { category: string; code: string };
  startDate: string;
  endDate: string;
}
interface EvaluationItem {
  id: string;
  periodStart: string;
  periodEnd: string;
  meetingDate: string;
  status: string;
}

/** The provider's own active allocations, read once per page. */
function useOptions<T>(path: string | null): T[] | null {
  const [items, setItems] = useState<T[] | null>(null);
  useEffect(() => {
    if (!path) return setItems([]);
    let live = true;
    setItems(null);
    api<Page<T>>(path).then(
      (p) => live && setItems(p.items),
      () => live && setItems([]),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return items;
}

function AllocationWidget({ id, value, required, onChange, onBlur, onFocus, disabled, readonly }: WidgetProps) {
  const items = useOptions<AllocationItem>('/v1/allocations?status=active&limit=500');
  const current = typeof value === 'string' ? value : '';
  const known = items?.some((a) => a.allocationNumber === current);
  return (
    <select
      id={id}
      className="form-control"
      value={current}
      required={required}
      disabled={disabled || readonly || items === null}
      onChange={(e) => onChange(e.target.value || undefined)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    >
      <option value="">{items === null ? 'Toewijzingen laden…' : 'Kies een toewijzing'}</option>
      {current && !known && <option value={current}>{current}</option>}
      {(items ?? []).map((a) => (
        <option key={a.allocationNumber} value={a.allocationNumber}>
          {a.allocationNumber} · product {a.product.code} · {date(a.startDate)} – {date(a.endDate)}
        </option>
      ))}
    </select>
  );
}

/** An evaluation of the allocation the form is about (its current reports, newest first), or none. */
function EvaluationWidget({ id, value, onChange, onBlur, onFocus, disabled, readonly, registry }: WidgetProps) {
  const allocation = (registry.formContext as FormContext | undefined)?.allocationNumber;
  const items = useOptions<EvaluationItem>(
    allocation ? `/v1/evaluations?allocationNumber=${encodeURIComponent(allocation)}&status=current&limit=50` : null,
  );
  const current = typeof value === 'string' ? value : '';
  const sorted = [...(items ?? [])].sort((a, b) => b.periodEnd.localeCompare(a.periodEnd));
  return (
    <select
      id={id}
      className="form-control"
      value={current}
      disabled={disabled || readonly || !allocation || items === null}
      onChange={(e) => onChange(e.target.value || undefined)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    >
      <option value="">{allocation ? 'Geen' : 'Kies eerst een toewijzing'}</option>
      {sorted.map((ev) => (
        <option key={ev.id} value={ev.id}>
          Periode {date(ev.periodStart)} – {date(ev.periodEnd)}, gesprek {date(ev.meetingDate)}
        </option>
      ))}
    </select>
  );
}

/** `dd-mm-jjjj` (or an ISO date) as `jjjj-mm-dd`; anything else as typed (the hub then says it is not a date). */
export function isoFromDutch(text: string): string {
  const t = text.trim();
  const nl = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(t);
  if (nl) return `${nl[3]}-${nl[2]!.padStart(2, '0')}-${nl[1]!.padStart(2, '0')}`;
  return t;
}

/** A date typed as dd-mm-jjjj, whatever the browser's language (a date input follows the browser's). */
function DutchDateWidget({ id, value, required, onChange, onBlur, onFocus, disabled, readonly }: WidgetProps) {
  const shown = (v: unknown) =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? date(v) : ((v as string) ?? '');
  const [text, setText] = useState(shown(value));
  // a value set from outside (a to-do item, a reset after submitting) shows as dd-mm-jjjj
  useEffect(() => {
    if (isoFromDutch(text) !== (value ?? '')) setText(shown(value));
  }, [value]);
  return (
    <input
      id={id}
      className="form-control"
      type="text"
      inputMode="numeric"
      placeholder="dd-mm-jjjj"
      autoComplete="off"
      value={text}
      required={required}
      disabled={disabled || readonly}
      onChange={(e) => {
        setText(e.target.value);
        onChange(isoFromDutch(e.target.value) || undefined);
      }}
      onBlur={(e) => onBlur(id, isoFromDutch(e.target.value))}
      onFocus={(e) => onFocus(id, isoFromDutch(e.target.value))}
    />
  );
}

/** The widgets the provider's forms use by name (`ui:widget`), and the date widget for every date. */
export const FORM_WIDGETS: RegistryWidgetsType = {
  allocation: AllocationWidget,
  evaluation: EvaluationWidget,
  DateWidget: DutchDateWidget,
};
