package geoio

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// readPath reads the file at path with NewPathReader, collecting everything.
func readPath(t testing.TB, path string) readResult {
	t.Helper()
	rd, err := NewPathReader(path, ReaderOptions{})
	if err != nil {
		return readResult{err: err}
	}
	return readRest(t, path, rd)
}

func shpFixture(name string) string { return filepath.Join("testdata", "shp", name) }

func (r readResult) names() []string {
	var out []string
	for _, it := range r.items {
		out = append(out, it.Site.Name)
	}
	return out
}

func (r readResult) codes() []string {
	var out []string
	for _, p := range r.warnings {
		out = append(out, p.Code)
	}
	return out
}

func extraString(s site.Site, key string) string { return string(s.Extra[key]) }

// TestShapefileFixtures reads the GDAL-made fixtures of testdata/shp.
func TestShapefileFixtures(t *testing.T) {
	pointNames := []string{"图们 Garment Factory", "珲春 Seafood Processing", "두만강 Restaurant", "Unplaced report"}
	tests := []struct {
		file     string
		names    []string
		geoms    []string // GeoJSON types, "" for unplaced
		warnings []string // codes, in order
		fatal    string   // a fragment of the refusal
	}{
		{file: "points.shp", names: pointNames, geoms: []string{"Point", "Point", "Point", ""}, warnings: []string{CodeNullGeometry}},
		{file: "lines.shp", names: []string{"Rail spur", "Two roads"}, geoms: []string{"LineString", "MultiLineString"}},
		{file: "polygons.shp", names: []string{"Tumen industrial complex", "Hunchun zones"}, geoms: []string{"Polygon", "MultiPolygon"}},
		{file: "pointz.shp", names: []string{"Mine shaft", "Logging camp"}, geoms: []string{"Point", "Point"}, warnings: []string{CodeZDropped}},
		{file: "multipoint.shp", names: []string{"Dormitories"}, geoms: []string{"MultiPoint"}},
		{file: "gbk.shp", names: []string{"图们服装厂", "珲春水产加工"}, geoms: []string{"Point", "Point"}},
		{file: "ldid.shp", names: []string{"图们服装厂", "珲春水产加工"}, geoms: []string{"Point", "Point"}},
		{file: "big5.shp", names: []string{"圖們服裝廠"}, geoms: []string{"Point"}},
		{file: "cp1252.shp", names: []string{"Café Pyongyang"}, geoms: []string{"Point"}},
		{file: "nad83.shp", names: pointNames, geoms: []string{"Point", "Point", "Point", ""}, warnings: []string{CodeCRS, CodeNullGeometry}},
		{file: "noprj.shp", names: pointNames, geoms: []string{"Point", "Point", "Point", ""}, warnings: []string{CodeCRS, CodeNullGeometry}},
		{file: "merc.shp", fatal: `projected coordinate reference system "WGS_1984_Web_Mercator_Auxiliary_Sphere"`},
		{file: "noprj_merc.shp", fatal: "has no .prj and its bounding box"},
		{file: "single.zip", names: pointNames, geoms: []string{"Point", "Point", "Point", ""}, warnings: []string{CodeNullGeometry}},
		{file: "layers.zip", names: append(append([]string{"Rail spur", "Two roads"}, pointNames...), "Tumen industrial complex", "Hunchun zones"),
			geoms:    []string{"LineString", "MultiLineString", "Point", "Point", "Point", "", "Polygon", "MultiPolygon"},
			warnings: []string{CodeProperty, CodeNullGeometry}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r := readPath(t, shpFixture(tt.file))
			if tt.fatal != "" {
				p := r.fatal()
				if p == nil || !strings.Contains(p.Error(), tt.fatal) || p.Code != CodeCRS {
					t.Fatalf("got %v, want a crs refusal with %q", r.messages(), tt.fatal)
				}
				if !strings.Contains(p.Error(), "ogr2ogr -t_srs EPSG:4326 out.shp in.shp") {
					t.Errorf("refusal %q lacks the ogr2ogr hint", p.Error())
				}
				return
			}
			if len(r.problems) > 0 || r.err != nil {
				t.Fatalf("problems: %v", r.messages())
			}
			if got := r.names(); !slices.Equal(got, tt.names) {
				t.Errorf("names %q, want %q", got, tt.names)
			}
			var geoms []string
			for _, it := range r.items {
				if it.Site.Geometry == nil {
					geoms = append(geoms, "")
				} else {
					geoms = append(geoms, it.Site.Geometry.GeoJSONType())
				}
			}
			if !slices.Equal(geoms, tt.geoms) {
				t.Errorf("geometries %q, want %q", geoms, tt.geoms)
			}
			if got := r.codes(); !slices.Equal(got, tt.warnings) {
				t.Errorf("warnings %q, want %q\n%s", got, tt.warnings, strings.Join(r.messages(), "\n"))
			}
		})
	}
}

