package render

import (
	"image"
	"image/color"
	"image/draw"
	"testing"

	"github.com/paulmach/orb"
)

type fillLayer struct {
	col    color.RGBA
	credit string
	labels bool
	calls  int
}

func (l *fillLayer) Draw(dst *image.RGBA, v Viewport) {
	l.calls++
	draw.Draw(dst, dst.Rect, image.NewUniform(l.col), image.Point{}, draw.Src)
}

func (l *fillLayer) Attribution() string          { return l.credit }
func (l *fillLayer) LabelsPlaces(v Viewport) bool { return l.labels }

// TestLayersDrawnOverBasemap checks the hook for tile layers: layers are
// drawn in order over the basemap, and their credits join the attribution.
func TestLayersDrawnOverBasemap(t *testing.T) {
	m, err := NewMap(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &fillLayer{col: color.RGBA{255, 0, 0, 255}, credit: "© A"}
	b := &fillLayer{col: color.RGBA{0, 0, 255, 255}, credit: "© B", labels: true}
	v := NewViewport(orb.Point{10, 10}, 5, 64, 48)
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	m.Draw(img, v, DrawOptions{Layers: []Layer{a, b}, NoOverlay: true})
	if a.calls != 1 || b.calls != 1 {
		t.Fatalf("calls = %d, %d; want 1, 1", a.calls, b.calls)
	}
	if got := img.RGBAAt(32, 24); got != b.col {
		t.Errorf("pixel = %v; want the top layer's %v", got, b.col)
	}
	if got, want := m.attribution([]Layer{a, b}), "© B · © A · "+DefaultAttribution; got != want {
		t.Errorf("attribution = %q; want %q", got, want)
	}
	if !layersLabelPlaces(v, []Layer{a, b}) || layersLabelPlaces(v, []Layer{a}) {
		t.Error("layersLabelPlaces: wrong answer")
	}
}

type labelLayer struct {
	fillLayer
	geometry, labels int
	placed           bool
}

func (l *labelLayer) DrawGeometry(dst *image.RGBA, v Viewport) { l.geometry++ }
func (l *labelLayer) DrawLabels(dst *image.RGBA, v Viewport, place func(image.Rectangle) bool) {
	l.labels++
	l.placed = place(image.Rect(10, 10, 20, 20)) && !place(image.Rect(12, 12, 18, 18))
}

// TestLabelLayer: a LabelLayer's geometry is drawn with the layers, its
// labels later through the frame's collider.
func TestLabelLayer(t *testing.T) {
	m, err := NewMap(nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l := &labelLayer{}
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	m.Draw(img, NewViewport(orb.Point{}, 3, 64, 48), DrawOptions{Layers: []Layer{l}})
	if l.calls != 0 || l.geometry != 1 || l.labels != 1 || !l.placed {
		t.Errorf("Draw %d, DrawGeometry %d, DrawLabels %d, collider used %v", l.calls, l.geometry, l.labels, l.placed)
	}
}
