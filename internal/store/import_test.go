package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// fileSum closes s (checkpointing the WAL into the file) and returns the
// checksum of the database file.
func fileSum(t *testing.T, s *Store) string {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	return checksum(b)
}

func reopen(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestImportRollbackLeavesFileUnchanged: an abandoned import, however large
// (larger than the page cache, so pages spill to the WAL), leaves the file
// byte for byte as it was.
func TestImportRollbackLeavesFileUnchanged(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "atlas.db")
	s := reopen(t, path)
	existing := sitegen.Sites(50, 1)
	importSites(t, s, "first", existing)
	before := fileSum(t, s)

	for _, tc := range []struct {
		name   string
		finish func(im *Import, s *Store)
	}{
		{"rollback", func(im *Import, s *Store) { im.Rollback() }},
		{"close without commit", func(im *Import, s *Store) {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := reopen(t, path)
			im, err := s.BeginImport(ctx, "Import big.geojson")
			if err != nil {
				t.Fatal(err)
			}
			for st := range sitegen.Seq(3000, 2) {
				if _, err := im.Put(st); err != nil {
					t.Fatal(err)
				}
			}
			upd := existing[3]
			upd.Name = "changed"
			if added, err := im.Put(upd); err != nil || added {
				t.Fatalf("update: added %v err %v", added, err)
			}
			tc.finish(im, s)
			if tc.name != "rollback" {
				// A crash: the import's connection dies with the process.
				// Rolling back the transaction is what SQLite does on
				// recovery; closing the pool must not commit it.
				im.Rollback()
			}
			if after := fileSum(t, s); after != before {
				t.Errorf("file changed: %s -> %s", before, after)
			}
		})
	}
}

