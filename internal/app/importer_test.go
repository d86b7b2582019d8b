package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

var (
	templateOnce sync.Once
	templateData []byte
)

// fixtureDB returns the path of a fresh, closed copy of a database holding
// fixtureSites, and its state.
func fixtureDB(t *testing.T) (string, dbState) {
	t.Helper()
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "siteatlas-app-test-")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		st, err := store.Open(filepath.Join(dir, "atlas.db"))
		if err != nil {
			t.Fatal(err)
		}
		im, err := st.BeginImport(context.Background(), "fixture")
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range fixtureSites() {
			if _, err := im.Put(s); err != nil {
				t.Fatal(err)
			}
		}
		if err := im.Commit(); err != nil {
			t.Fatal(err)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "atlas.db-wal")); err == nil {
			t.Fatal("closing the store left a -wal file: it did not checkpoint")
		}
		templateData, err = os.ReadFile(filepath.Join(dir, "atlas.db"))
		if err != nil {
			t.Fatal(err)
		}
	})
	if templateData == nil {
		t.Fatal("no template database")
	}
	path := writeFile(t, "atlas.db", templateData)
	return path, stateOf(t, path)
}

// importInto opens the database at path, imports files and closes it again.
func importInto(t *testing.T, ctx context.Context, path string, files []string, progress Progress) (ImportReport, error) {
	t.Helper()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Import(ctx, st, files, progress)
	if cerr := st.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	return rep, err
}

func problemTexts(rep ImportReport) []string {
	var out []string
	for _, p := range rep.Problems {
		out = append(out, p.Error())
	}
	return out
}

