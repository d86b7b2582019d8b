package render

import (
	"image"
	"testing"

	"github.com/paulmach/orb"
)

// TestPanReusesBasemap checks that a panned frame, drawn from the shifted
// raster of the last frame and the strips it uncovers, matches a frame
// drawn from scratch.
func TestPanReusesBasemap(t *testing.T) {
	world := testWorld(t)
	cached, err := NewMap(world, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := NewMap(world, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := DrawOptions{NoOverlay: true}
	for _, start := range []Viewport{
		NewViewport(orb.Point{130.1, 42.9}, 3, 640, 400),
		NewViewport(orb.Point{130.1, 42.9}, 8.5, 640, 400),
		NewViewport(orb.Point{130.366, 42.862}, 14, 640, 400),
		NewViewport(orb.Point{179.5, -17}, 6, 640, 400),
		NewViewport(orb.Point{0, 84}, 2, 640, 400), // the world's top edge
	} {
		v := start
		a := image.NewRGBA(image.Rect(0, 0, 640, 400))
		b := image.NewRGBA(image.Rect(0, 0, 640, 400))
		cached.Draw(a, v, opts)
		for _, d := range [][2]float64{{1, 0}, {-7, 3}, {0, -50}, {150, 90}, {-1, -1}, {0.5, 0}, {0.5, 0}} {
			v.Pan(d[0], d[1])
			cached.Draw(a, v, opts)
			fresh.bmImg = nil
			fresh.Draw(b, v, opts)
			bad := 0
			for i := range a.Pix {
				if diff := int(a.Pix[i]) - int(b.Pix[i]); diff > 8 || diff < -8 {
					bad++
				}
			}
			if bad > 20 {
				t.Errorf("%v z%v after panning %v: %d channel values differ from a fresh frame", start.Center, start.Zoom, d, bad)
			}
		}
	}
	for _, z := range []float64{3, 8.5, 14} {
		v := NewViewport(orb.Point{130.366, 42.862}, z, 1280, 800)
		w := v
		w.Pan(-7, 3)
		if dx, dy, ok := panShift(v, w); !ok || dx != -7 || dy != 3 {
			t.Errorf("z%v: pan by -7, 3 seen as %d, %d, %v", z, dx, dy, ok)
		}
	}
	if dx, dy, ok := panShift(NewViewport(orb.Point{10, 10}, 5, 100, 100), NewViewport(orb.Point{10, 10}, 5.5, 100, 100)); ok {
		t.Errorf("a zoom change taken for a pan by %d, %d", dx, dy)
	}
}
