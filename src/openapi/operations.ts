import type { Role } from '../db/documents';

/** One documented operation: path, roles, schemas, and the answers it gives. */
export interface Operation {
  method: 'get' | 'post' | 'patch';
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  /** Roles that may call it; null for unauthenticated endpoints. */
  roles: Role[] | null;
  body?: string;
  bodyType?: 'json' | 'import';
  query?: string;
  pathParams?: string[];
  success: number;
  /** What the success answer holds. */
  returns: 'object' | 'page' | 'none' | 'text' | 'csv';
  idempotent?: boolean;
}

const ALL: Role[] = ['admin', 'contract_manager', 'consultant', 'provider'];

/** Every endpoint of the public contract, in the order the docs show them. A test keeps this equal to the routers. */
export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', operationId: 'health', tag: 'Operations', summary: 'The process runs', roles: null, success: 200, returns: 'object' },
  { method: 'get', path: '/readyz', operationId: 'readiness', tag: 'Operations', summary: 'The database answers', roles: null, success: 200, returns: 'object' },
  { method: 'get', path: '/metrics', operationId: 'metrics', tag: 'Operations', summary: 'Prometheus metrics (bearer METRICS_TOKEN when configured)', roles: null, success: 200, returns: 'text' },
  { method: 'get', path: '/v1/schemas', operationId: 'listSchemas', tag: 'Schemas', summary: 'The JSON Schemas providers validate against', roles: ALL, success: 200, returns: 'object' },
  { method: 'get', path: '/v1/schemas/{id}', operationId: 'getSchema', tag: 'Schemas', summary: 'One JSON Schema, by its $id', roles: ALL, pathParams: ['id'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/tokens', operationId: 'createToken', tag: 'Tokens', summary: 'Issue a token (shown once)', roles: ['admin'], body: 'token-create.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/tokens', operationId: 'listTokens', tag: 'Tokens', summary: 'List tokens (never their secrets)', roles: ['admin'], success: 200, returns: 'page' },
  { method: 'post', path: '/v1/tokens/{id}/revoke', operationId: 'revokeToken', tag: 'Tokens', summary: 'Revoke a token', roles: ['admin'], pathParams: ['id'], success: 204, returns: 'none' },
  { method: 'post', path: '/v1/providers', operationId: 'createProvider', tag: 'Registry', summary: 'Register a provider', roles: ['admin'], body: 'provider.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/providers', operationId: 'listProviders', tag: 'Registry', summary: 'List providers', roles: ['admin', 'contract_manager'], success: 200, returns: 'page' },
  { method: 'get', path: '/v1/providers/{agbCode}', operationId: 'getProvider', tag: 'Registry', summary: 'One provider', roles: ['admin', 'contract_manager'], pathParams: ['agbCode'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/teams', operationId: 'createTeam', tag: 'Registry', summary: 'Register a consultant team', roles: ['admin'], body: 'team.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/teams', operationId: 'listTeams', tag: 'Registry', summary: 'List teams', roles: ['admin'], success: 200, returns: 'page' },
  { method: 'post', path: '/v1/contracts', operationId: 'createContract', tag: 'Registry', summary: 'Register a contract', roles: ['admin'], body: 'contract.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/contracts', operationId: 'listContracts', tag: 'Registry', summary: 'List contracts', roles: ['admin', 'contract_manager'], query: 'contract-query.v1.json', success: 200, returns: 'page' },
  { method: 'get', path: '/v1/contracts/{contractNumber}', operationId: 'getContract', tag: 'Registry', summary: 'One contract', roles: ['admin', 'contract_manager'], pathParams: ['contractNumber'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/allocations', operationId: 'createAllocation', tag: 'Allocations', summary: 'Register an allocation', roles: ['admin', 'consultant'], body: 'allocation.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/allocations', operationId: 'listAllocations', tag: 'Allocations', summary: 'List allocations in your scope', roles: ['admin', 'consultant', 'provider'], query: 'allocation-query.v1.json', success: 200, returns: 'page' },
  { method: 'post', path: '/v1/allocations/search', operationId: 'searchAllocations', tag: 'Allocations', summary: "A client's allocations, by BSN (in the body)", roles: ['admin', 'consultant', 'provider'], body: 'allocation-search.v1.json', success: 200, returns: 'page' },
  { method: 'post', path: '/v1/allocations/import', operationId: 'importAllocations', tag: 'Allocations', summary: 'Import a handover list (CSV or NDJSON); answers a reconciliation report', roles: ['admin', 'consultant'], bodyType: 'import', query: 'allocation-import-query.v1.json', success: 200, returns: 'object' },
  { method: 'post', path: '/v1/allocations/bulk-extension', operationId: 'bulkExtendAllocations', tag: 'Allocations', summary: 'Extend a set of allocations by one recorded decision (ambtshalve verlenging)', roles: ['admin', 'consultant'], body: 'bulk-extension.v1.json', success: 200, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/allocations/{allocationNumber}', operationId: 'getAllocation', tag: 'Allocations', summary: 'One allocation with its history', roles: ['admin', 'consultant', 'provider'], pathParams: ['allocationNumber'], success: 200, returns: 'object' },
  { method: 'patch', path: '/v1/allocations/{allocationNumber}', operationId: 'changeAllocation', tag: 'Allocations', summary: 'Change end date, volume or care start, or end the allocation', roles: ['admin', 'consultant'], pathParams: ['allocationNumber'], body: 'allocation-patch.v1.json', success: 200, returns: 'object' },
  { method: 'post', path: '/v1/evaluations', operationId: 'submitEvaluation', tag: 'Intake', summary: 'Submit an evaluation report', roles: ['provider'], body: 'evaluation.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/evaluations', operationId: 'listEvaluations', tag: 'Intake', summary: 'List evaluation reports in your scope', roles: ['provider', 'consultant', 'admin'], query: 'evaluation-query.v1.json', success: 200, returns: 'page' },
  { method: 'get', path: '/v1/evaluations/{id}', operationId: 'getEvaluation', tag: 'Intake', summary: 'One evaluation report', roles: ['provider', 'consultant', 'admin'], pathParams: ['id'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/extension-requests', operationId: 'submitExtensionRequest', tag: 'Intake', summary: 'Ask to extend an allocation', roles: ['provider'], body: 'extension-request.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/extension-requests', operationId: 'listExtensionRequests', tag: 'Intake', summary: 'List extension requests in your scope', roles: ['provider', 'consultant', 'admin'], query: 'extension-request-query.v1.json', success: 200, returns: 'page' },
  { method: 'get', path: '/v1/extension-requests/{id}', operationId: 'getExtensionRequest', tag: 'Intake', summary: 'One extension request', roles: ['provider', 'consultant', 'admin'], pathParams: ['id'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/extension-requests/{id}/decision', operationId: 'decideExtensionRequest', tag: 'Intake', summary: 'Approve, reject or ask for information', roles: ['consultant'], pathParams: ['id'], body: 'decision.v1.json', success: 200, returns: 'object', idempotent: true },
  { method: 'post', path: '/v1/extension-requests/{id}/withdraw', operationId: 'withdrawExtensionRequest', tag: 'Intake', summary: 'Withdraw your open request', roles: ['provider'], pathParams: ['id'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/extension-requests/{id}/resubmit', operationId: 'resubmitExtensionRequest', tag: 'Intake', summary: 'Amend and resubmit after a request for information', roles: ['provider'], pathParams: ['id'], body: 'extension-resubmission.v1.json', success: 200, returns: 'object' },
  { method: 'post', path: '/v1/quarterly-reports', operationId: 'submitQuarterlyReport', tag: 'Intake', summary: 'Submit a quarterly contract report', roles: ['provider'], body: 'quarterly-report.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/quarterly-reports', operationId: 'listQuarterlyReports', tag: 'Intake', summary: 'List quarterly reports', roles: ['provider', 'contract_manager', 'admin'], query: 'quarterly-report-query.v1.json', success: 200, returns: 'page' },
  { method: 'get', path: '/v1/obligations', operationId: 'listObligations', tag: 'Intake', summary: 'What is due: next evaluations and quarterly reports', roles: ['provider', 'consultant', 'contract_manager', 'admin'], query: 'obligation-query.v1.json', success: 200, returns: 'page' },
  { method: 'get', path: '/v1/flags', operationId: 'listFlags', tag: 'Flags', summary: 'Flags in your scope, newest first, with counts per type', roles: ['consultant', 'contract_manager', 'provider'], query: 'flag-query.v1.json', success: 200, returns: 'page' },
  { method: 'post', path: '/v1/flags/{id}/acknowledge', operationId: 'acknowledgeFlag', tag: 'Flags', summary: 'Acknowledge a flag (it is being handled)', roles: ['consultant', 'contract_manager'], pathParams: ['id'], body: 'flag-action.v1.json', success: 200, returns: 'object' },
  { method: 'post', path: '/v1/flags/{id}/resolve', operationId: 'resolveFlag', tag: 'Flags', summary: 'Resolve a flag, saying what was done', roles: ['consultant', 'contract_manager'], pathParams: ['id'], body: 'flag-action.v1.json', success: 200, returns: 'object' },
  { method: 'get', path: '/v1/kpis', operationId: 'listKpis', tag: 'KPIs', summary: 'KPI results: one row per provider, quarter and KPI (per municipality with municipalityCode)', roles: ['contract_manager', 'admin', 'provider'], query: 'kpi-query.v1.json', success: 200, returns: 'page' },
  { method: 'get', path: '/v1/kpis/overview', operationId: 'kpiOverview', tag: 'KPIs', summary: 'Per KPI, the providers of a quarter ranked best first', roles: ['contract_manager', 'admin'], query: 'kpi-overview-query.v1.json', success: 200, returns: 'object' },
  { method: 'get', path: '/v1/kpis/export.csv', operationId: 'exportKpis', tag: 'KPIs', summary: 'KPI results as CSV for Excel (Dutch settings); no client identifiers', roles: ['contract_manager'], query: 'kpi-query.v1.json', success: 200, returns: 'csv' },
  { method: 'get', path: '/v1/kpis/computations', operationId: 'listKpiComputations', tag: 'KPIs', summary: 'The computed quarters: final or provisional, and every computation recorded', roles: ['contract_manager', 'admin'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/kpis/recompute', operationId: 'recomputeKpis', tag: 'KPIs', summary: "Recompute a quarter's KPIs (recorded, with the reason): 202 with the recomputation to poll at Location", roles: ['contract_manager', 'admin'], body: 'kpi-recompute.v1.json', success: 202, returns: 'object' },
  { method: 'get', path: '/v1/kpis/recomputations/{id}', operationId: 'getKpiRecomputation', tag: 'KPIs', summary: 'A recomputation: queued, running, succeeded (with the computation) or failed (with the reason)', roles: ['contract_manager', 'admin'], pathParams: ['id'], success: 200, returns: 'object' },
  { method: 'get', path: '/v1/providers/{agbCode}/scorecard', operationId: 'getScorecard', tag: 'KPIs', summary: "A provider's scorecard: KPIs over the last quarters with trend, open flags, latest quarterly report, reviews", roles: ['contract_manager', 'provider'], pathParams: ['agbCode'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/reviews', operationId: 'createReview', tag: 'Contract management', summary: 'Record a talk with a provider: KPIs discussed, improvement actions, next talk', roles: ['contract_manager'], body: 'review.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/reviews', operationId: 'listReviews', tag: 'Contract management', summary: 'Reviews, newest first', roles: ['contract_manager'], query: 'review-query.v1.json', success: 200, returns: 'page' },
  { method: 'get', path: '/v1/reviews/{id}', operationId: 'getReview', tag: 'Contract management', summary: 'One review', roles: ['contract_manager'], pathParams: ['id'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/reviews/{id}/actions/{n}/complete', operationId: 'completeReviewAction', tag: 'Contract management', summary: 'Mark an agreed improvement action done (its overdue flag resolves)', roles: ['contract_manager'], pathParams: ['id', 'n'], success: 200, returns: 'object' },
  { method: 'post', path: '/v1/experience-ratings', operationId: 'rateProvider', tag: 'Contract management', summary: "A consultant's quarterly rating of a provider the team works with", roles: ['consultant'], body: 'experience-rating.v1.json', success: 201, returns: 'object', idempotent: true },
  { method: 'get', path: '/v1/jobs', operationId: 'listJobs', tag: 'Operations', summary: "Scheduled jobs: schedule, last run, next run", roles: ['admin'], success: 200, returns: 'page' },
  { method: 'get', path: '/v1/outbox', operationId: 'listOutbox', tag: 'Operations', summary: 'Outgoing messages and their delivery attempts (dead letters included)', roles: ['admin'], query: 'outbox-query.v1.json', success: 200, returns: 'page' },
  { method: 'get', path: '/v1/audit-events', operationId: 'listAuditEvents', tag: 'Audit', summary: 'The audit trail, newest first', roles: ['admin'], query: 'audit-event-query.v1.json', success: 200, returns: 'page' },
];
