import type {
  AllocationDoc,
  CaseloadRowDoc,
  ContractDoc,
  EvaluationDoc,
  EvaluationFact,
  ExtensionRequestDoc,
  FlagDoc,
  ReportingRules,
} from '../records';
import { flagAllocationNumber } from '../flags/types';
import { bucketOf, rowDocOf, type RowRequest } from '../domain/caseload-row';
import { DEFAULT_REPORTING } from '../domain/obligations';
import { evaluationFact, withFact } from '../kpis/facts';
import type { Migration } from './migration';
import { isDuplicateKeyError } from './errors';

/** The BerichtCode of each iJw message type the hub takes (migration 0014). */
const IJW_MESSAGE_CODES: Record<string, string> = { JW301: '436', JW305: '438', JW307: '440' };

/**
 * The indexes of a scope then `_id` that migration 0008 created (a page is an equality
 * on the caller's scope, then the cursor's `_id` range in `_id` order), for 0009 to
 * build again on the embedded engine. Migrations are append-only, so 0008 keeps its own.
 */
const SCOPE_ID_INDEXES: readonly { collection: string; key: Record<string, 1 | -1>; name: string }[] = [
  { collection: 'allocations', key: { providerAgbCode: 1, _id: 1 }, name: 'provider_id' },
  { collection: 'allocations', key: { teamCode: 1, _id: 1 }, name: 'team_id' },
  { collection: 'allocations', key: { municipalityCode: 1, _id: 1 }, name: 'municipality_id' },
  { collection: 'allocations', key: { contractNumber: 1, _id: 1 }, name: 'contract_id' },
  { collection: 'allocations', key: { status: 1, _id: 1 }, name: 'status_id' },
  { collection: 'allocations', key: { 'client.ref': 1, _id: 1 }, name: 'client_ref_id' },
  { collection: 'evaluations', key: { providerAgbCode: 1, _id: 1 }, name: 'provider_id' },
  { collection: 'evaluations', key: { teamCode: 1, _id: 1 }, name: 'team_id' },
  { collection: 'extension_requests', key: { providerAgbCode: 1, _id: 1 }, name: 'provider_id' },
  { collection: 'extension_requests', key: { teamCode: 1, _id: 1 }, name: 'team_id' },
  { collection: 'audit_events', key: { clientRef: 1, _id: 1 }, name: 'client_ref_id' },
  { collection: 'audit_events', key: { 'actor.tokenId': 1, _id: 1 }, name: 'actor_token_id' },
  { collection: 'contracts', key: { providerAgbCode: 1, _id: 1 }, name: 'provider_id' },
  { collection: 'quarterly_reports', key: { providerAgbCode: 1, _id: 1 }, name: 'provider_id' },
  { collection: 'quarterly_reports', key: { quarter: 1, _id: 1 }, name: 'quarter_id' },
  { collection: 'outbox', key: { status: 1, nextAttemptAt: 1, _id: 1 }, name: 'status_nextAttempt_id' },
  { collection: 'outbox', key: { status: 1, _id: 1 }, name: 'status_id' },
];

