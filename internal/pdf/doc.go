// Package pdf writes small, deterministic PDF 1.7 files: pages of any size,
// UTF-8 text in embedded OpenType fonts (TrueType glyf subset to the glyphs
// used, CFF with unused charstrings blanked; each with a ToUnicode CMap so
// the text can be extracted and searched), lines, rectangles and filled
// paths, JPEG (passed through) and other images, internal and URI links, a
// document outline and an Info dictionary.
//
// Coordinates are in points (1/72 inch) with the origin at the page's
// top-left corner and y growing downwards, as a layout thinks; the writer
// converts to PDF's bottom-up space. Text is placed by its baseline.
//
// The same calls give the same bytes: there are no timestamps unless the
// caller sets them, and the file ID is a hash of the content.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Paper sizes in points, portrait. Use Landscape to turn one.
var (
	A4     = Size{595.28, 841.89}
	A3     = Size{841.89, 1190.55}
	Letter = Size{612, 792}
)

// Size is a page size in points.
type Size struct{ W, H float64 }

// PaperSize reads a paper name: a4, a3 or letter, each optionally
// "-landscape" (or "-portrait"), in any case.
func PaperSize(name string) (Size, error) {
	base, land := strings.CutSuffix(strings.ToLower(strings.TrimSpace(name)), "-landscape")
	base = strings.TrimSuffix(base, "-portrait")
	var size Size
	switch base {
	case "a4":
		size = A4
	case "a3":
		size = A3
	case "letter":
		size = Letter
	default:
		return size, fmt.Errorf("paper %q: use a4, a4-landscape, a3, a3-landscape, letter or letter-landscape", name)
	}
	if land {
		size = size.Landscape()
	}
	return size, nil
}

// Landscape returns s with its long side horizontal.
func (s Size) Landscape() Size {
	if s.W < s.H {
		return Size{s.H, s.W}
	}
	return s
}

// Info is the document information dictionary. Empty fields are left
// out; CreationDate is written only when set (as a PDF date string such as
// "D:20261204" the caller formats), so output does not depend on the clock.
type Info struct {
	Title, Author, Subject, Creator, Producer string
	CreationDate                              string
}

// Document is a PDF being built in memory; Write serialises it.
type Document struct {
	info    Info
	pages   []*Page
	fonts   []*Font
	images  []*Image
	outline []outlineItem
	runes   map[rune]runeGlyph
	drawn   strings.Builder // every string Page.Text drew, a line each: see Text
}

type runeGlyph struct {
	font  *Font
	gid   uint16
	shown rune // the rune the glyph is, for ToUnicode: a substitute differs from the one asked for
}

type outlineItem struct {
	title string
	level int
	page  *Page
	y     float64
}

// New returns an empty document.
func New(info Info) *Document {
	return &Document{info: info, runes: map[rune]runeGlyph{}}
}

// AddFont embeds an OpenType or TrueType font given as bytes. Text picks,
// for each rune, the first added font that has a glyph for it, so add the
// Latin font before the CJK one to set Latin in the Latin design.
func (d *Document) AddFont(data []byte) (*Font, error) {
	f, err := parseFont(data)
	if err != nil {
		return nil, err
	}
	f.res = fmt.Sprintf("F%d", len(d.fonts)+1)
	d.fonts = append(d.fonts, f)
	clear(d.runes)
	return f, nil
}

// glyphFor chooses the font and glyph for r: the first font covering it.
// A rune no font covers is drawn as U+FFFD or '?' if a font has those, else
// as the first font's .notdef glyph.
func (d *Document) glyphFor(r rune) (runeGlyph, bool) {
	if g, ok := d.runes[r]; ok {
		return g, true
	}
	for _, f := range d.fonts {
		if g, ok := f.glyph(r); ok {
			d.runes[r] = runeGlyph{f, g, r}
			return d.runes[r], true
		}
	}
	if len(d.fonts) == 0 {
		return runeGlyph{}, false
	}
	for _, alt := range []rune{'\uFFFD', '?'} {
		if r != alt && !unicode.IsSpace(r) {
			if g, ok := d.glyphFor(alt); ok {
				return g, true
			}
		}
	}
	return runeGlyph{d.fonts[0], 0, 0xFFFD}, true
}

// AddPage appends a page of the given size and returns it.
func (d *Document) AddPage(s Size) *Page {
	p := &Page{doc: d, size: s, index: len(d.pages)}
	d.pages = append(d.pages, p)
	return p
}

// Pages returns the pages in order.
func (d *Document) Pages() []*Page { return d.pages }

// AddOutline adds a bookmark at level (0 = top) that opens page p at y.
// Levels deeper than the previous item's level plus one are treated as one
// deeper.
func (d *Document) AddOutline(title string, level int, p *Page, y float64) {
	d.outline = append(d.outline, outlineItem{title, max(level, 0), p, y})
}

// Page is one page; draw on it in any order, before Write.
type Page struct {
	doc     *Document
	size    Size
	index   int
	content bytes.Buffer
	annots  []annot
}

// Size returns the page size in points.
func (p *Page) Size() Size { return p.size }

// Number is the page's 1-based number.
func (p *Page) Number() int { return p.index + 1 }

type annot struct {
	rect   Rect
	uri    string
	target *Page
	y      float64
}

// Rect is a rectangle in page space (top-left origin).
type Rect struct{ X, Y, W, H float64 }

// LinkURI makes r a link to uri (shown by viewers; the URI must be ASCII,
// so percent-encode others first).
func (p *Page) LinkURI(r Rect, uri string) error {
	for i := 0; i < len(uri); i++ {
		if uri[i] < 0x20 || uri[i] > 0x7e {
			return fmt.Errorf("pdf: link URI %q has a non-ASCII or control byte at %d", uri, i)
		}
	}
	p.annots = append(p.annots, annot{rect: r, uri: uri})
	return nil
}

// LinkPage makes r a link that opens page target at height y.
func (p *Page) LinkPage(r Rect, target *Page, y float64) error {
	if target == nil || target.doc != p.doc {
		return errors.New("pdf: link target is not a page of this document")
	}
	p.annots = append(p.annots, annot{rect: r, target: target, y: y})
	return nil
}

// Text returns, one per line, every string the document shows a reader:
// each string drawn with Page.Text (as given, before control characters are
// skipped), each outline title, each link URI and each Info field. The
// file holds text as glyph ids in compressed streams, where a byte search
// for a word finds nothing; a leak audit searches this instead.
func (d *Document) Text() string {
	var b strings.Builder
	b.WriteString(d.drawn.String())
	for _, o := range d.outline {
		b.WriteString(o.title)
		b.WriteByte('\n')
	}
	for _, p := range d.pages {
		for _, a := range p.annots {
			if a.uri != "" {
				b.WriteString(a.uri)
				b.WriteByte('\n')
			}
		}
	}
	for _, v := range []string{d.info.Title, d.info.Author, d.info.Subject, d.info.Creator, d.info.Producer} {
		if v != "" {
			b.WriteString(v)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
