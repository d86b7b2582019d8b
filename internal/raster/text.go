package raster

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sync"
	"unicode"

	"github.com/siteatlas/siteatlas/assets"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/f64"
	"golang.org/x/image/math/fixed"
)

// Fonts renders label text through a chain of fonts: the label fonts it
// was made with (the embedded Noto Sans CJK subset), then the embedded Noto
// Sans Latin subset for the accented Latin, Greek and Cyrillic the CJK
// subset lacks, then Go Regular as the last resort. Each rune is drawn in
// the first font that has a glyph for it. The map renderer and the tile
// layers draw with the same Fonts, so a name looks the same in both.
// Faces are not safe for concurrent use: everything here runs under mu.
type Fonts struct {
	mu      sync.Mutex
	fonts   []*sfnt.Font
	faces   map[faceKey]font.Face
	sprites map[spriteKey]*TextSprite
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

// maxSprites bounds the sprite cache: labels of places long scrolled away
// are dropped all at once when it fills.
const maxSprites = 8192

// TextSprite is a rendered label: the glyph mask and a halo mask around
// it, so that drawing a label is two masked fills.
type TextSprite struct {
	Mask, Halo *image.Alpha
	Ascent     int // baseline from the top of the masks
}

// NewFonts parses the label fonts, in order of preference; empty entries
// are skipped. The Latin fallbacks are always added after them. A font
// that does not parse is an error, never silently dropped.
func NewFonts(labelFonts ...[]byte) (*Fonts, error) {
	fs := &Fonts{faces: map[faceKey]font.Face{}, sprites: map[spriteKey]*TextSprite{}}
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
			return nil, fmt.Errorf("label font (Latin fallback): %w", err)
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

var (
	defaultOnce  sync.Once
	defaultFonts *Fonts
	defaultErr   error
)

// DefaultFonts returns the embedded label fonts, parsed once per process:
// for tile layers drawn outside a map (tests, tools).
func DefaultFonts() (*Fonts, error) {
	defaultOnce.Do(func() { defaultFonts, defaultErr = NewFonts(assets.LabelFont) })
	return defaultFonts, defaultErr
}

// Len returns how many fonts the chain holds.
func (fs *Fonts) Len() int { return len(fs.fonts) }

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

func (fs *Fonts) face(i int, size float64) font.Face {
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
func (fs *Fonts) fontFor(r rune) int {
	if i, ok := fs.glyphFont(r); ok {
		return i
	}
	return len(fs.fonts) - 1
}

// glyphFont returns the first font that has a glyph for r.
func (fs *Fonts) glyphFont(r rune) (int, bool) {
	for i, f := range fs.fonts {
		if g, err := f.GlyphIndex(&fs.buf, r); err == nil && g != 0 {
			return i, true
		}
	}
	return 0, false
}

// Missing returns the runes of s that no font of the chain has a glyph
// for: they would be drawn as .notdef boxes. Spaces and format characters
// are not drawn and never missing.
func (fs *Fonts) Missing(s string) []rune {
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

// Text returns the sprite of a label, rendering it on first use. size is
// in pixels; halo is the halo radius in pixels. It returns nil for an
// empty string.
func (fs *Fonts) Text(s string, size float64, halo int) *TextSprite {
	if s == "" {
		return nil
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.textLocked(s, size, halo)
}

func (fs *Fonts) textLocked(s string, size float64, halo int) *TextSprite {
	k := spriteKey{s, size, halo, 0}
	if sp, ok := fs.sprites[k]; ok {
		return sp
	}
	if len(fs.sprites) > maxSprites {
		clear(fs.sprites)
	}
	sp := fs.render(s, size, halo)
	fs.sprites[k] = sp
	return sp
}

// Rotated returns the sprite of s turned by deg degrees (clockwise on
// screen), rendering it on first use: road names follow their road.
func (fs *Fonts) Rotated(s string, size float64, halo, deg int) *TextSprite {
	if deg == 0 || s == "" {
		return fs.Text(s, size, halo)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	k := spriteKey{s, size, halo, deg}
	if sp, ok := fs.sprites[k]; ok {
		return sp
	}
	flat := fs.textLocked(s, size, halo)
	sp := &TextSprite{Mask: rotateAlpha(flat.Mask, deg), Halo: rotateAlpha(flat.Halo, deg)}
	fs.sprites[k] = sp
	return sp
}

func (fs *Fonts) render(s string, size float64, halo int) *TextSprite {
	// Measure run by run, each rune in the first font that has it; a space
	// stays in the run it follows.
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
	return &TextSprite{Mask: mask, Halo: Dilate(mask, halo), Ascent: halo + ascent}
}

// Size returns the sprite's size.
func (sp *TextSprite) Size() image.Point { return sp.Mask.Bounds().Size() }

// Draw paints the sprite with its top-left corner at (x, y): the halo
// first (unless its colour is transparent), then the glyphs.
func (sp *TextSprite) Draw(dst *image.RGBA, x, y int, fg, halo color.RGBA) {
	r := sp.Mask.Bounds().Add(image.Pt(x, y))
	if halo.A > 0 {
		Composite(dst, r, sp.Halo, halo)
	}
	Composite(dst, r, sp.Mask, fg)
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
