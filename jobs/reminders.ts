import type { Job } from '../src/scheduler/job';
import { dailyAt } from './schedule';

/** Daily: reminders to providers before, on and after due dates, and escalations to contract managers. */
export const reminders: Job = {
  name: 'reminders',
  schedule: (config) => dailyAt(config.remindersTime),
  description:
    'Writes reminders (before the due date, on it, once overdue) and escalations to contract managers to the outbox; each stage of each obligation once.',
  run: ({ services }, now) => services.reminders.run(now),
};
