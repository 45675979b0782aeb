/** The cron expression for "every day at HH:MM". */
export function dailyAt(hhmm: string): string {
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return `${mm} ${hh} * * *`;
}
