package render

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/project"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestViewportToPixel(t *testing.T) {
	tumen := orb.Point{129.84, 42.97}
	tests := []struct {
		name   string
		v      Viewport
		p      orb.Point
		wx, wy float64
	}{
		{"centre maps to middle", Viewport{Center: tumen, Zoom: 10, Width: 800, Height: 600}, tumen, 400, 300},
		{"zoom 0 world corner", Viewport{Center: orb.Point{0, 0}, Zoom: 0, Width: 256, Height: 256}, orb.Point{-180, MaxLat}, 0, 0},
		{"zoom 0 null island", Viewport{Center: orb.Point{0, 0}, Zoom: 0, Width: 256, Height: 256}, orb.Point{0, 0}, 128, 128},
		{"zoom 1 south-east", Viewport{Center: orb.Point{0, 0}, Zoom: 1, Width: 512, Height: 512}, orb.Point{180 - 1e-9, -MaxLat}, 512, 512},
		{"latitude beyond 85.05 clamps", Viewport{Center: orb.Point{0, 0}, Zoom: 0, Width: 256, Height: 256}, orb.Point{0, 89.9}, 128, 0},
		{"latitude -85.05", Viewport{Center: orb.Point{0, 0}, Zoom: 0, Width: 256, Height: 256}, orb.Point{0, -MaxLat}, 128, 256},
		{"across the antimeridian east of centre", Viewport{Center: orb.Point{179, 0}, Zoom: 2, Width: 1024, Height: 512}, orb.Point{-179, 0}, 512 + 2*1024.0/360, 256},
		{"across the antimeridian west of centre", Viewport{Center: orb.Point{-179, 0}, Zoom: 2, Width: 1024, Height: 512}, orb.Point{179, 0}, 512 - 2*1024.0/360, 256},
		{"device scale doubles pixels", Viewport{Center: orb.Point{0, 0}, Zoom: 0, Width: 512, Height: 512, Scale: 2}, orb.Point{90, 0}, 384, 256},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, y := tc.v.ToPixel(tc.p)
			if !near(x, tc.wx, 1e-6) || !near(y, tc.wy, 1e-6) {
				t.Errorf("ToPixel(%v) = %.6f, %.6f; want %.6f, %.6f", tc.p, x, y, tc.wx, tc.wy)
			}
		})
	}
}

// TestViewportAgreesWithOrb checks the projection against orb's maptile
// and project packages at Tumen.
func TestViewportAgreesWithOrb(t *testing.T) {
	tumen := orb.Point{129.84, 42.97}
	z := maptile.Zoom(12)
	tile := maptile.At(tumen, z)
	// The tile's north-west corner is at pixel (x*256, y*256) of the world.
	nw := tile.Bound().LeftTop()
	v := Viewport{Center: orb.Point{0, 0}, Zoom: float64(z), Width: 0, Height: 0}
	v.Center = orb.Point{0, 0}
	ws := v.WorldSize()
	mx, my := mercX(nw[0]), mercY(nw[1])
	if !near(mx*ws, float64(tile.X)*256, 1e-6) || !near(my*ws, float64(tile.Y)*256, 1e-6) {
		t.Errorf("tile %v corner at %.3f, %.3f; want %d, %d", tile, mx*ws, my*ws, tile.X*256, tile.Y*256)
	}
	m := project.WGS84.ToMercator(tumen)
	const half = math.Pi * 6378137
	if !near(mercX(tumen[0]), (m[0]+half)/(2*half), 1e-12) || !near(mercY(tumen[1]), (half-m[1])/(2*half), 1e-12) {
		t.Errorf("merc(%v) = %v, %v; project gives %v", tumen, mercX(tumen[0]), mercY(tumen[1]), m)
	}
}

func TestViewportRoundTrip(t *testing.T) {
	for _, v := range []Viewport{
		{Center: orb.Point{129.84, 42.97}, Zoom: 10.3, Width: 1280, Height: 800},
		{Center: orb.Point{179.9, -16}, Zoom: 4, Width: 1280, Height: 800},
		{Center: orb.Point{0, 0}, Zoom: 1.5, Width: 640, Height: 480, Scale: 2},
	} {
		for _, px := range [][2]float64{{0, 0}, {17, 400}, {639, 479}, {320, 240}} {
			p := v.ToLonLat(px[0], px[1])
			x, y := v.ToPixel(p)
			if !near(x, px[0], 1e-6) || !near(y, px[1], 1e-6) {
				t.Errorf("%+v: pixel %v -> %v -> %.6f, %.6f", v, px, p, x, y)
			}
			if p[0] < -180 || p[0] >= 180 {
				t.Errorf("%+v: ToLonLat longitude %v not wrapped", v, p[0])
			}
		}
	}
}

