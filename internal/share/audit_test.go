package share

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/leakaudit"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

const protectedName = "Ri Myong-chol"

// plantedSites are generated sites with markers in every confidential
// field and the protected name in free text, as the issue asks.
func plantedSites() []site.Site {
	sites := sitegen.Sites(400, 11)
	for i := range sites {
		s := &sites[i]
		switch i % 8 {
		case 0:
			s.Confidential = true
			s.Name = fmt.Sprintf("Secret Plant Marker %d", i)
		case 1:
			s.ConfidentialNotes = fmt.Sprintf("Informant Marker %d met us at the bus station", i)
		case 2:
			s.Sources = append(s.Sources, site.Source{ID: fmt.Sprintf("conf-src-%d", i), Title: fmt.Sprintf("Interview Marker %d", i),
				URL: fmt.Sprintf("https://private.example/interview/%d", i), Excerpt: fmt.Sprintf("Excerpt Marker %d: he saw the buses", i), Confidential: true})
			s.Observations = append(s.Observations, site.Observation{ID: fmt.Sprintf("conf-obs-%d", i), Date: "2019-04-03", Note: fmt.Sprintf("Observation Marker %d", i), Confidential: true})
		case 3:
			s.Notes = "Manager " + protectedName + " keeps the passports; 이명철 too"
			s.Aliases = append(s.Aliases, "ri myong-chol's plant")
		case 4:
			s.Extra = map[string]json.RawMessage{"informant_name": json.RawMessage(fmt.Sprintf(`"Extra Marker %d"`, i))}
		case 5:
			s.Confidential = false
		}
	}
	return sites
}

func export(t *testing.T, p Profile, sites []site.Site, newWriter func(io.Writer) geoio.Writer, collect bool) ([]byte, *Session) {
	t.Helper()
	x := session(t, p, testEnv)
	if collect {
		x.CollectSecrets()
	}
	var buf bytes.Buffer
	w := newWriter(&buf)
	for _, s := range sites {
		out, ok := x.Apply(s)
		if !ok {
			continue
		}
		if err := w.Write(out); err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), x
}

var writers = []struct {
	name string
	new  func(io.Writer) geoio.Writer
}{
	{"GeoJSON", geoio.NewGeoJSONWriter}, {"CSV", geoio.NewCSVWriter}, {"KML", geoio.NewKMLWriter},
}

func TestPublicExportLeaksNothing(t *testing.T) {
	p := Public()
	p.ProtectedWords = []string{protectedName, "이명철"}
	sites := plantedSites()
	for _, w := range writers {
		public, x := export(t, p, sites, w.new, true)
		secrets, _ := x.Secrets()
		if secrets.Len() < 150 {
			t.Fatalf("%s: only %d secrets collected", w.name, secrets.Len())
		}
		found, err := secrets.Scan(bytes.NewReader(public), int64(len(public)), leakaudit.Text)
		if err != nil || len(found) > 0 {
			t.Errorf("%s Public export: %v %v", w.name, err, found)
		}
		// The same sites written whole (a writer that leaks, or the
		// Internal profile): the audit finds every kind of marker.
		internal, _ := export(t, Internal(), sites, w.new, false)
		found, err = secrets.Scan(bytes.NewReader(internal), int64(len(internal)), leakaudit.Text)
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]bool{}
		for _, f := range found {
			fields[f.Field] = true
		}
		for _, want := range []string{"name of a confidential site", "confidential notes", "title of a confidential source",
			"URL of a confidential source", "excerpt of a confidential source", "note of a confidential observation",
			"protected word 1", "title of a withheld source", "notes"} {
			if want == "excerpt of a confidential source" && w.name == "CSV" {
				continue // the CSV writer does not write excerpts
			}
			if !fields[want] {
				t.Errorf("%s Internal export: nothing found for %q (found %v)", w.name, want, fields)
			}
		}
		if w.name == "GeoJSON" && !fields["extra property of confidential data"] {
			t.Errorf("GeoJSON Internal export: confidential extra not found")
		}
		// The salt, had a writer put it in the file, is found.
		salted := append(append([]byte{}, public...), base64.StdEncoding.EncodeToString(testEnv.Salt)...)
		if found, _ := secrets.Scan(bytes.NewReader(salted), int64(len(salted)), leakaudit.Text); len(found) != 1 || found[0].Field != "the database's secret salt" {
			t.Errorf("%s: salt in the file: %v", w.name, found)
		}
		// Two exports with one profile are byte-identical.
		again, _ := export(t, p, sites, w.new, false)
		if !bytes.Equal(public, again) {
			t.Errorf("%s: two Public exports differ", w.name)
		}
	}
}

// TestPublicPositionsReadBack reads the GeoJSON export back with orb, not
// through the writer's input, and checks every position against the
// profile's promise.
func TestPublicPositionsReadBack(t *testing.T) {
	sites := plantedSites()
	p := Public()
	out, _ := export(t, p, sites, geoio.NewGeoJSONWriter, false)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "public.geojson"), out, 0o644)
	fc, err := geojson.UnmarshalFeatureCollection(out)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]site.Site{}
	for _, s := range sites {
		byID[s.ID] = s
	}
	checked := 0
	for _, f := range fc.Features {
		s := byID[fmt.Sprint(f.ID)]
		if s.Confidential {
			t.Errorf("confidential site %s written", s.ID)
		}
		if s.Geometry == nil {
			continue
		}
		pt, ok := f.Geometry.(orb.Point)
		if !ok {
			t.Errorf("%s written as %T, want a point", s.ID, f.Geometry)
			continue
		}
		rule := PositionRule(p, s.Precision)
		if bad := leakaudit.CheckPositions([]leakaudit.Position{{Label: s.ID, Stored: representative(s.Geometry), Written: pt}}, rule); len(bad) > 0 {
			t.Error(bad)
		}
		checked++
	}
	if checked < 300 {
		t.Errorf("only %d positions checked", checked)
	}
}
