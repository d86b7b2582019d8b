package geoio

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// These tests check our GeoPackages against GDAL, which QGIS uses to read
// them. They need ogrinfo and ogr2ogr on PATH.

func needGDAL(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ogrinfo", "ogr2ogr"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not on PATH: GDAL interoperability not tested", tool)
		}
	}
}

func runGDAL(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestGeoPackageGDALReadsOurs(t *testing.T) {
	needGDAL(t)
	sites := append(handSites(), testSites(200)...)
	path := writeGPKG(t, sites)
	out := runGDAL(t, "ogrinfo", "-ro", "-al", "-so", path)
	for _, want := range []string{"Layer name: sites", "Feature Count: 205", `ID["EPSG",4326]`, "Geometry Column = geom",
		"sources: String(JSON)", "confidential: Integer(Boolean)", "created: DateTime", "workers_estimate: Integer"} {
		if !strings.Contains(out, want) {
			t.Errorf("ogrinfo output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Warning") || strings.Contains(out, "ERROR") {
		t.Errorf("ogrinfo complained:\n%s", out)
	}
	for _, layer := range []string{"site_sources", "site_observations"} {
		if out := runGDAL(t, "ogrinfo", "-ro", "-so", path, layer); !strings.Contains(out, "site_id: String") {
			t.Errorf("ogrinfo %s:\n%s", layer, out)
		}
	}
	// The spatial index is one GDAL accepts and uses.
	if out := runGDAL(t, "ogrinfo", "-ro", "-q", "-sql", "SELECT HasSpatialIndex('sites', 'geom')", path); !strings.Contains(out, "= 1") {
		t.Errorf("GDAL sees no spatial index:\n%s", out)
	}

	// ogr2ogr to GeoJSON keeps our properties, JSON columns as JSON.
	gj := filepath.Join(t.TempDir(), "gdal.geojson")
	runGDAL(t, "ogr2ogr", "-f", "GeoJSON", gj, path, "sites")
	b, err := os.ReadFile(gj)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry   json.RawMessage
			Properties map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != len(sites) {
		t.Fatalf("GDAL's GeoJSON has %d features, want %d", len(fc.Features), len(sites))
	}
	p := fc.Features[0].Properties
	for k, want := range map[string]string{"id": `"11111111-1111-4111-8111-111111111111"`, "name": `"图们 Tumen"`,
		"aliases": `["투먼","図們","a, b"]`, "confidential": `true`, "workers_estimate": `250`} {
		if got := compactJSON(p[k]); got != want {
			t.Errorf("GDAL's GeoJSON: %s = %s, want %s", k, got, want)
		}
	}
	if got := compactJSON(fc.Features[5].Properties["sources"]); !strings.HasPrefix(got, `[{`) || !strings.Contains(got, `"id":"src-1"`) || !strings.Contains(got, `"credibility":2`) {
		t.Errorf("GDAL's GeoJSON: sources = %s", got)
	}
	if string(fc.Features[1].Geometry) != "null" {
		t.Errorf("unplaced site's geometry in GDAL's GeoJSON: %s", fc.Features[1].Geometry)
	}
}

func compactJSON(b json.RawMessage) string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return string(b)
	}
	out, _ := json.Marshal(v)
	return strings.ReplaceAll(string(out), `\u0026`, "&")
}

// TestGeoPackageReadsGDALs converts our own GeoJSON export with ogr2ogr and
// reads the GeoPackage GDAL wrote: the same sites come back, IDs from the
// id column, lists from GDAL's "(2:a,b)" text.
func TestGeoPackageReadsGDALs(t *testing.T) {
	needGDAL(t)
	sites := sitegen.Sites(300, 5)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.geojson"), filepath.Join(dir, "gdal.gpkg")
	if err := os.WriteFile(in, writeGeoJSON(t, sites), 0o644); err != nil {
		t.Fatal(err)
	}
	runGDAL(t, "ogr2ogr", "-f", "GPKG", out, in)
	res := readGPKG(t, out)
	if len(res.problems) > 0 || res.err != nil || len(res.items) != len(sites) {
		t.Fatalf("%d items: %v", len(res.items), res.messages())
	}
	for _, w := range res.warnings {
		if w.Code != CodeNullGeometry {
			t.Errorf("warning: %v", w.Error())
		}
	}
	for i, it := range res.items {
		if !it.HasID || !reflect.DeepEqual(it.Site, sites[i]) {
			t.Errorf("site %d differs after GDAL:\n got %#v\nwant %#v", i, it.Site, sites[i])
			break
		}
	}
}
