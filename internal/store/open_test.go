package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// rawExec runs statements on path with a plain connection (no Site Atlas
// settings), the way another program would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, path string) // creates what is at path
		want    error
		message string
	}{
		{"text file", func(t *testing.T, p string) {
			os.WriteFile(p, []byte("name,lat,lon\nTumen,42.9,129.8\n"), 0o644)
		}, ErrNotDatabase, "is not a Site Atlas database"},
		{"short file", func(t *testing.T, p string) {
			os.WriteFile(p, []byte("SQLite"), 0o644)
		}, ErrNotDatabase, "not a SQLite file"},
		{"other program's database", func(t *testing.T, p string) {
			rawExec(t, p, "CREATE TABLE tiles (z, x, y, data)", "INSERT INTO tiles VALUES (1, 2, 3, x'00')")
		}, ErrNotDatabase, "another program"},
		{"foreign application id", func(t *testing.T, p string) {
			rawExec(t, p, "PRAGMA application_id = 1196444487", "CREATE TABLE gpkg_contents (x)")
		}, ErrNotDatabase, "application id 0x47504b47"},
		{"newer schema", func(t *testing.T, p string) {
			s, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			rawExec(t, p, "PRAGMA user_version = 99", "PRAGMA wal_checkpoint(TRUNCATE)")
		}, ErrNewerVersion, "was written by a newer Site Atlas (schema 99, this version knows " + strconv.Itoa(SchemaVersion())},
		{"read-only file", func(t *testing.T, p string) {
			s, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			os.Chmod(p, 0o444)
		}, ErrReadOnly, "is read-only"},
		{"read-only folder", func(t *testing.T, p string) {
			os.Chmod(filepath.Dir(p), 0o555)
			t.Cleanup(func() { os.Chmod(filepath.Dir(p), 0o755) })
		}, ErrReadOnly, "is read-only"},
		{"directory", func(t *testing.T, p string) {
			os.Mkdir(p, 0o755)
		}, ErrIsDirectory, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			os.Mkdir(dir, 0o755)
			path := filepath.Join(dir, "atlas.db")
			tc.setup(t, path)
			before := dirState(t, dir)
			s, err := Open(path)
			if err == nil {
				s.Close()
				t.Fatalf("Open succeeded, want %v", tc.want)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("error %q is not %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.message) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the path and say %q", err, tc.message)
			}
			if after := dirState(t, dir); after != before {
				t.Errorf("a failed Open changed the folder:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// dirState describes every file in dir with its bytes, so that a test can
// tell that nothing was created, removed or changed.
func dirState(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(e.Name())
		if !e.IsDir() {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(":" + checksum(data))
		}
		b.WriteString(" ")
	}
	return b.String()
}

func TestOpenAccepts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"missing file and folder", func(t *testing.T, p string) {}},
		{"empty file", func(t *testing.T, p string) { os.WriteFile(p, nil, 0o644) }},
		{"empty SQLite database", func(t *testing.T, p string) { rawExec(t, p, "PRAGMA user_version = 0", "VACUUM") }},
		{"own database", func(t *testing.T, p string) {
			s, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			mustCreate(t, s, sample("Tumen", 129.8, 42.9))
			s.Close()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sub", "dir", "atlas.db")
			os.MkdirAll(filepath.Dir(path), 0o755)
			if tc.name == "missing file and folder" {
				os.RemoveAll(filepath.Dir(path))
			}
			tc.setup(t, path)
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Path() != path {
				t.Errorf("Path() = %q", s.Path())
			}
			var v, app int
			s.db.QueryRow("PRAGMA user_version").Scan(&v)
			s.db.QueryRow("PRAGMA application_id").Scan(&app)
			if v != SchemaVersion() || app != applicationID {
				t.Errorf("user_version %d application_id %#x", v, app)
			}
		})
	}
}

// TestPragmasOnEveryConnection: settings in the DSN reach every pooled
// connection, not just the first.
func TestPragmasOnEveryConnection(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	var conns []*sql.Conn
	for range 3 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		var fk, busy int
		var mode string
		c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
		c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
		c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
		if fk != 1 || busy != int(busyTimeout.Milliseconds()) || mode != "wal" {
			t.Errorf("connection %d: foreign_keys %d busy_timeout %d journal_mode %s", i, fk, busy, mode)
		}
		c.Close()
	}
}

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "atlas.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Another writer holds the lock: a second Open needs it to check the
	// schema and must say so instead of hanging.
	im, err := s.BeginImport(context.Background(), "long import")
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	s2, err := Open(path)
	if err == nil {
		s2.Close()
		t.Fatal("Open succeeded while another connection held the write lock")
	}
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q, want ErrLocked naming the path", err)
	}
	// And a write through the first store while the import runs also
	// reports ErrLocked rather than a raw SQLite code.
	st := sample("x", 1, 1)
	if err := s.Create(context.Background(), &st); !errors.Is(err, ErrLocked) {
		t.Errorf("Create during an import: %v, want ErrLocked", err)
	}
}

// TestOpenQuestionMarkPath: a path with "?" was passed to SQLite as the
// file before the "?" with parameters: --db 'other.sqlite?x' switched
// another program's database to WAL before the check refused it, and
// file: URIs created stray folders.
func TestOpenQuestionMarkPath(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.sqlite")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('field notes')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(other)

	st, err := Open(other + "?x")
	if err != nil {
		t.Fatalf("a new database named other.sqlite?x: %v", err)
	}
	st.Close()
	if _, err := os.Stat(other + "?x"); err != nil {
		t.Errorf("the database was not created under its own name: %v", err)
	}
	if after, _ := os.ReadFile(other); string(after) != string(before) {
		t.Error("opening other.sqlite?x changed other.sqlite")
	}
	if _, err := os.Stat(other + "-wal"); err == nil {
		t.Error("opening other.sqlite?x put other.sqlite into WAL mode")
	}
	if _, err := Open("file:" + other + "?mode=rwc"); err == nil || !strings.Contains(err.Error(), "plain path") {
		t.Errorf("a file: URI with parameters: %v", err)
	}
	st, err = Open("file://" + filepath.Join(dir, "uri.db"))
	if err != nil {
		t.Fatalf("a plain file: URI: %v", err)
	}
	st.Close()
	if _, err := os.Stat(filepath.Join(dir, "uri.db")); err != nil {
		t.Errorf("file:// did not open the file it names: %v", err)
	}
	if _, err := os.Stat("file:"); err == nil {
		t.Error("a stray file: folder was created")
	}
}
