import type { EnginePatch } from './patch';
import { goSource } from './go-source';

/**
 * Single-document writes are atomic, as on MongoDB: findAndModify, update and delete
 * with a filter hold a lock of the engine process from before they read until after
 * they wrote (handler/write_locks.go).
 */
export const ATOMIC_WRITE_PATCHES: readonly EnginePatch[] = [
  {
    file: 'internal/handler/write_locks.go',
    from: '',
    to: goSource('internal/handler/write_locks.go'),
    why: "The locks: one document's (a filter with an equality on a string or ObjectId `_id`) under its collection's shared lock, or the collection's exclusive lock for any other filter. As released, a filtered write read the document, changed it in Go and wrote it back whole by `_id` with nothing held between: 50 concurrent `$inc` kept 341 of 10,000, and all 50 takers of one free lock won.",
  },
  {
    file: 'internal/handler/msg_findandmodify.go',
    from: '\tcancel := func() {}\n',
    to: '\tdefer lockForWrite(params.DB, params.Collection, params.Query)() // youthcare-hub: see write_locks.go\n\n\tcancel := func() {}\n',
    why: 'findAndModify (update, upsert or remove) holds the lock from its read to its write.',
  },
  {
    file: 'internal/handler/msg_update.go',
    from: '\tfor _, u := range params.Updates {\n',
    to: '\tfor _, u := range params.Updates {\n\t\tunlock := lockForWrite(params.DB, params.Collection, u.Filter) // youthcare-hub: see write_locks.go\n\t\tdefer unlock()\n\n',
    why: 'Each update statement (one or many documents, upsert) holds the lock from its read to its writes; the deferred release covers its early returns.',
  },
  {
    file: 'internal/handler/msg_update.go',
    from: '\t\t\t// in case of upsert, MongoDB sets the matched count to 1\n\t\t\tmatched++\n\t\t}\n\t}\n',
    to: '\t\t\t// in case of upsert, MongoDB sets the matched count to 1\n\t\t\tmatched++\n\t\t}\n\n\t\tunlock() // youthcare-hub: the next statement takes its own\n\t}\n',
    why: 'A statement releases its lock before the next statement of the same command takes its own.',
  },
  {
    file: 'internal/handler/msg_delete.go',
    from: '\t\td, err = h.execDelete(connCtx, c, &p)\n',
    to: '\t\td, err = func() (int32, error) { // youthcare-hub: see write_locks.go\n\t\t\tdefer lockForWrite(params.DB, params.Collection, p.Filter)()\n\t\t\treturn h.execDelete(connCtx, c, &p)\n\t\t}()\n',
    why: 'Each delete statement holds the lock from its read to its delete: a `deleteOne({_id, owner})` no longer deletes a document another writer changed in between.',
  },
  {
    file: 'internal/backends/postgresql/single_engine.go',
    from: '',
    to: goSource('internal/backends/postgresql/single_engine.go'),
    why: "One engine process per database on PostgreSQL: the first time a process serves a database it takes a session-level advisory lock named after it; a database another engine process holds is refused with an error that names it. The write locks are a process's own, and FerretDB reads a database's collection list once per process (a collection another process created reads as empty).",
  },
  {
    file: 'internal/backends/postgresql/backend.go',
    from: 'type backend struct {\n\tr *metadata.Registry\n}\n',
    to: 'type backend struct {\n\tr      *metadata.Registry\n\tsingle *singleEngine // youthcare-hub: see single_engine.go\n}\n',
    why: 'The backend keeps the advisory locks of the databases it serves (single_engine.go).',
  },
  {
    file: 'internal/backends/postgresql/backend.go',
    from: '\treturn backends.BackendContract(&backend{\n\t\tr: r,\n\t}), nil\n',
    to: '\treturn backends.BackendContract(&backend{\n\t\tr:      r,\n\t\tsingle: newSingleEngine(params.URI, params.L),\n\t}), nil\n',
    why: 'The backend starts holding no database lock; the first command on a database takes it.',
  },
  {
    file: 'internal/backends/postgresql/backend.go',
    from: 'func (b *backend) Close() {\n\tb.r.Close()\n',
    to: 'func (b *backend) Close() {\n\tb.single.close()\n\tb.r.Close()\n',
    why: 'Closing the backend ends the locks connection, so another engine may serve its databases.',
  },
  {
    file: 'internal/backends/postgresql/backend.go',
    from: 'func (b *backend) Database(name string) (backends.Database, error) {\n',
    to: 'func (b *backend) Database(name string) (backends.Database, error) {\n\tif err := b.single.claim(name); err != nil { // youthcare-hub: see single_engine.go\n\t\treturn nil, err\n\t}\n\n',
    why: 'Every command reaches a database through here: the first one takes its lock, or is refused.',
  },
];
