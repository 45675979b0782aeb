import { allocationRoutes } from './allocations/allocations.routes';
import { caseloadRoutes } from './caseload/caseload.routes';
import { waitingRoutes } from './waiting/waiting.routes';
import { evaluationRoutes } from './evaluations/evaluations.routes';
import { extensionRequestRoutes } from './extension-requests/extension-requests.routes';
import { flagRoutes } from './flags/flags.routes';
import { ijwRoutes } from './ijw/ijw.routes';
import { kpiRoutes } from './kpis/kpis.routes';
import { personRoutes } from './persons/persons.routes';
import { obligationRoutes } from './obligations/obligations.routes';
import { operationRoutes, probeRoutes } from './operations/operations.routes';
import { quarterlyReportRoutes } from './quarterly-reports/quarterly-reports.routes';
import { reassessmentRoutes } from './reassessments/reassessments.routes';
import { registryRoutes } from './registry/registry.routes';
import { reviewRoutes } from './reviews/reviews.routes';
import type { RouteDeclaration } from './route';
import { schemaRoutes } from './schemas/schemas.routes';
import { tokenRoutes } from './tokens/tokens.routes';

/**
 * Every endpoint of the public contract, declared once, in the order the docs show
 * them: `buildRouter` turns them into the Koa router, `buildOpenApi` into the
 * OpenAPI document.
 */
export const ROUTES: readonly RouteDeclaration[] = [
  ...probeRoutes,
  ...schemaRoutes,
  ...tokenRoutes,
  ...personRoutes,
  ...registryRoutes,
  ...allocationRoutes,
  ...ijwRoutes,
  ...evaluationRoutes,
  ...extensionRequestRoutes,
  ...quarterlyReportRoutes,
  ...obligationRoutes,
  ...caseloadRoutes,
  ...waitingRoutes,
  ...reassessmentRoutes,
  ...flagRoutes,
  ...kpiRoutes,
  ...reviewRoutes,
  ...operationRoutes,
];
