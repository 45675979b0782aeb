import { definePolicy, type Scope } from './policy';
import { clientReportScope } from './client-report-scope';
import type { Subject } from './principal';

/** Who may do what with extension requests. */
export const extensionRequestsPolicy = definePolicy('extension requests', {
  submit: ['provider'],
  list: ['provider', 'consultant', 'admin'],
  read: ['provider', 'consultant', 'admin'],
  decide: ['consultant'],
  withdraw: ['provider'],
  resubmit: ['provider'],
});

/** Which extension requests a subject may read (403 for contract managers: they read aggregates). */
export function extensionRequestReadScope(subject: Subject | null | undefined): Scope {
  return clientReportScope(subject);
}
