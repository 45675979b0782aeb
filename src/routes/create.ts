import { jsonBody } from '../middlewares/body';
import { idempotent } from '../middlewares/idempotency';
import type { AppMiddleware } from '../middlewares/state';
import { validateBody } from '../middlewares/validate';
import type { RouteDeps } from './deps';

/**
 * The fixed chain in front of a handler that creates: parse the JSON body, answer a
 * replayed Idempotency-Key, then validate against the schema (so a replay of an
 * invalid request gets its first answer too).
 */
export function createChain({ config, registry, services }: RouteDeps, schemaId: string): AppMiddleware[] {
  return [jsonBody(config.bodyLimit), idempotent(services.idempotency), validateBody(registry, schemaId)];
}