func TestViewportZoomAroundKeepsCursorPoint(t *testing.T) {
	tests := []struct {
		v      Viewport
		px, py float64
		delta  float64
	}{
		{NewViewport(orb.Point{129.84, 42.97}, 10, 1280, 800), 100, 700, 1},
		{NewViewport(orb.Point{129.84, 42.97}, 10, 1280, 800), 1200, 50, -0.37},
		{NewViewport(orb.Point{179.5, 10}, 6, 1280, 800), 1270, 400, 2.5},
		{NewViewport(orb.Point{-179.5, -30}, 3, 1280, 800), 3, 400, 0.5},
	}
	for _, tc := range tests {
		before := tc.v.ToLonLat(tc.px, tc.py)
		v := tc.v
		v.ZoomAround(tc.px, tc.py, tc.delta)
		if !near(v.Zoom, tc.v.Zoom+tc.delta, 1e-12) {
			t.Errorf("zoom %v, want %v", v.Zoom, tc.v.Zoom+tc.delta)
		}
		x, y := v.ToPixel(before)
		if !near(x, tc.px, 1e-6) || !near(y, tc.py, 1e-6) {
			t.Errorf("ZoomAround(%v, %v, %v): point moved to %.6f, %.6f", tc.px, tc.py, tc.delta, x, y)
		}
	}
}

func TestViewportPanWrapsAndClamps(t *testing.T) {
	v := NewViewport(orb.Point{179, 0}, 2, 1280, 800)
	v.Pan(3*1024.0/360, 0) // three degrees east
	if !near(v.Center[0], -178, 1e-9) {
		t.Errorf("pan across the antimeridian: lon %v, want -178", v.Center[0])
	}
	v = NewViewport(orb.Point{0, 80}, 3, 1280, 800)
	v.Pan(0, -1e6)
	_, top := v.ToPixel(orb.Point{0, MaxLat})
	if !near(top, 0, 1e-6) {
		t.Errorf("panning north past the pole: world top at y=%v, want 0", top)
	}
	v = NewViewport(orb.Point{0, 60}, 0, 1280, 800)
	if !near(v.Center[1], 0, 1e-9) {
		t.Errorf("world shorter than the window is centred, got lat %v", v.Center[1])
	}
}

func TestViewportBoundAndFit(t *testing.T) {
	v := NewViewport(orb.Point{130.1, 42.9}, 10, 1280, 800)
	b := v.Bound()
	if !b.Contains(orb.Point{129.84, 42.97}) || !b.Contains(orb.Point{130.36, 42.86}) {
		t.Errorf("bound %v misses Tumen or Hunchun", b)
	}
	v = NewViewport(orb.Point{180, 0}, 3, 1280, 800)
	if b := v.Bound(); !(b.Min[0] < 180 && b.Max[0] > 180) && !(b.Min[0] < -180 && b.Max[0] > -180) {
		t.Errorf("bound across the antimeridian %v should be unwrapped", b)
	}
	v = NewViewport(orb.Point{0, 0}, 0, 1280, 800)
	if b := v.Bound(); b.Min[0] != -180 || b.Max[0] != 180 {
		t.Errorf("bound wider than the world %v should be clamped", b)
	}

	want := orb.Bound{Min: orb.Point{129.5, 42.7}, Max: orb.Point{130.5, 43.1}}
	v = NewViewport(orb.Point{0, 0}, 1, 1280, 800)
	v.FitBound(want, 20)
	for _, p := range []orb.Point{want.Min, want.Max} {
		x, y := v.ToPixel(p)
		if x < 19.99 || x > 1260.01 || y < 19.99 || y > 780.01 {
			t.Errorf("FitBound: %v at %.1f, %.1f, outside the padded window", p, x, y)
		}
	}
	x0, _ := v.ToPixel(want.Min)
	x1, _ := v.ToPixel(want.Max)
	_, y0 := v.ToPixel(want.Max)
	_, y1 := v.ToPixel(want.Min)
	if !near(x1-x0, 1240, 0.01) && !near(y1-y0, 760, 0.01) {
		t.Errorf("FitBound does not fill the window: %.1f×%.1f", x1-x0, y1-y0)
	}
	// A bound across the antimeridian (Fiji).
	v.FitBound(orb.Bound{Min: orb.Point{177, -19}, Max: orb.Point{-179, -16}}, 0)
	if math.Abs(v.Center[0]) < 178 {
		t.Errorf("FitBound across the antimeridian centred at %v", v.Center)
	}
}

func TestScaleLength(t *testing.T) {
	for _, tc := range []struct{ mpp, maxPx, m float64 }{
		{10, 100, 1000},
		{7, 100, 500},
		{30, 100, 2000},
		{0.3, 100, 20},
	} {
		m, px := scaleLength(tc.mpp, tc.maxPx)
		if m != tc.m || px > tc.maxPx {
			t.Errorf("scaleLength(%v, %v) = %v, %v; want %v", tc.mpp, tc.maxPx, m, px, tc.m)
		}
	}
	if formatMeters(2000) != "2 km" || formatMeters(500) != "500 m" {
		t.Errorf("formatMeters: %q %q", formatMeters(2000), formatMeters(500))
	}
}
