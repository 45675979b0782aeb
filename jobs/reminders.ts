import type { HubJob } from './job';
import { dailyAt } from './schedule';

/** Daily: one reminder digest per provider (upcoming, due, overdue), and one escalation digest for the contract managers. */
export const reminders: HubJob = {
  name: 'reminders',
  schedule: (config) => dailyAt(config.remindersTime),
  description:
    "Writes each provider's reminder digest (what is upcoming, due or overdue) and the contract managers' escalation digest to the outbox; one message per recipient per day.",
  run: ({ services }, now) => services.reminders.run(now),
};
