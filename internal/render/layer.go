package render

import (
	"image"
	"strings"
)

// Layer is a map layer drawn over the embedded basemap and under the sites:
// the tile layers of internal/tiles (MBTiles, PMTiles, an online source).
// Draw paints the layer's part of view v into dst (v.Width×v.Height, origin
// at 0,0); it is called from the render goroutine, possibly concurrently
// with other frames, and must not block on the network.
type Layer interface {
	Draw(dst *image.RGBA, v Viewport)
}

// LabelLayer is a Layer that draws its labels apart from its geometry:
// the renderer draws the geometry with the other layers, and the labels
// once the site markers are placed, so that names give way to sites and
// the embedded world's names give way to the layer's. place claims a box
// for a label and reports whether it was free.
type LabelLayer interface {
	Layer
	DrawGeometry(dst *image.RGBA, v Viewport)
	DrawLabels(dst *image.RGBA, v Viewport, place func(image.Rectangle) bool)
}

// PlaceLabeler is a Layer that may draw its own place names (vector tiles
// with labels, raster tiles with names baked in). Where it says it does for
// a view, the embedded world's place names are left out, so that names do
// not appear twice.
type PlaceLabeler interface {
	LabelsPlaces(v Viewport) bool
}

// Attributor is a Layer that must credit its data; the credit is added to
// the map's attribution line.
type Attributor interface {
	Attribution() string
}

// drawLayers draws the layers in order, bottom first.
func drawLayers(dst *image.RGBA, v Viewport, layers []Layer) {
	for _, l := range layers {
		if ll, ok := l.(LabelLayer); ok {
			ll.DrawGeometry(dst, v)
		} else if l != nil {
			l.Draw(dst, v)
		}
	}
}

// drawLayerLabels draws the labels of the LabelLayers, top layer first,
// where col has room.
func drawLayerLabels(dst *image.RGBA, v Viewport, layers []Layer, col *collider) {
	for i := len(layers) - 1; i >= 0; i-- {
		if ll, ok := layers[i].(LabelLayer); ok {
			ll.DrawLabels(dst, v, col.Place)
		}
	}
}

// layersLabelPlaces reports whether a layer draws place names in view v.
func layersLabelPlaces(v Viewport, layers []Layer) bool {
	for _, l := range layers {
		if pl, ok := l.(PlaceLabeler); ok && pl.LabelsPlaces(v) {
			return true
		}
	}
	return false
}

// attribution is the map's credit line followed by the layers' credits,
// top layer first, each once.
func (m *Map) attribution(layers []Layer) string {
	parts := []string{}
	seen := map[string]bool{}
	for i := len(layers) - 1; i >= 0; i-- {
		a, ok := layers[i].(Attributor)
		if !ok {
			continue
		}
		if s := strings.TrimSpace(a.Attribution()); s != "" && !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	if m.Attribution != "" {
		parts = append(parts, m.Attribution)
	}
	return strings.Join(parts, " · ")
}
