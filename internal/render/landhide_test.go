package render

import (
	"image"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/basemap"
)

// TestHiddenLandChangesNothing checks that skipping the land polygons a
// country repeats leaves every view as it was, but for the anti-aliased
// coast pixels, and that no land is lost where no country covers it.
func TestHiddenLandChangesNothing(t *testing.T) {
	world := testWorld(t)
	hiding, err := NewMap(world, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	all, err := NewMap(world, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	hidden := 0
	for i := range world.Levels {
		all.levels[i].build(&world.Levels[i])
		for fi := range all.levels[i].feats {
			pf := &all.levels[i].feats[fi]
			for j := range pf.parts {
				if pf.parts[j].hidden {
					hidden++
					if pf.f.Class != basemap.Land {
						t.Fatalf("a %v part hidden", pf.f.Class)
					}
				}
				pf.parts[j].hidden = false
			}
		}
	}
	if hidden < 1000 {
		t.Errorf("only %d land polygons found repeated by countries", hidden)
	}
	for _, vw := range []struct {
		c orb.Point
		z float64
	}{
		{orb.Point{130.366, 42.862}, 2}, {orb.Point{130.366, 42.862}, 3.5}, {orb.Point{130.366, 42.862}, 8},
		{orb.Point{10, 50}, 4}, {orb.Point{-13, 25}, 5}, // Western Sahara: land no country covers
		{orb.Point{140, 36}, 5}, {orb.Point{121, 23.5}, 7}, {orb.Point{179.9, -17}, 6}, {orb.Point{20, 75}, 3},
	} {
		v := NewViewport(vw.c, vw.z, 640, 400)
		a := image.NewRGBA(image.Rect(0, 0, 640, 400))
		b := image.NewRGBA(image.Rect(0, 0, 640, 400))
		hiding.drawBasemap(newCanvas(a), newFrame(v))
		all.drawBasemap(newCanvas(b), newFrame(v))
		bad := 0
		for i := 0; i < len(a.Pix); i += 4 {
			for c := 0; c < 3; c++ {
				if d := int(a.Pix[i+c]) - int(b.Pix[i+c]); d > 24 || d < -24 {
					bad++
					break
				}
			}
		}
		if bad > 0 {
			t.Errorf("%v z%v: %d pixels differ by more than coast anti-aliasing", vw.c, vw.z, bad)
		}
	}
}
