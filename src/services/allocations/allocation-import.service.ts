import { resumable } from '../operations/pending-writes';
import type { AllocationDoc, FollowUpDoc } from '../../records';
import type { Readable } from 'node:stream';
import { errors, HttpError, type FieldError } from '../../errors';
import { writableTeam } from '../../policies/allocations.policy';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { FollowUpsRepository } from '../../repositories/follow-ups.repository';
import type { SchemaRegistry } from '../../validation/schemas';
import { tokenHolder } from '../../policies/principal';
import type { Actor } from '../actor';
import type { AllocationPatch, AllocationsService } from './allocations.service';
import type { AuditEntry, AuditService } from '../audit/audit.service';
import { columnOf, readCsvRows, readNdjsonRows, type ImportRow } from './import-rows';
import type { RegistryLookup } from '../registry/registry-lookup';

import {
  checkRow,
  immutableDifferences,
  patchFor,
  TeamAllocations,
  type RejectedRow,
  type ValidRow,
} from './import-reconcile';

export type { RejectedRow } from './import-reconcile';

/** What became of one row that was applied. */
export interface RowOutcome {
  row: number;
  allocationNumber: string;
  outcome: 'created' | 'updated' | 'unchanged';
  /** The row ended the allocation (it gave an end reason). */
  ended?: true;
}

function counted(report: ImportReport, outcome: RowOutcome['outcome'], row: ValidRow): void {
  report[outcome] += 1;
  const ended = row.endReason ? { ended: true as const } : {};
  report.outcomes?.push({ row: row.row, allocationNumber: row.input.allocationNumber, outcome, ...ended });
}

/** The reconciliation report of an import. */
export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  /** Active allocations of the imported teams that the file does not mention. */
  missingFromFile: string[];
  teams: string[];
  /** Per applied row (`applyRows`, or an import asked for them). */
  outcomes?: RowOutcome[];
}

const CHUNK = 1000;
type Format = 'csv' | 'ndjson' | 'ijw';
const sourceOf = (format: Format) => (format === 'ijw' ? 'ijw' : 'import');

/** Imports one caller's organisation may run at once in an instance (429 beyond it). */
export const MAX_IMPORTS_PER_CALLER = 1;

/** A row naming a number the importer may not use: another team's, or a case shielded from it (told alike). */
const NUMBER_IN_USE: FieldError = Object.freeze({ path: '/allocationNumber', message: 'is already in use' });

/** The most rejected rows one import reports; beyond it the file is refused as a whole (422). */
export const MAX_REJECTED_ROWS = 1_000;

/**
 * Imports a municipality's handover list (CSV or NDJSON), streaming: rows are read,
 * validated like single creates and applied in chunks, so a 10,000-row file is never
 * held in memory. Re-importing the same file changes nothing.
 */
export class AllocationImportService {
  constructor(
    private readonly repo: AllocationsRepository,
    private readonly allocations: AllocationsService,
    private readonly audit: AuditService,
    private readonly registry: SchemaRegistry,
    private readonly followUps: FollowUpsRepository,
    private readonly limits: { maxRows: number; maxConcurrent: number } = {
      maxRows: Number.MAX_SAFE_INTEGER,
      maxConcurrent: Number.MAX_SAFE_INTEGER,
    },
  ) {}

  /** Imports running in this instance now (IMPORT_MAX_CONCURRENT caps them). */
  private running = 0;
  /** Imports running now per caller's organisation (a team, a provider, else the token): one each. */
  private readonly runningPerCaller = new Map<string, number>();

