package geoio

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// leakCases are properties whose confidentiality does not fit the model.
// Each hides marker somewhere confidential: it must be kept (an export with
// confidential data has it) and never be in an export without.
var leakCases = []struct {
	name   string
	props  [][2]string // key, raw JSON value, in order
	marker string
}{
	{"confidential 1", [][2]string{{"confidential", `1`}, {"notes", `"ZQX-1 met here"`}}, "ZQX-1"},
	{"confidential secret", [][2]string{{"confidential", `"secret"`}, {"notes", `"ZQX-2 met here"`}}, "ZQX-2"},
	{"confidential 2", [][2]string{{"confidential", `2`}, {"city", `"ZQX-3"`}}, "ZQX-3"},
	{"source with unknown key", [][2]string{{"sources", `[{"title":"Public report"},{"title":"ZQX-4","confidential":true,"grade":"B"}]`}}, "ZQX-4"},
	{"source with credibility 9", [][2]string{{"sources", `[{"title":"Public report"},{"title":"ZQX-5","credibility":9,"confidential":true}]`}}, "ZQX-5"},
	{"source with confidential 1", [][2]string{{"sources", `[{"title":"Public report"},{"title":"ZQX-6","confidential":1}]`}}, "ZQX-6"},
	{"every source unreadable", [][2]string{{"sources", `[{"title":"ZQX-7","confidential":true,"grade":"A"}]`}}, "ZQX-7"},
	{"observation with a bad date", [][2]string{{"observations", `[{"date":"2017","note":"seen"},{"date":"May 2017","note":"ZQX-8","confidential":true}]`}}, "ZQX-8"},
	{"observation citing no source", [][2]string{
		{"sources", `[{"id":"s1","title":"Public report"}]`},
		{"observations", `[{"date":"2017","note":"seen","source_id":"s1"},{"date":"2018","note":"ZQX-9","source_id":"nope","confidential":true}]`}}, "ZQX-9"},
	{"confidential notes a number", [][2]string{{"confidential_notes", `987654321`}}, "987654321"},
	{"confidential notes an array", [][2]string{{"confidential_notes", `["ZQX-10 said so"]`}}, "ZQX-10"},
	{"extra marked confidential inside", [][2]string{{"people", `[{"who":"ZQX-11","confidential":true}]`}}, "ZQX-11"},
	{"extra named secret", [][2]string{{"secret_contact", `"ZQX-12"`}}, "ZQX-12"},
}

// leakGeoJSON, leakCSV, leakKML and leakGPKG make the case's file.
func leakGeoJSON(props [][2]string) string {
	var b strings.Builder
	b.WriteString(`{"type":"Feature","geometry":{"type":"Point","coordinates":[129.8,42.9]},"properties":{"name":"Site A"`)
	for _, p := range props {
		fmt.Fprintf(&b, ",%q:%s", p[0], p[1])
	}
	b.WriteString("}}")
	return b.String()
}

// scalar returns a JSON string's or number's text.
func scalar(raw string) (string, bool) {
	var v any
	json.Unmarshal([]byte(raw), &v)
	switch v := v.(type) {
	case string:
		return v, true
	case float64:
		return raw, true
	}
	return "", false
}