func TestImportAddsAndUpdates(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	sites := sitegen.Sites(300, 3)
	importSites(t, s, "Import a.geojson", sites[:200])

	im, err := s.BeginImport(ctx, "Import b.geojson")
	if err != nil {
		t.Fatal(err)
	}
	added, updated := 0, 0
	changed := sites[10]
	changed.Name = "Hunchun Pacific seafood plant renamed"
	changed.Sources = changed.Sources[:1]
	changed.Observations = nil
	changed.Created = changed.Created.AddDate(0, 0, 1)
	batch := append([]site.Site{changed}, sites[150:300]...)
	batch = append(batch, site.Site{Name: "no id yet"})
	for _, st := range batch {
		a, err := im.Put(st)
		if err != nil {
			t.Fatal(err)
		}
		if a {
			added++
		} else {
			updated++
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if added != 101 || updated != 51 || im.Added() != 101 || im.Updated() != 51 {
		t.Errorf("added %d updated %d (Import says %d, %d), want 101 and 51", added, updated, im.Added(), im.Updated())
	}
	if n, _ := s.Count(ctx, Filter{}); n != 301 {
		t.Errorf("count %d, want 301", n)
	}
	got, err := s.Get(ctx, changed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != changed.Name || len(got.Sources) != 1 || len(got.Observations) != 0 {
		t.Errorf("update not applied: %+v", got)
	}
	// The renamed site is findable by its new name and not by the old one.
	if n, _ := s.Count(ctx, Filter{Text: "renamed"}); n != 1 {
		t.Errorf("updated site not re-indexed: %d", n)
	}
	if n, _ := s.Count(ctx, Filter{IDs: []string{changed.ID}, Text: sites[10].Name}); n != 0 {
		t.Errorf("old name still indexed")
	}
	var rt, fts int
	s.db.QueryRow("SELECT count(*) FROM sites_rtree").Scan(&rt)
	s.db.QueryRow("SELECT count(*) FROM sites s WHERE geom IS NOT NULL").Scan(&fts)
	if rt != fts {
		t.Errorf("R-tree has %d entries for %d placed sites", rt, fts)
	}

	// Undo the second import: its new sites go, the updated one comes back.
	label, err := s.Undo(ctx)
	if err != nil || label != "Import b.geojson" {
		t.Fatalf("Undo: %q %v", label, err)
	}
	if n, _ := s.Count(ctx, Filter{}); n != 200 {
		t.Errorf("after undo: %d sites, want 200", n)
	}
	if got, _ := s.Get(ctx, changed.ID); got.Name != sites[10].Name || len(got.Observations) != len(sites[10].Observations) {
		t.Errorf("undo did not restore %s: %+v", changed.ID, got)
	}
	if _, err := s.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.Count(ctx, Filter{}); n != 301 {
		t.Errorf("after redo: %d sites, want 301", n)
	}
	if got, _ := s.Get(ctx, changed.ID); got.Name != changed.Name {
		t.Errorf("redo did not reapply the update: %q", got.Name)
	}
}

// TestImportDuplicateIDsInOneFile: row by row, a repeated ID updates the
// site put before it; a bulk load finds the repetition at Commit and writes
// nothing, leaving the ID index in place.
func TestImportDuplicateIDsInOneFile(t *testing.T) {
	ctx := context.Background()
	t.Run("row by row", func(t *testing.T) {
		s := openTemp(t)
		st := sitegen.Sites(1, 4)[0]
		im, err := s.BeginImportWith(ctx, "dup", ImportOptions{RowByRow: true})
		if err != nil {
			t.Fatal(err)
		}
		if im.Bulk() {
			t.Fatal("RowByRow import is a bulk load")
		}
		if a, err := im.Put(st); !a || err != nil {
			t.Fatalf("first put: %v %v", a, err)
		}
		st.Name = "second"
		if a, err := im.Put(st); a || err != nil {
			t.Fatalf("second put: %v %v", a, err)
		}
		if err := im.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := im.Commit(); err == nil {
			t.Error("second Commit succeeded")
		}
		if _, err := im.Put(st); err == nil {
			t.Error("Put after Commit succeeded")
		}
		if n, _ := s.Count(ctx, Filter{Text: "second"}); n != 1 {
			t.Errorf("last version not indexed once: %d", n)
		}
		if _, err := s.Undo(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.Count(ctx, Filter{}); n != 0 {
			t.Errorf("undo of the import left %d sites", n)
		}
	})
	t.Run("bulk", func(t *testing.T) {
		s := openTemp(t)
		sites := sitegen.Sites(5, 1)
		im, err := s.BeginImport(ctx, "dup")
		if err != nil {
			t.Fatal(err)
		}
		if !im.Bulk() {
			t.Fatal("import into an empty database is not a bulk load")
		}
		sites[4].ID = sites[1].ID
		for _, st := range sites {
			if a, err := im.Put(st); !a || err != nil {
				t.Fatalf("put: %v %v", a, err)
			}
		}
		if err := im.Commit(); !errors.Is(err, ErrDuplicateIDs) {
			t.Fatalf("Commit: %v, want ErrDuplicateIDs", err)
		}
		if n, _ := s.Count(ctx, Filter{}); n != 0 {
			t.Errorf("%d sites after a refused bulk load", n)
		}
		var idx int
		s.db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name IN ('sites_by_id', 'history_by_site')").Scan(&idx)
		if idx != 2 {
			t.Error("an index a bulk load drops is gone after a refused bulk load")
		}
		mustCreate(t, s, sites[0])
		if _, err := s.db.Exec("INSERT INTO sites (id, name, updated, created) VALUES (?, 'x', 0, 0)", sites[0].ID); err == nil {
			t.Error("the ID index does not refuse a repeated ID")
		}
		im, err = s.BeginImport(ctx, "more")
		if err != nil {
			t.Fatal(err)
		}
		defer im.Rollback()
		if im.Bulk() {
			t.Error("import into a database with sites is a bulk load")
		}
	})
}

// TestImportAlone: a bulk load by the database's only user writes without
// the write-ahead log and turns it back on at the end; with another
// connection open it keeps the log. Either way the sites land, once.
func TestImportAlone(t *testing.T) {
	ctx := context.Background()
	for _, other := range []bool{false, true} {
		t.Run(fmt.Sprintf("other connection %v", other), func(t *testing.T) {
			s := openTemp(t)
			if other {
				o, err := Open(s.Path())
				if err != nil {
					t.Fatal(err)
				}
				defer o.Close()
				c, err := o.db.Conn(ctx) // another process's open connection
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				var n int
				if err := c.QueryRowContext(ctx, "SELECT count(*) FROM sites").Scan(&n); err != nil {
					t.Fatal(err)
				}
			}
			im, err := s.BeginImportWith(ctx, "alone", ImportOptions{Alone: true})
			if err != nil {
				t.Fatal(err)
			}
			if im.journal == other {
				t.Errorf("left the log: %v, want %v", im.journal, !other)
			}
			for _, st := range sitegen.Sites(50, 3) {
				if _, err := im.Put(st); err != nil {
					t.Fatal(err)
				}
			}
			if err := im.Commit(); err != nil {
				t.Fatal(err)
			}
			var mode string
			s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
			var check string
			s.db.QueryRow("PRAGMA integrity_check").Scan(&check)
			if n, _ := s.Count(ctx, Filter{}); n != 50 || mode != "wal" || check != "ok" {
				t.Errorf("after the import: %d sites, journal_mode %s, integrity %s", n, mode, check)
			}
		})
	}
}
