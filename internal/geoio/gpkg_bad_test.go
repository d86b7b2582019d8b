package geoio

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// TestGeoPackageGDALFile reads the GeoPackage GDAL wrote from our own
// GeoJSON (testdata/gpkg/README.md) and gets that GeoJSON's sites back.
func TestGeoPackageGDALFile(t *testing.T) {
	want := readFile(t, "testdata/gpkg/sites.geojson")
	if len(want.items) != 8 {
		t.Fatalf("sites.geojson: %v", want.messages())
	}
	res := readGPKG(t, "testdata/gpkg/gdal_sites.gpkg")
	if len(res.problems) > 0 || res.err != nil || len(res.items) != len(want.items) {
		t.Fatalf("%d items: %v", len(res.items), res.messages())
	}
	for i, it := range res.items {
		w := want.items[i].Site
		if i == 3 {
			// The feature id and the property "id" both became GDAL's id
			// field, and the property won: the site gets a new ID and
			// keeps "port-7" as original_id.
			w.ID, w.Extra = it.Site.ID, map[string]json.RawMessage{"original_id": json.RawMessage(`"port-7"`), "status": w.Extra["status"]}
			if it.HasID {
				t.Error("site 3 has the ID from the file")
			}
			it.HasID = true
		}
		if i == 0 {
			// GDAL wrote the aliases ["투먼","図們","a, b"] as the text
			// "(3:투먼,図們,a, b)", which cannot be split back; it is kept.
			if !reflect.DeepEqual(it.Site.Aliases, []string{"(3:투먼,図們,a, b)"}) {
				t.Errorf("aliases %q", it.Site.Aliases)
			}
			w.Aliases = it.Site.Aliases
		}
		if !it.HasID || !reflect.DeepEqual(it.Site, w) {
			t.Errorf("site %d:\n got %#v\nwant %#v", i, it.Site, w)
		}
	}
}

// TestGeoPackageSharedFiles reads every GeoPackage among the shared test
// files: no panic, only *Problem errors, and sites for a valid file.
func TestGeoPackageSharedFiles(t *testing.T) {
	dir := needShared(t, ".")
	files := filesWithExt(dir, ".gpkg")
	if len(files) == 0 {
		t.Skipf("no .gpkg files under %s; testdata/gpkg/gdal_sites.gpkg stands in", dir)
	}
	for _, f := range files {
		res := readGPKG(t, f)
		t.Logf("%s: %d sites, %d problems, %d warnings", f, len(res.items), len(res.problems), len(res.warnings))
	}
}

