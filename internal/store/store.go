// Package store keeps Site Atlas data in one SQLite file (modernc.org/sqlite,
// no cgo): sites with their sources, observations and attachments, an R-tree
// on site bounds, a full-text index, and a history table that is both the
// audit trail and the undo/redo stack.
//
// Every write is one transaction and records its history in the same
// transaction, so that the database never holds a change that cannot be
// undone. Bulk imports (BeginImport) are one transaction too: all or nothing.
package store

import (
	"database/sql"
	"fmt"
	"time"
)

// applicationID marks a SQLite file as a Site Atlas database ("SitA"), so
// that we never take over another program's database.
const applicationID = 0x53697441

// busyTimeout is how long a write waits for another connection's lock before
// failing with ErrLocked. Tests shorten it.
var busyTimeout = 5 * time.Second

// defaultMaxIdle is database/sql's default number of idle connections kept.
const defaultMaxIdle = 2

// Store is an open Site Atlas database. It is safe for concurrent use: reads
// run in parallel (WAL), writes are serialised by SQLite's write lock.
type Store struct {
	db       *sql.DB
	path     string
	cacheKiB int // each connection's page cache
}

// Path returns the database file's path as given to Open.
func (s *Store) Path() string { return s.path }

// Close checkpoints the write-ahead log and closes the database.
func (s *Store) Close() error {
	// A TRUNCATE checkpoint leaves a single self-contained file behind, which
	// is what users copy, mail and back up. Failing it (another process still
	// reading) is harmless: SQLite checkpoints on a later open.
	_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close %s: %w", s.path, err)
	}
	return nil
}
