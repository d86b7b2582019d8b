package tiles_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/tilegen"
)

var tmpDir string

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "tiles-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// Yanbian is the generated test area: Tumen, Hunchun and the Tumen river
// border with North Korea and Russia.
var Yanbian = tilegen.Options{
	Bound:   orb.Bound{Min: orb.Point{129.3, 42.5}, Max: orb.Point{130.9, 43.2}},
	MinZoom: 0, MaxZoom: 9,
}

var (
	genOnce              sync.Once
	genPM, genMB, genErr = "", "", error(nil)
)

// generated returns a vector PMTiles (with leaf directories) and an
// MBTiles file of the Yanbian area, written once per test run.
func generated(t testing.TB) (pmtiles, mbtiles string) {
	t.Helper()
	genOnce.Do(func() {
		w, err := basemap.Load()
		if err != nil {
			genErr = err
			return
		}
		g := tilegen.New(w)
		genPM = filepath.Join(tmpDir, "yanbian.pmtiles")
		genMB = filepath.Join(tmpDir, "yanbian.mbtiles")
		if genErr = g.WritePMTiles(genPM, Yanbian, 8); genErr != nil {
			return
		}
		genErr = g.WriteMBTiles(context.Background(), genMB, Yanbian)
	})
	if genErr != nil {
		t.Fatalf("generate tiles: %v", genErr)
	}
	return genPM, genMB
}

// sharedTilesDir returns ../shared/testdata/tiles, skipping when absent.
func sharedTilesDir(t testing.TB) string {
	t.Helper()
	for _, d := range []string{"../../../shared/testdata/tiles", "../../shared/testdata/tiles"} {
		if _, err := os.Stat(filepath.Join(d, "manifest.tsv")); err == nil {
			return d
		}
	}
	t.Skip("shared test data (../shared/testdata/tiles/manifest.tsv) is absent; skipping")
	return ""
}
