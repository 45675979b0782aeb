import type { OutboxDoc } from '../../records';
import type { OutboxRepository } from '../../repositories/outbox.repository';

/** Filters of the outbox list (validated by outbox-query.v1.json). */
export interface OutboxFilters {
  status?: OutboxDoc['status'];
  channel?: OutboxDoc['channel'];
}

/** Outgoing messages as operators see them (writing and delivering them is the flags' and delivery's work). */
export class OutboxService {
  constructor(private readonly repo: OutboxRepository) {}

  /** A page of every message (an admin's read) matching the filters, in id order, after the cursor id. */
  dangerousPageAll(filters: OutboxFilters, limit: number, after?: string): Promise<OutboxDoc[]> {
    return this.repo.dangerousPageAll(filters, limit, after);
  }
}
