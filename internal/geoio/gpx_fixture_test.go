package geoio

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
)

// TestGPXFixtures reads real GPX files from togeojson's tests (see
// testdata/gpx/manifest.tsv): counts, names, geometry types, dates, point
// times and extensions come through as documented in gpx_read.go.
func TestGPXFixtures(t *testing.T) {
	type want struct {
		name, geom, notes, first, last string
		extra                          map[string]string // key: JSON, or a prefix of it ending in "…"
	}
	for _, c := range []struct {
		file     string
		n        int
		sites    map[int]want // by index
		warnings []string     // codes, in order
	}{
		{file: "garmin_extensions.gpx", n: 7,
			sites: map[int]want{
				0: {name: "waypoint name", geom: "Point", notes: "waypoint description", first: "2007-11-25", last: "2007-11-25",
					extra: map[string]string{"cmt": `"waypoint comment"`, "src": `"waypoint source"`, "time": `"2007-11-25T17:58:00+01:00"`,
						"links": `[{"href":"href","text":"text","type":"type"},{"href":"href2","text":"text2","type":"type2"},{"href":"href3","text":"text3","type":"type3"}]`}},
				1: {name: "Unnamed waypoint 2", geom: "Point"},
				2: {name: "route name", geom: "LineString", first: "2007-11-25", last: "2007-11-25",
					extra: map[string]string{"coordinateProperties": `{"times":["2007-11-25T17:58:00Z",null,null]}`}},
				3: {name: "empty route"},
				4: {name: "track name", geom: "MultiLineString", extra: map[string]string{"gpxx_DisplayColor": `"Magenta"`}},
				6: {name: "empty track 2"},
			},
			warnings: []string{CodeUnnamed, CodeNullGeometry, CodeNullGeometry, CodeNullGeometry, CodeZDropped}},
		{file: "wpt.gpx", n: 40, sites: map[int]want{0: {name: "Unnamed waypoint 1", geom: "Point"}, 39: {name: "Unnamed waypoint 40", geom: "Point"}},
			warnings: slices.Repeat([]string{CodeUnnamed}, 40)},
		{file: "run_gpxtpx.gpx", n: 1,
			sites: map[int]want{0: {name: "Greeting SF with a dumb, dumb route", geom: "LineString", first: "2015-01-19", last: "2015-01-19",
				extra: map[string]string{"coordinateProperties": `{"times":["2015-01-19T21:24:20Z","2015-01-19T21:24:21Z",…`}}},
			warnings: []string{CodeZDropped}},
		{file: "opencpn.gpx", n: 1,
			sites: map[int]want{0: {name: "Around Orcas", geom: "LineString", first: "2022-01-01", last: "2022-01-01",
				extra: map[string]string{"opencpn_guid": `"25070000-5d86-4d10-aa10-dcbb6953ffff"`, "opencpn_planned_speed": `"6.00"`,
					"gpxx_IsAutoNamed": `"false"`, "coordinateProperties": `{"times":["2022-01-01T15:26:17Z",…`}}}},
		{file: "trek.gpx", n: 1, sites: map[int]want{0: {name: "Unnamed route 1", geom: "LineString"}},
			warnings: []string{CodeUnnamed, CodeZDropped}},
		{file: "zero_elevation.gpx", n: 1, // GPX 1.0, with a private TopoGrafix extension
			sites: map[int]want{0: {name: "BIG LOOP", geom: "LineString", notes: "Big loop around the base of Great Blue Hill", first: "2001-06-24", last: "2001-06-24",
				extra: map[string]string{"number": `"3"`, "topografix_color": `"00ffff"`,
					"coordinateProperties": `{"times":["2001-06-24T15:09:09Z","2001-06-24T15:09:29Z","2001-06-24T15:16:04Z"]}`}}},
			warnings: []string{CodeZDropped}},
		{file: "empty_trk.gpx", n: 1, sites: map[int]want{0: {name: "Unnamed track 1"}}, warnings: []string{CodeNullGeometry, CodeUnnamed}},
		{file: "osm.gpx", n: 3, // GPX 1.0 with <url>
			sites: map[int]want{0: {name: "dc.zip", geom: "LineString", notes: "dc", first: "2007-05-11", last: "2007-05-11",
				extra: map[string]string{"links": `[{"href":"http://api.openstreetmap.org/user/btornado/traces/555004"}]`}},
				2: {name: "Unnamed track 3", geom: "LineString"}},
			warnings: []string{CodeUnnamed}},
	} {
		t.Run(c.file, func(t *testing.T) {
			res := readFile(t, filepath.Join("testdata", "gpx", c.file))
			if len(res.problems) > 0 || res.err != nil {
				t.Fatalf("%v", res.messages())
			}
			if len(res.items) != c.n {
				t.Fatalf("read %d sites, want %d", len(res.items), c.n)
			}
			var codes []string
			for _, w := range res.warnings {
				codes = append(codes, w.Code)
			}
			if !slices.Equal(codes, c.warnings) {
				t.Errorf("warnings %v, want %v\n%v", codes, c.warnings, res.messages())
			}
			// Re-exported, a real file's sites read back the same.
			var sites []site.Site
			for _, it := range res.items {
				sites = append(sites, it.Site)
			}
			checkReadsBack(t, "again.gpx", writeGPX(t, sites), sites)
			for i, w := range c.sites {
				s := res.items[i].Site
				geom := ""
				if s.Geometry != nil {
					geom = s.Geometry.GeoJSONType()
				}
				if s.Name != w.name || geom != w.geom || s.Notes != w.notes || string(s.FirstReported) != w.first || string(s.LastReported) != w.last {
					t.Errorf("site %d: %q %s notes %q reported %q..%q, want %q %s notes %q reported %q..%q",
						i, s.Name, geom, s.Notes, s.FirstReported, s.LastReported, w.name, w.geom, w.notes, w.first, w.last)
				}
				for k, v := range w.extra {
					got := string(s.Extra[k])
					if p, ok := strings.CutSuffix(v, "…"); ok && strings.HasPrefix(got, p) || got == v {
						continue
					}
					t.Errorf("site %d: Extra[%q] = %s, want %s", i, k, got, v)
				}
			}
		})
	}
}

