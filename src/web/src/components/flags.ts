/** A flag as the API answers it (GET /v1/flags), and the case it is about: shared by the pages that list flags. */

import type { Flag } from '../api-types';

export type { Flag };

/** The allocation a flag is about (a request's flag names it in its evidence). */
export const caseOf = (f: Flag): string =>
  f.subject.kind === 'allocation'
    ? f.subject.id
    : typeof f.evidence.allocationNumber === 'string'
      ? f.evidence.allocationNumber
      : f.subject.id;
