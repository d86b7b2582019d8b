package app

import (
	"bufio"
	"os"

	"github.com/siteatlas/siteatlas/internal/render"
)

// MapImageScales are the sizes a map image is offered in, as multiples of
// the view on screen: the same area, with finer lines and text.
var MapImageScales = []int{1, 2, 4}

// MapImageView is the view v drawn k times as sharp: k times the pixels
// over the same area, markers and labels scaled alike.
func MapImageView(v render.Viewport, k int) render.Viewport {
	scale := v.Scale
	if scale <= 0 {
		scale = 1
	}
	out := render.NewViewport(v.Center, v.Zoom, v.Width*k, v.Height*k)
	out.Scale = scale * float64(k)
	return out
}

// ExportMapImage draws the map of view v as a PNG at path, written
// atomically like every export. Confidential sites are left off unless
// includeConfidential, whatever opts.Filter says: an image is shared as
// readily as a GeoJSON file.
func ExportMapImage(path string, m *render.Map, v render.Viewport, opts render.DrawOptions, includeConfidential bool) error {
	opts.Filter.HideConfidential = opts.Filter.HideConfidential || !includeConfidential
	opts.Selected, opts.Hover = nil, 0
	return writeAtomically(path, func(f *os.File) error {
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := render.RenderPNG(bw, m, v, opts); err != nil {
			return err
		}
		return bw.Flush()
	})
}
