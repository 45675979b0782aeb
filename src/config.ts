import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020';
import { SCHEMAS_DIR } from './paths';

/** The hub's configuration, parsed and validated once from the environment. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  mongodbUri: string | undefined;
  /** With MONGODB_URI unset: the embedded FerretDB uses this PostgreSQL instead of SQLite. */
  ferretdbPostgresqlUrl: string | undefined;
  dbName: string;
  dataDir: string;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  jobsEnabled: boolean;
  sweepTime: string;
  remindersTime: string;
  bsnKey: string | undefined;
  bsnKeyFile: string | undefined;
  bodyLimit: string;
  importBodyLimit: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  contractManagerEmails: string[];
  webhookAllowPrivate: boolean;
  webhookTimeoutMs: number;
  outboxMaxAttempts: number;
  kpiMinDenominator: number;
  kpiSettleDays: number;
  reviewLargeShare: number;
  waitingListMargin: number;
  corsOrigins: string[];
  metricsToken: string | undefined;
  trustProxy: boolean;
  shutdownTimeoutMs: number;
  /** How long a client may take to send a request's headers. */
  headersTimeoutMs: number;
  /** How long a client may take to send a whole request (at least headersTimeoutMs). */
  requestTimeoutMs: number;
  /** A body bringing less than 1 KiB in this time while the hub waits for it is a 408. */
  bodyIdleTimeoutMs: number;
  rateLimitPerToken: number;
  rateLimitPerAddress: number;
  importMaxRows: number;
  importMaxConcurrent: number;
  /** The hub's address as browsers reach it (no path). */
  publicUrl: string;
  /** The identity providers people sign in with. */
  oidcIssuers: OidcIssuerConfig[];
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Case-level data only for a consultant with a professional registration on record. */
  requireRegistration: boolean;
  /** The development identity provider: started with the hub when set (never in production). */
  devIdp: { port: number } | null;
}

/** One identity provider people sign in with (OpenID Connect). */
export interface OidcIssuerConfig {
  /** Short name in URLs (`/auth/login?issuer=<id>`). */
  id: string;
  /** What the sign-in page shows. */
  label: string;
  /** The issuer URL (its discovery document is at /.well-known/openid-configuration). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** For provider staff (an eHerkenning broker): the claim that carries the organisation's AGB code. */
  organisationClaim?: string;
  /** `acr_values` to ask for (eHerkenning: an assurance level such as urn:etoegang:core:assurance-class:loa3). */
  acrValues?: string;
  /** `prompt` to send (`login`, `select_account`): where one workstation serves several people. */
  prompt?: string;
  /** The claim that says the e-mail address is verified (default `email_verified`; Entra ID: `xms_edov`). */
  emailVerifiedClaim?: string;
}

