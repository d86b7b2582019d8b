package tiles_test

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// TestGoldenHiDPI draws the generated vector tiles at device scale 2: the
// same area as at scale 1, twice the pixels, lines and labels twice as big.
func TestGoldenHiDPI(t *testing.T) {
	pm, _ := generated(t)
	l := openLayer(t, pm, tiles.LayerOptions{})
	v := render.NewViewport(orb.Point{130.1, 42.85}, 9.3, 640, 400)
	v.Scale = 2
	checkGolden(t, "vector_hidpi", drawWith(t, v, l))
}
