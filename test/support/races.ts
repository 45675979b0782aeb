/**
 * Race experiments: many connections write one document at the same moment, and each
 * experiment counts the rounds that broke what MongoDB guarantees for a single-document
 * write (exactly one winner, no lost increment, no lost field). The race suite
 * (test/foundation/engine-races.test.ts) asserts 0 anomalies on both embedded
 * backends; the bench (test/bench/races.ts) prints the same table for the engine with
 * and without the hub's atomic-write patch.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from 'mongodb';
import { MongoClient } from 'mongodb';
import { LocksRepository } from '../../src/repositories/locks.repository';
import { dangerousDeleteInBatches } from '../../src/repositories/batched-delete';
import { IdempotencyRepository } from '../../src/repositories/idempotency.repository';
import type { IdempotencyDoc, LockDoc } from '../../src/records';

/** How many concurrent connections race (the issue's 50). */
export const RACERS = 50;

export interface RaceResult {
  experiment: string;
  guarantee: string;
  /** Rounds (or numbers, or increments) measured. */
  trials: string;
  /** What broke the guarantee; 0 is the only right answer. */
  anomalies: number;
  detail: string;
}

/** The size of each experiment: the suite's is small enough to stay bounded, the bench's the issue's. */
export interface RaceSizes {
  lockRounds: number;
  casRounds: number;
  incPerClient: number;
  sequenceNumbers: number;
  fieldRounds: number;
  takeoverRounds: number;
  upsertRounds: number;
  housekeepingRounds: number;
  insertRounds: number;
}

export const SUITE_SIZES: RaceSizes = {
  lockRounds: 40,
  casRounds: 40,
  incPerClient: 40,
  sequenceNumbers: 1000,
  fieldRounds: 30,
  takeoverRounds: 40,
  upsertRounds: 20,
  housekeepingRounds: 30,
  insertRounds: 20,
};

export const ISSUE_SIZES: RaceSizes = {
  lockRounds: 300,
  casRounds: 300,
  incPerClient: 200,
  sequenceNumbers: 5000,
  fieldRounds: 60,
  takeoverRounds: 300,
  upsertRounds: 100,
  housekeepingRounds: 100,
  insertRounds: 100,
};

/** A client whose pool gives every racer a connection of its own. */
export function racingClient(uri: string): MongoClient {
  return new MongoClient(uri, { maxPoolSize: RACERS, minPoolSize: RACERS, directConnection: true });
}

const all = <T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> =>
  Promise.all(Array.from({ length: n }, (_, i) => f(i)));

interface Lock {
  _id: string;
  owner: string | null;
  expiresAt: Date;
}

/** 50 × findOneAndUpdate on one free lock: exactly one takes it. */
async function lockTakers(db: Db, rounds: number): Promise<RaceResult> {
  const col = db.collection<Lock>('race_lock');
  let bad = 0;
  let most = 0;
  for (let r = 0; r < rounds; r += 1) {
    await col.replaceOne({ _id: 'L' }, { owner: null, expiresAt: new Date(0) }, { upsert: true });
    const won = await all(RACERS, (i) =>
      col.findOneAndUpdate(
        { _id: 'L', $or: [{ owner: null }, { expiresAt: { $lt: new Date() } }] },
        { $set: { owner: `o${i}`, expiresAt: new Date(Date.now() + 60_000) } },
      ),
    );
    const winners = won.filter((d) => d !== null).length;
    most = Math.max(most, winners);
    if (winners !== 1) bad += 1;
  }
  return {
    experiment: `${RACERS} × findOneAndUpdate({_id, $or: [free, expired]}) on one lock`,
    guarantee: 'exactly 1 winner per round',
    trials: `${rounds} rounds`,
    anomalies: bad,
    detail: `rounds without exactly one winner (most winners in a round: ${most})`,
  };
}

