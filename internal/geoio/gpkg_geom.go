package geoio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// GeoPackage geometry blobs (GeoPackage 1.3, section 2.1.3): "GP", a version
// byte, a flags byte, an int32 srs_id, an optional envelope, then ISO WKB.

const (
	gpFlagLittle   = 0x01 // header integers and doubles are little-endian
	gpEnvelopeXY   = 0x02 // envelope indicator 1: [minx, maxx, miny, maxy]
	gpFlagEmpty    = 0x10
	gpFlagExtended = 0x20
)

// gpkgEncoder turns geometries into GeoPackage blobs, reusing its buffers.
type gpkgEncoder struct {
	wkb bytes.Buffer
	enc *wkb.Encoder
	out []byte
}

// blob returns the GeoPackage blob of g (valid until the next call), and
// its bounds with ok false for an empty geometry. Polygon rings are wound
// as the GeoJSON writer winds them, so that both exports hold the same
// geometry.
func (e *gpkgEncoder) blob(g orb.Geometry) (b []byte, bound orb.Bound, ok bool, err error) {
	if e.enc == nil {
		e.enc = wkb.NewEncoder(&e.wkb).SetByteOrder(binary.LittleEndian)
	}
	g = wound(g)
	e.wkb.Reset()
	if err := e.enc.Encode(g); err != nil {
		return nil, bound, false, err
	}
	flags := byte(gpFlagLittle)
	empty := isEmpty(g)
	_, point := g.(orb.Point)
	switch {
	case empty:
		flags |= gpFlagEmpty
	case !point:
		// A point's envelope is the point: GDAL leaves it out, and so do
		// we, which saves 32 bytes a site.
		flags |= gpEnvelopeXY
	}
	o := append(e.out[:0], 'G', 'P', 0, flags)
	o = binary.LittleEndian.AppendUint32(o, 4326)
	if !empty {
		bound = g.Bound()
		if !point {
			for _, v := range [4]float64{bound.Min[0], bound.Max[0], bound.Min[1], bound.Max[1]} {
				o = binary.LittleEndian.AppendUint64(o, math.Float64bits(v))
			}
		}
	}
	o = append(o, e.wkb.Bytes()...)
	e.out = o
	return o, bound, !empty, nil
}

// isEmpty reports whether g has no positions at all.
func isEmpty(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Point:
		return false
	case orb.MultiPoint:
		return len(g) == 0
	case orb.LineString:
		return len(g) == 0
	case orb.Ring:
		return len(g) == 0
	case orb.MultiLineString:
		for _, l := range g {
			if len(l) > 0 {
				return false
			}
		}
	case orb.Polygon:
		for _, r := range g {
			if len(r) > 0 {
				return false
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			if !isEmpty(p) {
				return false
			}
		}
	case orb.Collection:
		for _, c := range g {
			if !isEmpty(c) {
				return false
			}
		}
	case orb.Bound:
		return false
	}
	return true
}

// wound returns g with polygon rings wound as RFC 7946 says (exterior
// counterclockwise, holes clockwise), copying only what changes, exactly as
// jsonWriter.polygon writes them.
func wound(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.Ring:
		return woundPolygon(orb.Polygon{g})
	case orb.Polygon:
		return woundPolygon(g)
	case orb.MultiPolygon:
		var out orb.MultiPolygon
		for i, p := range g {
			if w := woundPolygon(p); out != nil || !samePolygon(w, p) {
				if out == nil {
					out = append(orb.MultiPolygon(nil), g...)
				}
				out[i] = w
			}
		}
		if out != nil {
			return out
		}
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, c := range g {
			out[i] = wound(c)
		}
		return out
	case orb.Bound:
		return woundPolygon(g.ToPolygon())
	}
	return g
}

func woundPolygon(p orb.Polygon) orb.Polygon {
	var out orb.Polygon
	for i, r := range p {
		want := orb.CCW
		if i > 0 {
			want = orb.CW
		}
		if len(r) == 0 {
			continue // orb's Orientation panics on an empty ring
		}
		if o := r.Orientation(); o != 0 && o != want {
			if out == nil {
				out = append(orb.Polygon(nil), p...)
			}
			out[i] = reversed(r)
		}
	}
	if out == nil {
		return p
	}
	return out
}

func samePolygon(a, b orb.Polygon) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// gpkgGeom is what gpkgGeometryJSON found in a blob.
type gpkgGeom struct {
	srsID int32
	z, m  bool // the WKB had Z or M values (written out / dropped)
	empty bool
	// plain is true when every WKB type code was a 2D ISO one (1..7), the
	// subset orb's wkb package reads; the fuzz test compares with it.
	plain bool
}

// errTruncated is wrapped by every "ran out of bytes" error.
var errTruncated = errors.New("truncated")

