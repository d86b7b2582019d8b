package layout

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"sync"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/vector"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/raster"
)

// The PNG draws text with the fonts the PDF embeds, in the same order, so
// that lines measure alike in both.
var (
	rasterOnce  sync.Once
	rasterFonts *raster.Fonts
	rasterErr   error
)

func pngFonts() (*raster.Fonts, error) {
	rasterOnce.Do(func() {
		rasterFonts, rasterErr = raster.NewFonts(assets.LabelFontLatin, assets.LabelFont)
	})
	return rasterFonts, rasterErr
}

// Image rasterises the sheet at its resolution.
func (sh *Sheet) Image() (*image.RGBA, error) {
	fonts, err := pngFonts()
	if err != nil {
		return nil, fmt.Errorf("layout: %w", err)
	}
	k := sh.DPI / 72
	w, h := int(math.Round(sh.Size.W*k)), int(math.Round(sh.Size.H*k))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Rect, image.White, image.Point{}, draw.Src)
	for _, it := range sh.Items {
		switch it := it.(type) {
		case Picture:
			r := image.Rect(int(math.Round(it.Box.X*k)), int(math.Round(it.Box.Y*k)),
				int(math.Round(it.Box.right()*k)), int(math.Round(it.Box.bottom()*k)))
			if r.Size() == it.Img.Rect.Size() {
				draw.Draw(dst, r, it.Img, it.Img.Rect.Min, draw.Over)
			} else {
				xdraw.CatmullRom.Scale(dst, r, it.Img, it.Img.Rect, xdraw.Over, nil)
			}
		case Shape:
			fillShape(dst, it, k)
		case Text:
			halo := 0
			if it.Halo {
				halo = max(1, int(math.Round(1.2*k)))
			}
			sp := fonts.Text(it.S, it.Size*k, halo)
			if sp == nil {
				continue
			}
			x := it.X * k
			tw := float64(sp.Size().X - 2*halo)
			switch it.Align {
			case Middle:
				x -= tw / 2
			case End:
				x -= tw
			}
			haloCol := color.RGBA{}
			if it.Halo {
				haloCol = color.RGBA{0xf4, 0xf4, 0xf4, 0xf4}
			}
			sp.Draw(dst, int(math.Round(x))-halo, int(math.Round(it.Y*k))-sp.Ascent, it.Color, haloCol)
		}
	}
	return dst, nil
}

// fillShape fills and strokes a shape; a stroke is one quadrilateral per
// segment, extended by half its width at both ends so corners close.
func fillShape(dst *image.RGBA, s Shape, k float64) {
	if len(s.Pts) == 0 {
		return
	}
	hw := max(0.5, s.Width*k/2)
	// Rasterise only the shape's own box: a page is megapixels.
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range s.Pts {
		x0, y0, x1, y1 = min(x0, p.X*k), min(y0, p.Y*k), max(x1, p.X*k), max(y1, p.Y*k)
	}
	b := image.Rect(int(math.Floor(x0-hw-1)), int(math.Floor(y0-hw-1)), int(math.Ceil(x1+hw+1)), int(math.Ceil(y1+hw+1))).Intersect(dst.Rect)
	if b.Empty() {
		return
	}
	ox, oy := float64(b.Min.X), float64(b.Min.Y)
	pt := func(x, y float64) (float32, float32) { return float32(x - ox), float32(y - oy) }
	paint := func(z *vector.Rasterizer, c color.RGBA) {
		mask := image.NewAlpha(image.Rect(0, 0, b.Dx(), b.Dy()))
		z.Draw(mask, mask.Rect, image.Opaque, image.Point{})
		mask.Rect = b // the same pixels, placed where the shape is
		raster.Composite(dst, b, mask, c)
	}
	if s.Fill != nil && len(s.Pts) > 2 {
		z := vector.NewRasterizer(b.Dx(), b.Dy())
		z.MoveTo(pt(s.Pts[0].X*k, s.Pts[0].Y*k))
		for _, p := range s.Pts[1:] {
			z.LineTo(pt(p.X*k, p.Y*k))
		}
		z.ClosePath()
		paint(z, *s.Fill)
	}
	if s.Stroke == nil || len(s.Pts) < 2 {
		return
	}
	z := vector.NewRasterizer(b.Dx(), b.Dy())
	n := len(s.Pts) - 1
	if s.Closed {
		n++
	}
	for i := 0; i < n; i++ {
		a, c := s.Pts[i], s.Pts[(i+1)%len(s.Pts)]
		ax, ay, cx, cy := a.X*k, a.Y*k, c.X*k, c.Y*k
		dx, dy := cx-ax, cy-ay
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		ux, uy := dx/l*hw, dy/l*hw
		ax, ay, cx, cy = ax-ux, ay-uy, cx+ux, cy+uy
		z.MoveTo(pt(ax-uy, ay+ux))
		z.LineTo(pt(cx-uy, cy+ux))
		z.LineTo(pt(cx+uy, cy-ux))
		z.LineTo(pt(ax+uy, ay-ux))
		z.ClosePath()
	}
	paint(z, *s.Stroke)
}

// WritePNG writes the sheet as a PNG.
func (sh *Sheet) WritePNG(w io.Writer) error {
	img, err := sh.Image()
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, img)
}
