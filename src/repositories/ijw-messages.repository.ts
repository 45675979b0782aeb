import type { IjwMessageDoc } from '../records';
import { KeyedRepository } from './keyed.repository';

/** The iJw messages received (`ijw_messages`): each one's claim, keyed by sender, type and identification. */
export class IjwMessagesRepository extends KeyedRepository<IjwMessageDoc> {
  /** Sets when a message was (last) taken up: now for a new attempt, the epoch to let the next attempt apply it at once. */
  markReceived(id: string, receivedAt: Date): Promise<IjwMessageDoc | null> {
    return this.updateById(id, { $set: { receivedAt } });
  }

  /** Records a message applied, with its report (a replay answers with it). */
  markApplied(
    id: string,
    appliedAt: Date,
    report: NonNullable<IjwMessageDoc['report']>,
  ): Promise<IjwMessageDoc | null> {
    return this.updateById(id, { $set: { status: 'applied', appliedAt, report } });
  }
}
