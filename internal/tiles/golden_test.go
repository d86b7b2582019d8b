package tiles_test

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tilegen"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/golden")

var (
	mapOnce sync.Once
	theMap  *render.Map
	mapErr  error
)

// testMap is the renderer with the embedded world and no sites.
func testMap(t testing.TB) *render.Map {
	t.Helper()
	mapOnce.Do(func() {
		w, err := basemap.Load()
		if err != nil {
			mapErr = err
			return
		}
		theMap, mapErr = render.NewMap(w, nil, assets.LabelFont)
	})
	if mapErr != nil {
		t.Fatal(mapErr)
	}
	return theMap
}

// drawWith draws view v of the embedded world with the layers over it.
func drawWith(t testing.TB, v render.Viewport, layers ...render.Layer) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	testMap(t).Draw(img, v, render.DrawOptions{Layers: layers})
	return img
}

func openLayer(t testing.TB, path string, opts tiles.LayerOptions) *tiles.Layer {
	t.Helper()
	src, err := tiles.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return tiles.NewLayer(src, opts)
}

// checkGolden compares img with testdata/golden/name.png: at most 0.5% of
// pixels may differ by more than 24 in a channel (font rasterising and
// float rounding vary a little between machines).
func checkGolden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".png")
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		var buf bytes.Buffer
		png.Encode(&buf, img)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if want.Bounds() != img.Bounds() {
		t.Fatalf("%s: size %v; golden %v", name, img.Bounds(), want.Bounds())
	}
	bad := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, _ := img.At(x, y).RGBA()
			r2, g2, b2, _ := want.At(x, y).RGBA()
			if diff(r1, r2) > 24 || diff(g1, g2) > 24 || diff(b1, b2) > 24 {
				bad++
			}
		}
	}
	if limit := b.Dx() * b.Dy() / 200; bad > limit {
		out := filepath.Join(t.TempDir(), name+".png")
		var buf bytes.Buffer
		png.Encode(&buf, img)
		os.WriteFile(out, buf.Bytes(), 0o644)
		t.Errorf("%s: %d pixels differ from the golden (limit %d); got %s", name, bad, limit, out)
	}
}

func diff(a, b uint32) uint32 {
	a, b = a>>8, b>>8
	if a > b {
		return a - b
	}
	return b - a
}

// TestGoldenVector draws the generated vector tiles of Yanbian over the
// embedded world: Tumen, Hunchun, the Tumen river border.
func TestGoldenVector(t *testing.T) {
	pm, _ := generated(t)
	l := openLayer(t, pm, tiles.LayerOptions{})
	v := render.NewViewport(orb.Point{130.1, 42.85}, 9.3, 640, 400)
	checkGolden(t, "vector_yanbian", drawWith(t, v, l))
	// Zoomed past the deepest level (9): the z9 tiles scaled up.
	v = render.NewViewport(orb.Point{129.85, 42.96}, 12.5, 480, 320)
	checkGolden(t, "vector_overzoom", drawWith(t, v, l))
}

var (
	rasterOnce sync.Once
	rasterPath string
	rasterErr  error
)

// generatedRaster returns an MBTiles of PNG tiles drawn by the renderer:
// the world at z0-3 and only Yanbian at z4-6, so that a view at z6 has
// tiles in one part and falls back to z3 elsewhere.
func generatedRaster(t testing.TB) string {
	t.Helper()
	rasterOnce.Do(func() {
		w, err := basemap.Load()
		if err != nil {
			rasterErr = err
			return
		}
		m, err := render.NewMap(w, nil, assets.LabelFont)
		if err != nil {
			rasterErr = err
			return
		}
		m.Attribution = ""
		rasterPath = filepath.Join(tmpDir, "raster.mbtiles")
		ctx := context.Background()
		if rasterErr = tilegen.WriteRasterMBTiles(ctx, m, rasterPath, tilegen.Options{MinZoom: 0, MaxZoom: 3}); rasterErr != nil {
			return
		}
		rasterErr = tilegen.WriteRasterMBTiles(ctx, m, rasterPath, tilegen.Options{Bound: Yanbian.Bound, MinZoom: 4, MaxZoom: 6})
	})
	if rasterErr != nil {
		t.Fatalf("generate raster tiles: %v", rasterErr)
	}
	return rasterPath
}

// TestGoldenRaster draws raster tiles at 60% opacity where the deepest
// level covers only part of the view: the rest is z3 scaled up, never a
// hole.
func TestGoldenRaster(t *testing.T) {
	l := openLayer(t, generatedRaster(t), tiles.LayerOptions{Opacity: 0.6})
	v := render.NewViewport(orb.Point{129.0, 42.5}, 6.6, 640, 400)
	checkGolden(t, "raster_fallback", drawWith(t, v, l))
}

// TestGoldenRasterShared draws the real Stamen Toner PMTiles (z0-3),
// overzoomed to 4.5 over East Asia.
func TestGoldenRasterShared(t *testing.T) {
	dir := sharedTilesDir(t)
	l := openLayer(t, filepath.Join(dir, "pmtiles", "stamen_toner(raster)CC-BY+ODbL_z3.pmtiles"), tiles.LayerOptions{})
	v := render.NewViewport(orb.Point{125, 38}, 4.5, 640, 400)
	checkGolden(t, "raster_toner", drawWith(t, v, l))
}

// memSource serves tiles from a map, for tests.
type memSource struct {
	md    tiles.Metadata
	tiles map[tiles.TileID][]byte
}

func (m *memSource) Metadata() tiles.Metadata { return m.md }
func (m *memSource) Tile(_ context.Context, t tiles.TileID) ([]byte, error) {
	return m.tiles[t], nil
}
func (m *memSource) Close() error { return nil }

// TestGoldenStreets draws a real street-level vector tile (Mapbox
// Streets-like schema, from orb's test data) at display zoom 16: roads by
// class with casings, buildings, water, road and place names.
func TestGoldenStreets(t *testing.T) {
	dir := sharedTilesDir(t)
	b, err := os.ReadFile(filepath.Join(dir, "mvt", "15-8956-12223.mvt"))
	if err != nil {
		t.Fatal(err)
	}
	id := tiles.TileID{Z: 15, X: 8956, Y: 12223}
	src := &memSource{md: tiles.Metadata{Format: tiles.FormatMVT, MinZoom: 15, MaxZoom: 15, Bounds: tiles.WorldBounds, Attribution: "© Mapbox © OpenStreetMap"},
		tiles: map[tiles.TileID][]byte{id: b}}
	l := tiles.NewLayer(src, tiles.LayerOptions{})
	v := render.NewViewport(id.Bound().Center(), 16, 512, 512)
	checkGolden(t, "vector_streets", drawWith(t, v, l))
}
