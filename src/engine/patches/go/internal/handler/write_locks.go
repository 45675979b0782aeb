// youthcare-hub: single-document writes are atomic, as on MongoDB.
//
// As released, findAndModify, update and delete with a filter read the matching
// documents, change them in Go and write each one back whole by _id, with nothing
// held in between: two writers of one document both read it, and the second write
// undoes the first (50 concurrent $inc kept 341 of 10,000; 50 lock takers all "won").
// Each such write now holds a lock of this process from before its read until after
// its write:
//
//   - a filter with an equality on a string or ObjectId _id can match one document
//     only: the write holds that document's lock (and its collection's shared lock),
//     so writes of different documents still run side by side;
//   - any other filter (or an upsert without such an _id) may touch any document: the
//     write holds its collection's exclusive lock, which waits for the document locks
//     and keeps them out until it is done.
//
// Inserts take no lock: they change no stored document, and a duplicate _id is the
// unique index's to refuse (as on MongoDB, an upsert racing an insert of the same _id
// can answer 11000). The locks are this process's own, so the embedded database has
// one engine process (SQLite: the data folder's lock file; PostgreSQL:
// backends/postgresql/single_engine.go).
package handler

import (
	"sync"

	"github.com/FerretDB/FerretDB/internal/types"
)

// collWriteLock is one collection's locks.
type collWriteLock struct {
	rw   sync.RWMutex // exclusive: a write that may touch any document; shared: one document's write
	mu   sync.Mutex   // protects docs
	docs map[string]*docWriteLock
}

// docWriteLock is one document's lock, kept while anyone holds or waits for it.
type docWriteLock struct {
	mu   sync.Mutex
	refs int
}

var writeLocks = struct {
	mu    sync.Mutex
	colls map[string]*collWriteLock
}{colls: map[string]*collWriteLock{}}

// lockForWrite takes the lock a write of db.coll with filter needs and returns its
// release, which may be called more than once.
func lockForWrite(db, coll string, filter *types.Document) func() {
	name := db + "\x00" + coll

	writeLocks.mu.Lock()
	c := writeLocks.colls[name]
	if c == nil {
		c = &collWriteLock{docs: map[string]*docWriteLock{}}
		writeLocks.colls[name] = c
	}
	writeLocks.mu.Unlock()

	key, one := singleDocumentKey(filter)
	if !one {
		c.rw.Lock()
		return onceFunc(c.rw.Unlock)
	}

	c.rw.RLock()
	c.mu.Lock()
	d := c.docs[key]
	if d == nil {
		d = new(docWriteLock)
		c.docs[key] = d
	}
	d.refs++
	c.mu.Unlock()
	d.mu.Lock()

	return onceFunc(func() {
		d.mu.Unlock()
		c.mu.Lock()
		if d.refs--; d.refs == 0 {
			delete(c.docs, key)
		}
		c.mu.Unlock()
		c.rw.RUnlock()
	})
}

// singleDocumentKey returns the key of the one document filter can match: its
// top-level _id equality (`_id: v` or `_id: {$eq: v}`) on a string or an ObjectId.
func singleDocumentKey(filter *types.Document) (string, bool) {
	if filter == nil {
		return "", false
	}
	v, err := filter.Get("_id")
	if err != nil {
		return "", false
	}
	if op, ok := v.(*types.Document); ok {
		if op.Len() != 1 {
			return "", false
		}
		if v, err = op.Get("$eq"); err != nil {
			return "", false
		}
	}
	switch id := v.(type) {
	case string:
		return "s" + id, true
	case types.ObjectID:
		return "o" + string(id[:]), true
	default:
		return "", false
	}
}

// onceFunc returns f to be called at most once (an early return and the normal path may both release).
func onceFunc(f func()) func() {
	var once sync.Once
	return func() { once.Do(f) }
}
