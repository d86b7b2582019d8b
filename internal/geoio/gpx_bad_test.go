package geoio

import (
	"slices"

	"github.com/paulmach/orb"
	"strings"
	"testing"
)

const gpxHead = `<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">
`

// TestGPXBadInput: bad coordinates are problems of their feature, naming
// the element, its number and line; the other features are read. Broken
// files are fatal with the line and column.
func TestGPXBadInput(t *testing.T) {
	for _, c := range []struct {
		name, data string
		sites      int
		problems   []string
	}{
		{"lat out of range", gpxHead + `<wpt lat="1" lon="2"><name>a</name></wpt>
<wpt lat="1" lon="2"><name>b</name></wpt>
<wpt lat="95" lon="2"><name>c</name></wpt>
</gpx>`, 2, []string{`out-of-range: f.gpx: waypoint 3 (line 5): lat 95 is out of range -90..90`}},
		{"lon out of range", gpxHead + `<wpt lat="1" lon="-200.5"/></gpx>`, 0,
			[]string{`out-of-range: f.gpx: waypoint 1 (line 3): lon -200.5 is out of range -180..180`}},
		{"not a number", gpxHead + `<wpt lat="4O.1" lon="2"/></gpx>`, 0,
			[]string{`out-of-range: f.gpx: waypoint 1 (line 3): lat "4O.1" is not a number`}},
		{"NaN", gpxHead + `<wpt lat="NaN" lon="2"/></gpx>`, 0,
			[]string{`out-of-range: f.gpx: waypoint 1 (line 3): lat "NaN" is not a number`}},
		{"no lat", gpxHead + `<wpt lon="2"/></gpx>`, 0,
			[]string{`out-of-range: f.gpx: waypoint 1 (line 3): has no lat attribute`}},
		{"no lon", gpxHead + `<wpt lat="2"/></gpx>`, 0,
			[]string{`out-of-range: f.gpx: waypoint 1 (line 3): has no lon attribute`}},
		{"track point", gpxHead + `<trk><name>t</name><trkseg><trkpt lat="1" lon="1"/>
<trkpt lat="1" lon="1"/><trkpt lat="1" lon="181"/></trkseg></trk></gpx>`, 0,
			[]string{`out-of-range: f.gpx: track 1 (line 3): point 3: lon 181 is out of range -180..180`}},
		{"route point", gpxHead + `<rte><rtept lat="1" lon="1"/><rtept lat="x" lon="1"/></rte><rte><rtept lat="1" lon="1"/><rtept lat="2" lon="1"/></rte></gpx>`, 1,
			[]string{`out-of-range: f.gpx: route 1 (line 3): point 2: lat "x" is not a number`}},
		{"broken geometry extension", gpxHead + `<trk><name>t</name><extensions><siteatlas:geometry xmlns:siteatlas="` + saNS + `">{"type":</siteatlas:geometry></extensions></trk></gpx>`, 0,
			[]string{`bad-geometry: f.gpx: track 1 (line 3): the siteatlas:geometry extension is not a GeoJSON geometry object`}},
		{"malformed XML", gpxHead + `<wpt lat="1" lon="2"><name>a</wpt></gpx>`, 0,
			[]string{`invalid-xml: f.gpx: line 3, column 35: malformed XML: element <name> closed by </wpt>`}},
		{"truncated", gpxHead + `<wpt lat="1" lon="2"><name>a</name></wpt><wpt lat="1" lon="2">`, 1,
			[]string{`invalid-xml: f.gpx: line 3, column 63: malformed XML: unexpected EOF`}},
		{"TCX", `<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"></TrainingCenterDatabase>`, 0,
			[]string{`unknown-format: f.gpx: ` + tcxMessage}},
		{"not GPX", `<?xml version="1.0"?><kml/>`, 0,
			[]string{`not-gpx: f.gpx: not GPX: the root element is <kml>, not <gpx>`}},
		{"no elements", `<?xml version="1.0"?><!-- nothing -->`, 0,
			[]string{`empty-file: f.gpx: the file has no GPX elements`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := readString(t, "f.gpx", c.data)
			var got []string
			if res.err != nil {
				got = append(got, res.err.(*Problem).Code+": "+res.err.Error())
			}
			for _, p := range res.problems {
				got = append(got, p.Code+": "+p.Error())
			}
			if len(res.items) != c.sites || !slices.Equal(got, c.problems) {
				t.Errorf("%d sites, problems\n%s\nwant %d sites,\n%s", len(res.items), strings.Join(got, "\n"), c.sites, strings.Join(c.problems, "\n"))
			}
		})
	}
}

