package tiles_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// anySource serves the same tile for every id of its zoom range: a
// street-level frame made of one real dense tile.
type anySource struct {
	md   tiles.Metadata
	tile []byte
}

func (a *anySource) Metadata() tiles.Metadata { return a.md }
func (a *anySource) Tile(_ context.Context, t tiles.TileID) ([]byte, error) {
	return a.tile, nil
}
func (a *anySource) Close() error { return nil }

// benchFrame draws 1280x800 frames of l, panning a pixel each time so
// that the layer redraws from its decoded tiles (not its last frame).
func benchFrame(b *testing.B, l *tiles.Layer, center orb.Point, zoom float64) {
	benchFrames(b, l, center, zoom, false)
}

// benchFrames pans by a pixel each frame (the last frame's geometry is
// reused), or with rezoom changes the zoom by a hair each frame so that
// every frame is drawn from the decoded tiles alone.
func benchFrames(b *testing.B, l *tiles.Layer, center orb.Point, zoom float64, rezoom bool) {
	v := render.NewViewport(center, zoom, 1280, 800)
	img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	l.Draw(img, v) // decode and cache the tiles
	runtime.GC()
	cpu0, ok := processCPU()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		w := v
		if rezoom {
			w.Zoom += float64(i%2) * 0.001
		} else {
			w.Pan(float64(i%2*2-1), 0)
		}
		clear(img.Pix)
		l.Draw(img, w)
	}
	b.StopTimer()
	if cpu1, ok2 := processCPU(); ok && ok2 {
		// CPU time on all cores: the frame's cost whatever else the
		// machine is running; on an idle machine the wall time is about
		// this divided by the cores used.
		b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/frame")
	}
}

// BenchmarkVectorFrameStreets: a street-level 1280x800 frame (display
// zoom 16.4, 12 tiles of a dense real street tile), decoded tiles cached.
func BenchmarkVectorFrameStreets(b *testing.B) {
	dir := sharedTilesDir(b)
	raw, err := os.ReadFile(filepath.Join(dir, "mvt", "15-8956-12223.mvt"))
	if err != nil {
		b.Fatal(err)
	}
	src := &anySource{md: tiles.Metadata{Format: tiles.FormatMVT, MinZoom: 15, MaxZoom: 15, Bounds: tiles.WorldBounds}, tile: raw}
	l := tiles.NewLayer(src, tiles.LayerOptions{})
	benchFrame(b, l, tiles.TileID{Z: 15, X: 8956, Y: 12223}.Bound().Center(), 16.4)
}

// BenchmarkVectorFrameGenerated: a 1280x800 frame of the generated
// Natural Earth vector tiles over Yanbian (display zoom 9).
func BenchmarkVectorFrameGenerated(b *testing.B) {
	pm, _ := generated(b)
	l := openLayer(b, pm, tiles.LayerOptions{})
	benchFrame(b, l, orb.Point{130.1, 42.85}, 9)
}

// BenchmarkRasterFrame: a 1280x800 frame of 256-pixel PNG tiles at a
// fractional zoom (every tile scaled), decoded tiles cached.
func BenchmarkRasterFrame(b *testing.B) {
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	png.Encode(&buf, img)
	src := &anySource{md: tiles.Metadata{Format: tiles.FormatPNG, MinZoom: 0, MaxZoom: 18, Bounds: tiles.WorldBounds}, tile: buf.Bytes()}
	l := tiles.NewLayer(src, tiles.LayerOptions{})
	benchFrame(b, l, orb.Point{129.9, 42.95}, 12.3)
}

// BenchmarkRasterFrameExact: raster tiles at an integer zoom: copies.
func BenchmarkRasterFrameExact(b *testing.B) {
	l := openLayer(b, generatedRaster(b), tiles.LayerOptions{})
	benchFrame(b, l, orb.Point{130.0, 42.9}, 6)
}

