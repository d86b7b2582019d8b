package gazetteer

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
	"unsafe"
)

// place is one decoded place.
type place struct {
	first    uint32 // its names are index.names first..next place's first
	id       int32
	pop      uint32
	lat, lon int32 // in 1e-5 degrees (unit)
	admin    uint16
	feat     uint8
	cc       [2]byte
}

// index is the decoded asset. Names and keys live in two strings with
// offset tables rather than as 1.2 million Go strings: a quarter of the
// memory, and nothing for the garbage collector to trace.
type index struct {
	text      string   // every name, one after another
	nameOff   []uint32 // name j is text[nameOff[j]:nameOff[j+1]]
	adminCode []string
	adminName []string
	adminKey  []string // Fold(adminName[i]), for "Tumen, Jilin"
	feats     []string
	places    []place

	kdata  string   // every key, one after another, in sorted order
	keyOff []uint32 // key i is kdata[keyOff[i]:keyOff[i+1]]
	kplace []uint32 // key i is of place kplace[i] ...
	kname  []uint8  // ... name kname[i] (0 its main name)
	kflags []uint8

	logPop   []float32 // log10(population + 10), the base of a search score
	grid     grid
	inflated int // bytes, for the memory report
}

// nameOf returns name j (0 the main name) of place p.
func (ix *index) nameOf(p, j int) string {
	n := int(ix.places[p].first) + j
	return ix.text[ix.nameOff[n]:ix.nameOff[n+1]]
}

// numNames is the number of names of place p.
func (ix *index) numNames(p int) int {
	end := len(ix.nameOff) - 1
	if p+1 < len(ix.places) {
		end = int(ix.places[p+1].first)
	}
	return end - int(ix.places[p].first)
}

// decode parses an asset written by Encode. Its two parts inflate on two
// goroutines; the index part needs the places to fold ASCII keys, so it is
// parsed last.
func decode(asset []byte) (*index, error) {
	if !bytes.HasPrefix(asset, []byte(magic)) || len(asset) < len(magic)+4 {
		return nil, fmt.Errorf("gazetteer asset: bad header %q, want %q", asset[:min(len(asset), len(magic))], magic)
	}
	n1 := int(binary.LittleEndian.Uint32(asset[len(magic):]))
	z := asset[len(magic)+4:]
	if n1 > len(z) {
		return nil, fmt.Errorf("gazetteer asset: part 1 of %d bytes, only %d follow", n1, len(z))
	}
	type result struct {
		b   []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		b, err := inflate(z[n1:])
		ch <- result{b, err}
	}()
	p1, err := inflate(z[:n1])
	if err != nil {
		<-ch
		return nil, fmt.Errorf("gazetteer asset part 1: %w", err)
	}
	ix := &index{}
	if err := ix.decodePlaces(p1); err != nil {
		<-ch
		return nil, err
	}
	r := <-ch
	if r.err != nil {
		return nil, fmt.Errorf("gazetteer asset part 2: %w", r.err)
	}
	if err := ix.decodeKeys(r.b); err != nil {
		return nil, err
	}
	ix.inflated = len(p1) + len(r.b)
	ix.grid = newGrid(ix.places)
	ix.logPop = make([]float32, len(ix.places))
	for i := range ix.places {
		ix.logPop[i] = float32(math.Log10(float64(ix.places[i].pop) + 10))
	}
	return ix, nil
}

