package geoio

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

func needOgr2ogr(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("ogr2ogr")
	if err != nil {
		t.Skip("ogr2ogr is not on PATH; install GDAL to run the KML interoperability tests")
	}
	return path
}

// TestKMLToGDAL: GDAL reads our KML with the right count, names and
// geometry types.
func TestKMLToGDAL(t *testing.T) {
	ogr := needOgr2ogr(t)
	dir := t.TempDir()
	sites := append(kmlSites(), testSites(60)...)
	kml := filepath.Join(dir, "ours.kml")
	if err := os.WriteFile(kml, writeKML(t, sites), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.geojson")
	if b, err := exec.Command(ogr, "-f", "GeoJSON", out, kml).CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry *struct {
				Type string `json:"type"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != len(sites) {
		t.Fatalf("GDAL read %d features, want %d", len(fc.Features), len(sites))
	}
	for i, f := range fc.Features {
		s := sites[i]
		name, _ := f.Properties["Name"].(string)
		if name == "" {
			name, _ = f.Properties["name"].(string)
		}
		// Names XML cannot carry are shown with U+FFFD.
		if xmlSafe(s.Name) && name != s.Name {
			t.Errorf("feature %d: GDAL name %q, want %q", i, name, s.Name)
		}
		if got, want := f.Geometry != nil, s.Geometry != nil; got != want {
			t.Errorf("feature %d: GDAL geometry %v, want placed %v", i, f.Geometry, want)
		}
	}
}

// TestGDALKMLToUs: KML that GDAL writes from our GeoJSON export reads back
// with the same names and geometries.
func TestGDALKMLToUs(t *testing.T) {
	ogr := needOgr2ogr(t)
	dir := t.TempDir()
	var sites []site.Site
	for _, s := range append(kmlSites(), testSites(60)...) {
		// GDAL writes one geometry type per Placemark as it is;
		// collections are out of scope for this check.
		if _, ok := s.Geometry.(orb.Collection); ok {
			continue
		}
		if !xmlSafe(s.Name) {
			continue
		}
		if _, ok := s.Extra["x<y>&z"]; ok {
			// GDAL 3.6 writes field names into XML attributes unescaped
			// (<SimpleField name="x<y>&z">), which is not XML.
			s.Extra = nil
		}
		sites = append(sites, s)
	}
	gj := filepath.Join(dir, "ours.geojson")
	if err := os.WriteFile(gj, writeGeoJSON(t, sites), 0o644); err != nil {
		t.Fatal(err)
	}
	kml := filepath.Join(dir, "gdal.kml")
	if b, err := exec.Command(ogr, "-f", "KML", kml, gj).CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr: %v\n%s", err, b)
	}
	data, err := os.ReadFile(kml)
	if err != nil {
		t.Fatal(err)
	}
	res := readAll(t, "gdal.kml", bytes.NewReader(data))
	if res.err != nil || len(res.problems) > 0 {
		t.Fatalf("%v", res.messages())
	}
	if len(res.items) != len(sites) {
		t.Fatalf("read %d sites, want %d: %v", len(res.items), len(sites), res.messages())
	}
	for i, it := range res.items {
		s := sites[i]
		// GDAL trims leading spaces from names.
		if strings.TrimSpace(it.Site.Name) != strings.TrimSpace(s.Name) {
			t.Errorf("site %d: name %q, want %q", i, it.Site.Name, s.Name)
		}
		// GeoJSON rewinds rings; compare with what our GeoJSON holds.
		want := s.Geometry
		if want != nil {
			want = orb.Clone(want)
			fixWinding(want)
		}
		// GDAL writes 15 significant digits.
		if !geomClose(it.Site.Geometry, want, 1e-9) {
			t.Errorf("site %d: geometry\n got %#v\nwant %#v", i, it.Site.Geometry, want)
		}
		if it.Site.ID != s.ID || !it.HasID {
			t.Errorf("site %d: ID %q HasID %v, want %q from GDAL's id field", i, it.Site.ID, it.HasID, s.ID)
		}
	}
}

// geomClose reports whether a and b are the same geometry up to tol in each
// coordinate.
func geomClose(a, b orb.Geometry, tol float64) bool {
	pts := func(a, b []orb.Point) bool {
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if math.Abs(a[i][0]-b[i][0]) > tol || math.Abs(a[i][1]-b[i][1]) > tol {
				return false
			}
		}
		return true
	}
	switch a := a.(type) {
	case nil:
		return b == nil
	case orb.Point:
		b, ok := b.(orb.Point)
		return ok && pts([]orb.Point{a}, []orb.Point{b})
	case orb.MultiPoint:
		b, ok := b.(orb.MultiPoint)
		return ok && pts(a, b)
	case orb.LineString:
		b, ok := b.(orb.LineString)
		return ok && pts(a, b)
	case orb.MultiLineString:
		b, ok := b.(orb.MultiLineString)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !pts(a[i], b[i]) {
				return false
			}
		}
		return true
	case orb.Polygon:
		b, ok := b.(orb.Polygon)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !pts(a[i], b[i]) {
				return false
			}
		}
		return true
	case orb.MultiPolygon:
		b, ok := b.(orb.MultiPolygon)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !geomClose(a[i], b[i], tol) {
				return false
			}
		}
		return true
	}
	return false
}
