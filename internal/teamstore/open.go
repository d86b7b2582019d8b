// Package teamstore is a Site Atlas team project on PostgreSQL + PostGIS: its
// own schema (named after the project) with numbered migrations, sites with a
// geometry(Geometry,4326) column and a GiST index, a change log whose change
// ids clients generate, and a sites_public view that QGIS and GDAL list as a
// layer. Batches of changes are applied once each (ON CONFLICT on the change
// id), one transaction per batch, so a resent batch after a kill or a dropped
// connection neither loses nor doubles anything.
//
// It makes no network request unless Open is called with a server the user
// configured.
package teamstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/siteatlas/siteatlas/internal/site"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

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
			panic(fmt.Sprintf("teamstore migration %s: expected number %04d", n.Name(), i+1))
		}
		b, err := migrationFS.ReadFile(path.Join("migrations", n.Name()))
		if err != nil {
			panic(err)
		}
		out = append(out, string(b))
	}
	return out
}()

// SchemaVersion is the server schema version this build writes.
func SchemaVersion() int { return len(migrations) }

// DefaultProject is the schema name used without --project.
const DefaultProject = "siteatlas"

// Errors a caller can test with errors.Is; each wrapped error says what to do.
var (
	ErrUnreachable  = errors.New("the team server cannot be reached")
	ErrAuth         = errors.New("the team server refused the user name or password")
	ErrNoPostGIS    = errors.New("the team server has no PostGIS")
	ErrNewerSchema  = errors.New("the team project was made by a newer Site Atlas")
	ErrLost         = errors.New("the connection to the team server was lost")
	ErrBadProject   = errors.New("invalid team project name")
	projectNameRule = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)
)

// Server is an open team project.
type Server struct {
	conn    *pgx.Conn
	schema  string
	project string // the project's id, made when the schema was created
}

// Open connects to dsn (postgres://user@host/db; TLS and password from the
// URL, PGPASSFILE or ~/.pgpass as libpq does) and brings the project's schema
// to this build's version, creating it (and the postgis extension) on first
// use.
func Open(ctx context.Context, dsn, project string) (*Server, error) {
	if project == "" {
		project = DefaultProject
	}
	if !projectNameRule.MatchString(project) {
		return nil, fmt.Errorf("%w %q: use lower-case letters, digits and _", ErrBadProject, project)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("team server address: %w", err)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, classify(cfg.Host, err)
	}
	s := &Server{conn: conn, schema: project}
	if err := s.migrate(ctx); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return s, nil
}

// Close ends the connection.
func (s *Server) Close() error { return s.conn.Close(context.Background()) }

// ProjectID is the project's identity: a local project remembers it so that
// it never merges with another project of the same name elsewhere.
func (s *Server) ProjectID() string { return s.project }

// Schema is the PostgreSQL schema that holds the project.
func (s *Server) Schema() string { return s.schema }

func (s *Server) ident() string { return pgx.Identifier{s.schema}.Sanitize() }

// migrate applies the missing migrations in one transaction under an
// advisory lock, so that two first syncs at once create the schema once.
func (s *Server) migrate(ctx context.Context) error {
	if err := s.ensurePostGIS(ctx); err != nil {
		return err
	}
	tx, err := s.conn.Begin(ctx)
	if err != nil {
		return classify("", err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext($1))", "siteatlas:"+s.schema); err != nil {
		return classify("", err)
	}
	if _, err := tx.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+s.ident()); err != nil {
		return fmt.Errorf("creating schema %s: %w", s.schema, classify("", err))
	}
	if _, err := tx.Exec(ctx, "SET LOCAL search_path TO "+s.ident()+", public"); err != nil {
		return classify("", err)
	}
	version := 0
	var exists bool
	if err := tx.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", s.schema+".meta").Scan(&exists); err != nil {
		return classify("", err)
	}
	if exists {
		var v string
		if err := tx.QueryRow(ctx, "SELECT value FROM meta WHERE key = 'schema_version'").Scan(&v); err != nil {
			return fmt.Errorf("reading the team project's schema version: %w", classify("", err))
		}
		fmt.Sscan(v, &version)
	}
	if version > len(migrations) {
		return fmt.Errorf("%w (schema version %d, this one knows %d): update Site Atlas to sync with it", ErrNewerSchema, version, len(migrations))
	}
	for ; version < len(migrations); version++ {
		if _, err := tx.Exec(ctx, migrations[version]); err != nil {
			return fmt.Errorf("team project %s: migrating to schema %d: %w", s.schema, version+1, classify("", err))
		}
		if version == 0 {
			if _, err := tx.Exec(ctx, "INSERT INTO meta (key, value) VALUES ('project_id', $1)", site.NewID()); err != nil {
				return classify("", err)
			}
		}
		if _, err := tx.Exec(ctx, "INSERT INTO meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", fmt.Sprint(version+1)); err != nil {
			return classify("", err)
		}
	}
	if err := tx.QueryRow(ctx, "SELECT value FROM meta WHERE key = 'project_id'").Scan(&s.project); err != nil {
		return classify("", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return classify("", err)
	}
	// Every later statement of this connection works in the project.
	if _, err := s.conn.Exec(ctx, "SET search_path TO "+s.ident()+", public"); err != nil {
		return classify("", err)
	}
	return nil
}

// ensurePostGIS creates the extension when it is missing, saying plainly
// when that needs a superuser or the server package is not installed.
func (s *Server) ensurePostGIS(ctx context.Context) error {
	var installed, available bool
	if err := s.conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis'), EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis')").Scan(&installed, &available); err != nil {
		return classify("", err)
	}
	if installed {
		return nil
	}
	if !available {
		return fmt.Errorf("%w: install PostGIS 3 on the server (Debian: apt-get install postgresql-15-postgis-3)", ErrNoPostGIS)
	}
	if _, err := s.conn.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS postgis"); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42501" {
			return fmt.Errorf("%w in this database, and CREATE EXTENSION postgis needs rights this user lacks: ask the database owner or a superuser to run it once (%s)", ErrNoPostGIS, pe.Message)
		}
		return fmt.Errorf("%w: CREATE EXTENSION postgis failed: %w", ErrNoPostGIS, classify("", err))
	}
	return nil
}

// classify turns a pgx error into one of the errors above where it is one.
func classify(host string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return fmt.Errorf("%w: %s (check the password in the address, PGPASSFILE or ~/.pgpass)", ErrAuth, pe.Message)
		case "57P01", "57P02", "57P03":
			return fmt.Errorf("%w: %s; sync again: nothing is lost", ErrLost, pe.Message)
		}
		return err
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		var ne net.Error
		if errors.As(err, &ne) || strings.Contains(err.Error(), "connect") {
			return fmt.Errorf("%w (%s): check the address and the network: %w", ErrUnreachable, host, err)
		}
	}
	if pgconn.SafeToRetry(err) || pgconn.Timeout(err) || strings.Contains(err.Error(), "conn closed") ||
		strings.Contains(err.Error(), "unexpected EOF") || strings.Contains(err.Error(), "broken pipe") ||
		strings.Contains(err.Error(), "connection reset") {
		return fmt.Errorf("%w: %w; sync again: nothing is lost", ErrLost, err)
	}
	return err
}
