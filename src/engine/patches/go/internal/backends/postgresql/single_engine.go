// youthcare-hub: one engine process per database.
//
// The hub's atomic writes (handler/write_locks.go) hold locks of the engine process,
// and FerretDB loads a database's collection list once per process and never reads
// it again: a second engine process on the same PostgreSQL schema would write
// beside the first without its locks and read collections the first created as
// empty. So the first time this process serves a database it takes a session-level
// advisory lock named after it, on one connection kept for the purpose; a database
// another engine process holds is refused with an error that says so. The locks
// end with the process (or its connection).
package postgresql

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// singleEngine holds this process's advisory locks, one per database it serves.
type singleEngine struct {
	uri  string
	l    *slog.Logger
	mu   sync.Mutex
	conn *pgx.Conn
	held map[string]struct{}
}

func newSingleEngine(uri string, l *slog.Logger) *singleEngine {
	return &singleEngine{uri: uri, l: l, held: map[string]struct{}{}}
}

// claim takes the database's lock once; an error when another engine process holds it.
func (s *singleEngine) claim(name string) error {
	switch name {
	case "admin", "config", "local":
		return nil // commands and pings, never data
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	if _, ok := s.held[name]; ok {
		return nil
	}

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()

	if s.conn == nil || s.conn.IsClosed() {
		if s.conn != nil {
			// the connection ended, and the locks with it: take them again
			s.held = map[string]struct{}{}
		}
		conn, err := pgx.Connect(ctx, s.uri)
		if err != nil {
			return fmt.Errorf("youthcare-hub: the engine could not connect to hold its database lock: %w", err)
		}
		s.conn = conn
	}

	// An engine that just died (the hub restarts it at once) may hold the lock until
	// PostgreSQL notices its session ended: a few tries before refusing.
	var ok bool
	for try := 0; ; try++ {
		if err := s.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtextextended($1, 0))`, "ferretdb-database:"+name).Scan(&ok); err != nil {
			return fmt.Errorf("youthcare-hub: the engine could not take its database lock: %w", err)
		}
		if ok || try == 20 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !ok {
		return fmt.Errorf("another FerretDB engine process serves database %q on this PostgreSQL database; "+
			"one engine per database: connect further hubs to that engine with MONGODB_URI", name)
	}

	s.held[name] = struct{}{}
	if s.l != nil {
		s.l.Info("youthcare-hub: this engine serves database " + name)
	}

	return nil
}

func (s *singleEngine) close() {
	s.mu.Lock()
	defer s.mu.Unlock()

	if s.conn != nil {
		_ = s.conn.Close(context.Background())
	}
}
