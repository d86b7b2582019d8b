package tiles

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"image"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedTiles returns ../shared/testdata/tiles, skipping the test when the
// shared test data is not there.
func sharedTiles(t testing.TB) string {
	t.Helper()
	for _, d := range []string{"../../../shared/testdata/tiles", "../../shared/testdata/tiles"} {
		if _, err := os.Stat(filepath.Join(d, "manifest.tsv")); err == nil {
			return d
		}
	}
	t.Skip("shared test data (../shared/testdata/tiles/manifest.tsv) is absent; skipping the tests on real tile files")
	return ""
}

// manifest reads the file column of the shared manifest.
func manifest(t *testing.T, dir string) map[string]string {
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) >= 3 && cols[0] != "file" {
			out[cols[0]] = cols[2]
		}
	}
	return out
}

// TestSharedTileFiles opens every tile file of the shared manifest and
// checks what each holds: the readers against files other tools wrote.
func TestSharedTileFiles(t *testing.T) {
	dir := sharedTiles(t)
	want := map[string]struct {
		err              string // substring of the error; "" to open
		format           Format
		minZ, maxZ       int
		tiles            int // tiles present in the zoom range
		attributionSubst string
	}{
		"pmtiles/stamen_toner(raster)CC-BY+ODbL_z3.pmtiles": {format: FormatPNG, minZ: 0, maxZ: 3, tiles: 85},
		"pmtiles/test_fixture_1.pmtiles":                    {format: FormatMVT, minZ: 0, maxZ: 0, tiles: 1},
		"pmtiles/invalid.pmtiles":                           {err: "not an MBTiles or PMTiles file"},
		"pmtiles/empty.pmtiles":                             {err: "empty"},
		"mbtiles/world_cities.mbtiles":                      {format: FormatMVT, minZ: 0, maxZ: 6, tiles: 8},
		"mbtiles/plain_1.mbtiles":                           {format: FormatPNG, minZ: 0, maxZ: 4, tiles: 285},
		"mbtiles/some-empty-tiles.mbtiles":                  {format: FormatPNG, minZ: 1, maxZ: 2, tiles: 11},
	}
	seen := 0
	for name, kind := range manifest(t, dir) {
		if !strings.HasSuffix(name, ".pmtiles") && !strings.HasSuffix(name, ".mbtiles") {
			continue
		}
		seen++
		w, ok := want[name]
		if !ok {
			t.Errorf("%s (%s): not covered by this test; add it", name, kind)
			continue
		}
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := Open(filepath.Join(dir, name))
			if w.err != "" {
				if err == nil || !strings.Contains(err.Error(), w.err) {
					t.Fatalf("Open: err = %v; want one containing %q", err, w.err)
				}
				if !errors.Is(err, ErrNotTiles) && !strings.Contains(err.Error(), "empty") {
					t.Errorf("Open: err = %v; want ErrNotTiles", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer src.Close()
			md := src.Metadata()
			if md.Format != w.format || md.MinZoom != w.minZ || md.MaxZoom != w.maxZ {
				t.Errorf("metadata: format %q z%d-%d; want %q z%d-%d", md.Format, md.MinZoom, md.MaxZoom, w.format, w.minZ, w.maxZ)
			}
			n := 0
			ctx := context.Background()
			for z := md.MinZoom; z <= md.MaxZoom; z++ {
				for x := 0; x < 1<<z; x++ {
					for y := 0; y < 1<<z; y++ {
						b, err := src.Tile(ctx, TileID{z, x, y})
						if err != nil {
							t.Fatalf("Tile %d/%d/%d: %v", z, x, y, err)
						}
						if b == nil {
							continue
						}
						n++
						if got := sniffFormat(b); len(b) > 0 && got != md.Format {
							t.Errorf("tile %d/%d/%d: content is %q, metadata says %q", z, x, y, got, md.Format)
						}
						if md.Format == FormatPNG && n <= 3 {
							if _, _, err := image.Decode(bytes.NewReader(b)); err != nil {
								t.Errorf("tile %d/%d/%d: %v", z, x, y, err)
							}
						}
					}
				}
			}
			if n != w.tiles {
				t.Errorf("%d tiles present; want %d", n, w.tiles)
			}
			if _, err := src.Tile(ctx, TileID{md.MaxZoom + 1, 0, 0}); err != nil {
				t.Errorf("tile past max zoom: %v", err)
			}
		})
	}
	if seen < len(want) {
		t.Errorf("manifest lists %d tile files; want %d", seen, len(want))
	}
}

// TestHilbertID checks the PMTiles tile ids against the values of the
// spec's reference implementation, and the round trip.
func TestHilbertID(t *testing.T) {
	for _, c := range []struct {
		t  TileID
		id uint64
	}{
		{TileID{0, 0, 0}, 0}, {TileID{1, 0, 0}, 1}, {TileID{1, 0, 1}, 2}, {TileID{1, 1, 1}, 3}, {TileID{1, 1, 0}, 4},
		{TileID{2, 0, 0}, 5}, {TileID{3, 0, 0}, 21}, {TileID{12, 3423, 1763}, 19078479},
	} {
		if got := hilbertID(c.t); got != c.id {
			t.Errorf("hilbertID(%v) = %d; want %d", c.t, got, c.id)
		}
	}
	for z := 0; z <= 8; z++ {
		for x := 0; x < 1<<z; x += 1 + z*3 {
			for y := 0; y < 1<<z; y += 1 + z*5 {
				tid := TileID{z, x, y}
				got, ok := tileOfID(hilbertID(tid))
				if !ok || got != tid {
					t.Fatalf("tileOfID(hilbertID(%v)) = %v", tid, got)
				}
			}
		}
	}
}
