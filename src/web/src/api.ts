/** The app's one way to the hub's public API: the session cookie (with its anti-CSRF token on changes) or a pasted token, problem+json as errors, 401 signs out. */
import { session } from './session';

/** One failing field of a problem (RFC 9457 `errors`), by JSON Pointer. */
export interface FieldError {
  path: string;
  message: string;
}

const NL_MESSAGES: [RegExp, string][] = [
  [/^is required$/, 'is verplicht'],
  [/^must be a date as YYYY-MM-DD$/, 'moet een datum zijn'],
  [/^must NOT have fewer than (\d+) characters$/, 'moet minstens $1 tekens hebben'],
  [/^must NOT have more than (\d+) characters$/, 'mag hoogstens $1 tekens hebben'],
  [/^must be one of /, 'moet een van deze zijn: '],
];

/** A field error of the hub in Dutch where the app knows the words (else as the hub said it). */
export function dutchMessage(message: string): string {
  for (const [pattern, nl] of NL_MESSAGES) if (pattern.test(message)) return message.replace(pattern, nl);
  return message;
}

/** An answer other than 2xx, with its problem details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: FieldError[]; type?: string },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

interface Options {
  method?: 'GET' | 'POST' | 'PATCH';
  body?: unknown;
  /** A raw body (a file) with its content type, instead of JSON. */
  raw?: { data: Blob | string; type: string };
  accept?: string;
  /** `If-Match`: the ETag of the version a change is based on. */
  ifMatch?: string;
}

async function send(path: string, { method = 'GET', body, raw, accept = 'application/json', ifMatch }: Options) {
  const headers: Record<string, string> = { Accept: accept };
  if (ifMatch) headers['If-Match'] = ifMatch;
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (method !== 'GET' && session.csrf()) headers['X-CSRF-Token'] = session.csrf()!;
  let payload: BodyInit | undefined;
  if (raw) {
    headers['Content-Type'] = raw.type;
    payload = raw.data;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  // a pasted token goes alone: a session cookie beside it would make the request a 400
  const res = await fetch(path, { method, headers, body: payload, credentials: token ? 'omit' : 'same-origin' });
  if (res.status === 401) session.forget();
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as ApiError['problem'];
    throw new ApiError(res.status, problem);
  }
  return res;
}

/** Calls the API and returns the JSON answer (undefined for 204). */
export async function api<T>(path: string, options: Options = {}): Promise<T> {
  const res = await send(path, options);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Downloads a file the API answers (with the token in the header, never in the link). */
export async function download(path: string, accept: string, fileName: string): Promise<void> {
  const blob = await (await send(path, { accept })).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** A list page of the API. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The caller (GET /v1/me): a signed-in person or a token. */
export interface Me {
  kind: 'person' | 'token';
  id: string;
  name: string;
  role: 'admin' | 'contract_manager' | 'consultant' | 'provider';
  providerAgbCode: string | null;
  teamCode: string | null;
  registration: { register: 'SKJ' | 'BIG'; number: string } | null;
  supervisedBy: string | null;
  canManageOrganisation: boolean;
  /** False for a consultant without a professional registration on record: counts, not cases. */
  mayReadCases: boolean;
  csrfToken?: string;
}

/** Signs out: a person's session ends at the hub and, where it offers that, at the identity provider; a token is forgotten. */
export async function signOut(): Promise<void> {
  if (session.token()) {
    session.forget();
    return;
  }
  try {
    const { redirectTo } = await api<{ redirectTo: string }>('/auth/logout', { method: 'POST' });
    session.setCsrf(null);
    window.location.assign(redirectTo);
  } catch {
    session.forget();
  }
}
