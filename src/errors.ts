/** One failing field: a JSON Pointer into the request and a message a developer understands. */
export interface FieldError {
  path: string;
  message: string;
}

/** The RFC 9457 problem document the API returns for every error. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The base of every problem type URI; `GET /problems/{id}` describes each one. */
export const PROBLEM_BASE = '/problems/';

/** An error with an HTTP status and a stable machine id, rendered as problem+json. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly id: string,
    readonly title: string,
    readonly detail: string,
    readonly extras: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(detail);
  }

  /** The problem document for this error. */
  toProblem(instance?: string): ProblemDocument {
    const { headers: _headers, ...extensions } = this.extras;
    return {
      type: `${PROBLEM_BASE}${this.id}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance ? { instance } : {}),
      ...extensions,
    };
  }
}

/** At most this many field errors in one problem (the rest are counted in `errorCount`). */
export const MAX_FIELD_ERRORS = 100;

/** Error factories: the only way the code base creates HTTP errors. */
export const errors = {
  malformedJson: (detail = 'The request body is not valid JSON.') =>
    new HttpError(400, 'malformed-json', 'Malformed JSON', detail),
  badRequest: (id: string, detail: string, errs?: FieldError[]) =>
    new HttpError(400, id, 'Bad request', detail, errs ? { errors: errs } : {}),
  unauthorized: (detail = 'A valid bearer token is required.') =>
    new HttpError(401, 'unauthorized', 'Unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer' } }),
  forbidden: (detail = 'Your role may not do this.') => new HttpError(403, 'forbidden', 'Forbidden', detail),
  registrationRequired: () =>
    new HttpError(
      403,
      'registration-required',
      'Registration required',
      "Case-level data is for consultants with a professional registration (SKJ or BIG) on record (the inspection's rule). Ask your functional administrator to record yours; counts remain available, such as /v1/caseload/summary.",
    ),
  csrfFailed: (detail: string) => new HttpError(403, 'csrf-failed', 'Forbidden', detail),
  notFound: (detail = 'No such resource.') => new HttpError(404, 'not-found', 'Not found', detail),
  methodNotAllowed: (allow: string) =>
    new HttpError(405, 'method-not-allowed', 'Method not allowed', `This resource allows ${allow}.`, {
      headers: { Allow: allow },
    }),
  conflict: (id: string, detail: string, extras: Record<string, unknown> = {}) =>
    new HttpError(409, id, 'Conflict', detail, extras),
  preconditionFailed: (detail: string) => new HttpError(412, 'precondition-failed', 'Precondition failed', detail),
  payloadTooLarge: (limit: string) =>
    new HttpError(413, 'payload-too-large', 'Payload too large', `The request body is larger than ${limit}.`),
  unsupportedMediaType: (expected: string[]) =>
    new HttpError(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `Send the body as ${expected.join(' or ')}.`,
    ),
  notAnIjwMessage: (detail: string) => new HttpError(415, 'not-an-ijw-message', 'Unsupported media type', detail),
  validation: (errs: FieldError[], detail = 'The request does not match its schema.') =>
    errs.length > MAX_FIELD_ERRORS
      ? new HttpError(
          422,
          'validation-failed',
          'Validation failed',
          `${detail} The first ${MAX_FIELD_ERRORS} of ${errs.length} errors are listed.`,
          { errors: errs.slice(0, MAX_FIELD_ERRORS), errorCount: errs.length },
        )
      : new HttpError(422, 'validation-failed', 'Validation failed', detail, { errors: errs }),
  unprocessable: (id: string, detail: string, errs?: FieldError[]) =>
    new HttpError(422, id, 'Unprocessable content', detail, errs ? { errors: errs } : {}),
  idempotencyKeyReused: () =>
    new HttpError(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was used before with a different request body.',
    ),
  requestTimeout: (idleMs: number) =>
    new HttpError(
      408,
      'request-timeout',
      'Request timeout',
      `The request body brought less than 1 KiB in ${Math.round(idleMs / 1000)} s, so the hub stopped waiting and closed the connection. Send it again on a faster link (an import is safe to repeat).`,
    ),
  importLineTooLong: (row: number, max: number, unit: 'bytes' | 'characters' = 'bytes') =>
    new HttpError(
      413,
      'import-line-too-long',
      'Payload too large',
      unit === 'bytes'
        ? `Line ${row} is longer than ${max} bytes: an NDJSON import holds one allocation per line. The import stopped there: fix the line and send the file again (an import is safe to repeat).`
        : `The record at line ${row} is longer than ${max} characters: a CSV import holds one allocation per record (an unclosed quote makes one record of the rest of the file). The import stopped there: fix it and send the file again (an import is safe to repeat).`,
      { errors: [{ path: `/rows/${row}`, message: `longer than ${max} ${unit}` }] },
    ),
  tooManyRejected: (max: number, first: FieldError[]) =>
    new HttpError(
      422,
      'import-too-many-rejected',
      'Too many rejected rows',
      `More than ${max} rows of this file were rejected, so the import stopped: the file is probably not an allocation list in the expected format. Fix it and send it again (an import is safe to repeat); the first rows' reasons are in errors.`,
      { errors: first },
    ),
  tooManyRows: (max: number) =>
    new HttpError(
      413,
      'import-too-many-rows',
      'Payload too large',
      `An import holds at most ${max} rows (IMPORT_MAX_ROWS); rows up to ${max} were applied, split the file and send the rest (an import is safe to repeat).`,
    ),
  tooManyRequests: (retryAfterSeconds: number, what: string) =>
    new HttpError(429, 'rate-limited', 'Too many requests', `${what}; retry after ${retryAfterSeconds} s.`, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
  internal: () =>
    new HttpError(
      500,
      'internal-error',
      'Internal server error',
      'Something went wrong on our side; the request id identifies it in our logs.',
    ),
  unavailable: (detail: string) => new HttpError(503, 'service-unavailable', 'Service unavailable', detail),
} as const;
