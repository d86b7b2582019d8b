package tiles_test

import (
	"image"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// TestLabelsPlaces: an opaque basemap layer with its own names replaces
// the embedded world's names where it covers the view; an overlay, a
// hidden layer or a view outside the layer's area does not.
func TestLabelsPlaces(t *testing.T) {
	pm, _ := generated(t)
	l := openLayer(t, pm, tiles.LayerOptions{})
	img := image.NewRGBA(image.Rect(0, 0, 320, 200))
	in := render.NewViewport(orb.Point{130.1, 42.85}, 9, 320, 200)
	l.Draw(img, in)
	if !l.LabelsPlaces(in) {
		t.Error("basemap layer over its area: LabelsPlaces false")
	}
	out := render.NewViewport(orb.Point{2.35, 48.85}, 9, 320, 200) // Paris: no tiles
	l.Draw(img, out)
	if l.LabelsPlaces(out) {
		t.Error("outside the layer's area: LabelsPlaces true")
	}
	l.SetVisible(false)
	if l.LabelsPlaces(in) || l.Attribution() != "" {
		t.Error("hidden layer still labels places or credits its data")
	}
	l.SetVisible(true)
	if l.Attribution() == "" {
		t.Error("no attribution from the file's metadata")
	}
	if dir, ok := sharedDir(); ok {
		ov := openLayer(t, filepath.Join(dir, "mbtiles", "world_cities.mbtiles"), tiles.LayerOptions{})
		v := render.NewViewport(orb.Point{-75.9, 38.8}, 4, 320, 200)
		ov.Draw(img, v)
		if ov.LabelsPlaces(v) {
			t.Error("an overlay of points hides the embedded place names")
		}
	}
}

// TestGoldenOverlay draws the shared world_cities vector MBTiles (an
// overlay: named points, no background) over the embedded world.
func TestGoldenOverlay(t *testing.T) {
	dir, ok := sharedDir()
	if !ok {
		t.Skip("shared test data is absent")
	}
	ov := openLayer(t, filepath.Join(dir, "mbtiles", "world_cities.mbtiles"), tiles.LayerOptions{})
	v := render.NewViewport(orb.Point{10, 45}, 3, 640, 400)
	checkGolden(t, "vector_overlay", drawWith(t, v, ov))
}
