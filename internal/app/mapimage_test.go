package app

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
)

// TestExportMapImage saves the map as a PNG at each offered size: the same
// area with k times the pixels, and a confidential site only when asked.
func TestExportMapImage(t *testing.T) {
	world, err := basemap.Load()
	if err != nil {
		t.Fatal(err)
	}
	tumen := orb.Point{129.84, 42.97}
	b := render.NewIndexBuilder()
	b.Add(site.Summary{Row: 1, ID: "a", Name: "Secret dormitory", Category: "dormitory", Status: site.StatusReported, Geometry: tumen, Confidential: true})
	m, err := render.NewMap(world, b.Build())
	if err != nil {
		t.Fatal(err)
	}
	screen := render.NewViewport(tumen, 12, 300, 200)
	dir := t.TempDir()
	centre := func(img image.Image) [4]uint32 {
		r, g, bl, a := img.At(img.Bounds().Dx()/2, img.Bounds().Dy()/2).RGBA()
		return [4]uint32{r, g, bl, a}
	}
	var hidden, shown [4]uint32
	for _, k := range MapImageScales {
		for _, include := range []bool{false, true} {
			path := filepath.Join(dir, "map.png")
			v := MapImageView(screen, k)
			if err := ExportMapImage(path, m, v, render.DrawOptions{NoOverlay: true}, include); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got.X != 300*k || got.Y != 200*k {
				t.Errorf("scale %d: image is %v, want %dx%d", k, got, 300*k, 200*k)
			}
			if v.Bound() != screen.Bound() {
				t.Errorf("scale %d shows %v, the screen %v", k, v.Bound(), screen.Bound())
			}
			if include {
				shown = centre(img)
			} else {
				hidden = centre(img)
			}
		}
		if hidden == shown {
			t.Errorf("scale %d: the confidential site's marker looks the same drawn and left out (%v)", k, shown)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, ".*tmp")); len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}
