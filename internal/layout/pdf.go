package layout

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"io"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/pdf"
)

// Document lays the sheet out as a one-page PDF: text in the embedded
// (subset) fonts, so it can be extracted and searched; marks as paths;
// the map rasters as images. Its Text is what a leak audit reads.
func (sh *Sheet) Document() (*pdf.Document, error) {
	d := pdf.New(pdf.Info{Title: sh.Title, Creator: "Site Atlas"})
	for _, f := range [][]byte{assets.LabelFontLatin, assets.LabelFont} {
		if _, err := d.AddFont(f); err != nil {
			return nil, fmt.Errorf("layout: %w", err)
		}
	}
	page := d.AddPage(pdf.Size{W: sh.Size.W, H: sh.Size.H})
	imgs := map[*image.RGBA]*pdf.Image{}
	for _, it := range sh.Items {
		switch it := it.(type) {
		case Picture:
			im, ok := imgs[it.Img]
			if !ok {
				im = d.AddImage(nrgba(it.Img))
				imgs[it.Img] = im
			}
			page.Image(im, pdf.Rect{X: it.Box.X, Y: it.Box.Y, W: it.Box.W, H: it.Box.H})
		case Shape:
			st := pdf.Style{LineWidth: it.Width}
			if it.Fill != nil {
				c := pcol(*it.Fill)
				st.Fill = &c
			}
			if it.Stroke != nil {
				c := pcol(*it.Stroke)
				st.Stroke = &c
			}
			pts := make([]pdf.Point, len(it.Pts))
			for i, p := range it.Pts {
				pts[i] = pdf.Point{X: p.X, Y: p.Y}
			}
			page.Path(pts, it.Closed, st)
		case Text:
			x := it.X
			switch it.Align {
			case Middle:
				x -= it.Width / 2
			case End:
				x -= it.Width
			}
			if it.Halo {
				// PDF text has no halo: a light box under it reads as well.
				c := pdf.Color{R: 0xf4, G: 0xf4, B: 0xf4}
				pad := it.Size * 0.12
				page.Rect(pdf.Rect{X: x - pad, Y: it.Y - it.Size*0.8, W: it.Width + 2*pad, H: it.Size * 1.05}, pdf.Style{Fill: &c})
			}
			page.Text(x, it.Y, pdf.TextStyle{Size: it.Size, Color: pcol(it.Color)}, it.S)
		}
	}
	return d, nil
}

// WritePDF writes the sheet as a PDF.
func (sh *Sheet) WritePDF(w io.Writer) error {
	d, err := sh.Document()
	if err != nil {
		return err
	}
	return d.Write(w)
}

func pcol(c color.RGBA) pdf.Color { return pdf.Color{R: c.R, G: c.G, B: c.B} }

// nrgba converts a premultiplied raster for pdf.AddImage's fast path.
func nrgba(m *image.RGBA) *image.NRGBA {
	out := image.NewNRGBA(m.Rect)
	draw.Draw(out, out.Rect, m, m.Rect.Min, draw.Src)
	return out
}