// TestShapefileValues: attributes map to site fields as GeoJSON properties
// do, numbers and dates keep their types, holes go into their polygons.
func TestShapefileValues(t *testing.T) {
	r := readPath(t, shpFixture("points.shp"))
	s := r.items[0].Site
	if s.Category != "factory" || s.Status != "reported" || s.City != "Tumen" {
		t.Errorf("mapped fields: %+v", s)
	}
	if s.Geometry != (orb.Point{129.8428, 42.9712}) {
		t.Errorf("geometry %v", s.Geometry)
	}
	for k, want := range map[string]string{"workers": "300", "area_ha": "12.5", "reported": `"2017-05-14"`, "open": "1"} {
		if got := extraString(s, k); got != want {
			t.Errorf("%s = %s, want %s", k, got, want)
		}
	}
	if _, ok := r.items[2].Site.Extra["area_ha"]; ok {
		t.Errorf("an empty number became %s", r.items[2].Site.Extra["area_ha"])
	}
	if !strings.Contains(r.warnings[0].Error(), "points.shp: record 4: has no geometry; imported as an unplaced site") {
		t.Errorf("null shape warning %q", r.warnings[0].Error())
	}

	m := readPath(t, shpFixture("model.shp")).items[0].Site
	if m.WorkersEstimate == nil || *m.WorkersEstimate != 300 || m.FirstReported != "2017-05" || m.LastReported != "2019" || m.Country != "CN" || m.Confidential {
		t.Errorf("GDAL's cut names (workers_es, first_repo, confidenti) not mapped back: %+v", m)
	}

	p := readPath(t, shpFixture("polygons.shp")).items[1].Site.Geometry.(orb.MultiPolygon)
	if len(p) != 2 || len(p[0]) != 3 || len(p[1]) != 1 {
		t.Fatalf("multipolygon shape %d parts %v", len(p), p)
	}
	if p[0][0].Orientation() != orb.CCW || p[0][1].Orientation() != orb.CW {
		t.Errorf("rings not wound as RFC 7946 wants")
	}
}

