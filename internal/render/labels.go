package render

import (
	"fmt"
	"image"
	"image/color"
	"sync"
	"unicode"

	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/raster"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// fontSet renders label text through a chain of fonts: the label fonts
// given to NewMap (the embedded Noto CJK subset), then the embedded Noto
// Sans Latin subset for accented Latin, Greek and Cyrillic the CJK subset
// lacks, then Go Regular as the last resort. Each rune is drawn in the
// first font that has a glyph for it. Faces are not safe for concurrent
// use, so everything here runs under mu.
type fontSet struct {
	mu     sync.Mutex
	fonts  []*sfnt.Font
	faces  map[faceKey]font.Face
	sprite map[labelKey]*textSprite
	buf    sfnt.Buffer
}

type faceKey struct {
	font int
	size float64
}

type labelKey struct {
	text string
	size float64
	bold bool
}

// textSprite is a rendered label: the glyph mask and a halo mask around it,
// so that drawing a label is two masked fills.
type textSprite struct {
	mask, halo *image.Alpha
	ascent     int // baseline from the top of the masks
}

// newFontSet parses the label fonts, in order of preference; nil entries
// are skipped. The Latin fallbacks are always added after them.
func newFontSet(labelFonts ...[]byte) (*fontSet, error) {
	fs := &fontSet{faces: map[faceKey]font.Face{}, sprite: map[labelKey]*textSprite{}}
	hasLatin := false
	for _, data := range labelFonts {
		if len(data) == 0 {
			continue
		}
		if len(data) == len(assets.LabelFontLatin) && &data[0] == &assets.LabelFontLatin[0] {
			hasLatin = true
		}
		f, err := parseFont(data)
		if err != nil {
			return nil, fmt.Errorf("label font: %w", err)
		}
		fs.fonts = append(fs.fonts, f)
	}
	if !hasLatin {
		f, err := parseFont(assets.LabelFontLatin)
		if err != nil {
			return nil, fmt.Errorf("Latin label font: %w", err)
		}
		fs.fonts = append(fs.fonts, f)
	}
	gr, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("fallback font: %w", err)
	}
	fs.fonts = append(fs.fonts, gr)
	return fs, nil
}

// parseFont parses an OpenType font or the first font of a collection.
func parseFont(data []byte) (*sfnt.Font, error) {
	f, err := opentype.Parse(data)
	if err == nil {
		return f, nil
	}
	c, cerr := opentype.ParseCollection(data)
	if cerr != nil {
		return nil, err
	}
	return c.Font(0)
}

func (fs *fontSet) face(i int, size float64) font.Face {
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

// fontFor returns the first font that has a glyph for r; the last (whose
// .notdef box is drawn) when none has.
func (fs *fontSet) fontFor(r rune) int {
	if i, ok := fs.glyphFont(r); ok {
		return i
	}
	return len(fs.fonts) - 1
}

// glyphFont returns the first font that has a glyph for r.
func (fs *fontSet) glyphFont(r rune) (int, bool) {
	for i, f := range fs.fonts {
		if g, err := f.GlyphIndex(&fs.buf, r); err == nil && g != 0 {
			return i, true
		}
	}
	return 0, false
}

// missing returns the runes of s that no font of the set has a glyph for:
// they would be drawn as .notdef boxes. Spaces and format characters are
// not drawn and never missing.
func (fs *fontSet) missing(s string) []rune {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var out []rune
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if _, ok := fs.glyphFont(r); !ok {
			out = append(out, r)
		}
	}
	return out
}

// text returns the sprite of a label, rendering it on first use. size is
// in pixels; halo is the halo radius in pixels.
func (fs *fontSet) text(s string, size float64, halo int) *textSprite {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	k := labelKey{s, size, halo > 2}
	if sp, ok := fs.sprite[k]; ok {
		return sp
	}
	if len(fs.sprite) > 8192 {
		clear(fs.sprite) // labels of places long scrolled away
	}
	sp := fs.render(s, size, halo)
	fs.sprite[k] = sp
	return sp
}

func (fs *fontSet) render(s string, size float64, halo int) *textSprite {
	// Measure run by run, each rune in the first font that has it.
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
		d := font.Drawer{Dst: mask, Src: image.Opaque, Face: r.face, Dot: dot}
		d.DrawString(r.text)
		dot = d.Dot
	}
	return &textSprite{mask: mask, halo: raster.Dilate(mask, halo), ascent: halo + ascent}
}

// size returns the sprite's size.
func (sp *textSprite) size() image.Point { return sp.mask.Bounds().Size() }

// draw paints the sprite with its top-left corner at (x, y).
func (sp *textSprite) draw(dst *image.RGBA, x, y int, fg, halo color.RGBA) {
	r := sp.mask.Bounds().Add(image.Pt(x, y))
	if halo.A > 0 {
		raster.Composite(dst, r, sp.halo, halo)
	}
	raster.Composite(dst, r, sp.mask, fg)
}

// collider keeps the boxes already placed in a frame, bucketed on a
// coarse grid, so that labels and markers do not overlap.
type collider struct {
	cell  int
	boxes map[image.Point][]image.Rectangle
}

func newCollider(cell int) *collider {
	return &collider{cell: cell, boxes: map[image.Point][]image.Rectangle{}}
}

func (c *collider) cells(r image.Rectangle, fn func(image.Point) bool) bool {
	for y := raster.FloorDiv(r.Min.Y, c.cell); y <= raster.FloorDiv(r.Max.Y-1, c.cell); y++ {
		for x := raster.FloorDiv(r.Min.X, c.cell); x <= raster.FloorDiv(r.Max.X-1, c.cell); x++ {
			if !fn(image.Pt(x, y)) {
				return false
			}
		}
	}
	return true
}

// hits reports whether r overlaps a placed box.
func (c *collider) hits(r image.Rectangle) bool {
	return !c.cells(r, func(p image.Point) bool {
		for _, b := range c.boxes[p] {
			if b.Overlaps(r) {
				return false
			}
		}
		return true
	})
}

// add places r.
func (c *collider) add(r image.Rectangle) {
	c.cells(r, func(p image.Point) bool {
		c.boxes[p] = append(c.boxes[p], r)
		return true
	})
}

// overlap returns the area of r that placed boxes cover, counting a pixel
// once per box that covers it.
func (c *collider) overlap(r image.Rectangle) int {
	area := 0
	c.cells(r, func(p image.Point) bool {
		cell := image.Rect(p.X*c.cell, p.Y*c.cell, (p.X+1)*c.cell, (p.Y+1)*c.cell).Intersect(r)
		for _, b := range c.boxes[p] {
			i := b.Intersect(cell)
			area += i.Dx() * i.Dy()
		}
		return true
	})
	return area
}

// place adds r unless it collides, and reports whether it did.
func (c *collider) place(r image.Rectangle) bool {
	if c.hits(r) {
		return false
	}
	c.add(r)
	return true
}
