package render

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/paulmach/orb"
)

func TestParseArgs(t *testing.T) {
	if w, h, err := ParseSize("1280x800"); err != nil || w != 1280 || h != 800 {
		t.Errorf("ParseSize = %d, %d, %v", w, h, err)
	}
	for _, bad := range []string{"", "1280", "0x10", "axb", "99999x10"} {
		if _, _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
	b, err := ParseBBox("129.5, 42.7,130.6,43.1")
	if err != nil || b.Min != (orb.Point{129.5, 42.7}) || b.Max != (orb.Point{130.6, 43.1}) {
		t.Errorf("ParseBBox = %v, %v", b, err)
	}
	for _, bad := range []string{"1,2,3", "0,10,1,5", "x,1,2,3", "0,-95,1,1"} {
		if _, err := ParseBBox(bad); err == nil {
			t.Errorf("ParseBBox(%q) accepted", bad)
		}
	}
	if c, err := ParseCenter("129.84,42.97"); err != nil || c != (orb.Point{129.84, 42.97}) {
		t.Errorf("ParseCenter = %v, %v", c, err)
	}
	if _, err := ParseCenter("200,1"); err == nil {
		t.Errorf("ParseCenter accepted lon 200")
	}
}

func TestViewportForBBox(t *testing.T) {
	b := orb.Bound{Min: orb.Point{129.5, 42.7}, Max: orb.Point{130.6, 43.1}}
	v := ViewportForBBox(b, 1280, 800)
	got := v.Bound()
	if !got.Contains(b.Min) || !got.Contains(b.Max) {
		t.Errorf("view %v does not contain %v", got, b)
	}
	if v.Zoom < 9 || v.Zoom > 11 {
		t.Errorf("zoom %v for a 1° box in 1280 px", v.Zoom)
	}
	// Across the antimeridian: W > E.
	v = ViewportForBBox(orb.Bound{Min: orb.Point{170, -20}, Max: orb.Point{-170, 0}}, 800, 600)
	if v.Zoom < 3 || (v.Center[0] > -179 && v.Center[0] < 179) {
		t.Errorf("antimeridian box: %+v", v)
	}
}

func TestRenderPNG(t *testing.T) {
	m, err := NewMap(nil, buildIndex(sampleSites), nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	v := ViewportForCenter(orb.Point{129.84, 42.97}, 12, 320, 200)
	if err := RenderPNG(&buf, m, v, DrawOptions{}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil || img.Bounds().Dx() != 320 || img.Bounds().Dy() != 200 {
		t.Fatalf("decoded %v, %v", img.Bounds(), err)
	}
	if err := RenderPNG(&buf, m, Viewport{}, DrawOptions{}); err == nil {
		t.Errorf("empty view accepted")
	}
}