// TestGPXPointExtensions: Garmin's heart rate per track point is kept in
// coordinateProperties beside the times, as togeojson keeps it.
func TestGPXPointExtensions(t *testing.T) {
	res := readFile(t, "testdata/gpx/run_gpxtpx.gpx")
	if len(res.items) != 1 {
		t.Fatal(res.messages())
	}
	var cp struct {
		Times []string `json:"times"`
		Heart []string `json:"heart"`
	}
	if err := json.Unmarshal(res.items[0].Site.Extra["coordinateProperties"], &cp); err != nil {
		t.Fatal(err)
	}
	if len(cp.Times) != 42 || len(cp.Heart) != 42 || cp.Heart[0] != "111" {
		t.Errorf("times %d, heart %d (%v), want 42 each, heart[0] 111", len(cp.Times), len(cp.Heart), cp.Heart)
	}
}

// TestGPXManifest: every fixture is listed with its source and licence.
func TestGPXManifest(t *testing.T) {
	f, err := os.Open("testdata/gpx/manifest.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	listed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 5 {
			t.Fatalf("manifest line %q: want 5 columns", sc.Text())
		}
		if cols[0] != "file" && (cols[1] == "" || cols[4] == "") {
			t.Errorf("manifest line %q: no source or licence", sc.Text())
		}
		listed[cols[0]] = true
	}
	files, _ := filepath.Glob("testdata/gpx/*.gpx")
	for _, p := range files {
		if !listed[filepath.Base(p)] {
			t.Errorf("%s is not in manifest.tsv", p)
		}
	}
}
