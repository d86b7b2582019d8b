package geoio

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// TestGPXToGDAL: GDAL's GPX driver reads our GPX: points as waypoints,
// multipoints as routes, everything else as tracks, in order, with names.
func TestGPXToGDAL(t *testing.T) {
	ogr := needOgr2ogr(t)
	dir := t.TempDir()
	sites := append(kmlSites(), testSites(60)...)
	in := filepath.Join(dir, "ours.gpx")
	if err := os.WriteFile(in, writeGPX(t, sites), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, s := range sites {
		layer := "tracks"
		switch s.Geometry.(type) {
		case orb.Point:
			layer = "waypoints"
		case orb.MultiPoint:
			layer = "routes"
		}
		want[layer] = append(want[layer], s.Name)
	}
	for layer, names := range want {
		out := filepath.Join(dir, layer+".geojson")
		if b, err := exec.Command(ogr, "-f", "GeoJSON", out, in, layer).CombinedOutput(); err != nil {
			t.Fatalf("ogr2ogr %s: %v\n%s", layer, err, b)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Features []struct {
				Properties struct {
					Name *string `json:"name"`
				} `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(data, &fc); err != nil {
			t.Fatal(err)
		}
		if len(fc.Features) != len(names) {
			t.Fatalf("%s: GDAL read %d features, want %d", layer, len(fc.Features), len(names))
		}
		for i, f := range fc.Features {
			// Names XML cannot carry are in our extension, not <name>.
			if f.Properties.Name != nil && *f.Properties.Name != names[i] {
				t.Errorf("%s %d: GDAL name %q, want %q", layer, i, *f.Properties.Name, names[i])
			}
		}
	}
}
