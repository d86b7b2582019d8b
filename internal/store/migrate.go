package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"path"
	"sort"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations holds the schema scripts in order: migrations[i] takes a
// database from user_version i to i+1. Files are named NNNN_what.sql.
var migrations = func() []string {
	names, err := migrationFS.ReadDir("migrations")
	if err != nil {
		panic(err)
	}
	sort.Slice(names, func(i, j int) bool { return names[i].Name() < names[j].Name() })
	out := make([]string, 0, len(names))
	for i, n := range names {
		var num int
		if _, err := fmt.Sscanf(n.Name(), "%04d_", &num); err != nil || num != i+1 {
			panic(fmt.Sprintf("migration %s: expected number %04d", n.Name(), i+1))
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", n.Name()))
		if err != nil {
			panic(err)
		}
		out = append(out, string(b))
	}
	return out
}()

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the schema to the latest version.
func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, len(migrations))
}

// migrateTo applies migrations up to version target, each in its own
// immediate transaction together with its user_version, so that a crash
// leaves the database at a version it really has. Tests use target to build
// databases of earlier versions.
//
// Migrations run on one connection with foreign keys off, as SQLite's
// procedure for rebuilding a table requires (dropping the old table would
// otherwise cascade to its children); each step checks the keys itself
// before it commits.
func (s *Store) migrateTo(ctx context.Context, target int) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.openError(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return s.openError(err)
	}
	defer func() {
		if _, ferr := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON"); ferr != nil {
			// A pooled connection must never go back without its keys.
			conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = s.openError(ferr)
			}
		}
	}()
	for {
		done, err := s.migrateStep(ctx, conn, target)
		if err != nil {
			return err
		}
		if done {
			return nil
		}
	}
}

func (s *Store) migrateStep(ctx context.Context, conn *sql.Conn, target int) (done bool, err error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, s.openError(err)
	}
	defer tx.Rollback()
	var version, appID int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return false, s.openError(err)
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return false, s.openError(err)
	}
	// Check again under the lock: the header Open read may be stale while a
	// write-ahead log holds newer pages.
	switch {
	case appID != 0 && appID != applicationID:
		return false, &pathError{path: s.path, kind: ErrNotDatabase, detail: fmt.Sprintf("application id %#x", appID)}
	case version > len(migrations):
		return false, newerError(s.path, version)
	case version >= target:
		return true, nil
	case version == 0:
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			return false, s.openError(err)
		}
		if n > 0 {
			return false, &pathError{path: s.path, kind: ErrNotDatabase, detail: "it is a SQLite database of another program"}
		}
	}
	if _, err := tx.ExecContext(ctx, migrations[version]); err != nil {
		return false, fmt.Errorf("migrate %s to schema %d: %w", s.path, version+1, s.openError(err))
	}
	if version > 0 {
		var violations int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&violations); err != nil {
			return false, s.openError(err)
		}
		if violations > 0 {
			return false, fmt.Errorf("migrate %s to schema %d: %d rows would refer to missing sites", s.path, version+1, violations)
		}
	}
	// PRAGMA takes no parameters; both values are integers we control.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", version+1, applicationID)); err != nil {
		return false, fmt.Errorf("migrate %s to schema %d: %w", s.path, version+1, s.openError(err))
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate %s to schema %d: %w", s.path, version+1, s.openError(err))
	}
	return version+1 >= target, nil
}

// openError classifies err and names the database.
func (s *Store) openError(err error) error {
	c := classify(s.path, err)
	if c != err {
		return c
	}
	return fmt.Errorf("open %s: %w", s.path, err)
}
