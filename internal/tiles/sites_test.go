package tiles_test

import (
	"image"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// TestGoldenSitesOverTiles: what the issue asks of the window: a map
// from a local tile file with the sites on top, labelled.
func TestGoldenSitesOverTiles(t *testing.T) {
	pm, _ := generated(t)
	l := openLayer(t, pm, tiles.LayerOptions{})
	w, err := basemap.Load()
	if err != nil {
		t.Fatal(err)
	}
	b := render.NewIndexBuilder()
	for i, s := range []struct {
		name, cat string
		at        orb.Point
	}{
		{"Tumen garment factory", "factory", orb.Point{129.845, 42.965}},
		{"Hunchun industrial complex", "industrial_complex", orb.Point{130.36, 42.87}},
		{"Seafood processing plant", "fishery", orb.Point{130.28, 42.83}},
	} {
		b.Add(site.Summary{Row: int64(i + 1), ID: s.name, Name: s.name, Category: s.cat, Status: site.StatusReported, Geometry: s.at})
	}
	m, err := render.NewMap(w, b.Build(), assets.LabelFont)
	if err != nil {
		t.Fatal(err)
	}
	v := render.NewViewport(orb.Point{130.1, 42.92}, 9.8, 640, 400)
	img := image.NewRGBA(image.Rect(0, 0, 640, 400))
	m.Draw(img, v, render.DrawOptions{Layers: []render.Layer{l}})
	checkGolden(t, "sites_over_vector", img)
}
