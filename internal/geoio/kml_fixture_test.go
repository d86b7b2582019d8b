package geoio

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// TestKMLFixtures reads files in the style Google Earth and Google My Maps
// save: names, descriptions, coordinates, folders and data come through;
// styles, views and icons are ignored.
func TestKMLFixtures(t *testing.T) {
	type want struct {
		name     string
		geom     orb.Geometry
		notes    string
		category string
		status   site.Status
		first    site.PartialDate
		last     site.PartialDate
		extra    map[string]string
	}
	for _, c := range []struct {
		file     string
		sites    []want
		warnings []string // codes, in order
	}{
		{file: "google_earth.kml",
			sites: []want{
				{name: "Seafood processing plant", geom: orb.Point{129.8432, 42.9661},
					notes: "Buses seen at the gate <b>every morning</b>&nbsp;in 2019.", first: "2017-05", last: "2019-11-02",
					extra: map[string]string{"folder": `"Tumen"`}},
				{name: "Industrial zone outline", geom: orb.Polygon{{{129.84, 42.96}, {129.85, 42.96}, {129.85, 42.97}, {129.84, 42.97}, {129.84, 42.96}}},
					extra: map[string]string{"folder": `"Tumen"`}},
				{name: "Drive along the river", extra: map[string]string{"folder": `"Tumen / Hunchun"`}},
				{name: "Dormitory blocks", geom: orb.MultiPoint{{130.366, 42.862}, {130.367, 42.863}}, first: "2018-03-14", last: "2018-03-14",
					extra: map[string]string{"folder": `"Tumen / Hunchun"`}},
				{name: "Rail line to the port", geom: orb.LineString{{130.3, 42.25}, {130.35, 42.3}, {130.4, 42.33}}},
			},
			warnings: []string{CodeZDropped, CodeWindingOrder, CodeUnsupportedGeometry, CodeNullGeometry}},
		{file: "my_maps.kml",
			sites: []want{
				{name: "Hunchun seafood plant 珲春", geom: orb.Point{130.366, 42.862}, category: "factory", status: site.StatusReported,
					notes: `Workers seen in 2019 <a href="https://example.org/report">report</a><br><br>category: factory<br>status: Reported<br>workers: 120`,
					extra: map[string]string{"folder": `"Factories"`, "workers": `"120"`}},
				{name: "훈춘 의류공장", geom: orb.Polygon{{{130.37, 42.86}, {130.38, 42.86}, {130.38, 42.87}, {130.37, 42.86}}}, category: "industrial_complex",
					extra: map[string]string{"folder": `"Factories"`, "workers": `""`}},
			},
			warnings: []string{CodeZDropped}},
	} {
		t.Run(c.file, func(t *testing.T) {
			res := readFile(t, "testdata/kml/"+c.file)
			if res.err != nil || len(res.problems) > 0 {
				t.Fatal(res.messages())
			}
			if len(res.items) != len(c.sites) {
				t.Fatalf("read %d sites, want %d: %v", len(res.items), len(c.sites), res.messages())
			}
			for i, w := range c.sites {
				s := res.items[i].Site
				extra := map[string]string{}
				for k, v := range s.Extra {
					extra[k] = string(v)
				}
				if len(w.extra) == 0 {
					w.extra = map[string]string{}
				}
				got := want{s.Name, s.Geometry, s.Notes, s.Category, s.Status, s.FirstReported, s.LastReported, extra}
				if !reflect.DeepEqual(got, w) {
					t.Errorf("site %d:\n got %#v\nwant %#v", i, got, w)
				}
				if res.items[i].Index != i || res.items[i].HasID {
					t.Errorf("site %d: Index %d HasID %v", i, res.items[i].Index, res.items[i].HasID)
				}
			}
			var codes []string
			for _, w := range res.warnings {
				codes = append(codes, w.Code)
			}
			if !slices.Equal(codes, c.warnings) {
				t.Errorf("warnings %v, want codes %v", res.messages(), c.warnings)
			}
		})
	}
}

// TestKMLFixtureMessages pins the wording of KML-specific warnings.
func TestKMLFixtureMessages(t *testing.T) {
	res := readFile(t, "testdata/kml/google_earth.kml")
	msgs := strings.Join(res.messages(), "\n")
	for _, want := range []string{
		"warning: testdata/kml/google_earth.kml: altitudes dropped: the file has 3D coordinates; Site Atlas keeps longitude and latitude only [z-dropped]",
		"warning: testdata/kml/google_earth.kml: Placemark 2 (line 65): <gx:Track> geometry is not supported; skipped [unsupported-geometry]",
		"warning: testdata/kml/google_earth.kml: Placemark 2 (line 65): has no geometry; imported as an unplaced site [null-geometry]",
	} {
		if !strings.Contains(msgs, want) {
			t.Errorf("missing %q in\n%s", want, msgs)
		}
	}
}

// TestKMLSharedTestdata reads any real KML files in the shared test data.
func TestKMLSharedTestdata(t *testing.T) {
	files := filesWithExt(sharedTestdata, ".kml")
	if len(files) == 0 {
		t.Skipf("no .kml files under %s (absent or none shared yet)", sharedTestdata)
	}
	for _, f := range files {
		res := readFile(t, f)
		if p := res.fatal(); p != nil {
			t.Errorf("%s: %v", f, p)
		}
		if len(res.items) == 0 {
			t.Errorf("%s: no sites read: %v", f, res.messages())
		}
	}
}