/** Compare-and-set: 50 × updateOne({_id, v: n}, {$set: {v: n + 1}}), exactly one modifies. */
async function compareAndSet(db: Db, rounds: number): Promise<RaceResult> {
  const col = db.collection<{ _id: string; v: number }>('race_cas');
  await col.insertOne({ _id: 'C', v: 0 });
  let bad = 0;
  for (let n = 0; n < rounds; n += 1) {
    const res = await all(RACERS, () => col.updateOne({ _id: 'C', v: n }, { $set: { v: n + 1 } }));
    if (res.reduce((s, x) => s + x.modifiedCount, 0) !== 1) bad += 1;
    const doc = await col.findOne({ _id: 'C' });
    if (doc?.v !== n + 1) await col.updateOne({ _id: 'C' }, { $set: { v: n + 1 } });
  }
  return {
    experiment: `compare-and-set updateOne({_id, v: n}, {$set: {v: n+1}})`,
    guarantee: 'exactly 1 modified per round',
    trials: `${rounds} rounds`,
    anomalies: bad,
    detail: 'rounds with other than one modified',
  };
}

/** 50 clients × k $inc on one counter: none lost. */
async function increments(db: Db, perClient: number): Promise<RaceResult> {
  const col = db.collection<{ _id: string; n: number }>('race_inc');
  await col.insertOne({ _id: 'N', n: 0 });
  await all(RACERS, async () => {
    for (let k = 0; k < perClient; k += 1) await col.updateOne({ _id: 'N' }, { $inc: { n: 1 } });
  });
  const n = (await col.findOne({ _id: 'N' }))?.n ?? 0;
  const expected = RACERS * perClient;
  return {
    experiment: `${RACERS} clients × ${perClient} $inc on one counter`,
    guarantee: `${expected} counted`,
    trials: `${expected} increments`,
    anomalies: expected - n,
    detail: `increments lost (counter ${n})`,
  };
}

/** findOneAndUpdate($inc) as a sequence: every number handed out once. */
async function sequence(db: Db, numbers: number): Promise<RaceResult> {
  const col = db.collection<{ _id: string; seq: number }>('race_seq');
  await col.insertOne({ _id: 'S', seq: 0 });
  const got: number[] = [];
  let next = 0;
  await all(RACERS, async () => {
    while (next < numbers) {
      next += 1;
      const doc = await col.findOneAndUpdate({ _id: 'S' }, { $inc: { seq: 1 } }, { returnDocument: 'after' });
      got.push(doc?.seq ?? -1);
    }
  });
  const distinct = new Set(got).size;
  return {
    experiment: `findOneAndUpdate($inc) as a sequence`,
    guarantee: `${got.length} distinct numbers`,
    trials: `${got.length} numbers`,
    anomalies: got.length - distinct,
    detail: `numbers handed out twice (${distinct} distinct)`,
  };
}

/** Two writers $set different fields of one document (one by _id, one by another field): both kept. */
async function differentFields(db: Db, rounds: number): Promise<RaceResult> {
  const col = db.collection<{ _id: string; team: string; a?: number; b?: number }>('race_fields');
  let bad = 0;
  for (let r = 0; r < rounds; r += 1) {
    const id = `F${r}`;
    await col.insertOne({ _id: id, team: `t${r}` });
    await all(RACERS, (i) =>
      i % 2 === 0
        ? col.updateOne({ _id: id }, { $set: { a: i } })
        : col.updateOne({ team: `t${r}` }, { $set: { b: i } }),
    );
    const doc = await col.findOne({ _id: id });
    if (doc?.a === undefined || doc.b === undefined) bad += 1;
  }
  return {
    experiment: 'two writers $set different fields of one document',
    guarantee: 'both fields kept',
    trials: `${rounds} rounds`,
    anomalies: bad,
    detail: 'rounds that lost a field',
  };
}

