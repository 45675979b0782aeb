import type { Collection } from 'mongodb';
import type { LoginStateDoc, SessionDoc } from '../records';

/** Web sessions and sign-ins under way, kept in the database so every hub instance honours them. */
export class SessionsRepository {
  constructor(
    private readonly col: Collection<SessionDoc>,
    private readonly states: Collection<LoginStateDoc>,
  ) {}

  async insert(doc: SessionDoc): Promise<void> {
    await this.col.insertOne(doc);
  }

  /** A live session: not past its idle timeout or its absolute lifetime. */
  findLive(id: string, now: Date): Promise<SessionDoc | null> {
    return this.col.findOne({ _id: id, idleUntil: { $gt: now }, expiresAt: { $gt: now } });
  }

  /** Moves the idle timeout on, at most once per `minIntervalMs` (most requests write nothing). */
  async touch(id: string, now: Date, idleUntil: Date, minIntervalMs: number): Promise<void> {
    await this.col.updateOne(
      { _id: id, lastSeenAt: { $lt: new Date(now.getTime() - minIntervalMs) } },
      { $set: { lastSeenAt: now, idleUntil } },
    );
  }

  /** Ends one session; the ended session, or null when there was none. */
  end(id: string): Promise<SessionDoc | null> {
    return this.col.findOneAndDelete({ _id: id });
  }

  /** Ends every session of a person (deactivation): how many ended. */
  async endAllOf(personId: string): Promise<number> {
    return (await this.col.deleteMany({ personId })).deletedCount;
  }

  /** Removes sessions and sign-ins that are over (the sweep): how many went. */
  async purgeExpired(now: Date): Promise<number> {
    const sessions = await this.col.deleteMany({ expiresAt: { $lte: now } });
    const idle = await this.col.deleteMany({ idleUntil: { $lte: now } });
    const states = await this.states.deleteMany({ expiresAt: { $lte: now } });
    return sessions.deletedCount + idle.deletedCount + states.deletedCount;
  }

  async insertState(doc: LoginStateDoc): Promise<void> {
    await this.states.insertOne(doc);
  }

  /** Takes a sign-in's state once: a second callback with the same state finds nothing (one atomic delete). */
  takeState(state: string, now: Date): Promise<LoginStateDoc | null> {
    return this.states.findOneAndDelete({ _id: state, expiresAt: { $gt: now } });
  }
}
