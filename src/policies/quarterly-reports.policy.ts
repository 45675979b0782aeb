import { definePolicy } from './policy';
import { ownProvider } from './client-report-scope';
import { tokenHolder, type Subject } from './principal';

/** Who may do what with quarterly contract reports. */
export const quarterlyReportsPolicy = definePolicy('quarterly reports', {
  submit: ['provider'],
  list: ['provider', 'contract_manager', 'admin'],
});

/** The one provider whose reports a subject reads (a provider its own), or undefined for all. */
export function quarterlyReportProviderScope(subject: Subject | null | undefined): string | undefined {
  return ownProvider(subject);
}

/** The provider a submitting subject reports for; undefined for the system (which may report for any). */
export function reportingProvider(subject: Subject | null | undefined): string | undefined {
  return tokenHolder(subject)?.providerAgbCode;
}
