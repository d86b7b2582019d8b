package render

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
)

// scaleLength returns the longest round ground length (1, 2 or 5 × 10^k
// metres) that fits in maxPx pixels, and its length in pixels.
func scaleLength(metersPerPixel, maxPx float64) (meters, px float64) {
	if metersPerPixel <= 0 || math.IsNaN(metersPerPixel) {
		return 0, 0
	}
	maxM := metersPerPixel * maxPx
	p := math.Pow(10, math.Floor(math.Log10(maxM)))
	for _, f := range []float64{5, 2, 1} {
		if f*p <= maxM {
			meters = f * p
			break
		}
	}
	return meters, meters / metersPerPixel
}

// formatMeters writes a scale length as "500 m" or "20 km".
func formatMeters(m float64) string {
	if m >= 1000 {
		return fmt.Sprintf("%g km", m/1000)
	}
	return fmt.Sprintf("%g m", m)
}

// drawOverlay draws the scale bar (bottom left) and the attribution
// (bottom right), which every map must show.
func (m *Map) drawOverlay(dst *image.RGBA, fr frame, attribution string) {
	s := fr.scale
	margin := int(8 * s)
	b := dst.Rect
	// Scale bar: a white-backed bracket with the length above it. The
	// ground resolution is taken at the centre: in Mercator it varies with
	// latitude, which is why the bar is short and the label exact.
	meters, px := scaleLength(fr.v.MetersPerPixel(), 100*s)
	if meters > 0 && px >= 8 {
		t := m.fonts.Text(formatMeters(meters), 10.5*s, int(math.Round(1.5*s)))
		x0 := b.Min.X + margin
		y0 := b.Max.Y - margin
		w := int(math.Round(px))
		c := newCanvas(dst)
		lw := float32(1.5 * s)
		fx0, fy0, fx1 := float32(x0), float32(y0), float32(x0+w)
		tick := float32(5 * s)
		bracket := []float32{fx0, fy0 - tick, fx0, fy0, fx1, fy0, fx1, fy0 - tick}
		c.strokeLine(bracket, lw+2*float32(s))
		c.fill(fade(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.8))
		c.strokeLine(bracket, lw)
		c.fill(colOverlay)
		t.Draw(dst, x0+int(3*s), y0-int(3*s)-t.Size().Y, colOverlay, colHalo)
	}
	if attribution != "" {
		t := m.fonts.Text(attribution, 10*s, 0)
		sz := t.Size()
		pad := int(3 * s)
		r := image.Rect(b.Max.X-sz.X-2*pad, b.Max.Y-sz.Y-pad, b.Max.X, b.Max.Y)
		draw.Draw(dst, r, image.NewUniform(fade(color.RGBA{0xff, 0xff, 0xff, 0xff}, 0.7)), image.Point{}, draw.Over)
		t.Draw(dst, r.Min.X+pad, r.Min.Y, color.RGBA{0x55, 0x55, 0x55, 0xff}, color.RGBA{})
	}
}
