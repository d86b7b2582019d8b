package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// sfnt is the part of an OpenType/TrueType font the PDF writer needs: the
// tables by tag, metrics, the cmap and the advance widths. It is parsed from
// untrusted bytes, so every read is bounds-checked and errors say which table
// and offset were wrong (FuzzFont holds it to that).
type sfnt struct {
	data      []byte
	tables    map[string][]byte
	cff       bool // 'OTTO' with a CFF table (else TrueType glyf)
	upem      int
	numGlyphs int
	longLoca  bool
	bbox      [4]int // xMin, yMin, xMax, yMax in font units
	ascent    int
	descent   int
	capHeight int
	italic    float64
	advance   []uint16        // per glyph
	cmap      map[rune]uint16 // rune -> glyph
	psName    string
}

// maxCmapRunes bounds how many runes a cmap may map, so a corrupt format 12
// group cannot make us allocate for 2^32 code points.
const maxCmapRunes = 0x110000

func u16(b []byte, off int) (uint16, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return binary.BigEndian.Uint16(b[off:]), true
}

func u32(b []byte, off int) (uint32, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	return binary.BigEndian.Uint32(b[off:]), true
}

func parseSFNT(data []byte) (*sfnt, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("font: %d bytes is too short for an sfnt header", len(data))
	}
	f := &sfnt{data: data, tables: map[string][]byte{}}
	switch v := binary.BigEndian.Uint32(data); v {
	case 0x00010000, 0x74727565: // 1.0, 'true'
	case 0x4F54544F: // 'OTTO'
		f.cff = true
	case 0x74746366: // 'ttcf'
		return nil, errors.New("font: TrueType collections (.ttc) are not supported; pass a single font")
	default:
		return nil, fmt.Errorf("font: unknown sfnt version 0x%08x at offset 0", v)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*n > len(data) {
		return nil, fmt.Errorf("font: table directory of %d tables runs past the end (%d bytes)", n, len(data))
	}
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off := int64(binary.BigEndian.Uint32(rec[8:]))
		ln := int64(binary.BigEndian.Uint32(rec[12:]))
		if off+ln > int64(len(data)) {
			return nil, fmt.Errorf("font: table %q at offset %d length %d runs past the end (%d bytes)", tag, off, ln, len(data))
		}
		f.tables[tag] = data[off : off+ln]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "cmap"} {
		if _, ok := f.tables[t]; !ok {
			return nil, fmt.Errorf("font: required table %q is missing", t)
		}
	}
	if f.cff {
		if _, ok := f.tables["CFF "]; !ok {
			return nil, errors.New("font: OpenType 'OTTO' font has no 'CFF ' table (CFF2 is not supported)")
		}
	} else {
		for _, t := range []string{"loca", "glyf"} {
			if _, ok := f.tables[t]; !ok {
				return nil, fmt.Errorf("font: TrueType font has no %q table", t)
			}
		}
	}
	if err := f.parseHead(); err != nil {
		return nil, err
	}
	if err := f.parseMetrics(); err != nil {
		return nil, err
	}
	if err := f.parseCmap(); err != nil {
		return nil, err
	}
	f.parseOptional()
	return f, nil
}

func (f *sfnt) parseHead() error {
	h := f.tables["head"]
	if len(h) < 54 {
		return fmt.Errorf("font: 'head' table is %d bytes, want 54", len(h))
	}
	f.upem = int(binary.BigEndian.Uint16(h[18:]))
	if f.upem < 16 || f.upem > 16384 {
		return fmt.Errorf("font: 'head' unitsPerEm %d is outside 16..16384", f.upem)
	}
	for i := range f.bbox {
		f.bbox[i] = int(int16(binary.BigEndian.Uint16(h[36+2*i:])))
	}
	f.longLoca = binary.BigEndian.Uint16(h[50:]) != 0
	m := f.tables["maxp"]
	if len(m) < 6 {
		return fmt.Errorf("font: 'maxp' table is %d bytes, want at least 6", len(m))
	}
	f.numGlyphs = int(binary.BigEndian.Uint16(m[4:]))
	if f.numGlyphs == 0 {
		return errors.New("font: 'maxp' says the font has no glyphs")
	}
	return nil
}

func (f *sfnt) parseMetrics() error {
	hh := f.tables["hhea"]
	if len(hh) < 36 {
		return fmt.Errorf("font: 'hhea' table is %d bytes, want 36", len(hh))
	}
	f.ascent = int(int16(binary.BigEndian.Uint16(hh[4:])))
	f.descent = int(int16(binary.BigEndian.Uint16(hh[6:])))
	nh := int(binary.BigEndian.Uint16(hh[34:]))
	if nh == 0 || nh > f.numGlyphs {
		return fmt.Errorf("font: 'hhea' numberOfHMetrics %d is outside 1..%d glyphs", nh, f.numGlyphs)
	}
	hm := f.tables["hmtx"]
	if len(hm) < 4*nh {
		return fmt.Errorf("font: 'hmtx' table is %d bytes, want %d for %d metrics", len(hm), 4*nh, nh)
	}
	f.advance = make([]uint16, f.numGlyphs)
	for g := range f.advance {
		i := min(g, nh-1)
		f.advance[g] = binary.BigEndian.Uint16(hm[4*i:])
	}
	return nil
}

