package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf16"
)

// Font is an embedded font of one Document. It remembers which glyphs the
// document used, so only those are embedded and mapped back to Unicode.
type Font struct {
	sf   *sfnt
	cff  *cffFont          // nil for a TrueType (glyf) font
	used map[uint16]rune   // code -> the rune it was first used for
	res  string            // resource name, "F1"
	cids map[uint16]uint16 // code -> glyph for CFF (CID -> GID); TrueType codes are glyph ids
}

func parseFont(data []byte) (*Font, error) {
	sf, err := parseSFNT(data)
	if err != nil {
		return nil, err
	}
	f := &Font{sf: sf, used: map[uint16]rune{}}
	if sf.cff {
		c, err := parseCFF(sf.tables["CFF "], sf.numGlyphs)
		if err != nil {
			return nil, fmt.Errorf("font: %w", err)
		}
		f.cff = c
		f.cids = make(map[uint16]uint16, len(c.cids))
		for g, cid := range c.cids {
			if _, dup := f.cids[cid]; !dup {
				f.cids[cid] = uint16(g)
			}
		}
	}
	return f, nil
}

// Name is the font's PostScript name.
func (f *Font) Name() string {
	if f.sf.psName != "" {
		return f.sf.psName
	}
	if f.cff != nil && f.cff.name != "" {
		return f.cff.name
	}
	return "Font"
}

// Has reports whether the font maps r to a glyph.
func (f *Font) Has(r rune) bool {
	_, ok := f.sf.cmap[r]
	return ok
}

func (f *Font) glyph(r rune) (uint16, bool) {
	g, ok := f.sf.cmap[r]
	return g, ok
}

// code is what the content stream writes for glyph g: the CID for CFF.
func (f *Font) code(g uint16) uint16 {
	if f.cff != nil {
		return f.cff.cids[g]
	}
	return g
}

func (f *Font) gidOf(code uint16) uint16 {
	if f.cff != nil {
		return f.cids[code]
	}
	return code
}

// advance is glyph g's advance width in 1/1000 em.
func (f *Font) advance(g uint16) float64 {
	return float64(f.sf.advance[g]) * 1000 / float64(f.sf.upem)
}

func (f *Font) scale(v int) int {
	return int(math.Round(float64(v) * 1000 / float64(f.sf.upem)))
}

// use records that code c shows rune r (the first rune wins for ToUnicode).
func (f *Font) use(g uint16, r rune) uint16 {
	c := f.code(g)
	if _, ok := f.used[c]; !ok {
		f.used[c] = r
	}
	return c
}

func (f *Font) usedCodes() []uint16 {
	codes := make([]uint16, 0, len(f.used))
	for c := range f.used {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes
}

// subsetTag is the six capital letters a subset font's name starts with;
// it is derived from the glyphs used so the output stays deterministic.
func (f *Font) subsetTag() string {
	h := sha256.New()
	for _, c := range f.usedCodes() {
		h.Write([]byte{byte(c >> 8), byte(c)})
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// program returns the font program to embed: a glyf subset for TrueType,
// a charstring-blanked CFF table for CFF.
func (f *Font) program() ([]byte, error) {
	keep := make(map[uint16]bool, len(f.used))
	for c := range f.used {
		keep[f.gidOf(c)] = true
	}
	if f.cff != nil {
		return subsetCFF(f.sf.tables["CFF "], keep)
	}
	return subsetTTF(f.sf, keep)
}

// widths is the CIDFont /W array for the used codes, consecutive codes
// grouped as c [w1 w2 ...].
func (f *Font) widths() string {
	var b strings.Builder
	b.WriteByte('[')
	codes := f.usedCodes()
	for i := 0; i < len(codes); {
		j := i + 1
		for j < len(codes) && codes[j] == codes[j-1]+1 {
			j++
		}
		fmt.Fprintf(&b, "%d [", codes[i])
		for k := i; k < j; k++ {
			if k > i {
				b.WriteByte(' ')
			}
			b.WriteString(num(f.advance(f.gidOf(codes[k]))))
		}
		b.WriteString("] ")
		i = j
	}
	b.WriteByte(']')
	return b.String()
}

// toUnicode is the ToUnicode CMap that lets text extraction (pdftotext,
// copy and paste, search) map codes back to characters.
func (f *Font) toUnicode() []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	codes := f.usedCodes()
	for i := 0; i < len(codes); i += 100 {
		chunk := codes[i:min(i+100, len(codes))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(chunk))
		for _, c := range chunk {
			fmt.Fprintf(&b, "<%04X> <", c)
			for _, u := range utf16.Encode([]rune{f.used[c]}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}
