package geoio

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

func readOne(t *testing.T, name, data string) (Item, readResult) {
	t.Helper()
	res := readString(t, name, data)
	if len(res.problems) > 0 || res.err != nil || len(res.items) != 1 {
		t.Fatalf("%s: %d items, %v", name, len(res.items), res.messages())
	}
	return res.items[0], res
}

func hasWarning(res readResult, substr string) bool {
	for _, w := range res.warnings {
		if strings.Contains(w.Message, substr) {
			return true
		}
	}
	return false
}

func raw(s string) json.RawMessage { return json.RawMessage(s) }

// TestWrongTypedProperties: a known property that does not fit the model is
// kept verbatim in Extra with a warning, and written back as it was.
func TestWrongTypedProperties(t *testing.T) {
	src := `{"type":"Feature","properties":{"name":"Hunchun Seafood","status":5,"category":"Industrial complex",` +
		`"country":"China","first_reported":"May 2017","workers_estimate":"300","marker-color":"#f00",` +
		`"description":"from Google My Maps","tags":"fish, export","aliases":["훈춘"],"precision":"Approximate",` +
		`"sources":[{"title":"Report","grade":"B"}],"observations":[{"date":"2017","source_id":"nope"}]},` +
		`"geometry":{"type":"Point","coordinates":[130.36,42.86]}}`
	it, res := readOne(t, "p.geojson", src)
	w := 300
	want := site.Site{
		ID: it.Site.ID, Name: "Hunchun Seafood", Category: "industrial_complex", Precision: site.PrecisionApproximate,
		WorkersEstimate: &w, Notes: "from Google My Maps", Tags: []string{"fish", "export"}, Aliases: []string{"훈춘"},
		Geometry: orb.Point{130.36, 42.86},
		Extra: map[string]json.RawMessage{
			"status": raw(`5`), "country": raw(`"China"`), "first_reported": raw(`"May 2017"`), "marker-color": raw(`"#f00"`),
			"sources":      raw(`[{"title":"Report","grade":"B"}]`),
			"observations": raw(`[{"date":"2017","source_id":"nope"}]`),
		},
	}
	if !reflect.DeepEqual(it.Site, want) {
		t.Errorf("got  %#v\nwant %#v", it.Site, want)
	}
	if it.HasID {
		t.Error("HasID for a feature without id")
	}
	for _, w := range []string{`properties.status: 5 is a number, not a text`, `properties.country: "China" is not an ISO 3166-1`,
		`properties.first_reported: "May 2017" is not a date`, `sources[0] has a member "grade"`,
		`properties.observations[0].source_id: "nope" is not one of this site's sources`} {
		if !hasWarning(res, w) {
			t.Errorf("no warning %q in %v", w, res.messages())
		}
	}
	// Written back, the odd values come out as they went in.
	out := string(writeGeoJSON(t, []site.Site{it.Site}))
	for _, s := range []string{`"status":5`, `"country":"China"`, `"first_reported":"May 2017"`, `"marker-color":"#f00"`, `"sources":[{"title":"Report","grade":"B"}]`} {
		if !strings.Contains(out, s) {
			t.Errorf("export lacks %s:\n%s", s, out)
		}
	}
}

func TestIDs(t *testing.T) {
	feat := func(id string) string {
		return `{"type":"Feature",` + id + `"properties":{"name":"A"},"geometry":null}`
	}
	for _, c := range []struct {
		id       string
		hasID    bool
		wantID   string
		original string
	}{
		{`"id":"0B5E2F0C-6A43-4C1E-9A53-2F1F3C1D2E4F",`, true, "0b5e2f0c-6a43-4c1e-9a53-2f1f3c1d2e4f", ""},
		{`"id":17,`, false, "", "17"},
		{`"id":"port-17",`, false, "", `"port-17"`},
		{``, false, "", ""},
	} {
		it, _ := readOne(t, "id.geojson", feat(c.id))
		if it.HasID != c.hasID || c.wantID != "" && it.Site.ID != c.wantID {
			t.Errorf("%s: ID %q HasID %v", c.id, it.Site.ID, it.HasID)
		}
		if _, ok := parseUUID(it.Site.ID); !ok {
			t.Errorf("%s: ID %q is not a UUID", c.id, it.Site.ID)
		}
		if got := string(it.Site.Extra["original_id"]); got != c.original {
			t.Errorf("%s: original_id %q, want %q", c.id, got, c.original)
		}
	}
	// A UUID "id" property stands in for a missing feature id.
	it, _ := readOne(t, "id.geojson", `{"type":"Feature","properties":{"id":"0b5e2f0c-6a43-4c1e-9a53-2f1f3c1d2e4f","name":"A"},"geometry":null}`)
	if !it.HasID || it.Site.ID != "0b5e2f0c-6a43-4c1e-9a53-2f1f3c1d2e4f" || it.Site.Extra != nil {
		t.Errorf("id property: %#v", it)
	}
}

