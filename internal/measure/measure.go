// Package measure gives the geodesic figures of geometries on the WGS84
// ellipsoid: lengths of lines, areas and perimeters of polygons, each
// segment of a measured path, and their one written form for the details
// panel, the Measure tool and `siteatlas measure`. It knows nothing of
// the UI or the store.
//
// orb/geo's spherical functions were checked first and miss the issue's
// 0.5 % at low latitudes (see geodesic.go), so lengths use Vincenty on
// the ellipsoid and areas the authalic sphere.
package measure

import (
	"github.com/paulmach/orb"
)

// Figures are a geometry's measures in metres and square metres: LengthM
// for lines, AreaM2 and PerimeterM for polygons; zero where they do not
// apply (a point has none).
type Figures struct {
	LengthM    float64 `json:"length_m"`
	AreaM2     float64 `json:"area_m2"`
	PerimeterM float64 `json:"perimeter_m"`
}

// Of is every figure of g: what the details panel and `siteatlas
// measure` show. A collection sums its members.
func Of(g orb.Geometry) Figures {
	return Figures{LengthM: Length(g), AreaM2: Area(g), PerimeterM: Perimeter(g)}
}

// Length is the geodesic length in metres of a LineString or
// MultiLineString (summed over a Collection's lines). Polygons have a
// Perimeter instead, so their Length is 0: a compound's fence is not
// counted twice in a collection's figures.
func Length(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.LineString:
		return pathLength(g)
	case orb.MultiLineString:
		s := 0.0
		for _, l := range g {
			s += pathLength(l)
		}
		return s
	case orb.Collection:
		s := 0.0
		for _, m := range g {
			s += Length(m)
		}
		return s
	}
	return 0
}

// Perimeter is the geodesic length in metres of a polygon's boundary:
// its shell and its holes, as PostGIS's ST_Perimeter counts it (a fence
// goes round a hole too). Ring, Bound, MultiPolygon and a Collection's
// polygons count; lines and points are 0.
func Perimeter(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Ring:
		return ringLength(g)
	case orb.Bound:
		return ringLength(g.ToRing())
	case orb.Polygon:
		s := 0.0
		for _, r := range g {
			s += ringLength(r)
		}
		return s
	case orb.MultiPolygon:
		s := 0.0
		for _, p := range g {
			s += Perimeter(p)
		}
		return s
	case orb.Collection:
		s := 0.0
		for _, m := range g {
			s += Perimeter(m)
		}
		return s
	}
	return 0
}

// Area is the area in m² of a Polygon (holes subtracted), MultiPolygon,
// Ring or Bound on the WGS84 ellipsoid; 0 for points and lines.
func Area(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Ring:
		return ringArea(g)
	case orb.Bound:
		return ringArea(g.ToRing())
	case orb.Polygon:
		return polygonArea(g)
	case orb.MultiPolygon:
		s := 0.0
		for _, p := range g {
			s += polygonArea(p)
		}
		return s
	case orb.Collection:
		s := 0.0
		for _, m := range g {
			s += Area(m)
		}
		return s
	}
	return 0
}

// Segments is the geodesic length in metres of each segment of a path:
// len(path)-1 values (none for fewer than two points).
func Segments(path []orb.Point) []float64 {
	if len(path) < 2 {
		return nil
	}
	out := make([]float64, len(path)-1)
	for i := range out {
		out[i] = Distance(path[i], path[i+1])
	}
	return out
}

// PathFigures are what the Measure tool shows for a drawn path.
type PathFigures struct {
	Segments []float64 // metres, one per segment; a closed path includes the closing one
	TotalM   float64   // the sum of Segments: the path's length, or the perimeter when closed
	AreaM2   float64   // the enclosed area when closed, else 0
}

// Path measures a drawn path; closed joins the last point back to the
// first (the path need not repeat it) and adds the enclosed area.
func Path(path []orb.Point, closed bool) PathFigures {
	pts := path
	if closed && len(path) > 2 && path[0] != path[len(path)-1] {
		pts = append(append(make([]orb.Point, 0, len(path)+1), path...), path[0])
	}
	f := PathFigures{Segments: Segments(pts)}
	for _, s := range f.Segments {
		f.TotalM += s
	}
	if closed {
		f.AreaM2 = ringArea(orb.Ring(pts))
	}
	return f
}

func pathLength(l []orb.Point) float64 {
	s := 0.0
	for i := 1; i < len(l); i++ {
		s += Distance(l[i-1], l[i])
	}
	return s
}

// ringLength measures a ring with its closing segment, whether or not
// the ring repeats its first point.
func ringLength(r orb.Ring) float64 {
	s := pathLength(r)
	if n := len(r); n > 2 && r[0] != r[n-1] {
		s += Distance(r[n-1], r[0])
	}
	return s
}
