package app

import (
	"context"
	"path/filepath"
	"testing"
)

// TestImportShapefileAndKMZ: shapefiles (on disk and zipped) and KMZ are
// imported by path, as GeoPackages are.
func TestImportShapefileAndKMZ(t *testing.T) {
	dir := filepath.Join("..", "geoio", "testdata", "shp")
	for _, c := range []struct {
		file  string
		added int
	}{{"points.shp", 4}, {"layers.zip", 8}, {"google_earth.kmz", 5}} {
		rep, err := Import(context.Background(), openDB(t, newDB(t, nil)), []string{filepath.Join(dir, c.file)}, nil)
		if err != nil || rep.Added != c.added || !rep.OK() {
			t.Errorf("%s: %d added, %v, problems %v; want %d", c.file, rep.Added, err, rep.Problems, c.added)
		}
	}
	rep, err := Import(context.Background(), openDB(t, newDB(t, nil)), []string{filepath.Join(dir, "merc.shp")}, nil)
	if err == nil || rep.OK() || len(rep.Problems) != 1 || rep.Problems[0].Code != "crs" {
		t.Errorf("projected shapefile: %v, %v", rep.Problems, err)
	}
}