func inflate(z []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func (ix *index) decodePlaces(raw []byte) error {
	d := &decoder{s: unsafe.String(unsafe.SliceData(raw), len(raw)), part: 1}
	n := d.count("admin-1 codes", 2)
	ix.adminCode, ix.adminName = make([]string, n), make([]string, n)
	for i := range n {
		// Copies: raw is dropped once the names are copied out.
		ix.adminCode[i], ix.adminName[i] = strings.Clone(d.str()), strings.Clone(d.str())
	}
	ix.adminKey = make([]string, len(ix.adminName))
	for i, n := range ix.adminName {
		ix.adminKey[i] = Fold(n)
	}
	n = d.count("feature codes", 1)
	ix.feats = make([]string, n)
	for i := range n {
		ix.feats[i] = strings.Clone(d.str())
	}
	n = d.count("places", 8)
	ix.places = make([]place, n)
	ps := ix.places
	text := make([]byte, 0, len(raw)/2)
	ix.nameOff = make([]uint32, 0, 4*n)
	for i := range ps {
		ps[i].first = uint32(len(ix.nameOff))
		k := d.count("names", 1)
		if k == 0 && d.err == nil {
			d.fail("place %d has no name", i)
		}
		for range k {
			ix.nameOff = append(ix.nameOff, uint32(len(text)))
			text = append(text, d.str()...)
		}
	}
	ix.nameOff = append(ix.nameOff, uint32(len(text)))
	text = tight(text)
	ix.text = unsafe.String(unsafe.SliceData(text), len(text))
	var id int64
	for i := range ps {
		id += d.varint()
		ps[i].id = int32(id)
	}
	for i := range ps {
		ps[i].feat = d.byte()
	}
	for i := range ps {
		ps[i].cc = [2]byte{d.byte(), d.byte()}
	}
	for i := range ps {
		ps[i].admin = uint16(d.uvarint())
	}
	for i := range ps {
		ps[i].pop = uint32(d.uvarint())
	}
	var lat, lon int64
	for i := range ps {
		lat += d.varint()
		ps[i].lat = int32(lat)
	}
	for i := range ps {
		lon += d.varint()
		ps[i].lon = int32(lon)
	}
	for i := range ps {
		p := &ps[i]
		if d.err == nil && (int(p.feat) >= len(ix.feats) || int(p.admin) > len(ix.adminCode) ||
			p.lat < -90*unit || p.lat > 90*unit || p.lon < -180*unit || p.lon > 180*unit) {
			d.fail("place %d: feature %d, admin-1 %d or position %d, %d out of range", p.id, p.feat, p.admin, p.lat, p.lon)
		}
	}
	return d.end()
}

func (ix *index) decodeKeys(raw []byte) error {
	d := &decoder{s: unsafe.String(unsafe.SliceData(raw), len(raw)), part: 2}
	n := d.count("keys", 3)
	ix.kplace = make([]uint32, n)
	for i := range ix.kplace {
		ix.kplace[i] = uint32(d.uvarint())
	}
	ix.kname = []byte(d.bytes(n))
	ix.kflags = []byte(d.bytes(n))
	if d.err != nil {
		return d.err
	}
	ix.keyOff = make([]uint32, n+1)
	kb := make([]byte, 0, 10*n) // keys average under 10 bytes
	prev := ""
	for i := range n {
		p := int(ix.kplace[i])
		if p >= len(ix.places) || int(ix.kname[i]) >= ix.numNames(p) {
			d.fail("key %d: place %d name %d out of range", i, p, ix.kname[i])
			break
		}
		off := len(kb)
		var ok bool
		if kb, ok = appendFoldIfASCII(kb, ix.nameOf(p, int(ix.kname[i]))); !ok {
			shared := int(d.byte())
			rest := d.str()
			if shared > len(prev) {
				d.fail("key %d: %d shared bytes of a %d-byte key", i, shared, len(prev))
				break
			}
			kb = append(kb, prev[:shared]...)
			kb = append(kb, rest...)
		}
		ix.keyOff[i] = uint32(off)
		prev = unsafe.String(unsafe.SliceData(kb[off:]), len(kb)-off)
	}
	ix.keyOff[n] = uint32(len(kb))
	kb = tight(kb)
	ix.kdata = unsafe.String(unsafe.SliceData(kb), len(kb))
	return d.end()
}

// tight returns b in an array of its own length when appends left much
// spare room: the names and keys stay in memory for the whole session.
func tight(b []byte) []byte {
	if cap(b)-len(b) > len(b)/16 {
		return bytes.Clone(b)
	}
	return b
}

// appendFoldIfASCII appends Fold(s) to b and true if s is ASCII, else
// returns b unchanged and false: one pass over the 600,000 names at load.
func appendFoldIfASCII(b []byte, s string) ([]byte, bool) {
	n := len(b)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return b[:n], false
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case dropped(rune(c)):
		default:
			b = append(b, c)
		}
	}
	return b, true
}

// decoder reads an inflated part; the first error sticks and later reads
// return zero values, so callers check d.err once.
type decoder struct {
	s    string
	pos  int
	part int
	err  error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("gazetteer asset part %d at offset %d: "+format, append([]any{d.part, d.pos}, args...)...)
	}
	d.pos = len(d.s)
}

func (d *decoder) end() error {
	if d.err == nil && d.pos != len(d.s) {
		d.fail("%d bytes left over", len(d.s)-d.pos)
	}
	return d.err
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(unsafe.Slice(unsafe.StringData(d.s[d.pos:]), len(d.s)-d.pos))
	if n <= 0 {
		d.fail("truncated or overlong varint")
		return 0
	}
	d.pos += n
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(unsafe.Slice(unsafe.StringData(d.s[d.pos:]), len(d.s)-d.pos))
	if n <= 0 {
		d.fail("truncated or overlong varint")
		return 0
	}
	d.pos += n
	return v
}

func (d *decoder) byte() byte {
	if d.pos >= len(d.s) {
		d.fail("truncated")
		return 0
	}
	d.pos++
	return d.s[d.pos-1]
}

func (d *decoder) bytes(n int) string {
	if n < 0 || n > len(d.s)-d.pos {
		d.fail("%d bytes wanted, %d left", n, len(d.s)-d.pos)
		return ""
	}
	s := d.s[d.pos : d.pos+n]
	d.pos += n
	return s
}

func (d *decoder) str() string { return d.bytes(int(d.uvarint())) }

// count reads a count and checks it against the bytes left (each item takes
// at least minSize), so a corrupt count cannot ask for a huge allocation.
func (d *decoder) count(what string, minSize int) int {
	n := d.uvarint()
	if n > uint64((len(d.s)-d.pos)/minSize) {
		d.fail("%d %s cannot fit in %d bytes", n, what, len(d.s)-d.pos)
		return 0
	}
	return int(n)
}