func TestNames(t *testing.T) {
	for props, want := range map[string]string{
		`{"Name":"B","title":"C"}`:             "B",
		`{"title":"C","NAME":"D"}`:             "D",
		`{"name":"A","Name":"B"}`:              "A",
		`{"label":"E"}`:                        "E",
		`{"name":"  ","title":"C"}`:            "C",
		`{"name":5,"title":"C"}`:               "C",
		`{}`:                                   "Unnamed record 0",
		`{"name":"\u56fe\u4eec \ud83c\udfed"}`: "图们 🏭",
	} {
		it, _ := readOne(t, "n.geojson", `{"type":"Feature","properties":`+props+`,"geometry":null}`)
		if it.Site.Name != want {
			t.Errorf("%s: name %q, want %q", props, it.Site.Name, want)
		}
	}
	it, res := readOne(t, "n.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"title":"C","name":"A"},"geometry":null}]}`)
	if it.Site.Name != "A" || string(it.Site.Extra["title"]) != `"C"` {
		t.Errorf("other name spellings not kept: %#v", it.Site)
	}
	res = readString(t, "n.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":null},{"type":"Feature","properties":{},"geometry":null}]}`)
	if res.items[1].Site.Name != "Unnamed feature 1" || !hasWarning(res, `has no name; named "Unnamed feature 1"`) {
		t.Errorf("unnamed: %v", res.messages())
	}
}

func TestCSVMapping(t *testing.T) {
	it, _ := readOne(t, "s.csv", "Name;Latitude;Longitude;Category;Tags;Aliases;Notizen\n\"Werk, Tumen\";42,97;129,84;factory;a|b;图们;x\n")
	want := site.Site{ID: it.Site.ID, Name: "Werk, Tumen", Geometry: orb.Point{129.84, 42.97}, Category: "factory",
		Tags: []string{"a", "b"}, Aliases: []string{"图们"}, Extra: map[string]json.RawMessage{"Notizen": raw(`"x"`)}}
	if !reflect.DeepEqual(it.Site, want) {
		t.Errorf("got  %#v\nwant %#v", it.Site, want)
	}
	it, res := readOne(t, "w.tsv", "name\tWKT\tstatus\nCompound\tPOLYGON((129 42, 129 42.1, 129.1 42.1, 129.1 42, 129 42))\tConfirmed\n")
	if !reflect.DeepEqual(it.Site.Geometry, orb.Polygon{{{129, 42}, {129.1, 42}, {129.1, 42.1}, {129, 42.1}, {129, 42}}}) || it.Site.Status != site.StatusConfirmed {
		t.Errorf("WKT row: %#v", it.Site)
	}
	if !hasWarning(res, "wound the wrong way") {
		t.Errorf("clockwise WKT polygon not reported: %v", res.messages())
	}
	it, _ = readOne(t, "b.csv", "\ufeffX,Y,name,id\n129.84,42.97,图们,0b5e2f0c-6a43-4c1e-9a53-2f1f3c1d2e4f\n")
	if it.Site.Name != "图们" || !it.HasID || it.Index != 2 || !reflect.DeepEqual(it.Site.Geometry, orb.Point{129.84, 42.97}) {
		t.Errorf("BOM, X/Y and id: %#v", it)
	}
}

// TestCSVWriter checks the header, the BOM and that a CSV export reads back
// with the fields a spreadsheet round trip can keep.
func TestCSVWriter(t *testing.T) {
	sites := testSites(9)
	var b strings.Builder
	writeAll(t, NewCSVWriter(&b), sites)
	out := b.String()
	if !strings.HasPrefix(out, "\ufeffid,name,aliases,category,status,precision,city,province,country,operator,workers_estimate,") {
		t.Fatalf("header: %.120q", out)
	}
	res := readString(t, "export.csv", out)
	if len(res.problems) > 0 || res.err != nil || len(res.items) != len(sites) {
		t.Fatalf("%d items: %v", len(res.items), res.messages())
	}
	for i, it := range res.items {
		g, s := it.Site, sites[i]
		if g.ID != s.ID || g.Name != s.Name || g.Category != s.Category || g.Status != s.Status || g.Notes != s.Notes ||
			!reflect.DeepEqual(g.Aliases, s.Aliases) || !reflect.DeepEqual(g.Tags, s.Tags) || !g.Created.Equal(s.Created) {
			t.Errorf("row %d: got %#v\nwant %#v", i, g, s)
		}
		if !orb.Equal(g.Geometry, s.Geometry) && !(g.Geometry == nil && s.Geometry == nil) {
			t.Errorf("row %d geometry: got %v want %v", i, g.Geometry, s.Geometry)
		}
		if len(s.Sources) != len(g.Sources) || len(s.Sources) > 0 && g.Sources[0].Title != s.Sources[0].Title {
			t.Errorf("row %d sources: got %v", i, g.Sources)
		}
		for k, v := range s.Extra {
			if string(g.Extra[k]) != string(v) {
				t.Errorf("row %d extra %s: got %s want %s", i, k, g.Extra[k], v)
			}
		}
	}
	var empty strings.Builder
	NewCSVWriter(&empty).Close()
	if !strings.HasPrefix(empty.String(), "\ufeffid,name,") || strings.Count(empty.String(), "\n") != 1 {
		t.Errorf("empty export: %q", empty.String())
	}
}
