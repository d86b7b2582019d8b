package tiles

import (
	"image"
	"image/color"
	"math"
	"sync"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/raster"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"
)

// labelFonts renders label text as the renderer does: the label font
// (Noto Sans CJK subset), then its Latin fallback for what it lacks. Faces
// are not safe for concurrent use: everything runs under mu.
type labelFonts struct {
	mu      sync.Mutex
	fonts   []*sfnt.Font
	faces   map[faceKey]font.Face
	sprites map[spriteKey]*textSprite
	buf     sfnt.Buffer
}

type faceKey struct {
	font int
	size float64
}

type spriteKey struct {
	text  string
	size  float64
	halo  int
	angle int // degrees
}

// textSprite is a rendered label: glyph mask and halo mask.
type textSprite struct {
	mask, halo *image.Alpha
}

var (
	fontsOnce sync.Once
	fontsAll  *labelFonts
)

// sharedFonts returns the label fonts, parsed once per process.
func sharedFonts() *labelFonts {
	fontsOnce.Do(func() {
		fs := &labelFonts{faces: map[faceKey]font.Face{}, sprites: map[spriteKey]*textSprite{}}
		for _, b := range [][]byte{assets.LabelFont, assets.LabelFontLatin} {
			if len(b) == 0 {
				continue
			}
			f, err := opentype.Parse(b)
			if err != nil {
				c, cerr := opentype.ParseCollection(b)
				if cerr != nil {
					continue
				}
				if f, err = c.Font(0); err != nil {
					continue
				}
			}
			fs.fonts = append(fs.fonts, f)
		}
		fontsAll = fs
	})
	return fontsAll
}

func (fs *labelFonts) face(i int, size float64) font.Face {
	k := faceKey{i, size}
	if f, ok := fs.faces[k]; ok {
		return f
	}
	f, err := opentype.NewFace(fs.fonts[i], &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil
	}
	fs.faces[k] = f
	return f
}

func (fs *labelFonts) fontFor(r rune) int {
	for i, f := range fs.fonts {
		if g, err := f.GlyphIndex(&fs.buf, r); err == nil && g != 0 {
			return i
		}
	}
	return len(fs.fonts) - 1
}

// text returns the sprite of s at size pixels with a halo of halo pixels,
// or nil when there is no font.
func (fs *labelFonts) text(s string, size float64, halo int) *textSprite {
	if len(fs.fonts) == 0 || s == "" {
		return nil
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	k := spriteKey{s, size, halo, 0}
	if sp, ok := fs.sprites[k]; ok {
		return sp
	}
	if len(fs.sprites) > 8192 {
		clear(fs.sprites)
	}
	sp := fs.render(s, size, halo)
	fs.sprites[k] = sp
	return sp
}

func (fs *labelFonts) render(s string, size float64, halo int) *textSprite {
	type run struct {
		face font.Face
		text string
	}
	var runs []run
	start, cur := 0, -1
	for i, r := range s {
		fi := fs.fontFor(r)
		if r == ' ' && cur >= 0 {
			fi = cur
		}
		if fi != cur && i > start {
			runs = append(runs, run{fs.face(cur, size), s[start:i]})
			start = i
		}
		cur = fi
	}
	if start < len(s) {
		runs = append(runs, run{fs.face(cur, size), s[start:]})
	}
	var width fixed.Int26_6
	ascent, descent := 0, 0
	for _, r := range runs {
		if r.face == nil {
			continue
		}
		width += font.MeasureString(r.face, r.text)
		m := r.face.Metrics()
		ascent = max(ascent, m.Ascent.Ceil())
		descent = max(descent, m.Descent.Ceil())
	}
	w := width.Ceil() + 2*halo + 2
	h := ascent + descent + 2*halo
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	dot := fixed.P(halo+1, halo+ascent)
	for _, r := range runs {
		if r.face == nil {
			continue
		}
		d := font.Drawer{Dst: mask, Src: image.Opaque, Face: r.face, Dot: dot}
		d.DrawString(r.text)
		dot = d.Dot
	}
	return &textSprite{mask: mask, halo: raster.Dilate(mask, halo)}
}

func (sp *textSprite) size() image.Point { return sp.mask.Bounds().Size() }

// draw paints the sprite with its top-left corner at (x, y).
func (sp *textSprite) draw(dst *image.RGBA, x, y int, fg, halo color.RGBA) {
	r := sp.mask.Bounds().Add(image.Pt(x, y))
	if halo.A > 0 {
		raster.Composite(dst, r, sp.halo, halo)
	}
	raster.Composite(dst, r, sp.mask, fg)
}

// collider keeps the label boxes placed in a frame on a coarse grid.
type collider struct {
	cell  int
	boxes map[image.Point][]image.Rectangle
}

func newCollider() *collider {
	return &collider{cell: 64, boxes: map[image.Point][]image.Rectangle{}}
}

func (c *collider) place(r image.Rectangle) bool {
	x0, y0 := raster.FloorDiv(r.Min.X, c.cell), raster.FloorDiv(r.Min.Y, c.cell)
	x1, y1 := raster.FloorDiv(r.Max.X-1, c.cell), raster.FloorDiv(r.Max.Y-1, c.cell)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			for _, b := range c.boxes[image.Pt(x, y)] {
				if b.Overlaps(r) {
					return false
				}
			}
		}
	}
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			p := image.Pt(x, y)
			c.boxes[p] = append(c.boxes[p], r)
		}
	}
	return true
}

// rotated returns the sprite of s turned by deg degrees (clockwise on
// screen), rendering it on first use: road names follow their road.
func (fs *labelFonts) rotated(s string, size float64, halo, deg int) *textSprite {
	if deg == 0 {
		return fs.text(s, size, halo)
	}
	flat := fs.text(s, size, halo)
	if flat == nil {
		return nil
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	k := spriteKey{s, size, halo, deg}
	if sp, ok := fs.sprites[k]; ok {
		return sp
	}
	sp := &textSprite{mask: rotateAlpha(flat.mask, deg), halo: rotateAlpha(flat.halo, deg)}
	fs.sprites[k] = sp
	return sp
}

// rotateAlpha turns a mask by deg degrees about its centre into a mask
// just big enough for it.
func rotateAlpha(m *image.Alpha, deg int) *image.Alpha {
	a := float64(deg) * math.Pi / 180
	c, s := math.Cos(a), math.Sin(a)
	w, h := float64(m.Rect.Dx()), float64(m.Rect.Dy())
	W := int(math.Ceil(math.Abs(w*c)+math.Abs(h*s))) + 1
	H := int(math.Ceil(math.Abs(w*s)+math.Abs(h*c))) + 1
	out := image.NewAlpha(image.Rect(0, 0, W, H))
	// dst = R·(src - centre) + dst centre
	tx := float64(W)/2 - (c*w/2 - s*h/2)
	ty := float64(H)/2 - (s*w/2 + c*h/2)
	xdraw.BiLinear.Transform(out, f64.Aff3{c, -s, tx, s, c, ty}, m, m.Rect, xdraw.Src, nil)
	return out
}
