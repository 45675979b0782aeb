import { errors } from '../errors';
import { personOf, roleOf, type Subject } from './principal';

/**
 * The operations that read or change case-level data (a youth's allocation, an
 * evaluation's content, an extension request's reasoning, caseload rows, flags with
 * their evidence). The inspection's rule: a consultant without a professional
 * registration on record does not reach them, and works with counts instead.
 */
export const CASE_LEVEL_OPERATIONS: ReadonlySet<string> = new Set([
  'createAllocation',
  'listAllocations',
  'searchAllocations',
  'getAllocation',
  'changeAllocation',
  'importAllocations',
  'bulkExtendAllocations',
  'listEvaluations',
  'getEvaluation',
  'listExtensionRequests',
  'getExtensionRequest',
  'decideExtensionRequest',
  'listCaseload',
  'listWaitingCases',
  'listObligations',
  'listFlags',
  'acknowledgeFlag',
  'resolveFlag',
  'listReassessmentItems',
  'recordReassessmentStep',
  'receiveIjwMessage',
]);

/**
 * False for a signed-in consultant without a professional registration (SKJ or BIG) on
 * record, when the rule is on. Tokens are systems, not professionals: the rule is about
 * people.
 */
export function mayReadCases(subject: Subject, ruleOn: boolean): boolean {
  const person = personOf(subject);
  return !ruleOn || !person || roleOf(subject) !== 'consultant' || Boolean(person.registration);
}

/** 403 `registration-required` where `mayReadCases` says no. */
export function assertMayReadCases(subject: Subject, ruleOn: boolean): void {
  if (!mayReadCases(subject, ruleOn)) throw errors.registrationRequired();
}