// modify writes sites to a GeoPackage and changes it with SQL.
func modify(t *testing.T, sql_ ...string) string {
	t.Helper()
	path := writeGPKG(t, handSites())
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The R-tree triggers call GeoPackage SQL functions that only GDAL has.
	for _, tr := range []string{"insert", "update1", "update2", "update3", "update4", "delete"} {
		db.Exec("DROP TRIGGER rtree_sites_geom_" + tr)
	}
	for _, q := range sql_ {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return path
}

func TestGeoPackageBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plainSQLite := filepath.Join(dir, "plain.sqlite")
	if db, err := sql.Open("sqlite", plainSQLite); err == nil {
		db.Exec("CREATE TABLE t (a TEXT)")
		db.Close()
	}
	for _, c := range []struct {
		name     string
		path     string
		items    int
		code     string
		fatal    bool
		msg      string // in the first problem's Error()
		warnCode string // among the warnings
	}{
		{name: "projected", path: modify(t,
			`INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 / Pseudo-Mercator', 3857, 'EPSG', 3857, 'PROJCS["WGS 84 / Pseudo-Mercator"]', NULL)`,
			`UPDATE gpkg_geometry_columns SET srs_id = 3857`, `UPDATE gpkg_contents SET srs_id = 3857 WHERE table_name = 'sites'`),
			code: CodeCRS, fatal: true, msg: "EPSG:3857: reproject to WGS 84 first, e.g. ogr2ogr -t_srs EPSG:4326"},
		{name: "undefined srs", path: modify(t, `UPDATE gpkg_geometry_columns SET srs_id = 0`),
			items: 5, warnCode: CodeCRS},
		{name: "not a GeoPackage", path: plainSQLite, code: CodeNotGeoPackage, fatal: true, msg: "no gpkg_contents table"},
		{name: "truncated blob", path: modify(t, `UPDATE sites SET geom = substr(geom, 1, 60) WHERE fid = 3`),
			items: 4, code: CodeBadGeometry, msg: "out.gpkg: sites: feature 2 (fid 3): geom: WKB truncated"},
		{name: "short blob", path: modify(t, `UPDATE sites SET geom = X'47500001' WHERE fid = 1`),
			items: 4, code: CodeBadGeometry, msg: "sites: feature 0 (fid 1): geom: geometry blob truncated: 4 bytes"},
		{name: "plain WKB", path: modify(t, `UPDATE sites SET geom = substr(geom, 9) WHERE fid = 5`),
			items: 4, code: CodeBadGeometry, msg: "looks like plain WKB"},
		{name: "text geometry", path: modify(t, `UPDATE sites SET geom = 'POINT(1 2)' WHERE fid = 5`),
			items: 4, code: CodeBadGeometry, msg: "not a geometry blob"},
		{name: "out of range", path: modify(t, `UPDATE sites SET geom = X'47500001E6100000010100000000000000000069400000000000000000' WHERE fid = 5`),
			items: 4, code: CodeOutOfRange, msg: "feature 4 (fid 5): geometry: longitude 200 is out of range"},
		{name: "duplicate id", path: modify(t, `UPDATE sites SET id = '11111111-1111-4111-8111-111111111111' WHERE fid = 4`),
			items: 4, code: CodeDuplicateID, msg: "sites: feature 3 (fid 4): duplicate id \"11111111-1111-4111-8111-111111111111\": sites: feature 0 (fid 1) has the same id"},
		{name: "text named .gpkg", path: write("notes.gpkg", []byte("These are my notes, not a GeoPackage.\n")),
			code: CodeNotGeoPackage, fatal: true, msg: "not a GeoPackage: the file is not an SQLite database"},
		{name: "GeoJSON named .gpkg", path: write("sites.gpkg", writeGeoJSON(t, handSites())),
			code: CodeNotGeoPackage, fatal: true, msg: "the file looks like GeoJSON"},
		{name: "empty", path: write("empty.gpkg", nil), code: CodeEmpty, fatal: true, msg: "the file is empty"},
		{name: "missing", path: filepath.Join(dir, "missing.gpkg"), code: CodeIO, fatal: true},
		{name: "truncated file", path: write("half.gpkg", func() []byte {
			b, _ := os.ReadFile(writeGPKG(t, testSites(200)))
			return b[:len(b)/3]
		}()), fatal: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := readGPKG(t, c.path)
			var first *Problem
			if p, ok := res.err.(*Problem); ok {
				first = p
			} else if res.err != nil {
				t.Fatalf("error %T %v", res.err, res.err)
			} else if len(res.problems) > 0 {
				first = res.problems[0]
			}
			if len(res.items) != c.items {
				t.Errorf("%d items, want %d: %v", len(res.items), c.items, res.messages())
			}
			if c.code == "" && !c.fatal {
				if first != nil {
					t.Errorf("unexpected problem %v", first)
				}
			} else if first == nil {
				t.Fatalf("no problem; %v", res.messages())
			} else {
				if c.code != "" && first.Code != c.code || first.Fatal != c.fatal || !strings.Contains(first.Error(), c.msg) {
					t.Errorf("got %v [%s fatal=%v], want %q [%s fatal=%v]", first, first.Code, first.Fatal, c.msg, c.code, c.fatal)
				}
			}
			if c.warnCode != "" && !slicesContainsCode(res.warnings, c.warnCode) {
				t.Errorf("no %s warning among %v", c.warnCode, res.messages())
			}
		})
	}
}

func slicesContainsCode(ps []Problem, code string) bool {
	for _, p := range ps {
		if p.Code == code {
			return true
		}
	}
	return false
}

