package basemap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/paulmach/orb"
)

// The binary level format written by EncodeLevel and read by DecodeLevel.
// Everything is little-endian varints, stored uncompressed (see readLevel).
//
//	header:  "SABM" version:uvarint name:string minZoom,maxZoom:float64
//	         scale:uvarint (units per degree) points:uvarint features:uvarint
//	feature: class:u8 geomType:u8 flags:u8 minZoom10:uvarint rank:varint
//	         pop:uvarint mapColor:u8 [name] [nameZH] [nameKO] [iso] [labelX labelY]
//	         geometry
//	string:  len:uvarint bytes
//
// Coordinates are integers (degrees × scale). Within a feature each point is
// stored as the zig-zag delta from the previous one, starting from 0,0, so a
// feature decodes on its own. Rings omit their closing point. The total point
// count lets the decoder allocate one backing array per level instead of one
// per ring, which is most of what makes decoding fast.
const (
	magic         = "SABM"
	formatVersion = 1
)

// Geometry type codes in the binary form.
const (
	gPoint = iota + 1
	gLineString
	gMultiLineString
	gPolygon
	gMultiPolygon
)

// Feature flags: which optional fields follow.
const (
	fName = 1 << iota
	fNameZH
	fNameKO
	fISO
	fLabel
	fCapital
)

// EncodeLevel writes lvl to w in the binary form, rounding coordinates to
// 1/scale degree. Rounding can collapse vertices, so consecutive duplicates
// are dropped and so are rings left with fewer than 4 points and lines with
// fewer than 2; a feature whose geometry becomes empty is left out. It
// returns the number of features written.
func EncodeLevel(w io.Writer, lvl *Level, scale int) (int, error) {
	if scale <= 0 {
		return 0, fmt.Errorf("encode level %s: scale %d must be positive", lvl.Name, scale)
	}
	e := encoder{scale: float64(scale)}
	n := 0
	for i := range lvl.Features {
		ok, err := e.feature(&lvl.Features[i])
		if err != nil {
			return n, fmt.Errorf("encode level %s: feature %d (%s): %w", lvl.Name, i, lvl.Features[i].Name, err)
		}
		if ok {
			n++
		}
	}
	var h []byte
	h = append(h, magic...)
	h = binary.AppendUvarint(h, formatVersion)
	h = appendString(h, lvl.Name)
	h = binary.LittleEndian.AppendUint64(h, math.Float64bits(lvl.MinZoom))
	h = binary.LittleEndian.AppendUint64(h, math.Float64bits(lvl.MaxZoom))
	h = binary.AppendUvarint(h, uint64(scale))
	h = binary.AppendUvarint(h, uint64(e.points))
	h = binary.AppendUvarint(h, uint64(n))
	if _, err := w.Write(h); err != nil {
		return n, err
	}
	_, err := w.Write(e.buf)
	return n, err
}

// encoder accumulates encoded features; the header needs their totals.
type encoder struct {
	scale  float64
	buf    []byte
	points int        // decoded point count, including ring closing points
	px, py int64      // previous point of the current feature
	tmp    [][2]int64 // scratch for one quantized part
}

func (e *encoder) q(p orb.Point) [2]int64 {
	return [2]int64{int64(math.Round(p[0] * e.scale)), int64(math.Round(p[1] * e.scale))}
}

// part quantizes pts, drops repeated points and, for rings, the closing
// point. It reports false when too few points remain.
func (e *encoder) part(pts []orb.Point, isRing bool) bool {
	e.tmp = e.tmp[:0]
	for _, p := range pts {
		q := e.q(p)
		if n := len(e.tmp); n > 0 && e.tmp[n-1] == q {
			continue
		}
		e.tmp = append(e.tmp, q)
	}
	if isRing {
		if n := len(e.tmp); n > 1 && e.tmp[0] == e.tmp[n-1] {
			e.tmp = e.tmp[:n-1]
		}
		return len(e.tmp) >= 3
	}
	return len(e.tmp) >= 2
}

// writePart appends the part held in e.tmp.
func (e *encoder) writePart(b []byte, isRing bool) []byte {
	b = binary.AppendUvarint(b, uint64(len(e.tmp)))
	for _, q := range e.tmp {
		b = binary.AppendVarint(b, q[0]-e.px)
		b = binary.AppendVarint(b, q[1]-e.py)
		e.px, e.py = q[0], q[1]
	}
	e.points += len(e.tmp)
	if isRing {
		e.points++ // the decoder re-adds the closing point
	}
	return b
}

