package geoio

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

func writeGPX(t testing.TB, sites []site.Site) []byte {
	t.Helper()
	return writeWith(t, NewGPXWriter, sites)
}

// TestGPXRoundTrip: what the GPX writer writes reads back as the same
// sites (polygons, collections and unplaced sites included) and writes the
// same bytes again.
func TestGPXRoundTrip(t *testing.T) {
	for name, sites := range map[string][]site.Site{
		"none":      nil,
		"hand":      kmlSites(),
		"testSites": testSites(500),
		"sitegen":   sitegen.Sites(2000, 7),
	} {
		expected := []string{CodeNullGeometry}
		if name == "hand" {
			expected = append(expected, CodeProperty)
		}
		first := checkRoundTrip(t, name, "rt.gpx", sites, NewGPXWriter, expected...)
		if err := xmlWellFormed(first); err != nil {
			t.Errorf("%s: not well-formed XML: %v", name, err)
		}
	}
}

func TestGPXReadInSmallPieces(t *testing.T) {
	sites := kmlSites()
	checkReadInPieces(t, "p.gpx", writeGPX(t, sites), sites)
}

// TestGPXTrackTimesBackToGPS: a track read from a GPS unit is written
// with its point times, and reads back the same site.
func TestGPXTrackTimesBackToGPS(t *testing.T) {
	res := readString(t, "t.gpx", gpxHead+`<trk><name>Drive</name><trkseg><trkpt lat="42.9" lon="129.8"><time>2019-05-14T06:30:00Z</time></trkpt>
<trkpt lat="42.91" lon="129.81"/><trkpt lat="42.92" lon="129.82"><time>2019-05-14T06:40:00Z</time></trkpt></trkseg>
<trkseg><trkpt lat="43" lon="130"><time>2019-05-15T01:00:00Z</time></trkpt><trkpt lat="43.1" lon="130"><time>2019-05-15T01:05:00Z</time></trkpt></trkseg></trk></gpx>`)
	if len(res.items) != 1 || len(res.problems) > 0 {
		t.Fatal(res.messages())
	}
	s := res.items[0].Site
	if s.FirstReported != "2019-05-14" || s.LastReported != "2019-05-15" ||
		string(s.Extra["coordinateProperties"]) != `{"times":[["2019-05-14T06:30:00Z",null,"2019-05-14T06:40:00Z"],["2019-05-15T01:00:00Z","2019-05-15T01:05:00Z"]]}` {
		t.Fatalf("read %+v", s)
	}
	out := writeGPX(t, []site.Site{s})
	for _, want := range []string{
		"<trkpt lat=\"42.9\" lon=\"129.8\"><time>2019-05-14T06:30:00Z</time></trkpt>\n<trkpt lat=\"42.91\" lon=\"129.81\"/>\n",
		"<trkpt lat=\"43.1\" lon=\"130\"><time>2019-05-15T01:05:00Z</time></trkpt>",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("written GPX lacks %q:\n%s", want, out)
		}
	}
	checkReadsBack(t, "again.gpx", out, []site.Site{s})
}

// TestGPXWriterBytes: a waypoint as a GPS unit wants it, in the schema's
// element order, with the rest in our extension.
func TestGPXWriterBytes(t *testing.T) {
	s := site.Site{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0001", Name: "Gate & yard", Category: "factory", Notes: "Buses at 6",
		Geometry: orb.Point{129.8432, 42.9661},
		Extra: map[string]json.RawMessage{"time": json.RawMessage(`"2019-05-14T06:30:00Z"`), "sym": json.RawMessage(`"Flag"`),
			"cmt": json.RawMessage(`"c"`), "links": json.RawMessage(`[{"href":"h"}]`)}}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Site Atlas" xmlns="http://www.topografix.com/GPX/1/1" xmlns:siteatlas="https://siteatlas.github.io/xmlns/gpx/1">
<metadata><name>Site Atlas export</name></metadata>
<wpt lat="42.9661" lon="129.8432">
<time>2019-05-14T06:30:00Z</time>
<name>Gate &amp; yard</name>
<cmt>c</cmt>
<desc>Buses at 6</desc>
<link href="h"></link>
<sym>Flag</sym>
<extensions>
<siteatlas:id>6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0001</siteatlas:id>
<siteatlas:field name="category">factory</siteatlas:field>
<siteatlas:field name="extra">{"links":[{"href":"h"}]}</siteatlas:field>
</extensions>
</wpt>
</gpx>
`
	if got := string(writeGPX(t, []site.Site{s})); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