// gpkgGeometryJSON appends the GeoJSON geometry object of GeoPackage blob b
// to dst, or null for an empty geometry. Z values are written as a third
// coordinate, so the GeoJSON decoder drops them with its usual warning; M
// values are dropped here. Rings are written as stored: the decoder judges
// their winding. It never panics and never allocates more than the output.
func gpkgGeometryJSON(dst, b []byte) ([]byte, gpkgGeom, error) {
	var info gpkgGeom
	if len(b) < 8 {
		if len(b) >= 2 && b[0] == 'G' && b[1] == 'P' {
			return dst, info, fmt.Errorf("geometry blob %w: %d bytes, the GeoPackage header alone has 8", errTruncated, len(b))
		}
		return dst, info, fmt.Errorf("not a GeoPackage geometry blob (%d bytes)", len(b))
	}
	if b[0] != 'G' || b[1] != 'P' {
		what := ""
		if b[0] <= 1 {
			what = "; it looks like plain WKB, which GeoPackage wraps in a \"GP\" header"
		}
		return dst, info, fmt.Errorf("not a GeoPackage geometry blob (starts with %s)%s", quoteHead(b[:4]), what)
	}
	if b[2] != 0 {
		return dst, info, fmt.Errorf("GeoPackage geometry blob version %d is not supported (expected 0)", b[2])
	}
	flags := b[3]
	if flags&gpFlagExtended != 0 {
		return dst, info, errors.New("extended GeoPackage geometry types are not supported")
	}
	var order binary.ByteOrder = binary.BigEndian
	if flags&gpFlagLittle != 0 {
		order = binary.LittleEndian
	}
	info.srsID = int32(order.Uint32(b[4:8]))
	envLen := 0
	switch ind := (flags >> 1) & 7; ind {
	case 0:
	case 1:
		envLen = 32
	case 2, 3:
		envLen = 48
	case 4:
		envLen = 64
	default:
		return dst, info, fmt.Errorf("invalid envelope indicator %d in the GeoPackage geometry header", ind)
	}
	if len(b) < 8+envLen {
		return dst, info, fmt.Errorf("geometry blob %w: %d bytes, the header says %d", errTruncated, len(b), 8+envLen)
	}
	r := wkbReader{data: b[8+envLen:], plain: true}
	start := len(dst)
	dst = r.geometry(dst, 0, true)
	info.z, info.m, info.plain, info.empty = r.z, r.m, r.plain, r.empty
	if r.err != nil {
		return dst[:start], info, r.err
	}
	if info.empty {
		// The empty flag alone is not trusted: the WKB is what has data.
		dst = append(dst[:start], "null"...)
	}
	return dst, info, nil
}

// wkbReader transcodes ISO or extended (PostGIS) WKB to GeoJSON text.
type wkbReader struct {
	data  []byte
	pos   int
	err   error
	z, m  bool
	plain bool
	empty bool
}

const maxWKBDepth = 32

