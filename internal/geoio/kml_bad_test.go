package geoio

import (
	"slices"
	"strings"
	"testing"
)

// TestKMLBadInput: each bad input gives a clear problem with its code,
// feature problems spoil only their Placemark, and nothing panics.
func TestKMLBadInput(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>` + "\n"
	const tail = "</Document></kml>\n"
	pm := func(name, geom string) string {
		return "<Placemark><name>" + name + "</name>" + geom + "</Placemark>\n"
	}
	pt := func(c string) string { return "<Point><coordinates>" + c + "</coordinates></Point>" }
	good := pm("good", pt("129.8,42.9"))
	for _, c := range []struct {
		name, file string
		data       string
		items      int
		problems   []string // "code: message" of every problem, in order
		fatal      bool
		warnings   []string // codes
	}{
		{name: "empty", file: "e.kml", data: "",
			problems: []string{"empty-file: e.kml: the file is empty"}, fatal: true},
		{name: "whitespace", file: "e.kml", data: " \n\t\n",
			problems: []string{"empty-file: e.kml: the file is empty"}, fatal: true},
		{name: "no placemarks", file: "n.kml", data: head + tail},
		{name: "kmz", file: "sites.kmz", data: "PK\x03\x04\x14\x00\x00\x00doc.kml",
			problems: []string{`unknown-format: sites.kmz: a ZIP archive (a KMZ or zipped shapefile) must be opened by path (NewPathReader), not read as a stream: its parts are separate files or inside the archive`}, fatal: true},
		{name: "kmz renamed", file: "sites.kml", data: "PK\x03\x04\x14\x00\x00\x00doc.kml",
			problems: []string{`unknown-format: sites.kml: a ZIP archive (a KMZ or zipped shapefile) must be opened by path (NewPathReader), not read as a stream: its parts are separate files or inside the archive`}, fatal: true},
		{name: "malformed", file: "m.kml", data: head + good + "<Placemark><name>a</name></Document></kml>\n", items: 1,
			problems: []string{"invalid-xml: m.kml: line 4, column 37: malformed XML: element <Placemark> closed by </Document>"}, fatal: true},
		{name: "truncated", file: "t.kml", data: head + good + "<Placemark><name>a", items: 1,
			problems: []string{"invalid-xml: t.kml: line 4, column 19: malformed XML: unexpected EOF"}, fatal: true},
		{name: "not kml", file: "g.kml", data: `<?xml version="1.0"?><gpx version="1.1"></gpx>`,
			problems: []string{"not-kml: g.kml: not KML: the root element is <gpx>, not <kml>"}, fatal: true},
		{name: "latin1", file: "l.kml", data: `<?xml version="1.0" encoding="ISO-8859-1"?><kml></kml>`,
			problems: []string{`invalid-xml: l.kml: line 1, column 44: the file declares encoding "ISO-8859-1": save it as UTF-8`}, fatal: true},
		{name: "invalid utf8", file: "u.kml", data: head + pm("caf\xe9", pt("1,2")) + tail,
			problems: []string{"invalid-xml: u.kml: line 3, column 22: malformed XML: invalid UTF-8: save the file as UTF-8 (it may be in GBK, EUC-KR, Shift-JIS or Latin-1)"}, fatal: true},
		{name: "bad coordinates", file: "c.kml", data: head + pm("abc", pt("abc,42")) + pm("nan", pt("NaN,1")) + pm("one", pt("129.8")) + good + tail, items: 1,
			problems: []string{
				`bad-geometry: c.kml: Placemark 0 (line 3): Point coordinates: "abc" is not a number (position 1)`,
				`bad-geometry: c.kml: Placemark 1 (line 4): Point coordinates: "NaN" is not a number (position 1)`,
				`bad-geometry: c.kml: Placemark 2 (line 5): Point coordinates: position 1 has 1 number(s); expected longitude,latitude[,altitude]`}},
		{name: "latitude 95", file: "r.kml", data: head + pm("north", pt("129.8,95")) + good + tail, items: 1,
			problems: []string{"out-of-range: r.kml: Placemark 0 (line 3): geometry: latitude 95 is out of range -90..90"}},
		{name: "short ring", file: "p.kml", data: head + pm("tri", "<Polygon><outerBoundaryIs><LinearRing><coordinates>1,1 2,1 1,1</coordinates></LinearRing></outerBoundaryIs></Polygon>") + tail,
			problems: []string{"bad-geometry: p.kml: Placemark 0 (line 3): geometry: ring 0 needs at least 4 positions, has 3"}},
		{name: "no coordinates", file: "n.kml", data: head + pm("empty", "<Point><coordinates> </coordinates></Point>") + pm("none", "<Polygon></Polygon>") + tail,
			problems: []string{"missing-coordinates: n.kml: Placemark 0 (line 3): Point has no coordinates",
				"missing-coordinates: n.kml: Placemark 1 (line 4): Polygon has no outerBoundaryIs"}},
		{name: "empty ring", file: "er.kml", data: head + pm("e", "<Polygon><outerBoundaryIs><LinearRing></LinearRing></outerBoundaryIs></Polygon>") + tail,
			problems: []string{"missing-coordinates: er.kml: Placemark 0 (line 3): Polygon has a LinearRing with no coordinates"}},
		{name: "two geometries", file: "two.kml", data: head + pm("two", pt("1,2")+pt("3,4")) + tail,
			problems: []string{"bad-geometry: two.kml: Placemark 0 (line 3): has more than one geometry (use a MultiGeometry)"}},
		{name: "duplicate ids", file: "d.kml", data: head + `<Placemark id="p1"><name>a</name></Placemark>` + "\n" + `<Placemark id="p1"><name>b</name></Placemark>` + tail, items: 1,
			problems: []string{`duplicate-id: d.kml: Placemark 1 (line 4): duplicate Placemark id "p1": Placemark 0 has the same id`},
			warnings: []string{CodeNullGeometry, CodeNullGeometry}},
		{name: "unnamed", file: "x.kml", data: head + "<Placemark>" + pt("1,2") + "</Placemark>" + tail, items: 1,
			warnings: []string{CodeUnnamed}},
		{name: "wrong types in data", file: "w.kml", data: head + `<Placemark><name>w</name><ExtendedData><Data name="status"><value>bogus</value></Data>` +
			`<Data name="sources"><value>[1,2]</value></Data><Data name="first_reported"><value>May 2017</value></Data></ExtendedData>` + pt("1,2") + "</Placemark>" + tail, items: 1,
			warnings: []string{CodeProperty, CodeProperty, CodeProperty}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := readString(t, c.file, c.data)
			var got []string
			if res.err != nil {
				p := res.err.(*Problem)
				got = append(got, p.Code+": "+p.Error())
			}
			for _, p := range res.problems {
				got = append(got, p.Code+": "+p.Error())
			}
			if !slices.Equal(got, c.problems) {
				t.Errorf("problems:\n got %q\nwant %q", got, c.problems)
			}
			if f := res.fatal() != nil; f != c.fatal {
				t.Errorf("fatal %v, want %v", f, c.fatal)
			}
			if len(res.items) != c.items {
				t.Errorf("%d items, want %d", len(res.items), c.items)
			}
			var codes []string
			for _, w := range res.warnings {
				codes = append(codes, w.Code)
			}
			if !slices.Equal(codes, c.warnings) {
				t.Errorf("warnings %q, want codes %q", res.messages(), c.warnings)
			}
			for _, p := range res.problems {
				if !p.Fatal && (p.Index < 0 || !strings.HasPrefix(p.Where, "Placemark ")) {
					t.Errorf("feature problem without a Placemark: %+v", p)
				}
			}
		})
	}
}