// TestImportRefused imports each bad input into a database that already
// holds sites: the import is refused, every expected message names the file
// and the feature index or line, and the database is byte for byte what it
// was (file hash after the checkpoint on close, and a dump of every table).
func TestImportRefused(t *testing.T) {
	for _, c := range []struct {
		name  string
		files []string // in badDir unless absolute
		want  []string // substrings of the problems, in order; each is prefixed by the file path
	}{
		{"malformed JSON", []string{"malformed.geojson"}, []string{`malformed.geojson: line 3, column 19: unexpected "\"" in an object`}},
		{"string not closed", []string{"unclosed.geojson"}, []string{`unclosed.geojson: line 3, column 42: line break inside a string`}},
		{"top-level array", []string{"top_array.geojson"}, []string{`top_array.geojson: line 1, column 1: the file is a JSON array`}},
		{"wrong member types", []string{"wrong_types.geojson"}, []string{`wrong_types.geojson: features[3]: properties must be an object, got array`}},
		{"null feature", []string{"features_null.geojson"}, []string{`features_null.geojson: features[0]: a feature must be an object, got null`}},
		{"not a GeoJSON type", []string{"not_a_collection.geojson"}, []string{`not_a_collection.geojson: line 1: type "Topology" is not a GeoJSON type`}},
		{"duplicate type key", []string{"duplicate_type.geojson"}, []string{`duplicate_type.geojson: features[0]: member "type" appears twice`}},
		{"latitude out of range after good features", []string{"out_of_range.geojson"}, []string{`out_of_range.geojson: features[2]: geometry: latitude -134 is out of range -90..90`}},
		{"longitude out of range, GeoJSON sequence", []string{"seq.geojsonl"}, []string{`seq.geojsonl: line 3: geometry: longitude 500 is out of range -180..180`}},
		{"NaN and -Infinity", []string{"nan.geojson"}, []string{
			`nan.geojson: features[0]: line 2, column 87: NaN is not a JSON number`,
			`nan.geojson: features[1]: line 3, column 89: -Infinity is not a JSON number`}},
		{"unclosed and short rings", []string{"rings.geojson"}, []string{
			`rings.geojson: features[0]: geometry: ring 0 is not closed: first position [0 0] differs from last [0 1]`,
			`rings.geojson: features[1]: geometry: ring 0 needs at least 4 positions, has 3`,
			`rings.geojson: features[2]: geometry.coordinates has 1 number(s)`}},
		{"duplicate ids", []string{"duplicate_ids.geojson"}, []string{`duplicate_ids.geojson: features[2]: duplicate feature id "port-1": features[0] has the same id`}},
		{"duplicate UUIDs in two cases", []string{"duplicate_uuid.geojson"}, []string{`duplicate_uuid.geojson: features[1]: duplicate feature id`}},
		{"invalid UTF-8 in GeoJSON", []string{"latin1.geojson"}, []string{`latin1.geojson: features[1]: line 3, column 44: invalid UTF-8 in a string`}},
		{"invalid UTF-8 in CSV", []string{"latin1.csv"}, []string{`latin1.csv: line 3, column "name": invalid UTF-8`}},
		{"projected CRS", []string{"crs_3857.geojson"}, []string{`crs_3857.geojson: crs: the file uses the coordinate reference system "urn:ogc:def:crs:EPSG::3857"; Site Atlas reads WGS84`}},
		{"CSV bad number", []string{"bad.csv"}, []string{
			`bad.csv: line 3, column "lat": "forty-two" is not a number`,
			`bad.csv: line 4, column "lon": is empty, but the other coordinate is given`}},
		{"CSV bad WKT", []string{"wkt.tsv"}, []string{`wkt.tsv: line 3, column "WKT": not valid WKT`}},
		{"CSV latitude without longitude", []string{"lat_only.csv"}, []string{`lat_only.csv: line 1: the header has a latitude column but no longitude`}},
		{"empty GeoJSON", []string{"empty.geojson"}, []string{`empty.geojson: the file is empty`}},
		{"blank GeoJSON", []string{"whitespace.geojson"}, []string{`whitespace.geojson: the file is empty`}},
		{"empty CSV", []string{"empty.csv"}, []string{`empty.csv: the file is empty`}},
		{"binary", []string{"not_geo.bin"}, []string{`not_geo.bin: not GeoJSON, CSV, KML, GPX, GeoPackage, Shapefile or KMZ (starts with "\x00\x01`}},
		{"prose", []string{"notes.txt"}, []string{`notes.txt: not GeoJSON, CSV, KML, GPX, GeoPackage, Shapefile or KMZ (starts with "Remember to call"`}},
		// A good file first: its sites must not land when the second is bad.
		{"good file then bad file", []string{"z.geojson", "bom.csv", "out_of_range.geojson"}, []string{`out_of_range.geojson: features[2]: geometry: latitude -134`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, before := fixtureDB(t)
			var files []string
			for _, f := range c.files {
				files = append(files, copyFile(t, filepath.Join(badDir, f)))
			}
			rep, err := importInto(t, context.Background(), db, files, nil)
			if !errors.Is(err, ErrProblems) {
				t.Fatalf("Import error = %v, want ErrProblems", err)
			}
			if rep.OK() {
				t.Fatal("report says OK")
			}
			if rep.Added != 0 || rep.Updated != 0 {
				t.Errorf("refused import reports %d added, %d updated", rep.Added, rep.Updated)
			}
			if !strings.Contains(rep.Summary(), "nothing was written") {
				t.Errorf("summary %q", rep.Summary())
			}
			got := problemTexts(rep)
			if len(got) != len(c.want) {
				t.Errorf("%d problems, want %d:\n%s", len(got), len(c.want), strings.Join(got, "\n"))
			}
			dir := filepath.Dir(files[len(files)-1])
			for i, w := range c.want {
				w = filepath.Join(dir, w) // the message starts with the path given
				if i >= len(got) || !strings.HasPrefix(got[i], w) {
					t.Errorf("problem %d:\n got %q\nwant prefix %q", i, at(got, i), w)
				}
			}
			sameState(t, before, stateOf(t, db))
		})
	}
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(none)"
}

