import { definePolicy, type Scope } from './policy';
import { clientReportScope } from './client-report-scope';
import type { Subject } from './principal';

/** Who may do what with evaluation reports. */
export const evaluationsPolicy = definePolicy('evaluations', {
  submit: ['provider'],
  list: ['provider', 'consultant', 'admin'],
  read: ['provider', 'consultant', 'admin'],
});

/** Which evaluation reports a subject may read (403 for contract managers: they read aggregates). */
export function evaluationReadScope(subject: Subject | null | undefined): Scope {
  return clientReportScope(subject);
}
