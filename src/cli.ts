#!/usr/bin/env node
import { parseCheckpoint } from './services/audit/audit.service';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from './config';
import { EngineError } from './engine/ferretdb-binary';
import { errors, HttpError } from './errors';
import { SchemaRegistry } from './validation/schemas';
import { withCli } from './cli/context';
import { createMetrics } from './metrics';
import { runJobOnce } from './scheduler/run-job';
import { ALL_JOBS, findJob } from '../jobs';
import type { Role } from './records';
import { seedDemo } from './demo/seed';
import { dateInAmsterdam, previousQuarter, quarterOf } from './domain/dates';

function parseTimestamp(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw new InvalidArgumentError('expected an ISO timestamp such as 2026-07-01T06:00:00Z');
  return date;
}

const program = new Command('hub').description('Youth-care exchange hub: administration commands').showHelpAfterError();

const token = program.command('token').description('issue and revoke API tokens');
token
  .command('create')
  .description('create a bearer token; prints it once, on the last line of stdout')
  .addOption(
    new Option('--role <role>', 'role of the token')
      .choices(['admin', 'contract_manager', 'consultant', 'provider'])
      .makeOptionMandatory(),
  )
  .option('--provider <agbCode>', 'AGB code the provider token is scoped to')
  .option('--team <teamCode>', 'team the consultant token is scoped to')
  .option('--name <label>', 'a label saying who or what uses the token')
  .action(async (opts: { role: Role; provider?: string; team?: string; name?: string }) => {
    const input = { role: opts.role, providerAgbCode: opts.provider, teamCode: opts.team, label: opts.name };
    const failures = new SchemaRegistry().validate('token-create.v1.json', JSON.parse(JSON.stringify(input)));
    if (failures.length > 0) throw errors.validation(failures, 'The token options are not valid.');
    await withCli(async ({ services }) => {
      const { token: secret, record } = await services.tokens.create(input, 'cli');
      process.stderr.write(
        `Created token ${record._id} (role ${record.role}${record.providerAgbCode ? `, provider ${record.providerAgbCode}` : ''}${record.teamCode ? `, team ${record.teamCode}` : ''}). It is shown once:\n`,
      );
      process.stdout.write(`${secret}\n`);
    });
  });
token
  .command('revoke <tokenId>')
  .description('revoke a token by its id (yht_...)')
  .action(async (tokenId: string) => {
    await withCli(async ({ services }) => {
      await services.tokens.revoke(tokenId, 'cli');
      process.stdout.write(`Revoked ${tokenId}\n`);
    });
  });

const job = program.command('job').description('scheduled jobs');
job
  .command('run <jobName>')
  .description(`run one job once now; jobs: ${ALL_JOBS.map((j) => j.name).join(', ')}`)
  .option('--now <timestamp>', 'the clock the job sees (ISO 8601)', parseTimestamp)
  .action(async (jobName: string, opts: { now?: Date }) => {
    const found = findJob(jobName);
    if (!found)
      throw new InvalidArgumentError(`unknown job "${jobName}"; known: ${ALL_JOBS.map((j) => j.name).join(', ')}`);
    await withCli(async ({ config, logger, opened, services }) => {
      const result = await runJobOnce(found, { config, database: opened.database, services, logger }, createMetrics(), {
        now: opts.now ?? new Date(),
        trigger: 'manual',
      });
      process.stdout.write(`${JSON.stringify({ job: jobName, ...result })}\n`);
      if (result.status !== 'succeeded') process.exitCode = 1;
    });
  });

