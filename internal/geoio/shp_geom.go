package geoio

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Shape types of the ESRI Shapefile Technical Description (1998).
const (
	shpNull        = 0
	shpPoint       = 1
	shpPolyLine    = 3
	shpPolygon     = 5
	shpMultiPoint  = 8
	shpPointZ      = 11
	shpPolyLineZ   = 13
	shpPolygonZ    = 15
	shpMultiPointZ = 18
	shpPointM      = 21
	shpPolyLineM   = 23
	shpPolygonM    = 25
	shpMultiPointM = 28
	shpMultiPatch  = 31
)

func shpTypeName(t int32) string {
	switch t {
	case shpNull:
		return "Null"
	case shpPoint:
		return "Point"
	case shpPolyLine:
		return "PolyLine"
	case shpPolygon:
		return "Polygon"
	case shpMultiPoint:
		return "MultiPoint"
	case shpPointZ:
		return "PointZ"
	case shpPolyLineZ:
		return "PolyLineZ"
	case shpPolygonZ:
		return "PolygonZ"
	case shpMultiPointZ:
		return "MultiPointZ"
	case shpPointM:
		return "PointM"
	case shpPolyLineM:
		return "PolyLineM"
	case shpPolygonM:
		return "PolygonM"
	case shpMultiPointM:
		return "MultiPointM"
	case shpMultiPatch:
		return "MultiPatch"
	}
	return fmt.Sprintf("unknown shape type %d", t)
}

// shpBase is the 2D type of a shape type, and whether it has Z or M.
func shpBase(t int32) (base int32, z, m bool) {
	switch t {
	case shpPointZ, shpPolyLineZ, shpPolygonZ, shpMultiPointZ:
		return t - 10, true, true // Z types carry M too (optionally)
	case shpPointM, shpPolyLineM, shpPolygonM, shpMultiPointM:
		return t - 20, false, true
	}
	return t, false, false
}

// shpShape parses one record's content (after the record header) into a
// geometry; nil for a Null shape. The error says what is wrong, for
// "record 12: ...".
func shpShape(c []byte) (g orb.Geometry, typ int32, err error) {
	if len(c) < 4 {
		return nil, 0, fmt.Errorf("the record is %d bytes, too short for a shape type", len(c))
	}
	typ = int32(binary.LittleEndian.Uint32(c))
	le := binary.LittleEndian
	base, _, _ := shpBase(typ)
	switch base {
	case shpNull:
		return nil, typ, nil
	case shpPoint:
		if len(c) < 20 {
			return nil, typ, fmt.Errorf("%s record is %d bytes, want at least 20", shpTypeName(typ), len(c))
		}
		p, err := shpXY(c, 4)
		return p, typ, err
	case shpMultiPoint:
		if len(c) < 40 {
			return nil, typ, fmt.Errorf("%s record is %d bytes, too short for its header", shpTypeName(typ), len(c))
		}
		n := int64(int32(le.Uint32(c[36:])))
		if n < 0 || 40+16*n > int64(len(c)) {
			return nil, typ, fmt.Errorf("%d points do not fit in a record of %d bytes", n, len(c))
		}
		if n == 0 {
			return nil, typ, nil
		}
		mp := make(orb.MultiPoint, n)
		for i := range mp {
			if mp[i], err = shpXY(c, 40+16*i); err != nil {
				return nil, typ, fmt.Errorf("point %d: %v", i, err)
			}
		}
		return mp, typ, nil
	case shpPolyLine, shpPolygon:
		return shpParts(c, typ, base)
	case shpMultiPatch:
		return nil, typ, fmt.Errorf("MultiPatch (3D surface) shapes are not supported")
	}
	return nil, typ, fmt.Errorf("%s is not a shapefile shape type", shpTypeName(typ))
}

