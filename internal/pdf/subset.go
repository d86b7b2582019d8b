package pdf

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// subsetTTF returns a TrueType font holding only the kept glyphs' outlines
// (and the components of kept composite glyphs). Glyph ids are unchanged —
// unused glyphs become empty — so the PDF can use CIDToGIDMap /Identity and
// the widths and ToUnicode stay keyed by the original ids.
func subsetTTF(f *sfnt, keep map[uint16]bool) ([]byte, error) {
	glyf, loca := f.tables["glyf"], f.tables["loca"]
	n := f.numGlyphs
	offsets := make([]int, n+1)
	for i := range offsets {
		if f.longLoca {
			v, ok := u32(loca, 4*i)
			if !ok {
				return nil, fmt.Errorf("font: 'loca' has %d bytes, too few for %d glyphs", len(loca), n)
			}
			offsets[i] = int(v)
		} else {
			v, ok := u16(loca, 2*i)
			if !ok {
				return nil, fmt.Errorf("font: 'loca' has %d bytes, too few for %d glyphs", len(loca), n)
			}
			offsets[i] = 2 * int(v)
		}
	}
	glyph := func(g int) ([]byte, error) {
		a, b := offsets[g], offsets[g+1]
		if a > b || b > len(glyf) {
			return nil, fmt.Errorf("font: glyph %d at 'glyf' bytes %d..%d is outside the table (%d bytes)", g, a, b, len(glyf))
		}
		return glyf[a:b], nil
	}
	// Close over composite glyphs' components.
	want := map[int]bool{0: true}
	var stack []int
	for g := range keep {
		if int(g) < n {
			stack = append(stack, int(g))
		}
	}
	for len(stack) > 0 {
		g := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if want[g] && g != 0 {
			continue
		}
		want[g] = true
		d, err := glyph(g)
		if err != nil {
			return nil, err
		}
		comps, err := components(d, g)
		if err != nil {
			return nil, err
		}
		for _, c := range comps {
			if c < n && !want[c] {
				stack = append(stack, c)
			}
		}
	}
	var newGlyf []byte
	newLoca := make([]byte, 4*(n+1))
	for g := 0; g < n; g++ {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		if want[g] {
			d, err := glyph(g)
			if err != nil {
				return nil, err
			}
			newGlyf = append(newGlyf, d...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*n:], uint32(len(newGlyf)))
	head := slices.Clone(f.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1)
	tables := map[string][]byte{
		"head": head, "hhea": f.tables["hhea"], "maxp": f.tables["maxp"],
		"hmtx": f.tables["hmtx"], "loca": newLoca, "glyf": newGlyf,
	}
	for _, t := range []string{"cvt ", "fpgm", "prep"} {
		if v, ok := f.tables[t]; ok {
			tables[t] = v
		}
	}
	out := writeSFNT(0x00010000, tables)
	// head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
	headOff := tableOffset(out, "head")
	binary.BigEndian.PutUint32(out[headOff+8:], 0xB1B0AFBA-checksum(out))
	return out, nil
}

// components lists the glyph ids a composite glyph refers to (none for a
// simple or empty glyph).
func components(d []byte, g int) ([]int, error) {
	if len(d) < 10 || int16(binary.BigEndian.Uint16(d)) >= 0 {
		return nil, nil
	}
	var out []int
	p := 10
	for {
		flags, ok1 := u16(d, p)
		gid, ok2 := u16(d, p+2)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("font: composite glyph %d ends inside a component at byte %d", g, p)
		}
		out = append(out, int(gid))
		p += 4
		if flags&0x1 != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x8 != 0:
			p += 2
		case flags&0x40 != 0:
			p += 4
		case flags&0x80 != 0:
			p += 8
		}
		if flags&0x20 == 0 || len(out) > 1000 {
			return out, nil
		}
	}
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

