package geoio

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// naturalEarth is where the shared Natural Earth layers (public domain)
// are on this machine; tests that use them skip when they are absent.
const naturalEarth = "/work/shared/data/naturalearth"

// TestShapefileNaturalEarth: real layers written as shapefiles by GDAL
// (points, lines, polygons with holes and many parts, names in many
// scripts) read as the same sites as the GeoJSON they came from.
func TestShapefileNaturalEarth(t *testing.T) {
	ogr := needOgr2ogr(t)
	for _, layer := range []string{"ne_110m_populated_places", "ne_110m_rivers_lake_centerlines", "ne_110m_admin_0_countries", "ne_50m_lakes"} {
		src := filepath.Join(naturalEarth, layer+".geojson")
		if _, err := os.Stat(src); err != nil {
			t.Skipf("%s is absent (%v): the Natural Earth data is not on this machine", src, err)
		}
		t.Run(layer, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), layer+".shp")
			if b, err := exec.Command(ogr, "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", out, src).CombinedOutput(); err != nil {
				t.Fatalf("ogr2ogr: %v\n%s", err, b)
			}
			shp := readPath(t, out)
			gj := readFile(t, src)
			if len(shp.problems) != len(gj.problems) || shp.err != nil {
				t.Fatalf("problems: %v\nGeoJSON's: %v", shp.messages(), gj.messages())
			}
			if len(shp.items) != len(gj.items) || len(shp.items) == 0 {
				t.Fatalf("%d sites, want %d", len(shp.items), len(gj.items))
			}
			for i := range shp.items {
				a, b := shp.items[i].Site, gj.items[i].Site
				// Unnamed ones are named after their record, not feature.
				if a.Name != b.Name && !strings.HasPrefix(b.Name, "Unnamed feature ") {
					t.Errorf("site %d: name %q, want %q", i, a.Name, b.Name)
				}
				if sa, sb := shape(a.Geometry), shape(b.Geometry); sa != sb {
					t.Errorf("site %d (%s): geometry %s, want %s", i, a.Name, sa, sb)
				}
				if !orb.Equal(a.Geometry.Bound(), b.Geometry.Bound()) && !boundNear(a.Geometry.Bound(), b.Geometry.Bound()) {
					t.Errorf("site %d (%s): bound %v, want %v", i, a.Name, a.Geometry.Bound(), b.Geometry.Bound())
				}
			}
		})
	}
}

// shape is a geometry's type and part and ring counts.
func shape(g orb.Geometry) string {
	switch g := g.(type) {
	case orb.Polygon:
		return fmt.Sprintf("Polygon%d", len(g))
	case orb.MultiPolygon:
		if len(g) == 1 { // a shapefile cannot tell a multipolygon of one
			return shape(g[0])
		}
		s := "MultiPolygon"
		for _, p := range g {
			s += fmt.Sprintf(" %d", len(p))
		}
		return s
	case orb.MultiLineString:
		return fmt.Sprintf("MultiLineString%d", len(g))
	case nil:
		return "none"
	}
	return g.GeoJSONType()
}

func boundNear(a, b orb.Bound) bool {
	const eps = 1e-9
	for i := range 2 {
		if d := a.Min[i] - b.Min[i]; d > eps || d < -eps {
			return false
		}
		if d := a.Max[i] - b.Max[i]; d > eps || d < -eps {
			return false
		}
	}
	return true
}