/** The hub's lock (insert to take, conditional delete to take over an expired one): one holder. */
async function staleLockTakeover(db: Db, rounds: number): Promise<RaceResult> {
  const col = db.collection<LockDoc>('race_locks');
  const locks = new LocksRepository(col);
  let bad = 0;
  let most = 0;
  for (let r = 0; r < rounds; r += 1) {
    const name = `job:${r}`;
    await col.insertOne({ _id: name, owner: 'dead', expiresAt: new Date(Date.now() - 1000) });
    const held = await all(RACERS, () => locks.acquire(name, 60_000, 0));
    const holders = held.filter((h) => h !== null);
    most = Math.max(most, holders.length);
    // each holder checks it still holds the lock (its renewal is conditioned on its ownership)
    const still = (await Promise.all(holders.map((h) => h.renew()))).filter(Boolean).length;
    if (holders.length !== 1 || still !== 1) bad += 1;
  }
  return {
    experiment: "the hub's stale-lock takeover (LocksRepository.acquire on an expired lock)",
    guarantee: 'one holder',
    trials: `${rounds} rounds`,
    anomalies: bad,
    detail: `rounds with other than one holder (most: ${most})`,
  };
}

/** A renewal racing a takeover: the lock's new holder keeps it, the old holder learns it lost it. */
async function renewalAgainstTakeover(db: Db, rounds: number): Promise<RaceResult> {
  const col = db.collection<LockDoc>('race_renew');
  const locks = new LocksRepository(col);
  let bad = 0;
  for (let r = 0; r < rounds; r += 1) {
    const name = `rec:${r}`;
    const old = await locks.acquire(name, 1, 0); // expires at once
    await sleep(3);
    // the old holder renews (for 1 ms more) while another takes the lock over once it expired
    const [, taken] = await Promise.all([old!.renew(), locks.acquire(name, 60_000, 500)]);
    // afterwards the new holder holds it and the old one knows it does not
    if (!taken || (await old!.renew()) || !(await taken.renew())) bad += 1;
    await taken?.release();
  }
  return {
    experiment: "a lock's renewal racing its takeover",
    guarantee: 'one holder, and it knows',
    trials: `${rounds} rounds`,
    anomalies: bad,
    detail: 'rounds where the old holder still held the lock, or the new one did not',
  };
}

/** Housekeeping deletes expired locks while their holders renew them: a renewed lock survives. */
async function housekeepingAgainstRenewal(db: Db, rounds: number): Promise<RaceResult> {
  const col = db.collection<LockDoc>('race_housekeeping');
  const locks = new LocksRepository(col);
  let bad = 0;
  for (let r = 0; r < rounds; r += 1) {
    const held = await all(10, (i) => locks.acquire(`h:${r}:${i}`, 1, 0));
    await sleep(3);
    const [, renewed] = await Promise.all([
      dangerousDeleteInBatches(col, { expiresAt: { $lt: new Date() } }, 'race: expired locks'),
      Promise.all(held.map((h) => h!.renew())),
    ]);
    // a renewal that succeeded left a lock that is still there
    const ids = held.map((_, i) => `h:${r}:${i}`);
    const present = new Set((await col.find({ _id: { $in: ids } }).toArray()).map((d) => d._id));
    if (renewed.some((ok, i) => ok && !present.has(ids[i]!))) bad += 1;
    await col.deleteMany({ _id: { $in: ids } });
  }
  return {
    experiment: 'housekeeping deleting expired locks while they are renewed',
    guarantee: 'a renewed lock is kept',
    trials: `${rounds} rounds × 10 locks`,
    anomalies: bad,
    detail: 'rounds that deleted a lock its holder had just renewed',
  };
}

/** An Idempotency-Key's lease renewals racing its completion: the stored answer stays final. */
async function idempotencyRenewalAgainstCompletion(db: Db, rounds: number): Promise<RaceResult> {
  const repo = new IdempotencyRepository(db.collection<IdempotencyDoc>('race_idempotency'));
  let bad = 0;
  for (let r = 0; r < rounds; r += 1) {
    const id = `key-${r}`;
    await repo.claim({
      _id: id,
      requestHash: 'h',
      state: 'in_progress',
      owner: 'me',
      leaseUntil: new Date(Date.now() + 15_000),
      attempt: 0,
      createdAt: new Date(),
    });
    await Promise.all([
      ...Array.from({ length: RACERS - 1 }, () => repo.renew(id, 'me', new Date(Date.now() + 15_000))),
      repo.complete(id, 'me', 201, 'sealed answer'),
    ]);
    const doc = await repo.get(id);
    if (doc?.state !== 'done' || doc.sealed !== 'sealed answer' || doc.leaseUntil !== undefined) bad += 1;
  }
  return {
    experiment: "an Idempotency-Key's lease renewals racing its completion",
    guarantee: 'the answer stays stored, with no lease',
    trials: `${rounds} rounds`,
    anomalies: bad,
    detail: 'rounds that left the key in progress or leased',
  };
}

