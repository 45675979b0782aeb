import { definePolicy } from './policy';
import { ownProvider } from './client-report-scope';
import type { Subject } from './principal';

/** Who may do what with KPI results and their computation. */
export const kpisPolicy = definePolicy('KPIs', {
  list: ['contract_manager', 'admin', 'provider'],
  overview: ['contract_manager', 'admin'],
  export: ['contract_manager'],
  computations: ['contract_manager', 'admin'],
  recompute: ['contract_manager', 'admin'],
  readRecomputation: ['contract_manager', 'admin'],
});

/** The one provider whose KPI rows a subject reads (a provider its own), or undefined for all. */
export function kpiProviderScope(subject: Subject | null | undefined): string | undefined {
  return ownProvider(subject);
}
