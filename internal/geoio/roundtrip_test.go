package geoio

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

func writeGeoJSON(t testing.TB, sites []site.Site) []byte {
	t.Helper()
	return writeWith(t, NewGeoJSONWriter, sites)
}

func TestGeoJSONRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 9, 100, 2000} {
		// Unplaced sites are written with "geometry": null, which the
		// reader accepts with a warning by design.
		checkRoundTrip(t, fmt.Sprintf("n=%d", n), "rt.geojson", testSites(n), NewGeoJSONWriter, CodeNullGeometry)
	}
}

func TestReadInSmallPieces(t *testing.T) {
	sites := testSites(60)
	checkReadInPieces(t, "pieces.geojson", writeGeoJSON(t, sites), sites)
}

func TestGeoJSONWriterBytes(t *testing.T) {
	w := 12
	s := []site.Site{{ID: "0b5e2f0c-6a43-4c1e-9a53-2f1f3c1d2e4f", Name: "图们 \"A\"", Geometry: nil, WorkersEstimate: &w}}
	got := string(writeGeoJSON(t, s))
	want := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"0b5e2f0c-6a43-4c1e-9a53-2f1f3c1d2e4f","geometry":null,"properties":{"name":"图们 \"A\"","workers_estimate":12}}
]}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := string(writeGeoJSON(t, nil)); got != "{\"type\":\"FeatureCollection\",\"features\":[\n]}\n" {
		t.Errorf("empty collection: %q", got)
	}
	if !strings.Contains(string(writeGeoJSON(t, testSites(9))), `"coordinates":[-0.1234567890123,0.0000001]`) {
		t.Error("floats not in shortest plain form")
	}
}

// TestExportsListObservationsInTimelineOrder: every format writes a site's
// observations by date with the undated last, as the panel shows them.
func TestExportsListObservationsInTimelineOrder(t *testing.T) {
	s := site.Site{ID: "0b8e7f6a-3c2d-4e1f-9a8b-7c6d5e4f3a2b", Name: "Tumen garment factory",
		Geometry: orb.Point{129.84, 42.97}, Precision: site.PrecisionExact, Observations: []site.Observation{
			{Note: "seen without a date"},
			{Date: "2017-05", Note: "laborers arrive"},
			{Date: "2016", Note: "factory opens"},
		}}
	for f, newWriter := range map[string]func(io.Writer) Writer{"GeoJSON": NewGeoJSONWriter, "CSV": NewCSVWriter, "KML": NewKMLWriter} {
		text := string(writeWith(t, newWriter, []site.Site{s}))
		a, c, u := strings.Index(text, "factory opens"), strings.Index(text, "laborers arrive"), strings.Index(text, "seen without a date")
		if a < 0 || c < 0 || u < 0 || !(a < c && c < u) {
			t.Errorf("%v lists the observations out of timeline order (positions %d, %d, %d):\n%s", f, a, c, u, text)
		}
	}
}

// TestExportsWriteDecimalsThePrecisionSupports: approximate and city sites
// were written with 14 decimals, claiming a survey nobody made.
func TestExportsWriteDecimalsThePrecisionSupports(t *testing.T) {
	clicked := orb.Point{129.84361234567891, 42.96721234567891}
	for _, tt := range []struct {
		precision site.Precision
		want      string
	}{
		{site.PrecisionExact, "129.843612,42.967212"},
		{site.PrecisionApproximate, "129.8436,42.9672"},
		{site.PrecisionCity, "129.84,42.97"},
		{"", "129.8436123456789,42.96721234567891"},
	} {
		s := site.Site{ID: "0b8e7f6a-3c2d-4e1f-9a8b-7c6d5e4f3a2b", Name: "Tumen", Geometry: clicked, Precision: tt.precision}
		out := string(writeGeoJSON(t, []site.Site{s}))
		if !strings.Contains(out, `"coordinates":[`+tt.want+`]`) {
			t.Errorf("precision %q: GeoJSON writes %s, want [%s]", tt.precision, out, tt.want)
		}
		lon, lat, _ := strings.Cut(tt.want, ",")
		if csv := string(writeWith(t, NewCSVWriter, []site.Site{s})); !strings.Contains(csv, lat+","+lon) {
			t.Errorf("precision %q: CSV writes %s, want lat,lon %s,%s", tt.precision, csv, lat, lon)
		}
		if kml := string(writeWith(t, NewKMLWriter, []site.Site{s})); !strings.Contains(kml, "<coordinates>"+tt.want+"</coordinates>") {
			t.Errorf("precision %q: KML writes %s, want %s", tt.precision, kml, tt.want)
		}
		if p := s.Geometry.(orb.Point); p != clicked {
			t.Errorf("writing rounded the site itself to %v", p)
		}
	}
}

// TestExportsSayASourceWasWithheld: a redacted export dropped the link of an
// observation to its confidential source silently; now it says so, and the
// mark reads back.
func TestExportsSayASourceWasWithheld(t *testing.T) {
	s := site.Site{ID: "0b8e7f6a-3c2d-4e1f-9a8b-7c6d5e4f3a2b", Name: "Tumen garment factory", Geometry: orb.Point{129.84, 42.97},
		Sources:      []site.Source{{ID: "s1", Title: "Interview", Confidential: true}},
		Observations: []site.Observation{{Date: "2017-05", Status: site.StatusConfirmed, Note: "laborers confined", SourceID: "s1"}}}
	out, _, _ := site.Redact(s)
	if o := out.Observations[0]; o.SourceID != "" || !o.SourceWithheld {
		t.Fatalf("redacted observation %+v, want no source and SourceWithheld", o)
	}
	for _, tt := range []struct {
		name, file string
		newWriter  func(io.Writer) Writer
		want       string
	}{
		{"GeoJSON", "x.geojson", NewGeoJSONWriter, `"source_withheld":true`},
		{"CSV", "x.csv", NewCSVWriter, "2017-05 confirmed (source withheld): laborers confined"},
		{"KML", "x.kml", NewKMLWriter, "2017-05 confirmed (source withheld): laborers confined"},
		{"KML data", "x.kml", NewKMLWriter, `"source_withheld":true`},
	} {
		data := writeWith(t, tt.newWriter, []site.Site{out})
		if !strings.Contains(string(data), tt.want) {
			t.Errorf("%s does not say the source was withheld (%s):\n%s", tt.name, tt.want, data)
		}
		res := readAll(t, tt.file, strings.NewReader(string(data)))
		if len(res.items) != 1 || len(res.items[0].Site.Observations) != 1 || !res.items[0].Site.Observations[0].SourceWithheld {
			t.Errorf("%s: the mark did not read back: %+v", tt.name, res.items)
		}
	}
}
