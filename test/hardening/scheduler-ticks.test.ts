import { createMetrics } from '../../src/metrics';
import { runJobOnce } from '../../src/scheduler/run-job';
import { startScheduler } from '../../src/scheduler/scheduler';
import type { HubJob as Job } from '../../jobs/job';
import { createHarness, type Harness } from '../support/harness';
import { eventually } from '../support/processes';

describe('a scheduled tick is done only when a run of it completed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());
  const deps = () => ({
    config: { ...h.config, jobsEnabled: true },
    database: h.db.database,
    services: h.services,
    logger: h.log.logger,
  });
  const metrics = createMetrics();
  const tick = new Date('2026-06-01T03:00:00Z'); // 05:00 Amsterdam

  test('a failed run leaves its tick open: the retry runs it, and after success it is skipped', async () => {
    let calls = 0;
    const job: Job = {
      name: 'flaky-job',
      schedule: '0 5 * * *',
      description: 'test',
      run: () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('database hiccup')) : Promise.resolve({ done: calls });
      },
    };
    expect(await runJobOnce(job, deps(), metrics, { now: tick, tick, trigger: 'schedule' })).toMatchObject({
      status: 'failed',
      error: 'database hiccup',
    });
    expect(await runJobOnce(job, deps(), metrics, { now: tick, tick, trigger: 'retry' })).toMatchObject({
      status: 'succeeded',
      counts: { done: 2 },
    });
    expect(await runJobOnce(job, deps(), metrics, { now: tick, tick, trigger: 'retry' })).toEqual({
      status: 'skipped',
      reason: 'tick-done',
    });
    expect(calls).toBe(2);
  });

  test('a run lost with its instance (lock left by a dead holder, run never finished) is run at the next start-up', async () => {
    let calls = 0;
    const job: Job = {
      name: 'lost-job',
      schedule: '0 5 * * *',
      description: 'test',
      run: () => {
        calls += 1;
        return Promise.resolve({ ok: 1 });
      },
    };
    // what a crash mid-run leaves: a running run record and the job lock, expired
    await h.db.raw.col.jobRuns.insertOne({
      job: job.name,
      tick,
      now: tick,
      trigger: 'schedule',
      instance: 'dead:1',
      startedAt: tick,
      outcome: 'running',
    });
    await h.db.raw.col.locks.insertOne({
      _id: `job:${job.name}`,
      owner: 'dead-instance',
      expiresAt: new Date(Date.now() - 1000),
    });
    const scheduler = startScheduler([job], deps(), metrics, () => new Date('2026-06-01T10:00:00Z'));
    await scheduler.stop();
    expect(calls).toBe(1);
    expect(await h.db.raw.col.jobTicks.findOne({ _id: `${job.name}@${tick.toISOString()}` })).not.toBeNull();
  });

  test('a failed run is retried by the scheduler itself, without a restart', async () => {
    let calls = 0;
    const job: Job = {
      name: 'retried-job',
      schedule: '0 5 * * *',
      description: 'test',
      run: () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('first fails')) : Promise.resolve({ ok: 1 });
      },
    };
    const scheduler = startScheduler([job], deps(), metrics, () => new Date('2026-06-01T10:00:00Z'), 200);
    try {
      await eventually(
        async () => (await h.db.raw.col.jobTicks.findOne({ _id: `${job.name}@${tick.toISOString()}` })) !== null,
        10_000,
        'the retry to complete the tick',
      );
    } finally {
      await scheduler.stop();
    }
    expect(calls).toBe(2);
    const runs = await h.db.raw.col.jobRuns.find({ job: job.name }, { sort: { startedAt: 1 } }).toArray();
    expect(runs.map((r) => [r.trigger, r.outcome])).toEqual([
      ['startup', 'failed'],
      ['retry', 'succeeded'],
    ]);
  });

  test('a run whose lock was taken over (this instance was paused past its expiry) stops as failed and leaves the tick open', async () => {
    const job: Job = {
      name: 'paused-job',
      schedule: '0 5 * * *',
      description: 'test',
      run: () => new Promise((r) => setTimeout(() => r({ late: 1 }), 2000)),
    };
    const run = runJobOnce(job, deps(), metrics, {
      now: tick,
      tick,
      trigger: 'schedule',
      lockMs: 60_000,
      renewMs: 100,
    });
    await eventually(
      async () => (await h.db.raw.col.locks.findOne({ _id: `job:${job.name}` })) !== null,
      5000,
      'the run to hold its lock',
    );
    await h.db.raw.col.locks.updateOne({ _id: `job:${job.name}` }, { $set: { owner: 'another-instance' } });
    const result = await run;
    expect(result).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('taken over by another instance'),
    });
    expect(await h.db.raw.col.jobTicks.findOne({ _id: `${job.name}@${tick.toISOString()}` })).toBeNull();
    expect(await h.db.raw.col.locks.findOne({ _id: `job:${job.name}` })).toMatchObject({ owner: 'another-instance' }); // not released by the loser
  });
});
