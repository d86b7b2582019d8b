package render

import (
	"image"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// TestPrecisionIsDrawn: a site placed approximately gets a translucent disc
// of its radius on the ground, a site placed to its city a larger ring, and
// an exact one neither, so that a city-centre site never looks surveyed.
func TestPrecisionIsDrawn(t *testing.T) {
	tumen := orb.Point{129.8436, 42.9672}
	draw := func(p site.Precision, opts DrawOptions) *image.RGBA {
		m, err := NewMap(nil, buildIndex([]site.Summary{{Row: 1, ID: "a", Name: "Site", Category: "factory",
			Status: site.StatusReported, Precision: p, Geometry: tumen}}), nil)
		if err != nil {
			t.Fatal(err)
		}
		dst := image.NewRGBA(image.Rect(0, 0, 400, 400))
		opts.NoOverlay, opts.NoBasemap = true, true
		m.Draw(dst, NewViewport(tumen, 14, 400, 400), opts)
		return dst
	}
	// At zoom 14 and 43°N a pixel is 6.99 m: 500 m is 72 px, 5 km 715 px.
	metresPerPixel := earthCircumference * math.Cos(tumen[1]*math.Pi/180) / (256 * math.Exp2(14))
	r500 := 500 / metresPerPixel
	at := func(img *image.RGBA, dx float64) uint8 { return img.RGBAAt(200+int(dx), 200).A }
	exact := draw(site.PrecisionExact, DrawOptions{})
	approx := draw(site.PrecisionApproximate, DrawOptions{})
	city := draw(site.PrecisionCity, DrawOptions{})
	if at(exact, r500*0.6) != 0 || at(exact, r500-0.5) != 0 {
		t.Error("an exact site has something drawn around its marker")
	}
	if at(approx, r500*0.6) == 0 {
		t.Errorf("an approximate site has no disc at 300 m from its marker")
	}
	if at(approx, r500-0.6) == 0 {
		t.Errorf("an approximate site's disc has no edge at 500 m (%.0f px)", r500)
	}
	if at(approx, r500+3) != 0 {
		t.Errorf("an approximate site's disc reaches past 500 m")
	}
	if at(city, r500*0.6) >= at(approx, r500*0.6) {
		t.Error("a city site's inside is as strong as an approximate site's disc: it should read as a ring")
	}
	// The 5 km ring is off this 400 px view; at zoom 11 it is 89 px.
	m, _ := NewMap(nil, buildIndex([]site.Summary{{Row: 1, ID: "a", Name: "Site", Category: "factory",
		Status: site.StatusReported, Precision: site.PrecisionCity, Geometry: tumen}}), nil)
	far := image.NewRGBA(image.Rect(0, 0, 400, 400))
	m.Draw(far, NewViewport(tumen, 11, 400, 400), DrawOptions{NoOverlay: true, NoBasemap: true})
	r5k := 5000 / (metresPerPixel * 8)
	if far.RGBAAt(200+int(r5k-0.6), 200).A <= far.RGBAAt(200+int(r5k*0.6), 200).A {
		t.Errorf("a city site has no ring at 5 km (%.0f px)", r5k)
	}
	// The radius is a setting; a negative one draws none.
	wide := draw(site.PrecisionApproximate, DrawOptions{ApproximateRadius: 1000})
	if at(wide, r500*1.5) == 0 {
		t.Error("a 1 km setting draws no disc at 750 m")
	}
	if none := draw(site.PrecisionApproximate, DrawOptions{ApproximateRadius: -1}); at(none, r500*0.6) != 0 {
		t.Error("a negative radius still draws a disc")
	}
}
