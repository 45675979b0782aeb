/** Schedules: cron expressions read in Amsterdam time, their ticks, and a job's schedule under a configuration. */
import cron from 'node-cron';
import type { Config } from '../config';

/** The time zone schedules are read in: the municipalities' working day. */
export const SCHEDULE_TIME_ZONE = 'Europe/Amsterdam';

/** How far to look for a schedule's previous or next tick (weekly schedules fit). */
const SEARCH_MINUTES = 8 * 24 * 60;

/** Truncates a time to its minute: the tick identity shared by every instance. */
export function tickOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** The schedule's tick at or before `from` (direction -1) or after it (+1), within 8 days. */
export function adjacentTick(expression: string, from: Date, direction: 1 | -1): Date | null {
  const probe = cron.createTask(expression, () => {}, { timezone: SCHEDULE_TIME_ZONE });
  try {
    let t = tickOf(from).getTime() + (direction === 1 ? 60_000 : 0);
    for (let i = 0; i < SEARCH_MINUTES; i += 1, t += direction * 60_000) {
      if (probe.match(new Date(t))) return new Date(t);
    }
    return null;
  } finally {
    void probe.destroy();
  }
}

/** What a schedule needs of a job: its name, its description, and its cron expression (or how configuration gives it). */
export interface ScheduledJob {
  name: string;
  /** node-cron expression, evaluated in Europe/Amsterdam (or derived from configuration). */
  schedule: string | ((config: Config) => string);
  description: string;
}

/** A job's cron expression under this configuration. */
export function scheduleOf(job: ScheduledJob, config: Config): string {
  return typeof job.schedule === 'function' ? job.schedule(config) : job.schedule;
}
