package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

// openVersion opens path with the schema brought only to version, as a
// database written by an older Site Atlas would be.
func openVersion(t *testing.T, path string, version int) *Store {
	t.Helper()
	if err := precheck(path); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path, DefaultCacheKiB))
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{db: db, path: path, cacheKiB: DefaultCacheKiB}
	if err := s.migrateTo(context.Background(), version); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMigrateSitesByID: a schema 1 database with sites, children, index
// entries and history comes out of the rebuild of the sites table with
// everything in place, found by id, text and box, and deletes still
// cascading and unindexing.
func TestMigrateSitesByID(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "atlas.db")
	old := openVersion(t, path, 1)
	a := mustCreate(t, old, sample("Seafood plant", 130.36, 42.86))
	b := mustCreate(t, old, sample("Wig factory", 129.5, 42.9))
	wantA, err := old.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	old.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version int
	s.db.QueryRow("PRAGMA user_version").Scan(&version)
	if version != SchemaVersion() || version < 2 {
		t.Fatalf("user_version %d after Open, want %d", version, SchemaVersion())
	}
	got, err := s.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, wantA) {
		t.Errorf("site changed by the migration:\n got %+v\nwant %+v", got, wantA)
	}
	var uniqueOn string
	if err := s.db.QueryRow(`SELECT name FROM pragma_index_list('sites') WHERE "unique" AND origin = 'c'`).Scan(&uniqueOn); err != nil || uniqueOn != "sites_by_id" {
		t.Errorf("unique index on sites.id: %q, %v; want sites_by_id", uniqueOn, err)
	}
	if rows, _, err := s.TextRows(ctx, "wig"); err != nil || len(rows) != 1 {
		t.Errorf("search after migration: %v, %v", rows, err)
	}
	box := orb.Bound{Min: orb.Point{130, 42.5}, Max: orb.Point{131, 43}}
	if n, err := s.Count(ctx, Filter{BBox: &box}); err != nil || n != 1 {
		t.Errorf("box after migration: %d, %v", n, err)
	}
	if _, err := s.db.Exec("INSERT INTO sites (id, name, updated, created) VALUES (?, 'x', 0, 0)", b.ID); err == nil {
		t.Error("a second site with an existing id was accepted")
	}
	if err := s.Delete(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	// sample has two sources and two observations; one site is left.
	for q, want := range map[string]int{
		"SELECT count(*) FROM sources": 2, "SELECT count(*) FROM observations": 2,
		"SELECT count(*) FROM sites_rtree": 1, "SELECT count(*) FROM sites_fts": 1,
	} {
		var n int
		if err := s.db.QueryRow(q).Scan(&n); err != nil || n != want {
			t.Errorf("%s after deleting one of two sites: %d, %v; want %d", q, n, err, want)
		}
	}
	if _, err := s.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, a.ID); err != nil {
		t.Errorf("undo after migration: %v", err)
	}
	var fk int
	s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	var check string
	s.db.QueryRow("PRAGMA integrity_check").Scan(&check)
	if fk != 1 || check != "ok" {
		t.Errorf("after migration: foreign_keys %d, integrity_check %q", fk, check)
	}
}