// shpParts reads a PolyLine or Polygon: parts index into one point array.
func shpParts(c []byte, typ, base int32) (orb.Geometry, int32, error) {
	le := binary.LittleEndian
	if len(c) < 44 {
		return nil, typ, fmt.Errorf("%s record is %d bytes, too short for its header", shpTypeName(typ), len(c))
	}
	np := int64(int32(le.Uint32(c[36:])))
	n := int64(int32(le.Uint32(c[40:])))
	if np < 0 || n < 0 || 44+4*np+16*n > int64(len(c)) {
		return nil, typ, fmt.Errorf("%d parts and %d points do not fit in a record of %d bytes", np, n, len(c))
	}
	if n == 0 || np == 0 {
		return nil, typ, nil
	}
	pts := 44 + 4*int(np)
	parts := make([]orb.LineString, 0, np)
	idx := func(i int) int64 {
		if i == int(np) {
			return n
		}
		return int64(int32(le.Uint32(c[44+4*i:])))
	}
	for i := 0; i < int(np); i++ {
		switch start := idx(i); {
		case i == 0 && start != 0:
			return nil, typ, fmt.Errorf("part 0 starts at point %d, not 0", start)
		case start < 0 || start >= n:
			return nil, typ, fmt.Errorf("part index %d beyond %d points", start, n)
		case start > idx(i+1) && idx(i+1) >= 0 && idx(i+1) < n:
			return nil, typ, fmt.Errorf("part %d starts at point %d, after part %d's start %d", i+1, idx(i+1), i, start)
		}
	}
	for i := 0; i < int(np); i++ {
		start, end := idx(i), idx(i+1)
		if end == start {
			continue // an empty part has nothing to draw
		}
		ls := make(orb.LineString, end-start)
		for j := range ls {
			p, err := shpXY(c, pts+16*(int(start)+j))
			if err != nil {
				return nil, typ, fmt.Errorf("part %d point %d: %v", i, j, err)
			}
			ls[j] = p
		}
		parts = append(parts, ls)
	}
	if len(parts) == 0 {
		return nil, typ, nil
	}
	if base == shpPolyLine {
		if len(parts) == 1 {
			return parts[0], typ, nil
		}
		return orb.MultiLineString(parts), typ, nil
	}
	return assemblePolygons(parts), typ, nil
}

func shpXY(c []byte, off int) (orb.Point, error) {
	le := binary.LittleEndian
	x, y := math.Float64frombits(le.Uint64(c[off:])), math.Float64frombits(le.Uint64(c[off+8:]))
	if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
		return orb.Point{}, fmt.Errorf("a coordinate is not a finite number")
	}
	return orb.Point{x, y}, nil
}

// assemblePolygons groups a Polygon shape's rings. The specification says
// outer rings are clockwise and holes counterclockwise, a hole inside its
// outer ring; each hole goes to the smallest outer ring that contains it.
// A hole inside no outer ring, and every ring of a shape with no clockwise
// ring (some writers wind them all the other way), is read as an outer
// ring rather than lost. Winding is made RFC 7946's when written.
func assemblePolygons(rings []orb.LineString) orb.Geometry {
	var outers orb.MultiPolygon
	var areas []float64
	var holes []orb.Ring
	for _, r := range rings {
		if signedArea(r) <= 0 { // clockwise (or degenerate): outer
			outers = append(outers, orb.Polygon{orb.Ring(r)})
			areas = append(areas, -signedArea(r))
		} else {
			holes = append(holes, orb.Ring(r))
		}
	}
	if len(outers) == 0 {
		for _, h := range holes {
			outers = append(outers, orb.Polygon{h})
		}
		holes = nil
	}
	for _, h := range holes {
		best := -1
		for i, o := range outers {
			if len(h) > 0 && ringContains(o[0], h[0]) && (best < 0 || areas[i] < areas[best]) {
				best = i
			}
		}
		if best < 0 {
			outers = append(outers, orb.Polygon{h})
			areas = append(areas, signedArea(orb.LineString(h)))
			continue
		}
		outers[best] = append(outers[best], h)
	}
	if len(outers) == 1 {
		return outers[0]
	}
	return outers
}

// signedArea is twice the shoelace area: positive counterclockwise.
func signedArea(r orb.LineString) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a
}

// ringContains is the even-odd rule for p in ring r.
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}