const demo = program.command('demo').description('a fictional region to try the hub with');
demo
  .command('seed')
  .description(
    'fill an EMPTY hub with a fictional region (teams, providers, two years of allocations and reports), run the jobs, and print a token per role',
  )
  .option(
    '--allocations <n>',
    'how many allocations to generate',
    (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 100 || n > 500_000)
        throw new InvalidArgumentError('expected a whole number from 100 to 500000');
      return n;
    },
    3000,
  )
  .action(async (opts: { allocations: number }) => {
    await withCli(async ({ config, logger, opened, services }) => {
      const started = Date.now();
      const { counts, tokens, persons } = await seedDemo(
        { services, database: opened.database, config, logger },
        { allocations: opts.allocations, progress: (line) => process.stderr.write(`demo: ${line}\n`) },
      );
      process.stderr.write(
        `demo: done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}\n`,
      );
      process.stdout.write(
        `Open http://${config.host}:${config.port}/app/, choose "Demo-personen" and pick a person:\n`,
      );
      for (const p of persons) process.stdout.write(`  ${p}\n`);
      process.stdout.write('Tokens for systems (shown once; each is a real credential for this hub):\n');
      for (const t of tokens) process.stdout.write(`${t.role}${t.scope ? ` (${t.scope})` : ''}: ${t.token}\n`);
      process.stdout.write(
        `Or: curl -H "Authorization: Bearer ${tokens.find((t) => t.role === 'contract_manager')!.token}" "http://${config.host}:${config.port}/v1/kpis/overview?quarter=${previousQuarter(quarterOf(dateInAmsterdam(new Date())))}"\n`,
      );
    });
  });

const audit = program.command('audit').description('the audit trail');
audit
  .command('verify')
  .description(
    'walk the keyed hash chain of the audit trail; exit 1 naming the first altered, removed or reordered event',
  )
  .option(
    '--checkpoint <seq:hash>',
    'a checkpoint printed earlier by `hub audit checkpoint`: the chain must still hold it (catches a cut tail)',
  )
  .option(
    '--accept-unkeyed <n>',
    'the number of events written before the chain was keyed (note it at that upgrade); without it any unkeyed event is a break',
  )
  .action(async (opts: { checkpoint?: string; acceptUnkeyed?: string }) => {
    const checkpoint = opts.checkpoint === undefined ? undefined : parseCheckpoint(opts.checkpoint);
    if (checkpoint === null)
      throw new InvalidArgumentError('--checkpoint must be <seq>:<hash> as `hub audit checkpoint` prints it');
    const acceptUnkeyed = opts.acceptUnkeyed === undefined ? 0 : Number(opts.acceptUnkeyed);
    if (!Number.isSafeInteger(acceptUnkeyed) || acceptUnkeyed < 0 || !/^\d+$/.test(opts.acceptUnkeyed ?? '0'))
      throw new InvalidArgumentError('--accept-unkeyed must be a whole number of events');
    await withCli(async ({ services }) => {
      let lastReport = Date.now();
      const result = await services.audit.verify(
        (checked) => {
          if (Date.now() - lastReport > 2000) {
            process.stderr.write(`checked ${checked} events...\n`);
            lastReport = Date.now();
          }
        },
        checkpoint,
        acceptUnkeyed,
      );
      if (result.ok) {
        process.stdout.write(
          `audit trail intact: ${result.events} events, last hash ${result.lastHash}${checkpoint ? `, checkpoint ${checkpoint.seq} confirmed` : ''}\n`,
        );
        if (result.legacyEvents > 0)
          process.stdout.write(
            `note: the first ${result.legacyEvents} events predate the keyed chain (plain SHA-256), as accepted; export a checkpoint now to protect them too\n`,
          );
      } else {
        process.stdout.write(
          `audit trail BROKEN at event ${result.firstBadSeq}: ${result.problem} (${result.events} events before it are intact)\n`,
        );
        process.exitCode = 1;
      }
    });
  });

audit
  .command('checkpoint')
  .description(
    'print the head of the audit chain as <seq>:<hash>; store it outside the hub and pass it to `hub audit verify --checkpoint`',
  )
  .action(async () => {
    await withCli(async ({ services }) => {
      const head = await services.audit.checkpoint();
      process.stdout.write(`${head.seq}:${head.hash}\n`);
    });
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof HttpError) {
    process.stderr.write(
      `hub: ${err.detail}${err.extras.errors ? `\n${err.extras.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}` : ''}\n`,
    );
  } else if (err instanceof ConfigError || err instanceof EngineError || err instanceof InvalidArgumentError) {
    process.stderr.write(`hub: ${err.message}\n`);
  } else {
    process.stderr.write(`hub: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
  process.exitCode = 1;
});