/**
 * Every migration, in order. Append only: never edit or reorder one that shipped.
 * Index builds use names so a re-run is a no-op. FerretDB v1 has no partial or TTL
 * indexes; expiry is done by jobs.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: '0001-foundation-indexes',
    description: 'job run history by job and start; tokens by role',
    async up(db) {
      await db.collection('job_runs').createIndex({ job: 1, startedAt: -1 }, { name: 'job_startedAt' });
      await db.collection('tokens').createIndex({ role: 1, createdAt: 1 }, { name: 'role_createdAt' });
    },
  },
  {
    id: '0002-registry-indexes',
    description:
      'allocations by team, provider, contract and client reference; contracts by provider; audit events by client, token and time',
    async up(db) {
      const allocations = db.collection('allocations');
      await allocations.createIndex({ teamCode: 1, status: 1 }, { name: 'team_status' });
      await allocations.createIndex({ providerAgbCode: 1, status: 1 }, { name: 'provider_status' });
      await allocations.createIndex({ contractNumber: 1 }, { name: 'contract' });
      await allocations.createIndex({ 'client.ref': 1 }, { name: 'client_ref' });
      await db.collection('contracts').createIndex({ providerAgbCode: 1 }, { name: 'provider' });
      const audit = db.collection('audit_events');
      await audit.createIndex({ clientRef: 1 }, { name: 'client_ref' });
      await audit.createIndex({ 'actor.tokenId': 1 }, { name: 'actor_token' });
      await audit.createIndex({ at: 1 }, { name: 'at' });
    },
  },
  {
    id: '0003-intake-indexes',
    description: 'evaluations, extension requests and quarterly reports by scope; idempotency keys by age',
    async up(db) {
      const evaluations = db.collection('evaluations');
      await evaluations.createIndex({ providerAgbCode: 1, periodEnd: 1 }, { name: 'provider_periodEnd' });
      await evaluations.createIndex({ teamCode: 1, periodEnd: 1 }, { name: 'team_periodEnd' });
      await evaluations.createIndex({ allocationNumber: 1 }, { name: 'allocation' });
      const requests = db.collection('extension_requests');
      await requests.createIndex({ providerAgbCode: 1, status: 1 }, { name: 'provider_status' });
      await requests.createIndex({ teamCode: 1, status: 1 }, { name: 'team_status' });
      await requests.createIndex({ status: 1, decisionDeadline: 1 }, { name: 'status_deadline' });
      await db
        .collection('quarterly_reports')
        .createIndex({ providerAgbCode: 1, quarter: 1 }, { name: 'provider_quarter' });
      await db.collection('idempotency_keys').createIndex({ createdAt: 1 }, { name: 'createdAt' });
    },
  },
  {
    id: '0004-flags-outbox-indexes',
    description: 'flags by status and scope; outbox by status and next attempt',
    async up(db) {
      const flags = db.collection('flags');
      await flags.createIndex({ status: 1, type: 1 }, { name: 'status_type' });
      await flags.createIndex({ providerAgbCode: 1, status: 1 }, { name: 'provider_status' });
      await flags.createIndex({ teamCode: 1, status: 1 }, { name: 'team_status' });
      await flags.createIndex({ 'subject.id': 1 }, { name: 'subject' });
      await db.collection('outbox').createIndex({ status: 1, nextAttemptAt: 1 }, { name: 'status_nextAttempt' });
    },
  },
  {
    id: '0005-kpi-indexes',
    description: 'experience ratings by quarter and provider; reviews by provider',
    async up(db) {
      await db
        .collection('experience_ratings')
        .createIndex({ quarter: 1, providerAgbCode: 1 }, { name: 'quarter_provider' });
      await db.collection('reviews').createIndex({ providerAgbCode: 1, date: -1 }, { name: 'provider_date' });
    },
  },
  {
    id: '0006-evaluation-facts',
    description:
      'each allocation carries the KPI facts of its current evaluation reports (backfilled from the reports), so a KPI pass reads allocations only',
    async up(db) {
      const facts = new Map<string, EvaluationFact[]>();
      const reports = db.collection<EvaluationDoc>('evaluations').find(
        { status: 'current' },
        {
          projection: {
            allocationNumber: 1,
            periodStart: 1,
            periodEnd: 1,
            meetingDate: 1,
            dueDate: 1,
            onTime: 1,
            isClosing: 1,
            goals: 1,
            satisfaction: 1,
            participants: 1,
            residence: 1,
            caseDirection: 1,
          },
          batchSize: 5000,
        },
      );
      for await (const ev of reports)
        facts.set(ev.allocationNumber, withFact(facts.get(ev.allocationNumber), evaluationFact(ev)));
      const updates = [...facts].map(([id, list]) => ({
        updateOne: { filter: { _id: id }, update: { $set: { evaluationFacts: list } } },
      }));
      for (let i = 0; i < updates.length; i += 1000)
        await db.collection<AllocationDoc>('allocations').bulkWrite(updates.slice(i, i + 1000), { ordered: false });
    },
  },
  {
    id: '0007-pending-follow-ups',
    description:
      'allocations, evaluations and extension requests whose follow-up writes are pending (the sweep resumes them)',
    async up(db) {
      for (const name of ['allocations', 'evaluations', 'extension_requests'])
        await db.collection(name).createIndex({ pending: 1 }, { name: 'pending' });
    },
  },
  {
    id: '0008-query-indexes',
    description:
      'an index for every query the hub sends (issue 10): lists by scope in id order (the cursor), housekeeping by age, flags by type and by raise time, quarterly reports by contract and by quarter, recomputations by status, the outbox in delivery order',
    async up(db) {
      // a page is an equality on the caller's scope, then the cursor's _id range in _id order:
      // (scope, _id) serves both; the (scope, status) indexes it replaces served only the first
      const replace = async (collection: string, drop: string[], create: [Record<string, 1 | -1>, string][]) => {
        for (const [key, name] of create) await db.collection(collection).createIndex(key, { name });
        for (const name of drop)
          await db
            .collection(collection)
            .dropIndex(name)
            .catch(() => undefined); // absent: nothing to drop
      };
      await replace(
        'allocations',
        ['team_status', 'provider_status', 'contract', 'client_ref'],
        [
          [{ providerAgbCode: 1, _id: 1 }, 'provider_id'],
          [{ teamCode: 1, _id: 1 }, 'team_id'],
          [{ municipalityCode: 1, _id: 1 }, 'municipality_id'],
          [{ contractNumber: 1, _id: 1 }, 'contract_id'],
          [{ status: 1, _id: 1 }, 'status_id'],
          [{ 'client.ref': 1, _id: 1 }, 'client_ref_id'],
        ],
      );
      await replace(
        'evaluations',
        ['provider_periodEnd', 'team_periodEnd'],
        [
          [{ providerAgbCode: 1, _id: 1 }, 'provider_id'],
          [{ teamCode: 1, _id: 1 }, 'team_id'],
        ],
      );
      await replace(
        'extension_requests',
        ['provider_status', 'team_status'],
        [
          [{ providerAgbCode: 1, _id: 1 }, 'provider_id'],
          [{ teamCode: 1, _id: 1 }, 'team_id'],
        ],
      );
      await replace(
        'audit_events',
        ['client_ref', 'actor_token'],
        [
          [{ clientRef: 1, _id: 1 }, 'client_ref_id'],
          [{ 'actor.tokenId': 1, _id: 1 }, 'actor_token_id'],
        ],
      );
      await replace('contracts', ['provider'], [[{ providerAgbCode: 1, _id: 1 }, 'provider_id']]);
      await replace(
        'quarterly_reports',
        [],
        [
          [{ providerAgbCode: 1, _id: 1 }, 'provider_id'],
          [{ contractNumber: 1, quarter: 1 }, 'contract_quarter'],
          [{ quarter: 1, _id: 1 }, 'quarter_id'],
        ],
      );
      await replace(
        'outbox',
        [],
        [
          [{ status: 1, nextAttemptAt: 1, _id: 1 }, 'status_nextAttempt_id'],
          [{ status: 1, _id: 1 }, 'status_id'],
        ],
      );
      await replace(
        'job_runs',
        [],
        [
          [{ startedAt: 1 }, 'startedAt'],
          [{ outcome: 1, startedAt: 1 }, 'outcome_startedAt'],
        ],
      );
      await replace('job_ticks', [], [[{ claimedAt: 1 }, 'claimedAt']]);
      await replace('locks', [], [[{ expiresAt: 1 }, 'expiresAt']]);
      await replace(
        'flags',
        [],
        [
          [{ type: 1, status: 1 }, 'type_status'],
          [{ raisedAt: 1 }, 'raisedAt'],
        ],
      );
      await replace('kpi_recomputations', [], [[{ status: 1 }, 'status']]);
    },
  },
  {
    id: '0009-keyset-index-order',
    description:
      'the embedded engine orders an index of fields then _id by the _id string itself (its keyset pages, issue 10): the (scope, _id) indexes built before that are built again; on MongoDB nothing changes',
    async up(db) {
      const info = await db.admin().command({ buildInfo: 1 });
      if (!info.ferretdbVersion) return; // MongoDB: its indexes already serve the pages in order
      // dropped and created one at a time; after a crash the next start does the rest again
      for (const { collection, key, name } of SCOPE_ID_INDEXES) {
        await db
          .collection(collection)
          .dropIndex(name)
          .catch(() => undefined); // absent: nothing to drop
        await db.collection(collection).createIndex(key, { name });
      }
    },
  },
  {
    id: '0010-reassessments',
    description:
      'reassessment campaigns (issue 14): campaigns by team in id order, their items by campaign in id order (allocation-number order)',
    async up(db) {
      await db.collection('reassessments').createIndex({ teamCode: 1, _id: 1 }, { name: 'team_id' });
      await db.collection('reassessment_items').createIndex({ campaignId: 1, _id: 1 }, { name: 'campaign_id' });
    },
  },
  {
    id: '0011-case-record-pages',
    description:
      "a case's evaluations and extension requests paged in id order (issue 26: a page that skips a shielded case's records goes on after its last one): (allocationNumber, _id), which also serves the lookups by case the old index did",
    async up(db) {
      await db.collection('evaluations').createIndex({ allocationNumber: 1, _id: 1 }, { name: 'allocation_id' });
      await db
        .collection('evaluations')
        .dropIndex('allocation')
        .catch(() => undefined); // absent: nothing to drop
      await db.collection('extension_requests').createIndex({ allocationNumber: 1, _id: 1 }, { name: 'allocation_id' });
    },
  },
  {
    id: '0012-recomputation-queue',
    description:
      "a quarter's queued KPI recomputation, which later requests join (issue 26: requests coalesce): (status, quarter)",
    async up(db) {
      await db.collection('kpi_recomputations').createIndex({ status: 1, quarter: 1 }, { name: 'status_quarter' });
    },
  },
  {
    id: '0013-persons-and-sessions',
    description:
      "people who sign in (issue 27): persons by e-mail (unique) and by scope in id order, sessions by person (ended at once on deactivation) and by expiry, sign-ins under way by expiry, a provider's tokens in id order (its administrator's list)",
    async up(db) {
      await db.collection('persons').createIndex({ email: 1 }, { name: 'email', unique: true });
      await db.collection('persons').createIndex({ providerAgbCode: 1, _id: 1 }, { name: 'provider_id' });
      await db.collection('persons').createIndex({ teamCode: 1, _id: 1 }, { name: 'team_id' });
      await db.collection('persons').createIndex({ role: 1, _id: 1 }, { name: 'role_id' });
      await db.collection('persons').createIndex({ active: 1, _id: 1 }, { name: 'active_id' });
      await db.collection('sessions').createIndex({ personId: 1 }, { name: 'person' });
      await db.collection('sessions').createIndex({ expiresAt: 1 }, { name: 'expiresAt' });
      await db.collection('sessions').createIndex({ idleUntil: 1 }, { name: 'idleUntil' });
      await db.collection('login_states').createIndex({ expiresAt: 1 }, { name: 'expiresAt' });
      await db.collection('tokens').createIndex({ providerAgbCode: 1, _id: 1 }, { name: 'provider_id' });
    },
  },
  {
    id: '0014-ijw-message-type-in-key',
    description:
      "iJw messages are keyed by sender, message type (BerichtCode) and identification (issue 28, TR056: a JW307 may reuse its JW305's identification); the messages received before are keyed again, each once",
    async up(db) {
      const messages = db.collection<{ _id: string; type: string; sender: string; identification: string }>(
        'ijw_messages',
      );
      for await (const doc of messages.find({})) {
        const code = IJW_MESSAGE_CODES[doc.type];
        if (!code || doc._id !== `${doc.sender}:${doc.identification}`) continue; // keyed already
        try {
          await messages.insertOne({ ...doc, _id: `${doc.sender}:${code}:${doc.identification}` });
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err; // a run cut short inserted it already
        }
        await messages.deleteOne({ _id: doc._id });
      }
    },
  },
  {
    id: '0015-waiting-figures',
    description:
      "the waiting monitor's daily rows (issue 28): a page of one day's rows by municipality (or the totals), optionally one provider and one category, in id order; a day's rows by day (replaced and dropped)",
    async up(db) {
      const figures = db.collection('waiting_figures');
      await figures.createIndex({ asOf: 1, municipalityCode: 1, _id: 1 }, { name: 'day_municipality_id' });
      await figures.createIndex(
        { asOf: 1, municipalityCode: 1, providerAgbCode: 1, _id: 1 },
        { name: 'day_municipality_provider_id' },
      );
      await figures.createIndex(
        { asOf: 1, municipalityCode: 1, productCategory: 1, _id: 1 },
        { name: 'day_municipality_category_id' },
      );
      await figures.createIndex(
        { asOf: 1, municipalityCode: 1, providerAgbCode: 1, productCategory: 1, _id: 1 },
        { name: 'day_municipality_provider_category_id' },
      );
      await db.collection('waiting_snapshots').createIndex({ status: 1, _id: 1 }, { name: 'status_id' });
    },
  },
  {
    id: '0016-caseload-rows',
    description:
      "the caseload's kept rows (issue 28): one per active allocation, by team, provider and shielding in id order; built here from the allocations, their contracts and their latest extension requests",
    async up(db) {
      const rows = db.collection<CaseloadRowDoc>('caseload_rows');
      await rows.createIndex({ teamCode: 1, _id: 1 }, { name: 'team_id' });
      await rows.createIndex({ providerAgbCode: 1, _id: 1 }, { name: 'provider_id' });
      await rows.createIndex({ shieldKey: 1, _id: 1 }, { name: 'shield_id' });
      const rules = new Map<string, ReportingRules>();
      for await (const c of db.collection<ContractDoc>('contracts').find({}, { projection: { reporting: 1 } }))
        rules.set(c._id, c.reporting);
      const latest = new Map<string, RowRequest & { allocationNumber: string }>();
      for await (const r of db
        .collection<ExtensionRequestDoc>('extension_requests')
        .find(
          {},
          { projection: { allocationNumber: 1, status: 1, source: 1, withoutEvaluation: 1, decisionDeadline: 1 } },
        )) {
        const n = (id: string) => Number(id.slice(id.lastIndexOf('_') + 1));
        const had = latest.get(r.allocationNumber);
        if (!had || n(r._id) > n(had._id)) latest.set(r.allocationNumber, r);
      }
      let batch: CaseloadRowDoc[] = [];
      const flush = async () => {
        for (const row of batch) await rows.replaceOne({ _id: row._id }, row, { upsert: true });
        batch = [];
      };
      for await (const a of db
        .collection<AllocationDoc>('allocations')
        .find({ status: 'active' }, { projection: { history: 0, evaluationFacts: 0, 'client.bsnEnc': 0 } })) {
        const row = rowDocOf(a, { ...DEFAULT_REPORTING, ...rules.get(a.contractNumber) }, latest.get(a._id));
        if (row) batch.push(row);
        if (batch.length >= 1000) await flush();
      }
      await flush();
    },
  },
  {
    id: '0017-flags-allocation-number',
    description:
      "each flag names its allocation in a plain field (its subject, or its extension request's allocation), indexed (issue 28): a caseload page and the call list read their rows' open flags by `$in`, not the team's open flags",
    async up(db) {
      const flags = db.collection<FlagDoc>('flags');
      await flags.createIndex({ allocationNumber: 1, status: 1 }, { name: 'allocation_status' });
      for await (const f of flags.find(
        { allocationNumber: { $exists: false } },
        {
          projection: { subject: 1, 'evidence.allocationNumber': 1 },
          batchSize: 5000,
          comment: 'dangerous: every flag raised before 0017 (migration 0017)',
        },
      )) {
        const allocationNumber = flagAllocationNumber(f);
        if (allocationNumber) await flags.updateOne({ _id: f._id }, { $set: { allocationNumber } });
      }
    },
  },
  {
    id: '0018-caseload-kept-figures',
    description:
      "a team's caseload figures kept per part of its rows (issue 28): each row names its part (its youth's), rows by team and part, the counts of changes and the kept parts by team",
    async up(db) {
      const rows = db.collection<CaseloadRowDoc>('caseload_rows');
      await rows.createIndex({ teamCode: 1, bucketKey: 1, _id: 1 }, { name: 'team_bucket_id' });
      await db.collection('caseload_versions').createIndex({ teamCode: 1 }, { name: 'team' });
      await db.collection('caseload_snapshots').createIndex({ teamCode: 1, figure: 1 }, { name: 'team_figure' });
      for await (const r of rows.find(
        { bucketKey: { $exists: false } },
        { projection: { clientRef: 1 }, batchSize: 5000, comment: 'dangerous: every caseload row (migration 0018)' },
      ))
        await rows.updateOne({ _id: r._id }, { $set: { bucketKey: bucketOf(r.clientRef) } });
    },
  },
  {
    id: '0019-caseload-filter-indexes',
    description:
      "a team's caseload filtered by residence, case direction or waiting read in id order through an index of its own (issue 28): on PostgreSQL the page was read in the team's order and filtered, about 2,000 rows for 100",
    async up(db) {
      const rows = db.collection('caseload_rows');
      await rows.createIndex({ teamCode: 1, residenceKey: 1, _id: 1 }, { name: 'team_residence_id' });
      await rows.createIndex({ teamCode: 1, caseDirectionKey: 1, _id: 1 }, { name: 'team_direction_id' });
      await rows.createIndex({ teamCode: 1, waitingKey: 1, _id: 1 }, { name: 'team_waiting_id' });
    },
  },
];
