package render

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// TestViewportKnownPoints checks absolute positions worked out by hand and
// by orb's tile maths: Tumen, the antimeridian and the Mercator limits.
func TestViewportKnownPoints(t *testing.T) {
	tumen := orb.Point{129.84, 42.97}
	// At zoom 10 the world is 262,144 px: Tumen lies in tile (881, 376),
	// at world pixel x = 309.84/360·262144, y from the Mercator formula.
	v := NewViewport(orb.Point{0, 0}, 10, 1280, 800)
	ws := v.WorldSize()
	wx := 309.84 / 360 * 262144
	phi := 42.97 * math.Pi / 180
	wy := (1 - math.Log(math.Tan(math.Pi/4+phi/2))/math.Pi) / 2 * 262144
	if got := mercX(tumen[0]) * ws; !near(got, wx, 1e-6) {
		t.Errorf("Tumen world x %.4f, want %.4f", got, wx)
	}
	if got := mercY(tumen[1]) * ws; !near(got, wy, 1e-6) {
		t.Errorf("Tumen world y %.4f, want %.4f", got, wy)
	}
	tile := maptile.At(tumen, 10)
	if tile.X != 881 || tile.Y != 376 || int(wx/256) != 881 || int(wy/256) != 376 {
		t.Errorf("Tumen in tile %v, world pixel %.1f, %.1f", tile, wx, wy)
	}
	// Centred on Tumen at zoom 10, the pixel 100 px east is 100/262144 of
	// 360° further east; the latitude round-trips to the pixel.
	v = NewViewport(tumen, 10, 1280, 800)
	p := v.ToLonLat(740, 400)
	if !near(p[0], 129.84+100*360/262144.0, 1e-9) || !near(p[1], 42.97, 1e-9) {
		t.Errorf("100 px east of Tumen: %v", p)
	}
	// Hunchun, 0.53° east and 0.1° south, lies right of and below Tumen.
	hx, hy := v.ToPixel(orb.Point{130.366, 42.862})
	if !near(hx, 640+0.526/360*262144, 1e-6) || hy <= 400 {
		t.Errorf("Hunchun at %.2f, %.2f", hx, hy)
	}

	// The antimeridian: ±180 are the same meridian, drawn at one pixel.
	v = NewViewport(orb.Point{180, 0}, 4, 1280, 800)
	xe, _ := v.ToPixel(orb.Point{180, 0})
	xw, _ := v.ToPixel(orb.Point{-180, 0})
	if !near(xe, 640, 1e-6) || !near(xw, 640, 1e-6) {
		t.Errorf("antimeridian at %.3f (east) and %.3f (west), want 640", xe, xw)
	}
	// Suva (178.44E) left of the centre, Apia (171.8W) right of it.
	sx, _ := v.ToPixel(orb.Point{178.44, -18.14})
	ax, _ := v.ToPixel(orb.Point{-171.8, -13.8})
	if !(sx < 640 && ax > 640) {
		t.Errorf("across the antimeridian: Suva at x=%.1f, Apia at x=%.1f", sx, ax)
	}
	if q := v.ToLonLat(1280, 400); q[0] >= 0 || q[0] < -180 {
		t.Errorf("east edge of a Pacific view at lon %v, want wrapped west longitude", q[0])
	}

	// ±85.05°: the top and bottom of the world at zoom 0, exactly.
	v = NewViewport(orb.Point{0, 0}, 0, 256, 256)
	if q := v.ToLonLat(128, 0); !near(q[1], 85.0511287798, 1e-9) {
		t.Errorf("top of the world at lat %.10f", q[1])
	}
	if q := v.ToLonLat(128, 256); !near(q[1], -85.0511287798, 1e-9) {
		t.Errorf("bottom of the world at lat %.10f", q[1])
	}
	if q := v.ToLonLat(128, -50); q[1] > MaxLat {
		t.Errorf("above the world: lat %v not clamped", q[1])
	}
	if _, y := v.ToPixel(orb.Point{0, -90}); !near(y, 256, 1e-9) {
		t.Errorf("the south pole at y=%v, want the bottom edge", y)
	}
}
