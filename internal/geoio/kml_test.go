package geoio

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

func writeKML(t testing.TB, sites []site.Site) []byte {
	t.Helper()
	return writeWith(t, NewKMLWriter, sites)
}

// kmlSites are hand-made sites for what generated ones may miss.
func kmlSites() []site.Site {
	ring := func(x, y, d float64) orb.Ring {
		return orb.Ring{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}
	}
	hole := func(x, y, d float64) orb.Ring { // clockwise
		return orb.Ring{{x, y}, {x, y + d}, {x + d, y + d}, {x + d, y}, {x, y}}
	}
	w := 200
	return []site.Site{
		{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0001", Name: "图们 Garment Factory", Aliases: []string{"투먼", "Tumen"},
			Category: "factory", Status: site.StatusConfirmed, Geometry: orb.Polygon{ring(129.8, 42.9, 0.01), hole(129.802, 42.902, 0.002), hole(129.805, 42.905, 0.002)},
			City: "Tumen", Country: "CN", WorkersEstimate: &w, FirstReported: "2017", LastReported: "2019-05",
			Notes: "Workers & managers <said> \"so\"; 'quoted' ]]> and ]]&gt; too", ConfidentialNotes: "Contact: K.", Confidential: true,
			Sources: []site.Source{{ID: "s1", Title: "A & B <report>", Publisher: "NK \"News\"", URL: "https://example.org/?a=1&b=<2>",
				Published: "2017-05", Confidential: true}, {Title: "Bad link", URL: "javascript:alert(1)"}},
			Observations: []site.Observation{{Date: "2018", Status: site.StatusReported, Note: "buses at 6 <am>", SourceID: "s1"}}},
		{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0002", Name: "Dandong <&> \"Twin\" plants", Category: "industrial_complex",
			Geometry: orb.MultiPolygon{{ring(124.3, 40.1, 0.01), hole(124.302, 40.102, 0.003)}, {ring(124.4, 40.2, 0.02)}}},
		{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0003", Name: "Road to the port", Category: "construction",
			Geometry: orb.LineString{{130.1, 42.5}, {130.2, 42.55}, {130.3, 42.6}}},
		{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0004", Name: "  Unplaced, spaced name  ", Notes: "line 1\r\nline 2\rline 3\n\tindented"},
		{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0005", Name: "Custom category", Category: "shipyard", Notes: "n", Geometry: orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}},
			Extra: map[string]json.RawMessage{
				"extra":       json.RawMessage(`{"a":1}`),
				"folder":      json.RawMessage(`"Jilin / Tumen"`),
				"description": json.RawMessage(`"an earlier description"`),
				"status":      json.RawMessage(`5`),
				"x<y>&z":      json.RawMessage(`"\u0001 and \uffff"`),
			}},
		{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0006", Name: "Control \x02 and \uFFFE in the name", Notes: "NUL-ish \x01 note",
			Geometry: orb.MultiPoint{{129.5, 42.8}, {129.6, 42.85}}},
		{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0007", Name: "Mixed", Geometry: orb.Collection{orb.Point{1, 2}, orb.LineString{{1, 2}, {3, 4}},
			orb.Collection{orb.Polygon{ring(10, 10, 1)}, orb.MultiPoint{{5, 5}}}}},
		{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0008", Name: "훈춘 수산물", Status: site.StatusSuspected, Geometry: orb.Point{180, -90},
			Tags: []string{"seafood", "a, b; c"}, LastReported: "2020-02-29"},
	}
}

func TestKMLRoundTrip(t *testing.T) {
	for name, sites := range map[string][]site.Site{
		"none":      nil,
		"hand":      kmlSites(),
		"testSites": testSites(500),
		"sitegen":   sitegen.Sites(2000, 7),
	} {
		// Unplaced sites are imported with a warning, and status 5 is
		// kept verbatim with one, as in GeoJSON.
		expected := []string{CodeNullGeometry}
		if name == "hand" {
			expected = append(expected, CodeProperty)
		}
		first := checkRoundTrip(t, name, "rt.kml", sites, NewKMLWriter, expected...)
		if err := xmlWellFormed(first); err != nil {
			t.Errorf("%s: not well-formed XML: %v", name, err)
		}
	}
}

func xmlWellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// TestKMLWriterBytes pins the shape of a Placemark: what Google Earth shows
// depends on it.
func TestKMLWriterBytes(t *testing.T) {
	out := string(writeKML(t, kmlSites()[:1]))
	for _, want := range []string{
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>Site Atlas export</name>\n",
		`<Style id="cat-factory"><IconStyle><color>ff0000e0</color>`,
		`<Placemark id="6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0001">` + "\n<name>图们 Garment Factory</name>\n",
		"<description><![CDATA[<b>Category:</b> factory<br>\n<b>Status:</b> confirmed<br>\n<b>Place:</b> Tumen, CN<br>\n",
		"<p>Workers &amp; managers &lt;said&gt; &quot;so&quot;; &#39;quoted&#39; ]]&gt; and ]]&amp;gt; too</p>",
		`<li>A &amp; B &lt;report&gt;, NK &quot;News&quot;, 2017-05 <a href="https://example.org/?a=1&amp;b=&lt;2&gt;">`,
		"<li>Bad link javascript:alert(1)</li>",
		"<li>2018 reported: buses at 6 &lt;am&gt;</li>",
		"<TimeSpan><begin>2017</begin><end>2019-05</end></TimeSpan>\n<styleUrl>#cat-factory</styleUrl>\n<ExtendedData>\n",
		`<Data name="aliases"><value>["투먼","Tumen"]</value></Data>`,
		`<Data name="notes"><value>Workers &amp; managers &lt;said&gt; "so"; 'quoted' ]]&gt; and ]]&amp;gt; too</value></Data>`,
		`<Data name="workers_estimate"><value>200</value></Data>`,
		`<Data name="confidential"><value>true</value></Data>`,
		"<Polygon><outerBoundaryIs><LinearRing><coordinates>129.8,42.9 129.81,42.9 129.81,42.91 129.8,42.91 129.8,42.9</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs><LinearRing>",
		"</Placemark>\n</Document>\n</kml>\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if got := string(writeKML(t, nil)); !strings.HasSuffix(got, "</Style>\n</Document>\n</kml>\n") {
		t.Errorf("empty document: %q", got)
	}
}

func TestKMLReadInSmallPieces(t *testing.T) {
	sites := testSites(40)
	checkReadInPieces(t, "pieces.kml", writeKML(t, sites), sites)
}

// A GeometryCollection of points alone is written as a MultiGeometry of
// Points, which is also how a MultiPoint is written: it reads back as a
// MultiPoint. KML cannot tell them apart.
func TestKMLCollectionOfPoints(t *testing.T) {
	s := site.Site{ID: "6f1c1a8e-3f0e-4c59-9d3c-0a4b6b1f0009", Name: "p", Geometry: orb.Collection{orb.Point{1, 2}, orb.Point{3, 4}}}
	res := readAll(t, "c.kml", bytes.NewReader(writeKML(t, []site.Site{s})))
	if len(res.items) != 1 || !reflect.DeepEqual(res.items[0].Site.Geometry, orb.MultiPoint{{1, 2}, {3, 4}}) {
		t.Fatalf("%v %v", res.items, res.messages())
	}
}

func TestDetectKML(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       Format
	}{
		{"a.kml", "", KML},
		{"a.KML", "whatever", KML},
		{"a", `<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>`, KML},
		{"a.xml", "\xEF\xBB\xBF\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- by hand -->\n<kml>", KML},
		{"a.txt", `<?xml version="1.0"?><kml:kml xmlns:kml="http://www.opengis.net/kml/2.2">`, KML},
		{"a.txt", `<?xml version="1.0"?><!DOCTYPE kml><kml>`, KML},
		{"a.geojson", `<kml>`, GeoJSON},
	} {
		got, err := DetectFormat(c.name, []byte(c.head))
		if err != nil || got != c.want {
			t.Errorf("DetectFormat(%q, %q) = %v, %v; want %v", c.name, c.head, got, err, c.want)
		}
	}
	for _, head := range []string{`<?xml version="1.0"?><svg>`, `<kmlx>`, `<html>`} {
		if f, err := DetectFormat("a", []byte(head)); err == nil {
			t.Errorf("DetectFormat(%q) = %v, want an error", head, f)
		}
	}
}

// A site reported once gets a TimeStamp, one reported over a while a
// TimeSpan, and both read back to the same first and last reported.
func TestKMLTimeStampAndSpan(t *testing.T) {
	sites := []site.Site{
		{ID: "00000000-0000-4000-8000-000000000001", Name: "once", Geometry: orb.Point{129.8, 42.9}, FirstReported: "2017-08-05", LastReported: "2017-08-05"},
		{ID: "00000000-0000-4000-8000-000000000002", Name: "span", Geometry: orb.Point{129.8, 42.9}, FirstReported: "2017", LastReported: "2019-12"},
		{ID: "00000000-0000-4000-8000-000000000003", Name: "since", Geometry: orb.Point{129.8, 42.9}, FirstReported: "2018-03"},
	}
	var buf bytes.Buffer
	w := NewKMLWriter(&buf)
	for _, s := range sites {
		if err := w.Write(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"<TimeStamp><when>2017-08-05</when></TimeStamp>", "<TimeSpan><begin>2017</begin><end>2019-12</end></TimeSpan>", "<TimeSpan><begin>2018-03</begin></TimeSpan>"} {
		if !strings.Contains(out, want) {
			t.Errorf("KML lacks %s:\n%s", want, out)
		}
	}
	rd, err := NewReader("t.kml", strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	for i := range sites {
		it, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if it.Site.FirstReported != sites[i].FirstReported || it.Site.LastReported != sites[i].LastReported {
			t.Errorf("%s read back as %q/%q, want %q/%q", sites[i].Name, it.Site.FirstReported, it.Site.LastReported, sites[i].FirstReported, sites[i].LastReported)
		}
	}
}