// TestDBFFieldTypes: C, N, F, L, D and other types, deleted records, code
// pages from the LDID byte and the .cpg.
func TestDBFFieldTypes(t *testing.T) {
	cols := []dbfCol{{"name", 'C', 20, 0}, {"n", 'N', 6, 0}, {"f", 'F', 10, 3}, {"ok", 'L', 1, 0}, {"day", 'D', 8, 0}, {"memo", 'M', 10, 0}, {"confidenti", 'N', 1, 0}}
	dbf := dbfFile(0, cols,
		[]string{"Plant", "42", "  -1.250", "T", "20170514", "12", "0"},
		[]string{"*", "Gone", "1", "1", "F", "20170101", "", "1"},
		[]string{"Yard", "", "*****", "?", "00000000", "", "1"},
		[]string{"Odd", "4x2", "1e400", "N", "2017-5", "", ""})
	shp := shpFile(shpPoint, pointRec(1, 2), pointRec(3, 4), pointRec(5, 6), pointRec(7, 8))
	rd, err := memShapefile("t.shp", shp, dbf, wgs84PRJ, "")
	if err != nil {
		t.Fatal(err)
	}
	r := readRest(t, "t.shp", rd)
	if got := r.names(); !slices.Equal(got, []string{"Plant", "Yard", "Odd"}) {
		t.Fatalf("names %q (the deleted record must be skipped)\n%s", got, r.messages())
	}
	type kv = map[string]string
	want := []kv{
		{"n": "42", "f": "-1.25", "ok": "true", "day": `"2017-05-14"`, "memo": `"12"`},
		{},
		{"n": `"4x2"`, "f": `"1e400"`, "ok": "false", "day": `"2017-5"`},
	}
	for i, w := range want {
		s := r.items[i].Site
		got := kv{}
		for k, v := range s.Extra {
			got[k] = string(v)
		}
		if len(got) != len(w) {
			t.Errorf("record %d: extra %v, want %v", i, got, w)
		}
		for k, v := range w {
			if got[k] != v {
				t.Errorf("record %d: %s = %s, want %s", i, k, got[k], v)
			}
		}
	}
	if r.items[0].Site.Confidential || !r.items[1].Site.Confidential {
		t.Errorf("confidential 0/1 not read as false/true")
	}
	if !slices.Contains(r.codes(), CodeProperty) {
		t.Errorf("no warning about the deleted record: %v", r.messages())
	}

	// GBK by the LDID byte (0x4D) and by a .cpg; Windows-1252 guessed.
	gbk := "\xcd\xbc\xc3\xc7" // 图们
	for _, c := range []struct {
		ldid      byte
		cpg, want string
		warn      bool
	}{
		{0x4D, "", "图们", false}, {0, "GBK", "图们", false}, {0, "936", "图们", false}, {0, "GB18030", "图们", false},
		{0, "", "Í¼ÃÇ", true}, {0, "UTF-8", "\u037c\uFFFD", false},
	} {
		dbf := dbfFile(c.ldid, []dbfCol{{"name", 'C', 10, 0}}, []string{gbk})
		rd, err := memShapefile("t.shp", shpFile(shpPoint, pointRec(1, 2)), dbf, wgs84PRJ, c.cpg)
		if err != nil {
			t.Fatal(err)
		}
		r := readRest(t, "t.shp", rd)
		if got := r.names(); len(got) != 1 || got[0] != c.want {
			t.Errorf("ldid %#x cpg %q: name %q, want %q", c.ldid, c.cpg, got, c.want)
		}
		if got := slices.Contains(r.codes(), CodeProperty); got != c.warn {
			t.Errorf("ldid %#x cpg %q: code page warning %v, want %v: %v", c.ldid, c.cpg, got, c.warn, r.messages())
		}
	}
}