// TestGeoPackageTableChoice: "sites" wins; otherwise the first feature
// table, with a warning naming the others.
func TestGeoPackageTableChoice(t *testing.T) {
	path := modify(t,
		`CREATE TABLE other (fid INTEGER PRIMARY KEY, shape BLOB, label TEXT)`,
		`INSERT INTO other VALUES (1, X'475000010000000001010000000000000000000840000000000000104000', 'from other')`,
		`INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('other', 'features', 0)`,
		`INSERT INTO gpkg_geometry_columns VALUES ('other', 'shape', 'POINT', 0, 0, 0)`)
	if res := readGPKG(t, path); len(res.items) != 5 || slicesContainsCode(res.warnings, CodeNotGeoPackage) {
		t.Errorf("with sites: %d items, %v", len(res.items), res.messages())
	}
	db, _ := sql.Open("sqlite", path)
	db.Exec(`UPDATE gpkg_contents SET table_name = 'places' WHERE table_name = 'sites'`)
	db.Exec(`UPDATE gpkg_geometry_columns SET table_name = 'places' WHERE table_name = 'sites'`)
	db.Exec(`ALTER TABLE sites RENAME TO places`)
	db.Exec(`DELETE FROM gpkg_contents WHERE table_name = 'places'`)
	db.Exec(`INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('places', 'features', 4326)`)
	db.Close()
	res := readGPKG(t, path)
	if len(res.items) != 1 || res.items[0].Site.Name != "from other" || res.items[0].Site.Geometry != (orb.Point{3, 4}) {
		t.Fatalf("%d items, %v", len(res.items), res.messages())
	}
	if !slicesContainsCode(res.warnings, CodeNotGeoPackage) || !strings.Contains(res.warnings[0].Message, "read other, not read: places") {
		t.Errorf("warnings %v", res.messages())
	}
	if res.items[0].HasID {
		t.Error("a site without an id column has an ID from the file")
	}
}

func TestDetectGeoPackage(t *testing.T) {
	path := writeGPKG(t, nil)
	head, _ := os.ReadFile(path)
	for _, c := range []struct {
		name string
		head []byte
	}{{"x.gpkg", head}, {"x.sqlite", head}, {"x.geojson", head}, {"x.GPKG", []byte("whatever")}} {
		if f, err := DetectFormat(c.name, c.head[:min(len(c.head), sniffSize)]); f != GeoPackage || err != nil {
			t.Errorf("%s: %v %v", c.name, f, err)
		}
	}
	_, err := NewReader("x.gpkg", bytes.NewReader(head))
	if p, ok := err.(*Problem); !ok || !p.Fatal || !strings.Contains(p.Message, "must be opened by path") {
		t.Errorf("NewReader on a GeoPackage: %v", err)
	}
}

func FuzzGeoPackageGeometry(f *testing.F) {
	var enc gpkgEncoder
	for _, s := range append(handSites(), testSites(9)...) {
		if s.Geometry != nil {
			b, _, _, _ := enc.blob(s.Geometry)
			f.Add(bytes.Clone(b))
		}
	}
	f.Add([]byte("GP\x00\x11\xe6\x10\x00\x00\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf8\x7f\x00\x00\x00\x00\x00\x00\xf8\x7f"))
	f.Add([]byte("GP\x00\x01\xe6\x10\x00\x00\x01\xe9\x03\x00\x00\x00\x00\x00\x00\x00\x00\xf0?\x00\x00\x00\x00\x00\x00\x00@\x00\x00\x00\x00\x00\x00\x08@"))
	f.Add([]byte("GP\x00\x00\x00\x00\x10\xe6\x00\x00\x00\x07\x00\x00\x00\x01\x00\x00\x00\x00\x01\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, info, err := gpkgGeometryJSON(nil, data)
		if err != nil {
			if len(out) != 0 {
				t.Fatalf("output %q with error %v", out, err)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("invalid JSON %q", out)
		}
		if !info.plain || info.empty {
			return
		}
		// orb's WKB reader agrees on the 2D subset.
		env := 0
		switch (data[3] >> 1) & 7 {
		case 1:
			env = 32
		case 2, 3:
			env = 48
		case 4:
			env = 64
		}
		g, err := wkb.Unmarshal(data[8+env:])
		if err != nil {
			t.Fatalf("we read %s, orb says %v", out, err)
		}
		w := jsonWriter{keepWinding: true}
		w.geometry(g)
		if !bytes.Equal(w.b, out) {
			t.Fatalf("we read %s, orb %s", out, w.b)
		}
		// A valid geometry written again reads back the same.
		if isEmpty(g) || site.ValidateGeometry(g) != nil {
			return
		}
		b, _, _, err := enc.blob(g)
		if err != nil {
			t.Fatal(err)
		}
		again, info2, err := gpkgGeometryJSON(nil, b)
		if err != nil || info2.srsID != 4326 {
			t.Fatalf("our own blob: %v %+v", err, info2)
		}
		w.b = w.b[:0]
		w.keepWinding = false
		w.geometry(g)
		if !bytes.Equal(again, w.b) {
			t.Fatalf("round trip: %s, want %s", again, w.b)
		}
	})
}
