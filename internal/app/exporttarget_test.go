package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/store"
)

// TestExportRefusesDatabases is issue 22's loss 6: `export --db X.db -o
// X.db` renamed the export over the database and everything was gone.
func TestExportRefusesDatabases(t *testing.T) {
	dbPath := newDB(t, fixtureSites())
	st := openDB(t, dbPath)
	before, _ := os.ReadFile(dbPath)
	dir := t.TempDir()
	link := filepath.Join(dir, "link.geojson")
	if err := os.Symlink(dbPath, link); err != nil {
		t.Fatal(err)
	}
	other := newDB(t, nil) // another SQLite database, not ours to replace
	gpkg := filepath.Join(dir, "old.gpkg")
	if _, err := ExportFile(context.Background(), st, gpkg, ExportOptions{Format: geoio.GeoPackage}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		format     geoio.Format
	}{
		{"the database as GeoJSON", dbPath, geoio.GeoJSON},
		{"the database as GeoPackage", dbPath, geoio.GeoPackage},
		{"the database through a symlink", link, geoio.GeoJSON},
		{"the database's WAL", dbPath + "-wal", geoio.CSV},
		{"another SQLite database", other, geoio.GeoPackage},
		{"a GeoPackage as CSV", gpkg, geoio.CSV},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.path); err != nil {
				t.Skipf("%s: %v", tc.path, err)
			}
			_, err := ExportFile(context.Background(), st, tc.path, ExportOptions{Format: tc.format}, nil)
			if !errors.Is(err, ErrExportOverDatabase) {
				t.Fatalf("export over %s: %v, want a refusal", tc.path, err)
			}
		})
	}
	if n, err := st.Count(context.Background(), store.Filter{}); err != nil || n != len(fixtureSites()) {
		t.Errorf("after the refusals the database holds %d sites (%v)", n, err)
	}
	if after, _ := os.ReadFile(dbPath); len(after) < len(before) {
		t.Errorf("the database shrank from %d to %d bytes", len(before), len(after))
	}
	// Replacing an older GeoPackage with a GeoPackage export is allowed.
	if _, err := ExportFile(context.Background(), st, gpkg, ExportOptions{Format: geoio.GeoPackage}, nil); err != nil {
		t.Errorf("a GeoPackage export over an older GeoPackage: %v", err)
	}
}