// BenchmarkMapWithVectorTiles: the whole renderer's frame (embedded
// basemap, a vector tile layer, overlay), as the window draws it.
func BenchmarkMapWithVectorTiles(b *testing.B) {
	dir := sharedTilesDir(b)
	raw, err := os.ReadFile(filepath.Join(dir, "mvt", "15-8956-12223.mvt"))
	if err != nil {
		b.Fatal(err)
	}
	src := &anySource{md: tiles.Metadata{Format: tiles.FormatMVT, MinZoom: 15, MaxZoom: 15, Bounds: tiles.WorldBounds}, tile: raw}
	l := tiles.NewLayer(src, tiles.LayerOptions{})
	m := testMap(b)
	v := render.NewViewport(tiles.TileID{Z: 15, X: 8956, Y: 12223}.Bound().Center(), 16.4, 1280, 800)
	img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	opts := render.DrawOptions{Layers: []render.Layer{l}}
	m.Draw(img, v, opts)
	runtime.GC()
	cpu0, ok := processCPU()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		w := v
		w.Pan(float64(i%2*2-1), 0)
		m.Draw(img, w, opts)
	}
	reportCPU(b, cpu0, ok)
}

// BenchmarkVectorFrameStreetsRedraw: as BenchmarkVectorFrameStreets but
// every frame drawn from scratch (a zoom step): 12 dense tiles rasterised.
func BenchmarkVectorFrameStreetsRedraw(b *testing.B) {
	dir := sharedTilesDir(b)
	raw, err := os.ReadFile(filepath.Join(dir, "mvt", "15-8956-12223.mvt"))
	if err != nil {
		b.Fatal(err)
	}
	src := &anySource{md: tiles.Metadata{Format: tiles.FormatMVT, MinZoom: 15, MaxZoom: 15, Bounds: tiles.WorldBounds}, tile: raw}
	l := tiles.NewLayer(src, tiles.LayerOptions{})
	benchFrames(b, l, tiles.TileID{Z: 15, X: 8956, Y: 12223}.Bound().Center(), 16.4, true)
}

// BenchmarkVectorFrameGeneratedRedraw: the generated tiles, every frame
// drawn from scratch.
func BenchmarkVectorFrameGeneratedRedraw(b *testing.B) {
	pm, _ := generated(b)
	l := openLayer(b, pm, tiles.LayerOptions{})
	benchFrames(b, l, orb.Point{130.1, 42.85}, 9, true)
}

// BenchmarkRasterFrameRedraw: scaled raster tiles, every frame from
// scratch.
func BenchmarkRasterFrameRedraw(b *testing.B) {
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	png.Encode(&buf, img)
	src := &anySource{md: tiles.Metadata{Format: tiles.FormatPNG, MinZoom: 0, MaxZoom: 18, Bounds: tiles.WorldBounds}, tile: buf.Bytes()}
	l := tiles.NewLayer(src, tiles.LayerOptions{})
	benchFrames(b, l, orb.Point{129.9, 42.95}, 12.3, true)
}

// BenchmarkVectorFrameStreetsCold: decode and draw a street-level
// 1280x800 screen with nothing cached (12 dense tiles decoded on all
// cores, then drawn): the first frame after opening a file or jumping.
func BenchmarkVectorFrameStreetsCold(b *testing.B) {
	dir := sharedTilesDir(b)
	raw, err := os.ReadFile(filepath.Join(dir, "mvt", "15-8956-12223.mvt"))
	if err != nil {
		b.Fatal(err)
	}
	src := &anySource{md: tiles.Metadata{Format: tiles.FormatMVT, MinZoom: 15, MaxZoom: 15, Bounds: tiles.WorldBounds}, tile: raw}
	v := render.NewViewport(tiles.TileID{Z: 15, X: 8956, Y: 12223}.Bound().Center(), 16.4, 1280, 800)
	img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	runtime.GC()
	cpu0, ok := processCPU()
	for b.Loop() {
		l := tiles.NewLayer(src, tiles.LayerOptions{})
		l.Draw(img, v)
	}
	reportCPU(b, cpu0, ok)
}

func reportCPU(b *testing.B, cpu0 time.Duration, ok bool) {
	b.StopTimer()
	if cpu1, ok2 := processCPU(); ok && ok2 {
		b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/float64(b.N)/1e6, "cpu-ms/frame")
	}
}
