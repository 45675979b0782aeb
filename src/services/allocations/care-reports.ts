/**
 * What a provider's start and stop messages (iJw JW305, JW307) do to an allocation.
 * The care dates are facts: a start before the allocation's start or a stop after its
 * end is recorded as reported (the flag `care_outside_allocation` says so), and the
 * allocation itself ends on its own end date at the latest. A withdrawal
 * (StatusAanlevering 3) undoes the start or stop it names. The stop rules TR414 (a
 * later stop for the same start may not end earlier) and TR415 (one final stop per
 * start; RedenBeeindiging 20 is a temporary stop, not a final one) hold.
 */
import type { AllocationChange, AllocationDoc, CareStop } from '../../records';
import { errors, type FieldError } from '../../errors';

/** iJw end reason 20: care stopped for a while (the allocation stays active). */
export const TEMPORARY_STOP = '20';

/** One product of a JW305 or JW307, as the hub applies it. */
export type CareReport =
  | { kind: 'start'; date: string }
  | { kind: 'stop'; start: string; date: string; reason: string }
  | { kind: 'withdraw-start'; date: string }
  | { kind: 'withdraw-stop'; date: string; reason: string };

/** The write a care report makes, or null when it changes nothing (the same fact again). */
export interface CarePlan {
  set: Partial<AllocationDoc>;
  unset: (keyof AllocationDoc)[];
  changes: AllocationChange['changes'];
  reason?: string;
}

/** Refuses a report, naming the product's element (relative to the product) that says why. */
function refuse(path: string, message: string): never {
  const problem: FieldError = { path, message };
  throw errors.unprocessable('ijw-care-rules', 'The start or stop of care cannot be applied.', [problem]);
}

const finalStopOf = (stops: readonly CareStop[]) => stops.find((s) => s.reason !== TEMPORARY_STOP);

/** The write of one care report on `receivedOn`, checked against the allocation as stored. */
export function planCare(current: AllocationDoc, report: CareReport, receivedOn: string): CarePlan | null {
  const stops = current.careStops ?? [];
  const n = current._id;
  switch (report.kind) {
    case 'start': {
      if (current.carePausedSince) {
        if (report.date <= current.carePausedSince)
          refuse(
            '/Begindatum',
            `must lie after the temporary stop of ${current.carePausedSince} (RedenBeeindiging 20)`,
          );
        return {
          set: {},
          unset: ['carePausedSince'],
          changes: { careResumed: { from: current.carePausedSince, to: report.date } },
        };
      }
      if (current.careStartDate === report.date) return null;
      const final = finalStopOf(stops);
      if (final)
        refuse(
          '/Begindatum',
          `care on allocation ${n} stopped for good on ${final.date} (reason ${final.reason}); withdraw that stop first (StatusAanlevering 3)`,
        );
      return {
        set: { careStartDate: report.date, careStartReceivedOn: receivedOn },
        unset: [],
        changes: { careStartDate: { from: current.careStartDate ?? null, to: report.date } },
      };
    }
    case 'stop': {
      if (stops.some((s) => s.date === report.date && s.reason === report.reason)) return null;
      const later = stops.find((s) => s.date > report.date);
      if (later)
        refuse(
          '/Einddatum',
          `must not lie before the earlier stop of ${later.date} for the same start (TR414: a later stop may not end earlier)`,
        );
      const final = finalStopOf(stops);
      if (final && report.reason !== TEMPORARY_STOP)
        refuse(
          '/RedenBeeindiging',
          `care on allocation ${n} already stopped for good on ${final.date} (reason ${final.reason}); one final stop per start (TR415): withdraw that one first`,
        );
      const stop: CareStop = { date: report.date, reason: report.reason, receivedOn };
      const set: Partial<AllocationDoc> = {};
      const unset: (keyof AllocationDoc)[] = [];
      const changes: AllocationChange['changes'] = {
        careStop: { from: null, to: `${report.date} (${report.reason})` },
      };
      if (!current.careStartDate) {
        set.careStartDate = report.start;
        set.careStartReceivedOn = receivedOn;
        changes.careStartDate = { from: null, to: report.start };
      }
      if (report.reason === TEMPORARY_STOP) set.carePausedSince = report.date;
      else {
        if (current.carePausedSince) unset.push('carePausedSince');
        if (current.status === 'active') {
          // the allocation ends on the last day of care, and at the latest on its own end date
          const lastDay = report.date < current.endDate ? report.date : current.endDate;
          const end = lastDay < current.startDate ? current.startDate : lastDay;
          stop.endDateBefore = current.endDate;
          set.status = 'ended';
          set.endReason = report.reason;
          set.endDate = end;
          changes.status = { from: 'active', to: 'ended' };
          changes.endReason = { from: null, to: report.reason };
          if (end !== current.endDate) changes.endDate = { from: current.endDate, to: end };
        }
      }
      set.careStops = [...stops, stop];
      return { set, unset, changes, reason: report.reason };
    }
    case 'withdraw-start': {
      if (current.careStartDate !== report.date)
        refuse(
          '/Begindatum',
          current.careStartDate
            ? `is not the start of care on file for allocation ${n} (${current.careStartDate})`
            : `names a start of care that allocation ${n} never received`,
        );
      if (stops.length > 0)
        refuse(
          '/StatusAanlevering',
          `the start of care on allocation ${n} has stops: withdraw those first (newest first)`,
        );
      return {
        set: {},
        unset: ['careStartDate', 'careStartReceivedOn'],
        changes: { careStartDate: { from: report.date, to: null } },
      };
    }
    case 'withdraw-stop': {
      const i = stops.findIndex((s) => s.date === report.date && s.reason === report.reason);
      if (i < 0)
        refuse(
          '/Einddatum',
          `names a stop (${report.date}, reason ${report.reason}) that allocation ${n} never received`,
        );
      if (i !== stops.length - 1)
        refuse('/Einddatum', `a later stop of ${stops[stops.length - 1]!.date} is on file: withdraw that one first`);
      const stop = stops[i]!;
      const set: Partial<AllocationDoc> = { careStops: stops.slice(0, i) };
      const unset: (keyof AllocationDoc)[] = [];
      const changes: AllocationChange['changes'] = { careStop: { from: `${stop.date} (${stop.reason})`, to: null } };
      if (stop.reason === TEMPORARY_STOP) {
        if (current.carePausedSince === stop.date) unset.push('carePausedSince');
      } else if (stop.endDateBefore && current.status === 'ended' && current.endReason === stop.reason) {
        set.status = 'active';
        set.endDate = stop.endDateBefore;
        unset.push('endReason');
        changes.status = { from: 'ended', to: 'active' };
        changes.endReason = { from: stop.reason, to: null };
        if (stop.endDateBefore !== current.endDate) changes.endDate = { from: current.endDate, to: stop.endDateBefore };
      }
      if (set.careStops!.length === 0) unset.push('careStops');
      if (unset.includes('careStops')) delete set.careStops;
      return { set, unset, changes };
    }
  }
}
