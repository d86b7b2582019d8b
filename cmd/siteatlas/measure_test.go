package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMeasureCommand: `siteatlas measure` gives an outline's area and
// perimeter and a line's length on the ellipsoid, and `list --json` carries
// them; a point has none (issue 24).
func TestMeasureCommand(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "atlas.db")
	// A 0.01° x 0.01° compound at Tumen's latitude and a road one degree of
	// latitude long on the meridian 129.8° E.
	doc := `{"type":"FeatureCollection","features":[` +
		`{"type":"Feature","id":"0b8c3d1e-7c55-4e7e-9a1e-4d5b0a000001","geometry":{"type":"Polygon","coordinates":[[[129.84,42.96],[129.85,42.96],[129.85,42.97],[129.84,42.97],[129.84,42.96]]]},"properties":{"name":"Compound"}},` +
		`{"type":"Feature","id":"0b8c3d1e-7c55-4e7e-9a1e-4d5b0a000002","geometry":{"type":"LineString","coordinates":[[129.8,42.5],[129.8,43.5]]},"properties":{"name":"Road"}},` +
		`{"type":"Feature","id":"0b8c3d1e-7c55-4e7e-9a1e-4d5b0a000003","geometry":{"type":"Point","coordinates":[129.8,42.9]},"properties":{"name":"Gate"}}]}`
	file := filepath.Join(dir, "drawn.geojson")
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, "import", "--db", db, file); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	code, out, stderr := cli(t, "measure", "--db", db, "--site", "0b8c3d1e-7c55-4e7e-9a1e-4d5b0a000001", "--json")
	if code != 0 {
		t.Fatalf("measure: exit %d: %s", code, stderr)
	}
	var got struct{ AreaM2, PerimeterM float64 }
	var raw map[string]float64
	_ = json.Unmarshal([]byte(out), &raw)
	got.AreaM2, got.PerimeterM = raw["area_m2"], raw["perimeter_m"]
	// 0.01° of latitude is 1,111.5 m there and 0.01° of longitude 816.2 m:
	// about 90.7 ha and 3,855 m around.
	if math.Abs(got.AreaM2-907_200)/907_200 > 0.005 || math.Abs(got.PerimeterM-3855)/3855 > 0.005 {
		t.Errorf("the compound measures %+v; want about 907,200 m² and 3,855 m (%s)", got, out)
	}
	_, text, _ := cli(t, "measure", "--db", db, "--site", "0b8c3d1e-7c55-4e7e-9a1e-4d5b0a000002")
	if !strings.Contains(text, "length\t111") || !strings.Contains(text, "111 km") {
		t.Errorf("a degree of latitude measures %q, want 111.1 km", text)
	}
	if code, _, stderr := cli(t, "measure", "--db", db, "--site", "no-such-site"); code != 1 || !strings.Contains(stderr, "not found") {
		t.Errorf("an unknown site: exit %d, %q", code, stderr)
	}
	_, list, _ := cli(t, "list", "--db", db, "--json")
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 3 {
		t.Fatalf("list --json: %q", list)
	}
	for _, l := range lines {
		var obj map[string]any
		if err := json.Unmarshal([]byte(l), &obj); err != nil {
			t.Fatal(err)
		}
		_, hasLength := obj["length_m"]
		_, hasArea := obj["area_m2"]
		switch obj["name"] {
		case "Compound":
			if !hasArea || hasLength {
				t.Errorf("list --json of the compound: %s", l)
			}
		case "Road":
			if !hasLength || hasArea {
				t.Errorf("list --json of the road: %s", l)
			}
		case "Gate":
			if hasLength || hasArea {
				t.Errorf("list --json of a point: %s", l)
			}
		}
	}
}
