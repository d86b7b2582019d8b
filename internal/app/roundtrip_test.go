package app

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

// roundTrip imports files into an empty database and exports it as format
// (confidential data included); it then imports that export into another
// empty database and exports again. The two exports must be byte-identical.
// It returns the first export.
func roundTrip(t *testing.T, files []string, format geoio.Format) []byte {
	t.Helper()
	ctx := context.Background()
	opts := ExportOptions{Format: format, IncludeConfidential: true}
	a := openDB(t, newDB(t, nil))
	rep, err := Import(ctx, a, files, nil)
	if err != nil {
		t.Fatalf("import %v: %v\n%s", files, err, strings.Join(problemTexts(rep), "\n"))
	}
	first, _ := exportBytes(t, a, opts)
	ext := map[geoio.Format]string{geoio.GeoJSON: ".geojson", geoio.CSV: ".csv"}[format]
	file := writeFile(t, "export"+ext, first)
	b := openDB(t, newDB(t, nil))
	rep2, err := Import(ctx, b, []string{file}, nil)
	if err != nil {
		t.Fatalf("import of our own export: %v\n%s", err, strings.Join(problemTexts(rep2), "\n"))
	}
	if rep2.Added != count(t, a) {
		t.Errorf("export of %d sites re-imported as %d", count(t, a), rep2.Added)
	}
	for _, w := range rep2.Warnings {
		if w.Code != geoio.CodeNullGeometry {
			t.Errorf("warning on our own export: %v", w.Error())
		}
	}
	second, _ := exportBytes(t, b, opts)
	if !bytes.Equal(first, second) {
		t.Errorf("%v: export, import into an empty database, export: not byte-identical, %s", format, firstDiff(first, second))
	}
	return first
}

func count(t *testing.T, st *store.Store) int {
	n, err := st.Count(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRoundTripGenerated: sitegen sites (three scripts, polygons, unplaced
// sites, sources, observations, confidential parts) and the fixture.
func TestRoundTripGenerated(t *testing.T) {
	db := newDB(t, append(sitegen.Sites(3000, 5), fixtureSites()...))
	st := openDB(t, db)
	for _, format := range []geoio.Format{geoio.GeoJSON, geoio.CSV} {
		t.Run(format.String(), func(t *testing.T) {
			seed, _ := exportBytes(t, st, ExportOptions{Format: format, IncludeConfidential: true})
			ext := map[geoio.Format]string{geoio.GeoJSON: ".geojson", geoio.CSV: ".csv"}[format]
			out := roundTrip(t, []string{writeFile(t, "seed"+ext, seed)}, format)
			if format == geoio.GeoJSON && !bytes.Equal(out, seed) {
				// GeoJSON is lossless: even the first import changes nothing.
				t.Errorf("GeoJSON import of our own export lost something: %s", firstDiff(seed, out))
			}
		})
	}
}

// TestRoundTripShared: real files from other tools, in both formats.
func TestRoundTripShared(t *testing.T) {
	var files []string
	for _, dir := range []string{needShared(t, "datasets"), filepath.Join(needShared(t, "geojson"), "valid")} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.geojson"))
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("only %d shared files", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			for _, format := range []geoio.Format{geoio.GeoJSON, geoio.CSV} {
				roundTrip(t, []string{f}, format)
			}
		})
	}
}

// TestForeignPropertiesSurvive: properties Site Atlas does not know come
// back on export as they were, at the top level of properties (GeoJSON) or
// in the extra column (CSV), and survive a CSV round trip too.
func TestForeignPropertiesSurvive(t *testing.T) {
	const in = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"way/123","properties":{"name":"Dock 7","osm_id":123456789,"marker-color":"#ff0000",
 "building":"yes","nested":{"a":[1,2.5,null],"b":"图们"},"flag":false,"website":"https://example.org/x"},
 "geometry":{"type":"Point","coordinates":[129.84,42.97]}}]}`
	file := writeFile(t, "osm.geojson", []byte(in))
	out := roundTrip(t, []string{file}, geoio.GeoJSON)
	var fc struct {
		Features []struct {
			Properties map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(out, &fc); err != nil || len(fc.Features) != 1 {
		t.Fatalf("%v\n%s", err, out)
	}
	p := fc.Features[0].Properties
	for k, want := range map[string]string{
		"osm_id": `123456789`, "marker-color": `"#ff0000"`, "building": `"yes"`,
		"nested": `{"a":[1,2.5,null],"b":"图们"}`, "flag": `false`, "original_id": `"way/123"`,
		"website": `"https://example.org/x"`,
	} {
		if got := string(p[k]); got != want {
			t.Errorf("property %s = %s, want %s", k, got, want)
		}
	}
	csvOut := roundTrip(t, []string{file}, geoio.CSV)
	if !bytes.Contains(csvOut, []byte(`""nested"":{""a"":[1,2.5,null],""b"":""图们""}`)) || !bytes.Contains(csvOut, []byte(`""osm_id"":123456789`)) {
		t.Errorf("CSV export lacks the foreign properties:\n%s", csvOut)
	}
	// And the CSV, imported, gives them back in GeoJSON.
	st := openDB(t, newDB(t, nil))
	if _, err := Import(context.Background(), st, []string{writeFile(t, "x.csv", csvOut)}, nil); err != nil {
		t.Fatal(err)
	}
	gj, _ := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON})
	if !bytes.Contains(gj, []byte(`"nested":{"a":[1,2.5,null],"b":"图们"}`)) || !bytes.Contains(gj, []byte(`"osm_id":123456789`)) {
		t.Errorf("GeoJSON from the CSV lacks the foreign properties:\n%s", gj)
	}
}
