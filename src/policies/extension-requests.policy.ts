import type { ExtensionRequestDoc } from '../records';
import { defineRecordPolicy, definePolicy, isInScope, type Scope } from './policy';
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

/**
 * The record's rules: `read` in the read scope (its allocation's shield is the
 * service's to check, which reads the allocation: CaseShield).
 */
export const extensionRequestRecords = defineRecordPolicy<
  Pick<ExtensionRequestDoc, 'teamCode' | 'providerAgbCode'>,
  'read'
>({
  read: (subject, doc) => isInScope(doc, extensionRequestReadScope(subject)),
});