/** A configuration value that is not allowed; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Raw = Record<string, string | number | boolean | undefined>;

const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'internal', 'config.v1.json'), 'utf8')) as {
  properties: Record<
    string,
    { description?: string; enum?: string[]; pattern?: string; minimum?: number; maximum?: number; type: string }
  >;
};
const validate = new Ajv2020({ coerceTypes: true, useDefaults: true, allErrors: true, strict: true }).compile<Raw>(
  schema,
);

function allowed(name: string): string {
  const p = schema.properties[name];
  if (!p) return '';
  if (p.enum) return `one of ${p.enum.join(', ')}`;
  if (p.type === 'boolean') return 'true or false';
  if (p.type === 'integer') return `an integer from ${p.minimum ?? '-inf'} to ${p.maximum ?? 'inf'}`;
  if (p.pattern) return `a value matching ${p.pattern} (${p.description ?? ''})`;
  return p.description ?? '';
}

/** Parses and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, isTty = Boolean(process.stdout.isTTY)): Config {
  const raw: Raw = {};
  for (const name of Object.keys(schema.properties)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((e) => {
      const name = e.instancePath.replace(/^\//, '');
      return `${name}=${JSON.stringify(env[name])} is not allowed: expected ${allowed(name)}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const nodeEnv = raw.NODE_ENV as Config['nodeEnv'];
  const format = raw.LOG_FORMAT as string;
  return {
    nodeEnv,
    port: raw.PORT as number,
    host: raw.HOST as string,
    mongodbUri: raw.MONGODB_URI as string | undefined,
    ferretdbPostgresqlUrl: raw.FERRETDB_POSTGRESQL_URL as string | undefined,
    dbName: raw.DB_NAME as string,
    dataDir: path.resolve(raw.DATA_DIR as string),
    logLevel: raw.LOG_LEVEL as string,
    logFormat:
      format === 'auto' ? (isTty && nodeEnv !== 'production' ? 'pretty' : 'json') : (format as 'json' | 'pretty'),
    jobsEnabled: raw.JOBS_ENABLED as boolean,
    sweepTime: raw.SWEEP_TIME as string,
    remindersTime: raw.REMINDERS_TIME as string,
    bsnKey: raw.BSN_KEY as string | undefined,
    bsnKeyFile: raw.BSN_KEY_FILE as string | undefined,
    bodyLimit: raw.BODY_LIMIT as string,
    importBodyLimit: raw.IMPORT_BODY_LIMIT as string,
    smtpUrl: raw.SMTP_URL as string | undefined,
    mailFrom: raw.MAIL_FROM as string,
    contractManagerEmails: String(raw.CONTRACT_MANAGER_EMAILS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    webhookAllowPrivate: raw.WEBHOOK_ALLOW_PRIVATE as boolean,
    webhookTimeoutMs: raw.WEBHOOK_TIMEOUT_MS as number,
    outboxMaxAttempts: raw.OUTBOX_MAX_ATTEMPTS as number,
    kpiMinDenominator: raw.KPI_MIN_DENOMINATOR as number,
    kpiSettleDays: raw.KPI_SETTLE_DAYS as number,
    reviewLargeShare: raw.REVIEW_LARGE_SHARE as number,
    waitingListMargin: raw.WAITING_LIST_MARGIN as number,
    corsOrigins: String(raw.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    metricsToken: raw.METRICS_TOKEN as string | undefined,
    trustProxy: raw.TRUST_PROXY as boolean,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS as number,
    rateLimitPerToken: raw.RATE_LIMIT_PER_TOKEN as number,
    rateLimitPerAddress: raw.RATE_LIMIT_PER_ADDRESS as number,
    importMaxRows: raw.IMPORT_MAX_ROWS as number,
    importMaxConcurrent: raw.IMPORT_MAX_CONCURRENT as number,
    headersTimeoutMs: raw.HEADERS_TIMEOUT_MS as number,
    requestTimeoutMs: Math.max(raw.REQUEST_TIMEOUT_MS as number, raw.HEADERS_TIMEOUT_MS as number),
    bodyIdleTimeoutMs: raw.BODY_IDLE_TIMEOUT_MS as number,
    publicUrl: (raw.PUBLIC_URL as string | undefined) ?? defaultPublicUrl(raw.HOST as string, raw.PORT as number),
    oidcIssuers: parseIssuers(raw.OIDC_ISSUERS as string | undefined),
    sessionIdleMs: (raw.SESSION_IDLE_MINUTES as number) * 60_000,
    sessionMaxMs: (raw.SESSION_MAX_HOURS as number) * 3_600_000,
    requireRegistration: raw.REQUIRE_REGISTRATION as boolean,
    devIdp: devIdpOf(nodeEnv, raw),
  };
}

/**
 * Where browsers reach the hub when PUBLIC_URL is not set: the address it listens on, as
 * the start-up line prints it (`localhost` for every interface), so that the sign-in
 * comes back to the host its cookie was set on.
 */
function defaultPublicUrl(host: string, port: number): string {
  const name = ['0.0.0.0', '::'].includes(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/** The development identity provider's settings: on by default outside production and tests, never in production. */
function devIdpOf(nodeEnv: Config['nodeEnv'], raw: Raw): Config['devIdp'] {
  const wanted = (raw.DEV_IDP as boolean | undefined) ?? nodeEnv === 'development';
  if (!wanted) return null;
  if (nodeEnv === 'production')
    throw new ConfigError(
      'Invalid configuration:\n  DEV_IDP=true is not allowed in production: it signs in whoever asks',
    );
  return { port: (raw.DEV_IDP_PORT as number | undefined) ?? (raw.PORT as number) + 1 };
}

const ISSUER_FIELDS = ['id', 'label', 'issuer', 'clientId', 'clientSecret'] as const;

/** Reads OIDC_ISSUERS (a JSON list); ConfigError naming what is wrong. */
function parseIssuers(text: string | undefined): OidcIssuerConfig[] {
  if (!text) return [];
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw new ConfigError('Invalid configuration:\n  OIDC_ISSUERS is not JSON: expected a list of identity providers');
  }
  if (!Array.isArray(list)) throw new ConfigError('Invalid configuration:\n  OIDC_ISSUERS must be a JSON list');
  const seen = new Set<string>();
  return list.map((item: unknown, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    for (const field of ISSUER_FIELDS)
      if (typeof o[field] !== 'string' || !o[field])
        throw new ConfigError(`Invalid configuration:\n  OIDC_ISSUERS[${i}].${field} is missing (a string)`);
    const id = o.id as string;
    if (!/^[a-z0-9-]{1,40}$/.test(id) || seen.has(id))
      throw new ConfigError(`Invalid configuration:\n  OIDC_ISSUERS[${i}].id must be unique: 1-40 of a-z, 0-9 and -`);
    seen.add(id);
    if (!/^https?:\/\//.test(o.issuer as string))
      throw new ConfigError(`Invalid configuration:\n  OIDC_ISSUERS[${i}].issuer must be a URL`);
    const issuer: OidcIssuerConfig = {
      id,
      label: o.label as string,
      issuer: o.issuer as string,
      clientId: o.clientId as string,
      clientSecret: o.clientSecret as string,
    };
    if (typeof o.organisationClaim === 'string') issuer.organisationClaim = o.organisationClaim;
    if (typeof o.acrValues === 'string') issuer.acrValues = o.acrValues;
    if (typeof o.prompt === 'string') issuer.prompt = o.prompt;
    if (typeof o.emailVerifiedClaim === 'string') issuer.emailVerifiedClaim = o.emailVerifiedClaim;
    return issuer;
  });
}
