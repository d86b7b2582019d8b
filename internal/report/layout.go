package report

import (
	"image"
	"strings"

	"golang.org/x/image/draw"

	"github.com/siteatlas/siteatlas/internal/pdf"
)

// Type sizes and colours of the report, in points.
const (
	bodySize    = 10
	smallSize   = 8.5
	lineGap     = 1.35 // line height as a multiple of the size
	margin      = 56
	footerSpace = 28
	imageDPI    = 150 // images are downsampled to this at their printed size
)

var (
	ink    = pdf.Color{R: 20, G: 20, B: 20}
	muted  = pdf.Color{R: 100, G: 100, B: 100}
	accent = pdf.Color{R: 20, G: 60, B: 120}
	rule   = pdf.Color{R: 190, G: 190, B: 190}
)

// flow places blocks top to bottom and starts a new page when the next
// block does not fit.
type flow struct {
	doc    *pdf.Document
	heard  func(string) // Options.Text, or nil
	size   pdf.Size
	page   *pdf.Page
	y      float64
	narrow float64 // points kept free at the right (beside a locator map); a new page resets it
}

func (f *flow) left() float64   { return margin }
func (f *flow) right() float64  { return f.size.W - margin - f.narrow }
func (f *flow) width() float64  { return f.size.W - 2*margin - f.narrow }
func (f *flow) bottom() float64 { return f.size.H - margin - footerSpace }

func (f *flow) newPage() *pdf.Page {
	f.page = f.doc.AddPage(f.size)
	f.y = margin
	f.narrow = 0
	return f.page
}

// need starts a new page unless h more points fit on this one.
func (f *flow) need(h float64) {
	if f.page == nil || f.y+h > f.bottom() {
		f.newPage()
	}
}

// para writes wrapped text at x offset indent, breaking pages between
// lines, and returns the number of lines.
func (f *flow) para(text string, size float64, c pdf.Color, indent float64) int {
	f.hear(text)
	lh := size * lineGap
	lines := f.doc.Wrap(text, size, f.width()-indent)
	for _, l := range lines {
		f.need(lh)
		f.page.Text(f.left()+indent, f.y+size, pdf.TextStyle{Size: size, Color: c}, l)
		f.y += lh
	}
	return len(lines)
}

// field writes "label  value" with the label in a fixed column and the
// value wrapped beside it.
func (f *flow) field(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	f.hear(value)
	const col = 110
	lh := bodySize * lineGap
	lines := f.doc.Wrap(value, bodySize, f.width()-col)
	for i, l := range lines {
		f.need(lh)
		if i == 0 {
			f.page.Text(f.left(), f.y+bodySize, pdf.TextStyle{Size: bodySize, Color: muted}, label)
		}
		f.page.Text(f.left()+col, f.y+bodySize, pdf.TextStyle{Size: bodySize, Color: ink}, l)
		f.y += lh
	}
}

// hear hands a text about to be laid out to Options.Text.
func (f *flow) hear(s string) {
	if f.heard != nil && s != "" {
		f.heard(s)
	}
}

func (f *flow) heading(text string, size float64) {
	f.need(size*lineGap*2 + bodySize*lineGap*2) // keep a heading with what follows
	f.y += size * 0.4
	f.para(text, size, accent, 0)
	f.y += size * 0.2
}

func (f *flow) hr() {
	f.need(8)
	f.page.Line(pdf.Point{X: f.left(), Y: f.y + 3}, pdf.Point{X: f.right(), Y: f.y + 3}, rule, 0.5)
	f.y += 8
}

// truncate shortens s with an ellipsis to fit width.
func truncate(d *pdf.Document, s string, size, width float64) string {
	if d.Width(s, size) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.Width(string(r)+"…", size) > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// fit returns the size of an image of w×h pixels scaled to fit within
// maxW×maxH points, keeping its aspect.
func fit(w, h int, maxW, maxH float64) (float64, float64) {
	if w <= 0 || h <= 0 {
		return 0, 0
	}
	s := min(maxW/float64(w), maxH/float64(h))
	return float64(w) * s, float64(h) * s
}

// embed adds img to the document for printing at w×h points: a JPEG made
// by JPEG is passed through as it is; any other image is downsampled to
// imageDPI first so a 12-megapixel photo does not become a 36 MB stream.
func embed(d *pdf.Document, img image.Image, w, h float64) (*pdf.Image, error) {
	if j, ok := img.(*jpegImage); ok {
		return d.AddJPEG(j.data)
	}
	b := img.Bounds()
	pw, ph := int(w*imageDPI/72+0.5), int(h*imageDPI/72+0.5)
	if pw < b.Dx() && ph < b.Dy() && pw > 0 && ph > 0 {
		small := image.NewNRGBA(image.Rect(0, 0, pw, ph))
		draw.ApproxBiLinear.Scale(small, small.Bounds(), img, b, draw.Src, nil)
		img = small
	}
	return d.AddImage(img), nil
}