// parseCmap reads the best Unicode subtable: format 12 (full Unicode) over
// format 4 (BMP), Windows over Unicode platform.
func (f *sfnt) parseCmap() error {
	c := f.tables["cmap"]
	n, ok := u16(c, 2)
	if !ok {
		return errors.New("font: 'cmap' table is too short for its header")
	}
	best, bestRank := -1, 0
	for i := 0; i < int(n); i++ {
		pid, ok1 := u16(c, 4+8*i)
		eid, ok2 := u16(c, 6+8*i)
		off, ok3 := u32(c, 8+8*i)
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("font: 'cmap' encoding record %d runs past the table end", i)
		}
		format, ok := u16(c, int(off))
		if !ok {
			return fmt.Errorf("font: 'cmap' subtable %d at offset %d is outside the table", i, off)
		}
		rank := 0
		switch {
		case format == 12 && (pid == 3 && eid == 10 || pid == 0):
			rank = 4
		case format == 4 && pid == 3 && eid == 1:
			rank = 3
		case format == 4 && pid == 0:
			rank = 2
		}
		if rank > bestRank {
			best, bestRank = int(off), rank
		}
	}
	if best < 0 {
		return errors.New("font: 'cmap' has no Unicode subtable of format 4 or 12")
	}
	f.cmap = map[rune]uint16{}
	if bestRank == 4 {
		return f.cmap12(c[best:])
	}
	return f.cmap4(c[best:])
}

func (f *sfnt) cmap4(t []byte) error {
	segX2, ok := u16(t, 6)
	if !ok || segX2%2 != 0 {
		return errors.New("font: 'cmap' format 4 header is short or has an odd segCountX2")
	}
	seg := int(segX2) / 2
	ends, starts, deltas, ranges := 14, 16+2*seg, 16+4*seg, 16+6*seg
	if 16+8*seg > len(t) {
		return fmt.Errorf("font: 'cmap' format 4 with %d segments runs past the subtable (%d bytes)", seg, len(t))
	}
	total := 0
	for i := 0; i < seg; i++ {
		end, _ := u16(t, ends+2*i)
		start, _ := u16(t, starts+2*i)
		delta, _ := u16(t, deltas+2*i)
		ro, _ := u16(t, ranges+2*i)
		if start > end {
			continue
		}
		// Overlapping segments could otherwise cost 2^31 steps.
		if total += int(end-start) + 1; total > 0x10000 {
			return fmt.Errorf("font: 'cmap' format 4 segments overlap: more than 65536 codes at segment %d", i)
		}
		for c := int(start); c <= int(end) && c != 0xFFFF; c++ {
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				at := ranges + 2*i + int(ro) + 2*(c-int(start))
				v, ok := u16(t, at)
				if !ok {
					return fmt.Errorf("font: 'cmap' format 4 segment %d points at offset %d past the subtable", i, at)
				}
				if v != 0 {
					g = v + delta
				}
			}
			if g != 0 && int(g) < f.numGlyphs {
				f.cmap[rune(c)] = g
			}
		}
	}
	return nil
}

func (f *sfnt) cmap12(t []byte) error {
	ng, ok := u32(t, 12)
	if !ok {
		return errors.New("font: 'cmap' format 12 header is short")
	}
	if int64(ng)*12+16 > int64(len(t)) {
		return fmt.Errorf("font: 'cmap' format 12 with %d groups runs past the subtable (%d bytes)", ng, len(t))
	}
	total := 0
	for i := 0; i < int(ng); i++ {
		start, _ := u32(t, 16+12*i)
		end, _ := u32(t, 20+12*i)
		g0, _ := u32(t, 24+12*i)
		if start > end || end > 0x10FFFF {
			return fmt.Errorf("font: 'cmap' format 12 group %d has bad range U+%X..U+%X", i, start, end)
		}
		total += int(end-start) + 1
		if total > maxCmapRunes {
			return errors.New("font: 'cmap' format 12 maps more code points than Unicode has")
		}
		for c := start; c <= end; c++ {
			g := g0 + (c - start)
			if g != 0 && g < uint32(f.numGlyphs) {
				f.cmap[rune(c)] = uint16(g)
			}
		}
	}
	return nil
}

// parseOptional reads what only improves the font descriptor (OS/2 cap
// height, post italic angle, name's PostScript name); a damaged optional
// table falls back to defaults instead of failing.
func (f *sfnt) parseOptional() {
	f.capHeight = f.ascent
	if os2 := f.tables["OS/2"]; len(os2) >= 90 {
		if v, _ := u16(os2, 0); v >= 2 {
			f.capHeight = int(int16(binary.BigEndian.Uint16(os2[88:])))
		}
	}
	if p := f.tables["post"]; len(p) >= 8 {
		f.italic = float64(int32(binary.BigEndian.Uint32(p[4:]))) / 65536
	}
	f.psName = postScriptName(f.tables["name"])
}

func postScriptName(t []byte) string {
	n, ok1 := u16(t, 2)
	strOff, ok2 := u16(t, 4)
	if !ok1 || !ok2 {
		return ""
	}
	for i := 0; i < int(n); i++ {
		r := 6 + 12*i
		pid, _ := u16(t, r)
		nid, _ := u16(t, r+6)
		ln, _ := u16(t, r+8)
		off, ok := u16(t, r+10)
		if !ok {
			return ""
		}
		if nid != 6 {
			continue
		}
		s := int(strOff) + int(off)
		if s+int(ln) > len(t) {
			continue
		}
		raw := t[s : s+int(ln)]
		if pid == 3 || pid == 0 {
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			return cleanName(string(utf16.Decode(u)))
		}
		return cleanName(string(raw))
	}
	return ""
}

// cleanName keeps the characters a PDF name and a PostScript font name may
// hold, so a hostile name table cannot break the name syntax.
func cleanName(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 32 && r < 127 && r != '/' && r != '[' && r != ']' && r != '(' && r != ')' &&
			r != '<' && r != '>' && r != '{' && r != '}' && r != '%' && r != '#' {
			b = append(b, byte(r))
		}
	}
	if len(b) > 63 {
		b = b[:63]
	}
	return string(b)
}