  /** Runs an import; `teamCode` (admins) names the team whose list; `withOutcomes` reports each applied row. */
  async run(
    actor: Actor,
    input: Readable,
    format: 'csv' | 'ndjson',
    teamCode?: string,
    withOutcomes = false,
  ): Promise<ImportReport> {
    // one caller cannot use up the instance's imports for everyone: one at a time each
    const holder = tokenHolder(actor.principal);
    const caller = holder ? (holder.teamCode ?? holder.providerAgbCode ?? holder.tokenId) : 'system';
    if ((this.runningPerCaller.get(caller) ?? 0) >= MAX_IMPORTS_PER_CALLER)
      throw errors.tooManyRequests(30, `an import of yours is still running (one at a time per team or organisation)`);
    if (this.running >= this.limits.maxConcurrent)
      throw errors.tooManyRequests(30, `${this.running} imports are running (IMPORT_MAX_CONCURRENT)`);
    this.running += 1;
    this.runningPerCaller.set(caller, (this.runningPerCaller.get(caller) ?? 0) + 1);
    try {
      return await this.reconcile(
        actor,
        format === 'csv' ? readCsvRows(input) : readNdjsonRows(input),
        format,
        teamCode,
        { wholeList: true, ...(withOutcomes ? { outcomes: [] } : {}) },
      );
    } finally {
      this.running -= 1;
      const left = (this.runningPerCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.runningPerCaller.set(caller, left);
      else this.runningPerCaller.delete(caller);
    }
  }

  /**
   * Applies a few allocations given as rows (an iJw message's products), with the
   * import's rules; answers what became of each row in `outcomes`, and no
   * `missingFromFile` (a message is not a team's whole list).
   */
  applyRows(actor: Actor, rows: ImportRow[], teamCode?: string): Promise<ImportReport> {
    return this.reconcile(actor, rows, 'ijw', teamCode, { wholeList: false, outcomes: [] });
  }

  private async reconcile(
    actor: Actor,
    rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
    format: Format,
    teamCode: string | undefined,
    { wholeList, outcomes }: { wholeList: boolean; outcomes?: RowOutcome[] },
  ): Promise<ImportReport> {
    const ownTeam = writableTeam(actor.principal);
    if (ownTeam && teamCode && teamCode !== ownTeam)
      throw errors.forbidden(`Consultants import their own team's list (${ownTeam}) only.`);
    const report: ImportReport = {
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: [],
      missingFromFile: [],
      teams: [],
      ...(outcomes ? { outcomes } : {}),
    };
    const seen = new Map<string, number>(); // allocation number -> first row
    const teams = new Set<string>([ownTeam ?? teamCode].filter((t): t is string => Boolean(t)));
    const registered = new TeamAllocations(this.repo, actor.principal);
    const lookup = this.allocations.lookup();
    let chunk: ValidRow[] = [];
    for await (const row of rows) {
      report.rows += 1;
      if (report.rows > this.limits.maxRows) throw errors.tooManyRows(this.limits.maxRows);
      const valid = checkRow(this.registry, row, ownTeam, seen);
      if ('errors' in valid) {
        this.reject(report, format, valid.row, valid.errors, valid.allocationNumber);
        continue;
      }
      teams.add(valid.input.teamCode);
      chunk.push(valid);
      if (chunk.length >= CHUNK) {
        await this.applyChunk(actor, chunk, lookup, registered, format, report);
        chunk = [];
      }
    }
    await this.applyChunk(actor, chunk, lookup, registered, format, report);
    report.teams = [...teams].sort();
    if (wholeList) for (const team of report.teams) await registered.load(team);
    if (wholeList)
      report.missingFromFile = registered
        .activeNumbers(report.teams)
        .filter((n) => !seen.has(n))
        .sort();
    if (format !== 'ijw')
      await this.audit.record(actor, [
        { action: 'allocation.import', objectType: 'import', objectId: actor.requestId ?? 'cli', clientRef: null },
      ]);
    return report;
  }

  private reject(
    report: ImportReport,
    format: Format,
    row: number,
    errs: FieldError[],
    allocationNumber?: string,
  ): void {
    const withColumns = errs.map((e) => {
      const column = format === 'csv' ? columnOf(e.path) : undefined;
      return column ? { ...e, column } : e;
    });
    report.rejected.push({ row, ...(allocationNumber ? { allocationNumber } : {}), errors: withColumns });
    // a report that lists every row of a wrong file would be hundreds of megabytes
    if (report.rejected.length > MAX_REJECTED_ROWS)
      throw errors.tooManyRejected(
        MAX_REJECTED_ROWS,
        report.rejected.slice(0, 20).map((r) => {
          const first = r.errors[0] ?? { path: '/', message: 'rejected' };
          return { path: `/rows/${r.row}${first.path === '/' ? '' : first.path}`, message: first.message };
        }),
      );
  }

  private async applyChunk(
    actor: Actor,
    chunk: ValidRow[],
    lookup: RegistryLookup,
    registered: TeamAllocations,
    format: Format,
    report: ImportReport,
  ): Promise<void> {
    const creates: { row: ValidRow; doc: ReturnType<AllocationsService['buildDoc']> }[] = [];
    for (const row of chunk) {
      // a file loads its teams once; a message's few products are read one by one
      if (format === 'ijw') await registered.loadOne(row.input.allocationNumber, row.input.teamCode);
      else await registered.load(row.input.teamCode);
      if (registered.hidden.has(row.input.allocationNumber)) {
        // shielded from the importer: as another team's number, nothing about it is told
        this.reject(report, format, row.row, [NUMBER_IN_USE], row.input.allocationNumber);
        continue;
      }
      const current = registered.byNumber.get(row.input.allocationNumber);
      const problems = await lookup.checkAllocation(row.input);
      if (current)
        problems.push(...immutableDifferences(current, row.input, (bsn) => this.allocations.vault.clientRef(bsn)));
      if (problems.length > 0) {
        this.reject(report, format, row.row, problems, row.input.allocationNumber);
      } else if (!current) {
        creates.push({ row, doc: this.allocations.buildDoc(row.input, actor, sourceOf(format), row.endReason) });
      } else {
        const patch = patchFor(current, row);
        if (!patch) counted(report, 'unchanged', row);
        else await this.applyUpdate(actor, current._id, patch, row, format, report);
      }
    }
    // The audit events owed for this chunk are noted first: a crash between the insert
    // and the audit leaves the note for the daily sweep (`resumePending`).
    const note = `import:${actor.requestId ?? 'cli'}:${creates[0]?.doc._id ?? 'none'}:${Date.now()}`;
    if (creates.length > 0) {
      await this.followUps.add({
        _id: note,
        kind: 'allocation.import-create',
        ids: creates.map((c) => c.doc._id),
        actor: actor.audit,
        requestId: actor.requestId,
        sourceIp: actor.sourceIp,
        createdAt: creates[0]!.doc.createdAt,
      });
    }
    // Numbers taken by an allocation outside the loaded teams collide on the unique `_id`.
    const collided = await this.repo.insertImportChunk(creates.map((c) => c.doc));
    const audits: AuditEntry[] = [];
    for (const { row, doc } of creates) {
      if (collided.has(doc._id)) {
        this.reject(report, format, row.row, [NUMBER_IN_USE], doc._id);
      } else {
        counted(report, 'created', row);
        registered.byNumber.set(doc._id, doc);
        audits.push({
          action: 'allocation.create',
          objectType: 'allocation',
          objectId: doc._id,
          clientRef: doc.client.ref,
        });
      }
    }
    await this.audit.record(actor, audits);
    await this.allocations.keepRowsOfNew(creates.filter((c) => !collided.has(c.doc._id)).map((c) => c.doc));
    if (creates.length > 0) await this.followUps.done(note);
  }

  /**
   * Registrations (an import chunk, or one registration) as a pending write, noted in
   * `follow_ups` before their inserts: for each noted allocation that the noting
   * operation created (it exists, created no earlier than the note), the sweep records
   * the `allocation.create` owed, by that operation's actor, and keeps its caseload row.
   */
  readonly pendingRegistrations = resumable({
    name: 'registrations',
    pending: () => this.followUps.dangerousStreamAll(),
    reread: (note: FollowUpDoc) => Promise.resolve(note),
    complete: async (_resumer, note: FollowUpDoc) => {
      const entries: AuditEntry[] = [];
      const created: AllocationDoc[] = [];
      for (const id of note.ids) {
        const doc = await this.repo.findById(id);
        if (doc && doc.createdAt.getTime() >= note.createdAt.getTime()) {
          created.push(doc);
          entries.push({
            action: 'allocation.create',
            objectType: 'allocation',
            objectId: id,
            clientRef: doc.client.ref,
          });
        }
      }
      await this.audit.record({ requestId: note.requestId, sourceIp: note.sourceIp, audit: note.actor }, entries);
      await this.allocations.keepRowsOfNew(created);
      await this.followUps.done(note._id);
    },
  });

  private async applyUpdate(
    actor: Actor,
    allocationNumber: string,
    patch: AllocationPatch,
    row: ValidRow,
    format: Format,
    report: ImportReport,
  ): Promise<void> {
    try {
      await this.allocations.update(actor, allocationNumber, patch, sourceOf(format)); // checks the rules again under the lock, and audits
      counted(report, 'updated', row);
    } catch (err) {
      // a rule the row breaks is the row's; anything else (an outage, a fault of the hub) is
      // the request's: a 503 or 500 problem, never the engine's words in a row of the report
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      this.reject(report, format, row.row, err.extras.errors ?? [{ path: '/', message: err.detail }], allocationNumber);
    }
  }
}
