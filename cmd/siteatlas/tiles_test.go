package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/tilegen"
)

// TestTilesDownloadCommand downloads an area from a tile server on
// 127.0.0.1 and then draws it with render --tiles.
func TestTilesDownloadCommand(t *testing.T) {
	var hits atomic.Int64
	tile := new(bytes.Buffer)
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	png.Encode(tile, img)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write(tile.Bytes())
	}))
	defer srv.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "area.mbtiles")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"tiles", "download", "--url", srv.URL + "/{z}/{x}/{y}.png",
		"--bbox", "129.5,42.7,130.6,43.1", "--zoom", "8-10", "-o", out, "--attribution", "© Test"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "fetched") || hits.Load() == 0 {
		t.Errorf("stdout %q, %d requests", stdout.String(), hits.Load())
	}
	// Again: everything is already there.
	stdout.Reset()
	before := hits.Load()
	if code := run(context.Background(), []string{"tiles", "download", "--url", srv.URL + "/{z}/{x}/{y}.png",
		"--bbox", "129.5,42.7,130.6,43.1", "--zoom", "8-10", "-o", out}, &stdout, &stderr); code != 0 || hits.Load() != before {
		t.Errorf("resume: exit %d, %d new requests", code, hits.Load()-before)
	}
	// Absurd requests are refused with an explanation.
	stderr.Reset()
	if code := run(context.Background(), []string{"tiles", "download", "--url", srv.URL + "/{z}/{x}/{y}.png",
		"--bbox", "70,10,150,55", "--zoom", "5-16", "-o", filepath.Join(dir, "huge.mbtiles")}, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "more than the 250,000 allowed") {
		t.Errorf("huge area: exit %d, %s", code, stderr.String())
	}
	if code := run(context.Background(), []string{"tiles", "download", "--url", "x"}, &stdout, &stderr); code != 2 {
		t.Errorf("bad usage: exit %d", code)
	}

	// render --tiles with the downloaded raster file and a vector PMTiles.
	w, err := basemap.Load()
	if err != nil {
		t.Fatal(err)
	}
	pm := filepath.Join(dir, "v.pmtiles")
	if err := tilegen.New(w).WritePMTiles(pm, tilegen.Options{Bound: orb.Bound{Min: orb.Point{129.5, 42.7}, Max: orb.Point{130.6, 43.1}}, MinZoom: 6, MaxZoom: 8}, 0); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"tiles", "info", pm, out}, &stdout, &stderr); code != 0 ||
		!strings.Contains(stdout.String(), "vector tiles (pbf), zoom 6-8") || !strings.Contains(stdout.String(), "attribution: © Test") {
		t.Errorf("tiles info: exit %d\n%s", code, stdout.String())
	}
	png1 := filepath.Join(dir, "map.png")
	stderr.Reset()
	code = run(context.Background(), []string{"render", "--db", filepath.Join(dir, "a.db"), "--tiles", pm, "--tiles", out,
		"--center", "130,42.9", "--zoom", "9", "--size", "320x200", "-o", png1}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr.String())
	}
	if code := run(context.Background(), []string{"render", "--db", filepath.Join(dir, "a.db"), "--tiles", filepath.Join(dir, "nope.pmtiles"),
		"--center", "130,42.9", "--zoom", "9", "-o", png1}, &stdout, &stderr); code != 1 {
		t.Errorf("render with a missing tile file: exit %d", code)
	}
}