// lines encodes line parts; it returns the parts kept.
func (e *encoder) lines(b []byte, parts []orb.LineString) ([]byte, int) {
	var body []byte
	n := 0
	for _, ls := range parts {
		if e.part(ls, false) {
			body = e.writePart(body, false)
			n++
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	return append(b, body...), n
}

// polygon encodes one polygon; a polygon whose outer ring collapsed is
// dropped with its holes.
func (e *encoder) polygon(b []byte, p orb.Polygon) ([]byte, bool) {
	if len(p) == 0 || !e.part(p[0], true) {
		return b, false
	}
	var body []byte
	body = e.writePart(body, true)
	n := 1
	for _, r := range p[1:] {
		if e.part(r, true) {
			body = e.writePart(body, true)
			n++
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	return append(b, body...), true
}

func (e *encoder) geometry(g orb.Geometry) (byte, []byte, bool, error) {
	var b []byte
	switch g := g.(type) {
	case orb.Point:
		q := e.q(g)
		b = binary.AppendVarint(b, q[0])
		b = binary.AppendVarint(b, q[1])
		e.points++
		return gPoint, b, true, nil
	case orb.LineString:
		if !e.part(g, false) {
			return 0, nil, false, nil
		}
		return gLineString, e.writePart(b, false), true, nil
	case orb.MultiLineString:
		b, n := e.lines(b, g)
		return gMultiLineString, b, n > 0, nil
	case orb.Polygon:
		b, ok := e.polygon(b, g)
		return gPolygon, b, ok, nil
	case orb.MultiPolygon:
		var body []byte
		n := 0
		for _, p := range g {
			var ok bool
			if body, ok = e.polygon(body, p); ok {
				n++
			}
		}
		b = binary.AppendUvarint(b, uint64(n))
		return gMultiPolygon, append(b, body...), n > 0, nil
	}
	return 0, nil, false, fmt.Errorf("unsupported geometry %T", g)
}

// feature encodes f; it reports false when f's geometry collapsed.
func (e *encoder) feature(f *Feature) (bool, error) {
	e.px, e.py = 0, 0
	savedPoints := e.points
	gt, geom, ok, err := e.geometry(f.Geometry)
	if err != nil || !ok {
		e.points = savedPoints
		return false, err
	}
	var flags byte
	for _, c := range []struct {
		set  bool
		flag byte
	}{
		{f.Name != "", fName}, {f.NameZH != "", fNameZH}, {f.NameKO != "", fNameKO},
		{f.ISO != "", fISO}, {f.LabelAt != (orb.Point{}), fLabel}, {f.Capital, fCapital},
	} {
		if c.set {
			flags |= c.flag
		}
	}
	b := e.buf
	b = append(b, byte(f.Class), gt, flags)
	b = binary.AppendUvarint(b, uint64(math.Round(math.Max(0, float64(f.MinZoom))*10)))
	b = binary.AppendVarint(b, int64(f.Rank))
	b = binary.AppendUvarint(b, uint64(max(f.Pop, 0)))
	b = append(b, f.MapColor)
	for _, s := range []string{f.Name, f.NameZH, f.NameKO, f.ISO} {
		if s != "" {
			b = appendString(b, s)
		}
	}
	if flags&fLabel != 0 {
		q := e.q(f.LabelAt)
		b = binary.AppendVarint(b, q[0])
		b = binary.AppendVarint(b, q[1])
	}
	e.buf = append(b, geom...)
	return true, nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// errCorrupt is returned for data DecodeLevel cannot parse.
var errCorrupt = errors.New("corrupt basemap data")

// DecodeLevel parses one level written by EncodeLevel.
func DecodeLevel(data []byte) (*Level, error) {
	d := decoder{b: data}
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, fmt.Errorf("decode level: %w: bad magic", errCorrupt)
	}
	d.i = len(magic)
	if v := d.uvarint(); v != formatVersion {
		return nil, fmt.Errorf("decode level: format version %d, want %d", v, formatVersion)
	}
	lvl := &Level{Name: d.string()}
	lvl.MinZoom = d.float64()
	lvl.MaxZoom = d.float64()
	d.scale = 1 / float64(d.uvarint())
	npts := d.uvarint()
	nf := d.uvarint()
	if d.err != nil || npts > uint64(len(data)) || nf > uint64(len(data)) {
		return nil, fmt.Errorf("decode level: %w: header", errCorrupt)
	}
	d.pts = make([]orb.Point, 0, npts)
	lvl.Features = make([]Feature, nf)
	for i := range lvl.Features {
		d.feature(&lvl.Features[i])
		if d.err != nil {
			return nil, fmt.Errorf("decode level %s: feature %d: %w", lvl.Name, i, d.err)
		}
	}
	return lvl, nil
}

// decoder reads from b at i; the first error sticks and later reads return
// zero values, so callers check err once per feature.
type decoder struct {
	b      []byte
	i      int
	err    error
	scale  float64
	pts    []orb.Point // backing array shared by all parts of the level
	px, py int64
	bound  orb.Bound
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.i = len(d.b)
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b[d.i:])
	if n <= 0 {
		d.fail()
		return 0
	}
	d.i += n
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b[d.i:])
	if n <= 0 {
		d.fail()
		return 0
	}
	d.i += n
	return v
}

func (d *decoder) byte() byte {
	if d.i >= len(d.b) {
		d.fail()
		return 0
	}
	d.i++
	return d.b[d.i-1]
}

func (d *decoder) float64() float64 {
	if d.i+8 > len(d.b) {
		d.fail()
		return 0
	}
	d.i += 8
	return math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.i-8:]))
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.b)-d.i) {
		d.fail()
		return ""
	}
	d.i += int(n)
	return string(d.b[d.i-int(n) : d.i])
}