func leakCSV(props [][2]string) string {
	head, row := []string{"name", "lat", "lon"}, []string{"Site A", "42.9", "129.8"}
	extra := map[string]json.RawMessage{}
	for _, p := range props {
		if v, ok := scalar(p[1]); ok {
			head, row = append(head, p[0]), append(row, v)
		} else {
			extra[p[0]] = json.RawMessage(p[1])
		}
	}
	if len(extra) > 0 {
		x, _ := json.Marshal(extra)
		head, row = append(head, "extra"), append(row, string(x))
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(head)
	w.Write(row)
	w.Flush()
	return b.String()
}

func leakKML(props [][2]string) string {
	var b strings.Builder
	b.WriteString(`<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Site A</name><ExtendedData>`)
	extra := map[string]json.RawMessage{}
	for _, p := range props {
		v, ok := scalar(p[1])
		if !ok && p[0] != "sources" && p[0] != "observations" {
			extra[p[0]] = json.RawMessage(p[1])
			continue
		}
		if !ok {
			v = p[1]
		}
		fmt.Fprintf(&b, `<Data name="%s"><value>%s</value></Data>`, p[0], html.EscapeString(v))
	}
	if len(extra) > 0 {
		x, _ := json.Marshal(extra)
		fmt.Fprintf(&b, `<Data name="extra"><value>%s</value></Data>`, html.EscapeString(string(x)))
	}
	b.WriteString(`</ExtendedData><Point><coordinates>129.8,42.9</coordinates></Point></Placemark></Document></kml>`)
	return b.String()
}

// leakGPKG writes a one-site GeoPackage and sets its columns to props with
// SQL; the model's columns take the value, the rest goes to extra. integer
// declares the confidential column INTEGER, as GDAL and QGIS write it.
func leakGPKG(t *testing.T, props [][2]string, integer bool) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "leak.gpkg")
	writeGPKGTo(t, path, []site.Site{{ID: "22222222-2222-4222-8222-222222222222", Name: "Site A", Geometry: orb.Point{129.8, 42.9}}})
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tr := range []string{"insert", "update1", "update2", "update3", "update4", "delete"} {
		db.Exec("DROP TRIGGER rtree_sites_geom_" + tr)
	}
	if integer {
		for _, q := range []string{`PRAGMA writable_schema = ON`,
			`UPDATE sqlite_schema SET sql = replace(sql, 'confidential BOOLEAN', 'confidential INTEGER') WHERE name = 'sites'`,
			`PRAGMA writable_schema = OFF`} {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		db.Close()
		if db, err = sql.Open("sqlite", path); err != nil {
			t.Fatal(err)
		}
	}
	extra := map[string]json.RawMessage{}
	for _, p := range props {
		switch p[0] {
		case "confidential", "confidential_notes", "notes", "city":
			var v any
			json.Unmarshal([]byte(p[1]), &v)
			if f, ok := v.(float64); ok {
				v = int64(f)
			} else if _, ok := v.(string); !ok {
				v = p[1]
			}
			if _, err := db.Exec(`UPDATE sites SET "`+p[0]+`" = ?`, v); err != nil {
				t.Fatal(err)
			}
		case "sources", "observations":
			if _, err := db.Exec(`UPDATE sites SET "`+p[0]+`" = ?`, p[1]); err != nil {
				t.Fatal(err)
			}
		default:
			extra[p[0]] = json.RawMessage(p[1])
		}
	}
	if len(extra) > 0 {
		x, _ := json.Marshal(extra)
		if _, err := db.Exec(`UPDATE sites SET extra = ?`, string(x)); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// exportAll writes sites with every writer and returns the bytes of each.
func exportAll(t *testing.T, sites []site.Site) map[string][]byte {
	t.Helper()
	out := map[string][]byte{
		"GeoJSON": writeWith(t, NewGeoJSONWriter, sites),
		"CSV":     writeWith(t, NewCSVWriter, sites),
		"KML":     writeWith(t, NewKMLWriter, sites),
	}
	path := filepath.Join(t.TempDir(), "export.gpkg")
	writeGPKGTo(t, path, sites)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out["GeoPackage"] = b
	return out
}

// TestConfidentialFailsClosed: a confidential value that does not fit the
// model, in each format that can carry it, is kept (an export with
// confidential data has it), never exported without confidential data
// (redaction covers Extra), counted as left out, and said in a warning.
func TestConfidentialFailsClosed(t *testing.T) {
	for _, c := range leakCases {
		inputs := map[string]func() readResult{
			"GeoJSON": func() readResult { return readString(t, "leak.geojson", leakGeoJSON(c.props)) },
			"CSV":     func() readResult { return readString(t, "leak.csv", leakCSV(c.props)) },
			"KML":     func() readResult { return readString(t, "leak.kml", leakKML(c.props)) },
			"GeoPackage": func() readResult {
				return readGPKG(t, leakGPKG(t, c.props, strings.Contains(c.name, "confidential 1")))
			},
		}
		for _, format := range []string{"GeoJSON", "CSV", "KML", "GeoPackage"} {
			t.Run(c.name+"/"+format, func(t *testing.T) {
				res := inputs[format]()
				if res.err != nil || len(res.problems) > 0 || len(res.items) != 1 {
					t.Fatalf("read %d sites; %q", len(res.items), res.messages())
				}
				s := res.items[0].Site
				warned := slices.ContainsFunc(res.warnings, func(p Problem) bool {
					return strings.Contains(p.Message, "confidential") && (p.Code == CodeConfidential || p.Code == CodeProperty)
				})
				if !warned && !s.Confidential && s.ConfidentialNotes == "" && !slices.ContainsFunc(s.Sources, func(x site.Source) bool { return x.Confidential }) &&
					!slices.ContainsFunc(s.Observations, func(x site.Observation) bool { return x.Confidential }) {
					t.Errorf("nothing said the value is treated as confidential: %q", res.messages())
				}
				for w, b := range exportAll(t, []site.Site{s}) {
					if !bytes.Contains(b, []byte(c.marker)) {
						t.Errorf("%s export with confidential data lacks %q: the value was lost\n%s", w, c.marker, b)
					}
				}
				red, left, ok := site.Redact(s)
				if !left.Any() {
					t.Errorf("left out %+v: the export's count ignores it", left)
				}
				var public []site.Site
				if ok {
					public = append(public, red)
				}
				for w, b := range exportAll(t, public) {
					if bytes.Contains(b, []byte(c.marker)) {
						t.Errorf("%s export without confidential data leaks %q:\n%s", w, c.marker, b)
					}
				}
			})
		}
	}
}

// TestGeoPackageIntegerConfidential: a confidential column declared
// INTEGER holds 0/1 booleans (GDAL, QGIS); any other number fails closed.
func TestGeoPackageIntegerConfidential(t *testing.T) {
	for _, c := range []struct {
		value string
		want  bool
		warn  bool
	}{{"0", false, false}, {"1", true, false}, {"7", true, true}} {
		res := readGPKG(t, leakGPKG(t, [][2]string{{"confidential", c.value}}, true))
		if len(res.items) != 1 {
			t.Fatalf("%s: %q", c.value, res.messages())
		}
		s := res.items[0].Site
		warned := slices.ContainsFunc(res.warnings, func(p Problem) bool { return p.Code == CodeConfidential })
		if s.Confidential != c.want || warned != c.warn || (!c.warn && len(s.Extra) > 0) {
			t.Errorf("confidential INTEGER %s: read as %v (extra %s), warned %v; want %v, warned %v: %q",
				c.value, s.Confidential, s.Extra, warned, c.want, c.warn, res.messages())
		}
	}
}

// TestUnreadMembersRoundTrip: the members of a sources or observations
// array that could not be read are kept beside the good ones, and a file
// exported with confidential data reads back to the same site.
func TestUnreadMembersRoundTrip(t *testing.T) {
	res := readString(t, "in.geojson", leakGeoJSON([][2]string{
		{"sources", `[{"id":"s1","title":"Public report"},{"title":"Hidden","grade":"B"},{"title":"Graded","credibility":9}]`},
		{"observations", `[{"date":"2017","source_id":"s1"},{"date":"someday","note":"x"}]`},
	}))
	if len(res.items) != 1 {
		t.Fatalf("%q", res.messages())
	}
	s := res.items[0].Site
	if len(s.Sources) != 1 || s.Sources[0].Title != "Public report" || len(s.Observations) != 1 {
		t.Fatalf("sources %+v, observations %+v: want the good members read", s.Sources, s.Observations)
	}
	if got, want := string(s.Extra[site.UnreadSources]), `[{"title":"Hidden","grade":"B"},{"title":"Graded","credibility":9}]`; got != want {
		t.Errorf("unread_sources = %s, want %s", got, want)
	}
	if got, want := string(s.Extra[site.UnreadObservations]), `[{"date":"someday","note":"x"}]`; got != want {
		t.Errorf("unread_observations = %s, want %s", got, want)
	}
	out := writeWith(t, NewGeoJSONWriter, []site.Site{s})
	back := readString(t, "back.geojson", string(out))
	if len(back.items) != 1 {
		t.Fatalf("%q", back.messages())
	}
	b := back.items[0].Site
	if !slices.Equal(b.Sources, s.Sources) || !slices.Equal(b.Observations, s.Observations) ||
		string(b.Extra[site.UnreadSources]) != string(s.Extra[site.UnreadSources]) ||
		string(b.Extra[site.UnreadObservations]) != string(s.Extra[site.UnreadObservations]) {
		t.Errorf("round trip changed the site:\n%+v\n%+v", s, b)
	}
}
