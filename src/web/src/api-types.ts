/**
 * The API's answers the pages read, as the hub produces them: its presenters' return
 * types, and the records and views it answers as they are. Type-only imports from the
 * hub's own source, erased from the bundle, so a page and the API cannot drift apart:
 * a field renamed or retyped in a presenter fails `tsc -p src/web` (npm run lint).
 */
import type { presentEvaluation } from '../../presenters/evaluations.presenter';
import type { presentExtensionRequest } from '../../presenters/extension-requests.presenter';
import type { presentFlag } from '../../presenters/flags.presenter';
import type { presentScorecard } from '../../presenters/kpis.presenter';
import type { presentPerson } from '../../presenters/persons.presenter';
import type { presentReassessment, presentReassessmentItem } from '../../presenters/reassessments.presenter';
import type { presentContract, presentProvider, presentTeam } from '../../presenters/registry.presenter';
import type { presentToken } from '../../presenters/tokens.presenter';
import type { WaitingCase, WaitingCounts, WaitingFigureDoc } from '../../records';
import type { CaseloadRow, CaseloadSummary } from '../../services/caseload/caseload-rows';
import type { Obligation } from '../../services/obligations/obligations.service';

/** A flag (GET /v1/flags). */
export type Flag = ReturnType<typeof presentFlag>;
/** An extension request (GET /v1/extension-requests[/{id}]). */
export type ExtensionRequest = ReturnType<typeof presentExtensionRequest>;
/** An evaluation report (GET /v1/evaluations[/{id}]). */
export type Evaluation = ReturnType<typeof presentEvaluation>;
/** A caseload row (GET /v1/caseload) and the summary's counts (GET /v1/caseload/summary). */
export type { CaseloadRow, CaseloadSummary };
/** A row of the waiting monitor (GET /v1/waiting), one group's counts, a youth on the call list (GET /v1/waiting/cases). */
export type WaitingRow = Omit<WaitingFigureDoc, '_id' | 'asOf'>;
export type { WaitingCase, WaitingCounts };
/** What is due (GET /v1/obligations). */
export type { Obligation };
/** A provider's scorecard (GET /v1/providers/{agbCode}/scorecard). */
export type Scorecard = ReturnType<typeof presentScorecard>;
/** A reassessment campaign with its progress, and one of its cases (GET /v1/reassessments[/{id}/items]). */
export type Campaign = ReturnType<typeof presentReassessment>;
export type CampaignItem = ReturnType<typeof presentReassessmentItem>;
/** The registry (GET /v1/providers, /v1/teams, /v1/contracts). */
export type Provider = ReturnType<typeof presentProvider>;
export type Team = ReturnType<typeof presentTeam>;
export type Contract = ReturnType<typeof presentContract>;
/** A person who signs in (GET /v1/persons) and an API token (GET /v1/tokens). */
export type Person = ReturnType<typeof presentPerson>;
export type Token = ReturnType<typeof presentToken>;
