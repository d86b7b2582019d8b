package tiles_test

import (
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// TestPanReusesFrame: a frame reached by panning (the last frame's
// geometry moved, the uncovered strips drawn) equals the same view drawn
// from scratch.
func TestPanReusesFrame(t *testing.T) {
	pm, _ := generated(t)
	cases := []struct {
		name string
		src  func() tiles.Source
		at   orb.Point
		zoom float64
	}{
		{"generated vector", func() tiles.Source { s, _ := tiles.Open(pm); return s }, orb.Point{130.1, 42.85}, 9.4},
		{"raster", func() tiles.Source { s, _ := tiles.Open(generatedRaster(t)); return s }, orb.Point{129.9, 42.9}, 6.3},
	}
	if dir, ok := sharedDir(); ok {
		raw, err := os.ReadFile(filepath.Join(dir, "mvt", "15-8956-12223.mvt"))
		if err == nil {
			cases = append(cases, struct {
				name string
				src  func() tiles.Source
				at   orb.Point
				zoom float64
			}{"streets", func() tiles.Source {
				return &anySource{md: tiles.Metadata{Format: tiles.FormatMVT, MinZoom: 15, MaxZoom: 15, Bounds: tiles.WorldBounds}, tile: raw}
			}, tiles.TileID{Z: 15, X: 8956, Y: 12223}.Bound().Center(), 16.3})
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			panned := tiles.NewLayer(c.src(), tiles.LayerOptions{})
			v := render.NewViewport(c.at, c.zoom, 400, 300)
			img := image.NewRGBA(image.Rect(0, 0, 400, 300))
			panned.Draw(img, v)
			for _, d := range [][2]float64{{37, 0}, {0, -23}, {-5, 11}, {120, 90}, {-1, -1}} {
				v.Pan(d[0], d[1])
				clear(img.Pix)
				panned.Draw(img, v)
			}
			fresh := tiles.NewLayer(c.src(), tiles.LayerOptions{})
			want := image.NewRGBA(img.Rect)
			fresh.Draw(want, v)
			bad := 0
			for i := range img.Pix {
				d := int(img.Pix[i]) - int(want.Pix[i])
				if d > 8 || d < -8 {
					bad++
				}
			}
			if bad > len(img.Pix)/2000 {
				t.Errorf("%d channel values differ between the panned and the fresh frame", bad)
			}
		})
	}
}

func sharedDir() (string, bool) {
	for _, d := range []string{"../../../shared/testdata/tiles", "../../shared/testdata/tiles"} {
		if _, err := os.Stat(filepath.Join(d, "manifest.tsv")); err == nil {
			return d, true
		}
	}
	return "", false
}