// TestPolygonRings: outer rings are clockwise; each hole goes to the
// outer ring that contains it; a ring with no outer becomes one.
func TestPolygonRings(t *testing.T) {
	cw := func(x, y, d float64) [][2]float64 { // clockwise square
		return [][2]float64{{x, y}, {x, y + d}, {x + d, y + d}, {x + d, y}, {x, y}}
	}
	ccw := func(x, y, d float64) [][2]float64 {
		r := cw(x, y, d)
		slices.Reverse(r)
		return r
	}
	rec := func(rings ...[][2]float64) []byte {
		var parts []int32
		var pts [][2]float64
		for _, r := range rings {
			parts = append(parts, int32(len(pts)))
			pts = append(pts, r...)
		}
		return partsRec(shpPolygon, parts, pts...)
	}
	tests := []struct {
		name  string
		rings [][][2]float64
		want  string // polygons and ring counts
	}{
		{"one outer", [][][2]float64{cw(0, 0, 10)}, "Polygon[1]"},
		{"outer and hole", [][][2]float64{cw(0, 0, 10), ccw(2, 2, 2)}, "Polygon[2]"},
		{"hole before its outer", [][][2]float64{ccw(22, 2, 2), cw(0, 0, 10), cw(20, 0, 10)}, "MultiPolygon[1 2]"},
		{"hole in the inner of nested outers", [][][2]float64{cw(0, 0, 10), cw(1, 1, 8), ccw(2, 2, 2)}, "MultiPolygon[1 2]"},
		{"hole outside every outer", [][][2]float64{cw(0, 0, 10), ccw(50, 50, 2)}, "MultiPolygon[1 1]"},
		{"all counterclockwise", [][][2]float64{ccw(0, 0, 10), ccw(20, 0, 10)}, "MultiPolygon[1 1]"},
	}
	for _, tt := range tests {
		rd, err := memShapefile("t.shp", shpFile(shpPolygon, rec(tt.rings...)), nil, wgs84PRJ, "")
		if err != nil {
			t.Fatal(err)
		}
		r := readRest(t, "t.shp", rd)
		if len(r.items) != 1 {
			t.Fatalf("%s: %v", tt.name, r.messages())
		}
		var got string
		switch g := r.items[0].Site.Geometry.(type) {
		case orb.Polygon:
			got = "Polygon[" + itoa(len(g)) + "]"
		case orb.MultiPolygon:
			var n []string
			for _, p := range g {
				n = append(n, itoa(len(p)))
			}
			got = "MultiPolygon[" + strings.Join(n, " ") + "]"
		}
		if got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestShapefileBadInput: each kind of damage gives a clear message.
func TestShapefileBadInput(t *testing.T) {
	good := pointRec(1, 2)
	badParts := partsRec(shpPolyLine, []int32{0, 40}, [2]float64{0, 0}, [2]float64{1, 1}, [2]float64{2, 2}, [2]float64{3, 3},
		[2]float64{4, 4}, [2]float64{5, 5}, [2]float64{6, 6}, [2]float64{7, 7}, [2]float64{8, 8}, [2]float64{9, 9}, [2]float64{10, 10}, [2]float64{11, 11})
	lying := shpFile(shpPoint, good)
	lying = append(lying, 0, 0, 0, 2, 0x7f, 0xff, 0xff, 0xff) // a record "of 4 GiB"
	nan := (&recBuf{}).i32(shpPoint).f64(1, 0).b
	copy(nan[12:], []byte{0, 0, 0, 0, 0, 0, 0xf8, 0x7f})
	tests := []struct {
		name  string
		shp   []byte
		typ   int32
		fatal bool
		want  string
	}{
		{"part index beyond points", shpFile(shpPolyLine, partsRec(shpPolyLine, []int32{0}, [2]float64{0, 0}, [2]float64{1, 1}), badParts), shpPolyLine, false,
			"t.shp: record 2: part index 40 beyond 12 points"},
		{"declared length beyond the file", lying, shpPoint, true, "t.shp: record 2: the record says it has 4294967294 bytes, but only 0 remain in the file"},
		{"truncated record", shpFile(shpPoint, good)[:120], shpPoint, true, "t.shp: record 1: the record says it has 20 bytes, but only 12 remain"},
		{"shape of another type", shpFile(shpPoint, good, partsRec(shpPolyLine, []int32{0}, [2]float64{0, 0}, [2]float64{1, 1})), shpPoint, false,
			"t.shp: record 2: a PolyLine shape in a layer of Point shapes"},
		{"not finite", shpFile(shpPoint, nan), shpPoint, false, "t.shp: record 1: a coordinate is not a finite number"},
		{"out of range", shpFile(shpPoint, pointRec(212.5, 1)), shpPoint, false, "longitude 212.5 is out of range"},
		{"not a shapefile", []byte(strings.Repeat("{\"type\": \"FeatureCollection\"}   ", 5)), 0, true, "t.shp: not a shapefile (file code"},
		{"short header", []byte("\x00\x00\x27\x0a"), 0, true, "t.shp: not a shapefile: the file has 4 bytes, less than the 100-byte header"},
		{"empty", nil, 0, true, "t.shp: the file is empty"},
		{"multipatch", shpFile(shpMultiPatch), 0, true, "MultiPatch, which Site Atlas does not read"},
	}
	for _, tt := range tests {
		var msgs []string
		rd, err := memShapefile("t.shp", tt.shp, nil, wgs84PRJ, "")
		var r readResult
		if err != nil {
			r.err = err
		} else {
			r = readRest(t, "t.shp", rd)
		}
		msgs = r.messages()
		found := false
		for _, m := range msgs {
			found = found || strings.Contains(m, tt.want)
		}
		if !found {
			t.Errorf("%s: want %q in %q", tt.name, tt.want, msgs)
		}
		if (r.fatal() != nil) != tt.fatal {
			t.Errorf("%s: fatal %v, want %v", tt.name, r.fatal() != nil, tt.fatal)
		}
	}
}

// TestPRJ judges the CRS texts tools write.
func TestPRJ(t *testing.T) {
	tests := []struct {
		prj          string
		warn, refuse string
	}{
		{wgs84PRJ, "", ""},
		{`GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]`, "", ""},
		{`GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],CS[ellipsoidal,2],ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",4326]]`, "", ""},
		{`GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, "NAD83", ""},
		{`GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4258"]]`, "ETRS89", ""},
		{`GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]`, "CGCS2000", ""},
		{`GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, "CGCS2000", ""},
		{`GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, "", `datum "D_Beijing_1954"`},
		{`PROJCS["WGS 84 / UTM zone 52N",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Transverse_Mercator"],UNIT["metre",1],AUTHORITY["EPSG","32652"]]`, "", `projected coordinate reference system "WGS 84 / UTM zone 52N" (EPSG:32652)`},
		{`GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["grad",0.01570796326794897]]`, "", `measures angles in "grad"`},
		{`hello`, "", "not a coordinate reference system"},
	}
	for _, tt := range tests {
		warn, refuse := checkPRJ(tt.prj)
		if tt.warn == "" && warn != "" || !strings.Contains(warn, tt.warn) {
			t.Errorf("%.40s: warning %q, want %q", tt.prj, warn, tt.warn)
		}
		if tt.refuse == "" && refuse != "" || !strings.Contains(refuse, tt.refuse) {
			t.Errorf("%.40s: refusal %q, want %q", tt.prj, refuse, tt.refuse)
		}
	}
}

// TestPaddedCategoryNotAliased: a category read leniently ("  factory")
// must not share bytes with the reader's buffer, which the next record
// overwrites (found by FuzzShapefile).
func TestPaddedCategoryNotAliased(t *testing.T) {
	dbf := dbfFile(0, []dbfCol{{"name", 'C', 4, 0}, {"category", 'C', 12, 0}}, []string{"a", "  factory"}, []string{"b", "############"})
	rd, err := memShapefile("t.shp", shpFile(shpPoint, pointRec(1, 2), pointRec(3, 4)), dbf, wgs84PRJ, "")
	if err != nil {
		t.Fatal(err)
	}
	r := readRest(t, "t.shp", rd)
	if got := r.items[0].Site.Category; got != "factory" {
		t.Errorf("category %q, want factory", got)
	}
}

// TestShapefileTableMismatch: a table shorter or longer than the shapes,
// and a shapefile without a table, are read with warnings.
func TestShapefileTableMismatch(t *testing.T) {
	cols := []dbfCol{{"name", 'C', 4, 0}}
	shp := shpFile(shpPoint, pointRec(1, 2), pointRec(3, 4))
	for _, c := range []struct {
		name string
		dbf  []byte
		want []string
		warn string
	}{
		{"short table", dbfFile(0, cols, []string{"a"}), []string{"a", "Unnamed record 2"}, "t.shp: mem.dbf: the table has 1 records, fewer than the shapes: shapes from record 2 on have no attributes"},
		{"long table", dbfFile(0, cols, []string{"a"}, []string{"b"}, []string{"c"}), []string{"a", "b"}, "t.shp: mem.dbf: the table has 3 records but the shapefile only 2 shapes: the rest were not read"},
		{"no table", nil, []string{"Unnamed record 1", "Unnamed record 2"}, "t.shp: the shapefile has no .dbf table: sites have no names or attributes"},
	} {
		rd, err := memShapefile("t.shp", shp, c.dbf, wgs84PRJ, "")
		if err != nil {
			t.Fatal(err)
		}
		r := readRest(t, "t.shp", rd)
		if !slices.Equal(r.names(), c.want) {
			t.Errorf("%s: names %q, want %q", c.name, r.names(), c.want)
		}
		found := false
		for _, w := range r.warnings {
			found = found || w.Error() == c.warn
		}
		if !found {
			t.Errorf("%s: want warning %q in %q", c.name, c.warn, r.messages())
		}
	}
	r := readPath(t, writeTemp(t, "fake.zip", []byte("hello")))
	if p := r.fatal(); p == nil || !strings.Contains(p.Message, "not a ZIP archive") {
		t.Errorf("a .zip that is not one: %v", r.messages())
	}
}
