package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

// sharedTestdata holds files written by others; tests that read it skip
// with a message when the checkout has no ../shared next to it.
const sharedTestdata = "../../../shared/testdata"

func needShared(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join(sharedTestdata, sub)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s is absent (the shared test data lives next to the checkout): %v", dir, err)
	}
	return dir
}

// badDir holds geoio's own bad-input files.
const badDir = "../geoio/testdata/bad/"

// fixtureSites are the sites every "database that already holds sites"
// starts with: generated ones plus two whose confidential parts are known.
func fixtureSites() []site.Site {
	sites := sitegen.Sites(60, 11)
	w := 40
	t0 := time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)
	sites = append(sites,
		site.Site{
			ID: "00000000-0000-4000-8000-000000000001", Name: "Secret Dormitory", Category: "dormitory",
			Status: site.StatusSuspected, Geometry: orb.Point{130.1, 42.9}, Confidential: true,
			ConfidentialNotes: "informant K.",
			Sources: []site.Source{
				{ID: "s1", Title: "Interview A"}, {ID: "s2", Title: "Interview B"},
			},
			Observations: []site.Observation{{ID: "o1", Date: "2020", Status: site.StatusSuspected, Note: "seen"}},
			Created:      t0, Updated: t0,
		},
		site.Site{
			ID: "00000000-0000-4000-8000-000000000002", Name: "Open Fish Plant", Aliases: []string{"图们水产", "도문 수산"},
			Category: "factory", Status: site.StatusConfirmed, Geometry: orb.Point{129.85, 42.97},
			City: "Tumen", WorkersEstimate: &w, Notes: "public note", ConfidentialNotes: "phone number of the driver",
			Sources: []site.Source{
				{ID: "p1", Title: "Public report", Publisher: "Reuters", URL: "https://example.org/r"},
				{ID: "c1", Title: "Private chat", Confidential: true},
			},
			Observations: []site.Observation{
				{ID: "o1", Date: "2019-05", Status: site.StatusReported, Note: "buses", SourceID: "p1"},
				{ID: "o2", Date: "2021", Status: site.StatusConfirmed, Note: "from chat", Confidential: true, SourceID: "c1"},
			},
			Extra:   map[string]json.RawMessage{"marker-color": json.RawMessage(`"#00ff00"`), "osm_id": json.RawMessage(`42`)},
			Created: t0, Updated: t0,
		},
	)
	return sites
}

// newDB creates a database at a fresh path holding sites (imported as one
// import), closes it and returns its path.
func newDB(t testing.TB, sites []site.Site) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "atlas.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if len(sites) > 0 {
		im, err := st.BeginImport(context.Background(), "fixture")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sites {
			if _, err := im.Put(s); err != nil {
				im.Rollback()
				t.Fatal(err)
			}
		}
		if err := im.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func openDB(t testing.TB, path string) *store.Store {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// dbState is what "byte for byte unchanged" compares: the hashes of the
// database file and of its -wal (absent after a clean close, which
// checkpoints), and a logical dump of every table, shadow tables of the
// R-tree and full-text index included, plus the schema and header pragmas.
type dbState struct {
	fileHash, walHash string
	dump              string
}

// stateOf reads the state of the closed database at path. It dumps a copy,
// so that reading cannot change the original.
func stateOf(t testing.TB, path string) dbState {
	t.Helper()
	var s dbState
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s.fileHash = hash(data)
	if wal, err := os.ReadFile(path + "-wal"); err == nil {
		s.walHash = hash(wal)
	} else if !os.IsNotExist(err) {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(cp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if wal, err := os.ReadFile(path + "-wal"); err == nil {
		os.WriteFile(cp+"-wal", wal, 0o600)
	}
	s.dump = dump(t, cp)
	return s
}

func hash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// dump writes every row of every table (in rowid or key order) as text.
func dump(t testing.TB, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, p := range []string{"user_version", "application_id", "page_count", "freelist_count"} {
		var v int64
		if err := db.QueryRow("PRAGMA " + p).Scan(&v); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%d\n", p, v)
	}
	rows, err := db.Query(`SELECT type, name, ifnull(sql, '') FROM sqlite_schema ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var typ, name, ddl string
		if err := rows.Scan(&typ, &name, &ddl); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %s: %s\n", typ, name, ddl)
		if typ == "table" && !strings.HasPrefix(strings.ToUpper(ddl), "CREATE VIRTUAL") {
			tables = append(tables, name)
		}
	}
	rows.Close()
	if len(tables) < 8 {
		t.Fatalf("only %d tables in %s: %v", len(tables), path, tables)
	}
	for _, tbl := range tables {
		fmt.Fprintf(&b, "== %s\n", tbl)
		rows, err := db.Query(`SELECT * FROM "` + tbl + `" ORDER BY 1, 2`)
		if err != nil {
			rows, err = db.Query(`SELECT * FROM "` + tbl + `" ORDER BY 1`)
		}
		if err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if i > 0 {
					b.WriteByte('|')
				}
				if bs, ok := v.([]byte); ok {
					b.WriteString(hex.EncodeToString(bs))
				} else {
					fmt.Fprint(&b, v)
				}
			}
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

// sameState fails t when the database changed, showing where the dumps differ.
func sameState(t testing.TB, before, after dbState) {
	t.Helper()
	if before.dump != after.dump {
		bl, al := strings.Split(before.dump, "\n"), strings.Split(after.dump, "\n")
		for i := 0; i < len(bl) || i < len(al); i++ {
			var x, y string
			if i < len(bl) {
				x = bl[i]
			}
			if i < len(al) {
				y = al[i]
			}
			if x != y {
				t.Errorf("database contents changed at dump line %d:\nbefore %.200q\nafter  %.200q", i+1, x, y)
				break
			}
		}
	}
	if before.fileHash != after.fileHash {
		t.Errorf("database file bytes changed: %s -> %s", before.fileHash[:12], after.fileHash[:12])
	}
	if before.walHash != after.walHash {
		t.Errorf("-wal changed: %q -> %q", before.walHash, after.walHash)
	}
}

// writeFile writes data to name in a new temp dir and returns its path.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// exportBytes exports everything from the database at path.
func exportBytes(t testing.TB, st *store.Store, opts ExportOptions) ([]byte, ExportReport) {
	t.Helper()
	var buf bytes.Buffer
	rep, err := Export(context.Background(), st, &buf, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), rep
}

// copyFile copies src to a temp dir under the same base name.
func copyFile(t testing.TB, src string) string {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
	return dst
}