func (r *wkbReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

func (r *wkbReader) need(n int, what string) bool {
	if r.err != nil {
		return false
	}
	if n < 0 || len(r.data)-r.pos < n {
		r.err = fmt.Errorf("WKB %w at byte %d: %s needs %d more bytes, %d left", errTruncated, r.pos, what, n, len(r.data)-r.pos)
		return false
	}
	return true
}

func (r *wkbReader) u32(order binary.ByteOrder) uint32 {
	v := order.Uint32(r.data[r.pos:])
	r.pos += 4
	return v
}

// count reads an element count and checks that the rest of the data can
// hold that many elements of at least min bytes each, so that a corrupt
// count fails at once instead of looping or allocating.
func (r *wkbReader) count(order binary.ByteOrder, min int, what string) int {
	if !r.need(4, what+" count") {
		return 0
	}
	n := r.u32(order)
	if uint64(n)*uint64(min) > uint64(len(r.data)-r.pos) {
		r.fail("WKB %w at byte %d: %d %s do not fit in the %d bytes left", errTruncated, r.pos-4, n, what, len(r.data)-r.pos)
		return 0
	}
	return int(n)
}

var wkbTypeNames = [8]string{1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}

// geometry appends one WKB geometry as a GeoJSON geometry object.
func (r *wkbReader) geometry(dst []byte, depth int, top bool) []byte {
	if depth > maxWKBDepth {
		r.fail("WKB geometry collections nested more than %d deep", maxWKBDepth)
		return dst
	}
	if !r.need(5, "geometry header") {
		return dst
	}
	order, base, hasZ, stride := r.header()
	if r.err != nil {
		return dst
	}
	dst = append(dst, `{"type":"`...)
	dst = append(dst, wkbTypeNames[base]...)
	if base == 7 {
		dst = append(dst, `","geometries":[`...)
		n := r.count(order, 9, "geometries")
		for i := 0; i < n && r.err == nil; i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = r.geometry(dst, depth+1, false)
		}
		if top && n == 0 {
			r.empty = true
		}
		return append(dst, "]}"...)
	}
	dst = append(dst, `","coordinates":`...)
	switch base {
	case 1:
		if !r.need(stride, "point") {
			return dst
		}
		if x, y := order.Uint64(r.data[r.pos:]), order.Uint64(r.data[r.pos+8:]); top &&
			math.IsNaN(math.Float64frombits(x)) && math.IsNaN(math.Float64frombits(y)) {
			r.pos += stride
			r.empty = true // an empty point is written as NaN, NaN
			return dst
		}
		dst = r.position(dst, order, hasZ, stride)
	case 2:
		dst = r.positions(dst, order, hasZ, stride, "points")
		r.empty = top && dst[len(dst)-2] == '['
	case 3:
		dst = r.rings(dst, order, hasZ, stride)
		r.empty = top && dst[len(dst)-2] == '['
	case 4, 5, 6:
		n := r.count(order, 9, "parts")
		dst = append(dst, '[')
		for i := 0; i < n && r.err == nil; i++ {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = r.part(dst, base-3)
		}
		r.empty = top && n == 0
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// part reads one member of a multi-geometry: a whole WKB geometry of type
// want whose coordinates go into the parent's array. Its own type says its
// dimensions, which may differ from the parent's.
func (r *wkbReader) part(dst []byte, want uint32) []byte {
	if !r.need(5, "part header") {
		return dst
	}
	at := r.pos
	order, base, hasZ, stride := r.header()
	if r.err != nil {
		return dst
	}
	if base != want {
		r.fail("a %s holds a WKB %s at byte %d", wkbTypeNames[want+3], wkbTypeNames[base], at)
		return dst
	}
	switch want {
	case 1:
		if !r.need(stride, "point") {
			return dst
		}
		return r.position(dst, order, hasZ, stride)
	case 2:
		return r.positions(dst, order, hasZ, stride, "points")
	}
	return r.rings(dst, order, hasZ, stride)
}

func (r *wkbReader) rings(dst []byte, order binary.ByteOrder, hasZ bool, stride int) []byte {
	n := r.count(order, 4, "rings")
	dst = append(dst, '[')
	for i := 0; i < n && r.err == nil; i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = r.positions(dst, order, hasZ, stride, "points")
	}
	return append(dst, ']')
}

func (r *wkbReader) positions(dst []byte, order binary.ByteOrder, hasZ bool, stride int, what string) []byte {
	n := r.count(order, stride, what)
	dst = append(dst, '[')
	for i := 0; i < n && r.err == nil; i++ {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = r.position(dst, order, hasZ, stride)
	}
	return append(dst, ']')
}

// position writes [x,y] or [x,y,z]; the caller checked the bytes are there.
func (r *wkbReader) position(dst []byte, order binary.ByteOrder, hasZ bool, stride int) []byte {
	n := 2
	if hasZ {
		n = 3
	}
	dst = append(dst, '[')
	for i := range n {
		f := math.Float64frombits(order.Uint64(r.data[r.pos+8*i:]))
		if math.IsNaN(f) || math.IsInf(f, 0) {
			r.fail("coordinate %d of the position at byte %d is %v", i, r.pos, f)
			return dst
		}
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendFloat(dst, f)
	}
	r.pos += stride
	return append(dst, ']')
}

// header reads a WKB geometry's byte order and type: its base type (1..7),
// whether it has Z, and the bytes per position.
func (r *wkbReader) header() (order binary.ByteOrder, base uint32, hasZ bool, stride int) {
	switch r.data[r.pos] {
	case 0:
		order = binary.BigEndian
	case 1:
		order = binary.LittleEndian
	default:
		r.fail("invalid WKB byte order %d at byte %d", r.data[r.pos], r.pos)
		return
	}
	r.pos++
	t := r.u32(order)
	hasZ, hasM := t&0x80000000 != 0, t&0x40000000 != 0
	if t&0x20000000 != 0 { // PostGIS EWKB carries an SRID
		if !r.need(4, "EWKB SRID") {
			return
		}
		r.pos += 4
	}
	if t&0xE0000000 != 0 {
		r.plain = false
	}
	t &^= 0xE0000000
	base, dim := t%1000, t/1000
	if dim > 3 || base < 1 || base > 7 {
		if base >= 8 && base <= 17 && dim <= 3 {
			r.fail("WKB geometry type %d (curves, surfaces, TIN) is not supported", t)
		} else {
			r.fail("unknown WKB geometry type %d", t)
		}
		return
	}
	if dim != 0 {
		r.plain = false
	}
	hasZ = hasZ || dim == 1 || dim == 3
	hasM = hasM || dim == 2 || dim == 3
	r.z = r.z || hasZ
	r.m = r.m || hasM
	stride = 16
	if hasZ {
		stride += 8
	}
	if hasM {
		stride += 8
	}
	return order, base, hasZ, stride
}