// TestDetectGPX: by extension and by content; TCX is refused either way.
func TestDetectGPX(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       Format
		err        string
	}{
		{"a.gpx", "", GPX, ""},
		{"A.GPX", "<?xml?><gpx/>", GPX, ""},
		{"track", `<?xml version="1.0"?>` + "\n<!-- c -->\n" + `<gpx version="1.0">`, GPX, ""},
		{"track.xml", `<gpx:gpx xmlns:gpx="` + gpx11NS + `">`, GPX, ""},
		{"run.tcx", "<TrainingCenterDatabase>", 0, "run.tcx: " + tcxMessage},
		{"run.xml", `<?xml version="1.0"?><TrainingCenterDatabase xmlns="x">`, 0, "run.xml: " + tcxMessage},
		{"gpxfile", `<gpxdata/>`, 0, `gpxfile: not GeoJSON, CSV, KML, GPX, GeoPackage, Shapefile or KMZ (starts with "<gpxdata/>")`},
	} {
		f, err := DetectFormat(c.name, []byte(c.head))
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if f != c.want || msg != c.err {
			t.Errorf("DetectFormat(%q, %q) = %v, %q; want %v, %q", c.name, c.head, f, msg, c.want, c.err)
		}
	}
}

// TestGPXElevationWarning: elevations are dropped with one warning that
// counts them, whatever the number of points; empty <ele/> is not counted.
func TestGPXElevationWarning(t *testing.T) {
	res := readString(t, "e.gpx", gpxHead+`<wpt lat="1" lon="2"><ele>5</ele><name>a</name></wpt>
<wpt lat="1" lon="2"><ele/><name>b</name></wpt>
<trk><name>t</name><trkseg><trkpt lat="1" lon="1"><ele>1</ele></trkpt><trkpt lat="1" lon="2"><ele>2</ele></trkpt></trkseg></trk></gpx>`)
	if len(res.items) != 3 || len(res.warnings) != 1 ||
		res.warnings[0].Message != "elevations dropped from 3 points: Site Atlas keeps longitude and latitude only" || res.warnings[0].Code != CodeZDropped {
		t.Errorf("%d sites, %v", len(res.items), res.messages())
	}
}

// TestGPX10: the GPX 1.0 namespace, <url>/<urlname>, and foreign elements
// straight in a waypoint (1.0's extensions) are read.
func TestGPX10(t *testing.T) {
	res := readString(t, "old.gpx", `<?xml version="1.0"?>
<gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/0" xmlns:tg="http://www.topografix.com/GPX/Private/TopoGrafix/0/2">
<time>2004-01-01T00:00:00Z</time>
<wpt lat="42.9" lon="129.8"><time>2019-05-14T06:30:00Z</time><name>Gate</name><cmt>c</cmt><desc>Buses at 6</desc>
<url>https://example.org/a</url><urlname>report</urlname><sym>Flag</sym><type>factory</type><tg:leg>3</tg:leg></wpt>
</gpx>`)
	if len(res.items) != 1 || len(res.problems) > 0 {
		t.Fatal(res.messages())
	}
	s := res.items[0].Site
	want := map[string]string{"time": `"2019-05-14T06:30:00Z"`, "cmt": `"c"`, "sym": `"Flag"`, "type": `"factory"`, "tg_leg": `"3"`,
		"links": `[{"href":"https://example.org/a","text":"report"}]`}
	if s.Name != "Gate" || s.Notes != "Buses at 6" || s.FirstReported != "2019-05-14" || s.LastReported != "2019-05-14" || len(s.Extra) != len(want) {
		t.Errorf("got %+v", s)
	}
	for k, v := range want {
		if string(s.Extra[k]) != v {
			t.Errorf("Extra[%q] = %s, want %s", k, s.Extra[k], v)
		}
	}
}

// TestGPXSinglePoint: a one-point track is a point; a one-point segment
// beside a line is dropped; both say so.
func TestGPXSinglePoint(t *testing.T) {
	res := readString(t, "s.gpx", gpxHead+`<trk><name>a</name><trkseg><trkpt lat="1" lon="2"/></trkseg></trk>
<trk><name>b</name><trkseg><trkpt lat="1" lon="2"/><trkpt lat="1" lon="3"/></trkseg><trkseg><trkpt lat="5" lon="5"/></trkseg></trk></gpx>`)
	if len(res.items) != 2 || res.items[0].Site.Geometry != (orb.Point{2, 1}) ||
		!orb.Equal(res.items[1].Site.Geometry, orb.LineString{{2, 1}, {3, 1}}) {
		t.Fatalf("%+v %v", res.items, res.messages())
	}
	want := []string{"warning: s.gpx: track 1 (line 3): has a single point; read as a point [single-point]",
		"warning: s.gpx: track 2 (line 4): 1 segment(s) of a single point dropped: a line needs two [single-point]"}
	if got := res.messages(); !slices.Equal(got, want) {
		t.Errorf("%q", got)
	}
}
