package pdf

import (
	"errors"
	"fmt"
)

// cffFont is what the writer needs from a CFF table: whether it is
// CID-keyed and, if so, each glyph's CID (a CIDFontType0 selects glyphs by
// CID through the charset, so the codes we write are CIDs, not glyph ids).
type cffFont struct {
	name     string
	cidKeyed bool
	cids     []uint16 // glyph index -> CID (identity when not CID-keyed)
}

// cffIndex is one parsed INDEX: its items' byte ranges and where it ends.
type cffIndex struct {
	items [][2]int // absolute [start, end)
	end   int
}

func readIndex(b []byte, pos int) (cffIndex, error) {
	count, ok := u16(b, pos)
	if !ok {
		return cffIndex{}, fmt.Errorf("CFF: INDEX at offset %d is past the end", pos)
	}
	if count == 0 {
		return cffIndex{end: pos + 2}, nil
	}
	if pos+3 > len(b) {
		return cffIndex{}, fmt.Errorf("CFF: INDEX at offset %d has no offSize", pos)
	}
	osz := int(b[pos+2])
	if osz < 1 || osz > 4 {
		return cffIndex{}, fmt.Errorf("CFF: INDEX at offset %d has offSize %d, want 1..4", pos, osz)
	}
	offs := pos + 3
	if offs+(int(count)+1)*osz > len(b) {
		return cffIndex{}, fmt.Errorf("CFF: INDEX at offset %d with %d items: offsets run past the end", pos, count)
	}
	base := offs + (int(count)+1)*osz - 1
	read := func(i int) int {
		v := 0
		for k := 0; k < osz; k++ {
			v = v<<8 | int(b[offs+i*osz+k])
		}
		return v
	}
	ix := cffIndex{items: make([][2]int, count)}
	prev := read(0)
	if prev != 1 {
		return cffIndex{}, fmt.Errorf("CFF: INDEX at offset %d: first offset is %d, want 1", pos, prev)
	}
	for i := 0; i < int(count); i++ {
		next := read(i + 1)
		if next < prev || base+next > len(b) {
			return cffIndex{}, fmt.Errorf("CFF: INDEX at offset %d: item %d offset %d is out of order or past the end", pos, i, next)
		}
		ix.items[i] = [2]int{base + prev, base + next}
		prev = next
	}
	ix.end = base + prev
	return ix, nil
}

// cffDict maps an operator (escape operators as 1200+n) to its operands.
type cffDict map[int][]float64

// operandAt is where an operator's last operand sits in its DICT: offsets
// are patched in place there when a subset moves what they point at.
type operandAt map[int][2]int

func parseDict(b []byte) (cffDict, error) {
	d, _, err := parseDictAt(b)
	return d, err
}

func parseDictAt(b []byte) (cffDict, operandAt, error) {
	d := cffDict{}
	at := operandAt{}
	var ops []float64
	last := [2]int{-1, 0}
	for i := 0; i < len(b); {
		c := b[i]
		start := i
		switch {
		case c <= 21:
			op := int(c)
			i++
			if c == 12 {
				if i >= len(b) {
					return nil, nil, errors.New("CFF: DICT ends inside an escape operator")
				}
				op = 1200 + int(b[i])
				i++
			}
			d[op] = ops
			at[op] = last
			ops = nil
		case c == 28:
			if i+3 > len(b) {
				return nil, nil, errors.New("CFF: DICT ends inside a 16-bit operand")
			}
			ops = append(ops, float64(int16(uint16(b[i+1])<<8|uint16(b[i+2]))))
			i += 3
		case c == 29:
			if i+5 > len(b) {
				return nil, nil, errors.New("CFF: DICT ends inside a 32-bit operand")
			}
			ops = append(ops, float64(int32(uint32(b[i+1])<<24|uint32(b[i+2])<<16|uint32(b[i+3])<<8|uint32(b[i+4]))))
			i += 5
		case c == 30: // real: nibbles up to 0xf; its value is not needed here
			i++
			for i < len(b) && b[i]&0x0f != 0x0f && b[i]>>4 != 0x0f {
				i++
			}
			if i >= len(b) {
				return nil, nil, errors.New("CFF: DICT ends inside a real operand")
			}
			i++
			ops = append(ops, 0)
		case c >= 32 && c <= 246:
			ops = append(ops, float64(int(c)-139))
			i++
		case c >= 247 && c <= 250:
			if i+2 > len(b) {
				return nil, nil, errors.New("CFF: DICT ends inside an operand")
			}
			ops = append(ops, float64((int(c)-247)*256+int(b[i+1])+108))
			i += 2
		case c >= 251 && c <= 254:
			if i+2 > len(b) {
				return nil, nil, errors.New("CFF: DICT ends inside an operand")
			}
			ops = append(ops, float64(-(int(c)-251)*256-int(b[i+1])-108))
			i += 2
		default:
			return nil, nil, fmt.Errorf("CFF: DICT byte %d (0x%02x) is reserved", i, c)
		}
		if c > 21 {
			last = [2]int{start, i - start}
		}
		if len(ops) > 48 {
			return nil, nil, errors.New("CFF: DICT has more than 48 operands before an operator")
		}
	}
	return d, at, nil
}