// TestStateDetectsWrites makes sure the unchanged-database check would see
// a partial write: one more site, or only a history row, changes the state.
func TestStateDetectsWrites(t *testing.T) {
	db, before := fixtureDB(t)
	st := openDB(t, db)
	s := sitegen.Sites(1, 99)[0]
	if err := st.Create(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	st.Close()
	after := stateOf(t, db)
	if after.dump == before.dump || after.fileHash == before.fileHash {
		t.Fatal("adding a site did not change the dump and the file hash")
	}
}

// TestImportAccepted covers the inputs that import with warnings: the
// warning names the file, and what lands is what the README says.
func TestImportAccepted(t *testing.T) {
	for _, c := range []struct {
		file     string
		added    int
		warnings []string // substrings, each prefixed by the file path
		check    func(t *testing.T, s site.Site)
	}{
		{file: "bom.geojson", added: 1, check: func(t *testing.T, s site.Site) {
			if s.Name != "Tumen" {
				t.Errorf("name %q: the BOM leaked into the first key?", s.Name)
			}
		}},
		{file: "bom.csv", added: 1, check: func(t *testing.T, s site.Site) {
			if s.Name != "图们" || s.Geometry != (orb.Point{129.84, 42.97}) {
				t.Errorf("got %q at %v", s.Name, s.Geometry)
			}
		}},
		{file: "semicolon.csv", added: 1, check: func(t *testing.T, s site.Site) {
			if s.Name != "Werk, Tumen" || s.Geometry != (orb.Point{129.84, 42.97}) {
				t.Errorf("got %q at %v", s.Name, s.Geometry)
			}
		}},
		{file: "z.geojson", added: 2,
			warnings: []string{`z.geojson: Z values dropped: the file has 3D coordinates`},
			check: func(t *testing.T, s site.Site) {
				if _, ok := s.Geometry.(orb.Point); !ok {
					t.Errorf("geometry %T", s.Geometry)
				}
			}},
		{file: "crs_wgs84.geojson", added: 1,
			warnings: []string{`crs_wgs84.geojson: crs: legacy crs member "urn:ogc:def:crs:OGC:1.3:CRS84" read as WGS84`}},
		{file: "null_geometry.geojson", added: 1,
			warnings: []string{`null_geometry.geojson: features[0]: geometry is null; imported as an unplaced site`},
			check: func(t *testing.T, s site.Site) {
				if s.Geometry != nil || s.Name != "Unplaced restaurant" {
					t.Errorf("got %q at %v, want an unplaced site", s.Name, s.Geometry)
				}
			}},
		{file: "rs.geojsons", added: 2},
		{file: "header_only.csv", added: 0},
		{file: "nocoords.csv", added: 1,
			warnings: []string{`nocoords.csv: line 1: no lat/lon or WKT column`}},
	} {
		t.Run(c.file, func(t *testing.T) {
			db, before := fixtureDB(t)
			file := copyFile(t, filepath.Join(badDir, c.file))
			rep, err := importInto(t, context.Background(), db, []string{file}, nil)
			if err != nil {
				t.Fatalf("Import: %v\n%s", err, strings.Join(problemTexts(rep), "\n"))
			}
			if rep.Added != c.added || rep.Updated != 0 {
				t.Errorf("%d added, %d updated; want %d added", rep.Added, rep.Updated, c.added)
			}
			var warns []string
			for _, w := range rep.Warnings {
				warns = append(warns, w.Error())
			}
			for _, w := range c.warnings {
				w = filepath.Join(filepath.Dir(file), w)
				found := false
				for _, g := range warns {
					found = found || strings.HasPrefix(g, w)
				}
				if !found {
					t.Errorf("missing warning %q among\n%s", w, strings.Join(warns, "\n"))
				}
			}
			st := openDB(t, db)
			n, err := st.Count(context.Background(), store.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if want := len(fixtureSites()) + c.added; n != want {
				t.Errorf("%d sites after import, want %d", n, want)
			}
			if c.added > 0 && c.check != nil {
				// The new sites are those not in the fixture.
				old := map[string]bool{}
				for _, s := range fixtureSites() {
					old[s.ID] = true
				}
				err := st.Query(context.Background(), store.Filter{}, func(s site.Site) error {
					if !old[s.ID] {
						c.check(t, s)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			st.Close()
			if c.added > 0 && stateOf(t, db).dump == before.dump {
				t.Error("the import wrote nothing")
			}
		})
	}
}

// badFeatures is a FeatureCollection with n features whose latitude is out
// of range, after one good one.
func badFeatures(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	b.WriteString(`{"type":"Feature","properties":{"name":"good"},"geometry":{"type":"Point","coordinates":[1,2]}}`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, ",\n"+`{"type":"Feature","properties":{"name":"bad %d"},"geometry":{"type":"Point","coordinates":[1,%d]}}`, i, 91+i)
	}
	b.WriteString("\n]}\n")
	return []byte(b.String())
}

// TestImportProblemCap: the report lists the first MaxProblems problems and
// counts the rest, across files.
func TestImportProblemCap(t *testing.T) {
	for _, c := range []struct {
		name  string
		sizes []int
		more  int
	}{
		{"under the cap", []int{99}, 0},
		{"at the cap", []int{100}, 0},
		{"over the cap", []int{250}, 150},
		{"over the cap across files", []int{60, 60}, 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, before := fixtureDB(t)
			var files []string
			total := 0
			for i, n := range c.sizes {
				files = append(files, writeFile(t, fmt.Sprintf("bad%d.geojson", i), badFeatures(n)))
				total += n
			}
			rep, err := importInto(t, context.Background(), db, files, nil)
			if !errors.Is(err, ErrProblems) {
				t.Fatalf("err = %v", err)
			}
			if len(rep.Problems) != min(total, MaxProblems) || rep.MoreProblems != c.more {
				t.Errorf("%d problems listed and %d more; want %d and %d", len(rep.Problems), rep.MoreProblems, min(total, MaxProblems), c.more)
			}
			if p := rep.Problems[0].Error(); !strings.HasPrefix(p, files[0]+": features[1]: geometry: latitude 91 is out of range") {
				t.Errorf("first problem %q", p)
			}
			if want := fmt.Sprintf("import refused: %d problem(s), nothing was written", total); rep.Summary() != want {
				t.Errorf("summary %q, want %q", rep.Summary(), want)
			}
			sameState(t, before, stateOf(t, db))
		})
	}
}

// TestImportCancel cancels an import half-way through a file: Import
// returns the context's error and the database is unchanged.
func TestImportCancel(t *testing.T) {
	db, before := fixtureDB(t)
	file := filepath.Join(t.TempDir(), "many.geojson")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	w := geoio.NewGeoJSONWriter(f)
	for s := range sitegen.Seq(5000, 3) {
		if err := w.Write(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(file)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var calls int
	var at int64
	rep, err := importInto(t, ctx, db, []string{file}, func(done, total int64) {
		calls++
		if total != fi.Size() {
			t.Errorf("progress total %d, want the file size %d", total, fi.Size())
		}
		if calls == 2 {
			at = done
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if at == 0 || at >= fi.Size() {
		t.Fatalf("cancelled at byte %d of %d: not half-way", at, fi.Size())
	}
	if rep.Added != 0 || rep.Updated != 0 {
		t.Errorf("cancelled import reports %d added, %d updated", rep.Added, rep.Updated)
	}
	sameState(t, before, stateOf(t, db))
}

// TestImportMissingFile: a missing file or a folder is refused before any
// transaction starts.
func TestImportMissingFile(t *testing.T) {
	db, before := fixtureDB(t)
	good := copyFile(t, filepath.Join(badDir, "bom.geojson"))
	for _, files := range [][]string{
		{good, filepath.Join(t.TempDir(), "nope.geojson")},
		{good, t.TempDir()},
		nil,
	} {
		if _, err := importInto(t, context.Background(), db, files, nil); err == nil || errors.Is(err, ErrProblems) {
			t.Errorf("%v: err = %v", files, err)
		}
	}
	sameState(t, before, stateOf(t, db))
}

// TestReimportExport: importing our own export into the same database
// updates every site and adds none; the database then exports the same
// bytes again.
func TestReimportExport(t *testing.T) {
	for _, format := range []geoio.Format{geoio.GeoJSON, geoio.CSV} {
		t.Run(format.String(), func(t *testing.T) {
			db, _ := fixtureDB(t)
			st := openDB(t, db)
			opts := ExportOptions{Format: format, IncludeConfidential: true}
			first, _ := exportBytes(t, st, opts)
			n, _ := st.Count(context.Background(), store.Filter{})
			file := writeFile(t, "export."+map[geoio.Format]string{geoio.GeoJSON: "geojson", geoio.CSV: "csv"}[format], first)
			for round := 0; round < 2; round++ {
				rep, err := Import(context.Background(), st, []string{file}, nil)
				if err != nil {
					t.Fatalf("round %d: %v\n%s", round, err, strings.Join(problemTexts(rep), "\n"))
				}
				// The file holds the sites as stored: nothing is written
				// (issue 12: an update that changes nothing writes nothing).
				if rep.Added != 0 || rep.Updated != 0 || rep.Unchanged != n {
					t.Errorf("round %d: %d added, %d updated, %d unchanged; want 0, 0 and %d", round, rep.Added, rep.Updated, rep.Unchanged, n)
				}
				if m, _ := st.Count(context.Background(), store.Filter{}); m != n {
					t.Errorf("round %d: %d sites, want %d", round, m, n)
				}
			}
			again, _ := exportBytes(t, st, opts)
			if string(again) != string(first) {
				t.Errorf("export after re-import differs: %s", firstDiff(first, again))
			}
		})
	}
}

// firstDiff describes where a and b first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("at byte %d (lengths %d, %d):\n  %q\n  %q", i, len(a), len(b), a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
}

// TestImportRepeatedIDsIntoEmptyDatabase: an import into an empty database
// is a bulk load, which finds repeated ids only when it builds the id index
// at the end; the import then runs again row by row, so the outcome is what
// it always was: within one GeoJSON file a repeat is refused with both
// features named, across files or in CSV the later site updates the earlier.
func TestImportRepeatedIDsIntoEmptyDatabase(t *testing.T) {
	const uuidA, uuidB = "0d6b4e1c-8c1e-4f39-9a57-2b1f7d0e3a11", "6f1c2a9e-3b4d-4c8e-8f10-9a2b3c4d5e6f"
	feature := func(id, name string) string {
		return `{"type":"Feature","id":"` + id + `","geometry":{"type":"Point","coordinates":[130.3,42.8]},"properties":{"name":"` + name + `"}}`
	}
	fc := func(fs ...string) []byte {
		return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`)
	}
	for _, c := range []struct {
		name           string
		files          map[string][]byte
		added, updated int
		problem        string
		wantName       string
	}{
		{name: "numeric ids repeated in one file", files: map[string][]byte{"a.geojson": fc(
			`{"type":"Feature","id":7,"geometry":null,"properties":{"name":"x"}}`, `{"type":"Feature","id":7,"geometry":null,"properties":{"name":"y"}}`)},
			problem: `a.geojson: features[1]: duplicate feature id 7: features[0] has the same id`},
		{name: "unique ids", files: map[string][]byte{"a.geojson": fc(feature(uuidA, "Plant A"), feature(uuidB, "Plant B"))}, added: 2, wantName: "Plant A"},
		{name: "repeat in one file", files: map[string][]byte{"a.geojson": fc(feature(uuidA, "Plant A"), feature(uuidB, "Plant B"), feature(uuidA, "Plant A2"))},
			problem: `a.geojson: features[2]: duplicate feature id "` + uuidA + `": features[0] has the same id`},
		{name: "repeat across files", files: map[string][]byte{"a.geojson": fc(feature(uuidA, "Plant A"), feature(uuidB, "Plant B")), "b.geojson": fc(feature(uuidA, "Plant A, renamed"))},
			added: 2, updated: 1, wantName: "Plant A, renamed"},
		{name: "repeat in a CSV", files: map[string][]byte{"a.csv": []byte("id,name,lon,lat\n" + uuidA + ",Plant A,130.3,42.8\n" + uuidB + ",Plant B,130.3,42.8\n" + uuidA + ",Plant A again,130.3,42.8\n")},
			added: 2, updated: 1, wantName: "Plant A again"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := openDB(t, filepath.Join(t.TempDir(), "atlas.db"))
			var paths []string
			for _, name := range []string{"a.geojson", "a.csv", "b.geojson"} {
				if data, ok := c.files[name]; ok {
					paths = append(paths, writeFile(t, name, data))
				}
			}
			rep, err := Import(context.Background(), st, paths, nil)
			if c.problem != "" {
				if !errors.Is(err, ErrProblems) || len(rep.Problems) != 1 || !strings.Contains(problemTexts(rep)[0], c.problem) {
					t.Fatalf("err %v, problems %q; want %q", err, problemTexts(rep), c.problem)
				}
				if n, _ := st.Count(context.Background(), store.Filter{}); n != 0 {
					t.Errorf("%d sites after a refused import", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v: %q", err, problemTexts(rep))
			}
			if rep.Added != c.added || rep.Updated != c.updated {
				t.Errorf("%d added, %d updated; want %d and %d", rep.Added, rep.Updated, c.added, c.updated)
			}
			got, err := st.Get(context.Background(), uuidA)
			if err != nil || got.Name != c.wantName {
				t.Errorf("site a: %q, %v; want %q", got.Name, err, c.wantName)
			}
		})
	}
}