func writeSFNT(version uint32, tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	hdr := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(hdr, version)
	binary.BigEndian.PutUint16(hdr[4:], uint16(n))
	binary.BigEndian.PutUint16(hdr[6:], uint16(16<<es))
	binary.BigEndian.PutUint16(hdr[8:], uint16(es))
	binary.BigEndian.PutUint16(hdr[10:], uint16(16*n-16<<es))
	out := hdr
	for i, t := range tags {
		d := tables[t]
		r := out[12+16*i:]
		copy(r, t)
		binary.BigEndian.PutUint32(r[4:], checksum(d))
		binary.BigEndian.PutUint32(r[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(r[12:], uint32(len(d)))
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func tableOffset(font []byte, tag string) int {
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := 0; i < n; i++ {
		r := font[12+16*i:]
		if string(r[:4]) == tag {
			return int(binary.BigEndian.Uint32(r[8:]))
		}
	}
	return -1
}

// subsetCFF returns the CFF table with every unused glyph's charstring
// replaced by a bare endchar. Glyph ids, CIDs, the charset and the FD
// structure stay as they were, so nothing else in the PDF changes; offsets
// that pointed past the CharStrings INDEX are patched in place, in the same
// operand width they had.
func subsetCFF(b []byte, keep map[uint16]bool) ([]byte, error) {
	l, err := parseCFFLayout(b)
	if err != nil {
		return nil, err
	}
	csStart, _ := l.topDict.int(17)
	csEnd := l.charStrings.end
	items := make([][]byte, len(l.charStrings.items))
	total := 0
	for g, it := range l.charStrings.items {
		if g == 0 || keep[uint16(g)] {
			items[g] = b[it[0]:it[1]]
		} else {
			items[g] = []byte{14} // endchar
		}
		total += len(items[g])
	}
	cs := writeIndex(items, total)
	delta := len(cs) - (csEnd - csStart)
	out := make([]byte, 0, len(b)+delta)
	out = append(out, b[:csStart]...)
	out = append(out, cs...)
	out = append(out, b[csEnd:]...)
	moved := func(v int) int {
		if v >= csEnd {
			return v + delta
		}
		return v
	}
	patch := func(dictStart int, at operandAt, d cffDict, op int) error {
		v, ok := d.int(op)
		if !ok || v < csEnd {
			return nil
		}
		pos := at[op]
		if pos[0] < 0 {
			return nil
		}
		enc, ok := encodeWidth(v+delta, pos[1])
		if !ok {
			return fmt.Errorf("CFF: offset %d for operator %d cannot be re-encoded in %d bytes", v+delta, op, pos[1])
		}
		copy(out[dictStart+pos[0]:], enc)
		return nil
	}
	t := l.top.items[0]
	_, at, err := parseDictAt(b[t[0]:t[1]])
	if err != nil {
		return nil, err
	}
	for _, op := range []int{15, 16, 18, 1236, 1237} {
		if err := patch(t[0], at, l.topDict, op); err != nil {
			return nil, err
		}
	}
	if fdOff, ok := l.topDict.int(1236); ok {
		fd, err := readIndex(out, moved(fdOff))
		if err != nil {
			return nil, fmt.Errorf("FDArray: %w", err)
		}
		for _, it := range fd.items {
			d, at, err := parseDictAt(out[it[0]:it[1]])
			if err != nil {
				return nil, fmt.Errorf("FDArray DICT: %w", err)
			}
			if err := patch(it[0], at, d, 18); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// encodeWidth encodes v as a DICT integer operand of exactly n bytes.
func encodeWidth(v, n int) ([]byte, bool) {
	switch n {
	case 5:
		return []byte{29, byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}, true
	case 3:
		if v >= -32768 && v <= 32767 {
			return []byte{28, byte(v >> 8), byte(v)}, true
		}
	case 2:
		if v >= 108 && v <= 1131 {
			v -= 108
			return []byte{byte(247 + v/256), byte(v % 256)}, true
		}
	case 1:
		if v >= -107 && v <= 107 {
			return []byte{byte(v + 139)}, true
		}
	}
	return nil, false
}

func writeIndex(items [][]byte, total int) []byte {
	osz := 1
	for total+1 >= 1<<(8*osz) {
		osz++
	}
	out := make([]byte, 3, 3+(len(items)+1)*osz+total)
	binary.BigEndian.PutUint16(out, uint16(len(items)))
	out[2] = byte(osz)
	put := func(v int) {
		for k := osz - 1; k >= 0; k-- {
			out = append(out, byte(v>>(8*k)))
		}
	}
	off := 1
	put(off)
	for _, it := range items {
		off += len(it)
		put(off)
	}
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}