func (d cffDict) int(op int) (int, bool) {
	v, ok := d[op]
	if !ok || len(v) == 0 {
		return 0, false
	}
	return int(v[len(v)-1]), true
}

// cffLayout is the parsed structure subsetCFF rebuilds around.
type cffLayout struct {
	hdrSize     int
	name        cffIndex
	top         cffIndex
	topDict     cffDict
	strings     cffIndex
	gsubrs      cffIndex
	charStrings cffIndex
}

func parseCFFLayout(b []byte) (*cffLayout, error) {
	if len(b) < 4 {
		return nil, errors.New("CFF: table is shorter than its header")
	}
	if b[0] != 1 {
		return nil, fmt.Errorf("CFF: major version %d, want 1", b[0])
	}
	l := &cffLayout{hdrSize: int(b[2])}
	var err error
	if l.name, err = readIndex(b, l.hdrSize); err != nil {
		return nil, fmt.Errorf("name INDEX: %w", err)
	}
	if l.top, err = readIndex(b, l.name.end); err != nil {
		return nil, fmt.Errorf("top DICT INDEX: %w", err)
	}
	if len(l.top.items) != 1 || len(l.name.items) != 1 {
		return nil, fmt.Errorf("CFF: %d fonts in the table, want 1", len(l.top.items))
	}
	t := l.top.items[0]
	if l.topDict, err = parseDict(b[t[0]:t[1]]); err != nil {
		return nil, fmt.Errorf("top DICT: %w", err)
	}
	if l.strings, err = readIndex(b, l.top.end); err != nil {
		return nil, fmt.Errorf("string INDEX: %w", err)
	}
	if l.gsubrs, err = readIndex(b, l.strings.end); err != nil {
		return nil, fmt.Errorf("global subrs INDEX: %w", err)
	}
	cs, ok := l.topDict.int(17)
	if !ok || cs < l.gsubrs.end || cs >= len(b) {
		return nil, fmt.Errorf("CFF: CharStrings offset %d is missing, inside the header INDEXes or outside the table", cs)
	}
	if l.charStrings, err = readIndex(b, cs); err != nil {
		return nil, fmt.Errorf("CharStrings INDEX: %w", err)
	}
	return l, nil
}

func parseCFF(b []byte, numGlyphs int) (*cffFont, error) {
	l, err := parseCFFLayout(b)
	if err != nil {
		return nil, err
	}
	n := l.name.items[0]
	f := &cffFont{name: cleanName(string(b[n[0]:n[1]]))}
	if len(l.charStrings.items) != numGlyphs {
		return nil, fmt.Errorf("CFF: %d CharStrings but 'maxp' says %d glyphs", len(l.charStrings.items), numGlyphs)
	}
	f.cids = make([]uint16, numGlyphs)
	for g := range f.cids {
		f.cids[g] = uint16(g)
	}
	_, f.cidKeyed = l.topDict[1230] // ROS
	if !f.cidKeyed {
		return f, nil
	}
	cs, _ := l.topDict.int(15)
	if cs <= 2 { // predefined charsets are for name-keyed fonts only
		return nil, fmt.Errorf("CFF: CID-keyed font uses predefined charset %d", cs)
	}
	return f, readCharset(b, cs, f.cids)
}

func readCharset(b []byte, pos int, cids []uint16) error {
	if pos >= len(b) {
		return fmt.Errorf("CFF: charset offset %d is past the end", pos)
	}
	format := b[pos]
	p := pos + 1
	g := 1
	for g < len(cids) {
		switch format {
		case 0:
			v, ok := u16(b, p)
			if !ok {
				return fmt.Errorf("CFF: charset format 0 ends at glyph %d of %d", g, len(cids))
			}
			cids[g] = v
			g++
			p += 2
		case 1, 2:
			first, ok := u16(b, p)
			var left int
			if format == 1 {
				if p+3 > len(b) {
					ok = false
				} else {
					left = int(b[p+2])
				}
				p += 3
			} else {
				var l uint16
				l, ok = u16(b, p+2)
				left = int(l)
				p += 4
			}
			if !ok {
				return fmt.Errorf("CFF: charset format %d ends at glyph %d of %d", format, g, len(cids))
			}
			for k := 0; k <= left && g < len(cids); k++ {
				cids[g] = first + uint16(k)
				g++
			}
		default:
			return fmt.Errorf("CFF: charset format %d at offset %d is unknown", format, pos)
		}
	}
	return nil
}
