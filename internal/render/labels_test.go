package render

import (
	"fmt"
	"image"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// TestPlaceLabelsHaveGlyphs renders-checks every label the basemap can
// draw (place names with their Chinese or Korean names, country names),
// and the names of generated sites in three scripts: none may fall to a
// .notdef box.
func TestPlaceLabelsHaveGlyphs(t *testing.T) {
	m, err := NewMap(testWorld(t), nil, assets.LabelFont)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	n := 0
	for _, lvl := range m.places.levels {
		for _, pl := range lvl {
			text := pl.text
			if pl.country {
				text = strings.ToUpper(text)
			}
			if seen[text] {
				continue
			}
			seen[text] = true
			n++
			if miss := m.fonts.Missing(text); len(miss) > 0 {
				t.Errorf("label %q: no glyph for %q", text, string(miss))
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d distinct labels checked", n)
	}
	for _, want := range []string{"Rason 라선", "Pyongyang 평양", "Tumen 图们", "Hunchun 珲春", "Seoul 서울"} {
		if !seen[want] {
			t.Errorf("no label %q in the basemap", want)
		}
	}
	for s := range sitegen.Seq(2000, 7) {
		if miss := m.fonts.Missing(s.Name); len(miss) > 0 {
			t.Errorf("site name %q: no glyph for %q", s.Name, string(miss))
		}
	}
}

// TestKoreanLabelsDrawn draws the Tumen mouth and Pyongyang and checks that
// the Korean names are on the map, as ink, not boxes.
func TestKoreanLabelsDrawn(t *testing.T) {
	m, err := NewMap(testWorld(t), nil, assets.LabelFont)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		center orb.Point
		zoom   float64
		want   string
	}{
		{orb.Point{130.3, 42.5}, 8, "Rason 라선"},
		{orb.Point{125.75, 39.02}, 8, "Pyongyang 평양"},
	} {
		var drawn []string
		m.onLabel = func(text string, _ image.Rectangle) { drawn = append(drawn, text) }
		img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
		m.Draw(img, NewViewport(tc.center, tc.zoom, 1280, 800), DrawOptions{})
		found := false
		for _, d := range drawn {
			found = found || d == tc.want
		}
		if !found {
			t.Errorf("%v z%v: %q not drawn; drew %q", tc.center, tc.zoom, tc.want, drawn)
		}
		sp := m.fonts.Text(tc.want, 12, 2)
		ink := 0
		for _, a := range sp.Mask.Pix {
			if a > 128 {
				ink++
			}
		}
		// A .notdef box would be an outline; real glyphs are denser,
		// and a missing font would leave no ink at all.
		if ink < 40 {
			t.Errorf("%q drawn with %d inked pixels", tc.want, ink)
		}
	}
	m.onLabel = nil
}

// TestLabelsDoNotOverlap draws busy views, labels of places and of sites,
// and checks that no two label boxes overlap.
func TestLabelsDoNotOverlap(t *testing.T) {
	var ss []site.Summary
	for i, s := range genSummaries(20_000, 5) {
		s.Name = fmt.Sprintf("%s 工厂 %d", []string{"Hunchun", "Tumen", "Łódź", "라선"}[i%4], i)
		ss = append(ss, s)
	}
	m, err := NewMap(testWorld(t), buildIndex(ss), assets.LabelFont)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		center orb.Point
		zoom   float64
		sel    []int64
	}{
		{orb.Point{130.1, 42.9}, 3, nil},
		{orb.Point{130.1, 42.9}, 6, nil},
		{orb.Point{130.1, 42.9}, 8, nil},
		{orb.Point{130.1, 42.9}, 10, nil},
		{orb.Point{130.366, 42.862}, 12, nil},
		{orb.Point{130.366, 42.862}, 14, []int64{1, 2, 3}},
		{orb.Point{10, 50}, 5, nil},
		{orb.Point{180, -17}, 6, nil},
	} {
		type box struct {
			text string
			r    image.Rectangle
		}
		var boxes []box
		m.onLabel = func(text string, r image.Rectangle) { boxes = append(boxes, box{text, r}) }
		img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
		m.Draw(img, NewViewport(tc.center, tc.zoom, 1280, 800), DrawOptions{Selected: tc.sel})
		if len(boxes) == 0 {
			t.Errorf("%v z%v: no labels", tc.center, tc.zoom)
		}
		for i := range boxes {
			if !boxes[i].r.In(img.Rect) {
				t.Errorf("%v z%v: label %q at %v leaves the image", tc.center, tc.zoom, boxes[i].text, boxes[i].r)
			}
			for j := i + 1; j < len(boxes); j++ {
				if boxes[i].r.Overlaps(boxes[j].r) {
					t.Errorf("%v z%v: labels %q %v and %q %v overlap", tc.center, tc.zoom,
						boxes[i].text, boxes[i].r, boxes[j].text, boxes[j].r)
				}
			}
		}
		t.Logf("%v z%v: %d labels", tc.center, tc.zoom, len(boxes))
	}
	m.onLabel = nil
}