// point reads one delta-coded point and extends the feature's bound.
func (d *decoder) point() orb.Point {
	d.px += d.varint()
	d.py += d.varint()
	p := orb.Point{float64(d.px) * d.scale, float64(d.py) * d.scale}
	b := &d.bound
	b.Min[0], b.Min[1] = min(b.Min[0], p[0]), min(b.Min[1], p[1])
	b.Max[0], b.Max[1] = max(b.Max[0], p[0]), max(b.Max[1], p[1])
	return p
}

// part reads one line or ring into the shared backing array.
func (d *decoder) part(isRing bool) []orb.Point {
	n := d.uvarint()
	need := n
	if isRing {
		need++
	}
	if d.err != nil || n > uint64(len(d.b)-d.i) || need > uint64(cap(d.pts)-len(d.pts)) {
		d.fail()
		return nil
	}
	start := len(d.pts)
	d.pts = d.pts[:start+int(n)]
	d.points(d.pts[start:])
	if isRing && n > 0 {
		d.pts = append(d.pts, d.pts[start])
	}
	// Full slice expression: appending to one part must never overwrite the next.
	return d.pts[start:len(d.pts):len(d.pts)]
}

// points fills pts with delta-coded points and extends the feature's bound.
// It is point() unrolled with the state in locals: this loop is where
// decoding spends its time.
func (d *decoder) points(pts []orb.Point) {
	b, i := d.b, d.i
	px, py, scale, bd := d.px, d.py, d.scale, d.bound
	for k := range pts {
		var dx, dy int64
		if dx, i = zigzag(b, i); i < 0 {
			d.fail()
			return
		}
		if dy, i = zigzag(b, i); i < 0 {
			d.fail()
			return
		}
		px += dx
		py += dy
		x, y := float64(px)*scale, float64(py)*scale
		pts[k] = orb.Point{x, y}
		bd.Min[0], bd.Min[1] = min(bd.Min[0], x), min(bd.Min[1], y)
		bd.Max[0], bd.Max[1] = max(bd.Max[0], x), max(bd.Max[1], y)
	}
	d.i, d.px, d.py, d.bound = i, px, py, bd
}

// zigzag reads a signed varint at b[i:]; it returns i < 0 on bad data.
func zigzag(b []byte, i int) (int64, int) {
	var u uint64
	if i < len(b) && b[i] < 0x80 { // most deltas at coarse levels fit a byte
		u = uint64(b[i])
		i++
	} else {
		var n int
		if u, n = binary.Uvarint(b[min(i, len(b)):]); n <= 0 {
			return 0, -1
		}
		i += n
	}
	return int64(u>>1) ^ -int64(u&1), i
}

func (d *decoder) polygon() orb.Polygon {
	n := d.uvarint()
	if n > uint64(len(d.b)-d.i) {
		d.fail()
		return nil
	}
	p := make(orb.Polygon, n)
	for i := range p {
		p[i] = d.part(true)
	}
	return p
}

func (d *decoder) geometry(gt byte) orb.Geometry {
	switch gt {
	case gPoint:
		if len(d.pts) == cap(d.pts) {
			d.fail()
			return nil
		}
		p := d.point()
		d.pts = append(d.pts, p) // keeps the point count honest
		return p
	case gLineString:
		return orb.LineString(d.part(false))
	case gMultiLineString:
		n := d.uvarint()
		if n > uint64(len(d.b)-d.i) {
			d.fail()
			return nil
		}
		ml := make(orb.MultiLineString, n)
		for i := range ml {
			ml[i] = d.part(false)
		}
		return ml
	case gPolygon:
		return d.polygon()
	case gMultiPolygon:
		n := d.uvarint()
		if n > uint64(len(d.b)-d.i) {
			d.fail()
			return nil
		}
		mp := make(orb.MultiPolygon, n)
		for i := range mp {
			mp[i] = d.polygon()
		}
		return mp
	}
	d.fail()
	return nil
}

func (d *decoder) feature(f *Feature) {
	f.Class = Class(d.byte())
	gt := d.byte()
	flags := d.byte()
	f.MinZoom = float32(d.uvarint()) / 10
	f.Rank = int(d.varint())
	f.Pop = int(d.uvarint())
	f.MapColor = d.byte()
	if flags&fName != 0 {
		f.Name = d.string()
	}
	if flags&fNameZH != 0 {
		f.NameZH = d.string()
	}
	if flags&fNameKO != 0 {
		f.NameKO = d.string()
	}
	if flags&fISO != 0 {
		f.ISO = d.string()
	}
	if flags&fLabel != 0 {
		x, y := d.varint(), d.varint()
		f.LabelAt = orb.Point{float64(x) * d.scale, float64(y) * d.scale}
	}
	f.Capital = flags&fCapital != 0
	d.px, d.py = 0, 0
	d.bound = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	f.Geometry = d.geometry(gt)
	f.Bound = d.bound
}