/** 50 × upsert of one new document by _id: one document, every increment counted. */
async function upserts(db: Db, rounds: number): Promise<RaceResult> {
  const col = db.collection<{ _id: string; n: number }>('race_upsert');
  let bad = 0;
  let errors = 0;
  for (let r = 0; r < rounds; r += 1) {
    const res = await Promise.allSettled(
      Array.from({ length: RACERS }, () => col.updateOne({ _id: `U${r}` }, { $inc: { n: 1 } }, { upsert: true })),
    );
    const failed = res.filter((x) => x.status === 'rejected').length;
    errors += failed;
    const doc = await col.findOne({ _id: `U${r}` });
    if (failed > 0 || doc?.n !== RACERS) bad += 1;
  }
  return {
    experiment: `${RACERS} × upsert ($inc) of one new document by _id`,
    guarantee: `one document counting ${RACERS}`,
    trials: `${rounds} rounds`,
    anomalies: bad,
    detail: `rounds with a lost increment or an error (${errors} errors)`,
  };
}

/** Unique-index inserts: one success (by _id, and by a secondary unique index). */
async function uniqueInserts(db: Db, rounds: number): Promise<RaceResult> {
  const col = db.collection<{ _id: string; key: string }>('race_unique');
  await col.createIndex({ key: 1 }, { unique: true });
  let bad = 0;
  for (let r = 0; r < rounds; r += 1) {
    const byId = await Promise.allSettled(
      Array.from({ length: RACERS }, (_, i) => col.insertOne({ _id: `I${r}`, key: `k${r}-${i}` })),
    );
    const byKey = await Promise.allSettled(
      Array.from({ length: RACERS }, (_, i) => col.insertOne({ _id: `J${r}-${i}`, key: `K${r}` })),
    );
    if (byId.filter((x) => x.status === 'fulfilled').length !== 1) bad += 1;
    if (byKey.filter((x) => x.status === 'fulfilled').length !== 1) bad += 1;
  }
  return {
    experiment: 'unique-index insert (_id and a secondary unique index)',
    guarantee: 'one success',
    trials: `${rounds} rounds × 2`,
    anomalies: bad,
    detail: 'races with other than one success',
  };
}

/** Every experiment, each in a database of its own on the engine at `uri`. */
export async function runRaces(uri: string, sizes: RaceSizes, dbPrefix: string): Promise<RaceResult[]> {
  const client = racingClient(uri);
  await client.connect();
  const experiments: Array<(db: Db) => Promise<RaceResult>> = [
    (db) => lockTakers(db, sizes.lockRounds),
    (db) => compareAndSet(db, sizes.casRounds),
    (db) => increments(db, sizes.incPerClient),
    (db) => sequence(db, sizes.sequenceNumbers),
    (db) => differentFields(db, sizes.fieldRounds),
    (db) => staleLockTakeover(db, sizes.takeoverRounds),
    (db) => renewalAgainstTakeover(db, sizes.takeoverRounds),
    (db) => housekeepingAgainstRenewal(db, sizes.housekeepingRounds),
    (db) => idempotencyRenewalAgainstCompletion(db, sizes.housekeepingRounds),
    (db) => upserts(db, sizes.upsertRounds),
    (db) => uniqueInserts(db, sizes.insertRounds),
  ];
  const results: RaceResult[] = [];
  try {
    for (const [i, experiment] of experiments.entries()) {
      const db = client.db(`${dbPrefix}_${i}`);
      await db.dropDatabase();
      results.push(await experiment(db));
      await db.dropDatabase();
    }
  } finally {
    await client.close();
  }
  return results;
}
