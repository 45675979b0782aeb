import type { EvaluationDoc } from '../records';
import { defineRecordPolicy, definePolicy, isInScope, type Scope } from './policy';
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

/**
 * The record's rules: `read` in the read scope (its allocation's shield is the
 * service's to check, which reads the allocation: CaseShield).
 */
export const evaluationRecords = defineRecordPolicy<Pick<EvaluationDoc, 'teamCode' | 'providerAgbCode'>, 'read'>({
  read: (subject, doc) => isInScope(doc, evaluationReadScope(subject)),
});
