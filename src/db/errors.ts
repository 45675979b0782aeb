import { MongoServerError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';

/** True for a unique-index violation (E11000), on MongoDB and FerretDB alike. */
export function isDuplicateKeyError(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}

/**
 * Inserts one document; false when a unique index (its `_id`, or another) holds its key
 * already. The index decides, so of racing inserts exactly one is true.
 */
export async function insertUnlessTaken<T extends Document>(
  col: Collection<T>,
  doc: OptionalUnlessRequiredId<T>,
): Promise<boolean> {
  try {
    await col.insertOne(doc);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}
