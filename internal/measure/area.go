package measure

import (
	"math"

	"github.com/paulmach/orb"
)

// Areas are computed on the authalic sphere: latitudes are mapped to
// authalic latitudes β, for which a sphere of radius Rq has the same area
// as the WGS84 ellipsoid between any two parallels. A 1°×1° cell comes out
// at the ellipsoid's area exactly; edges are great circles on that sphere,
// which for site-sized polygons differ from the ellipsoid's geodesics by
// far less than the precision anyone draws with (and on the 4° × 7°
// outline of Colorado by under 0.01 %).
var (
	ecc2 = wgs84F * (2 - wgs84F)
	ecc  = math.Sqrt(ecc2)
	qp   = authalicQ(1)
	// authalicR is Rq = a·sqrt(qp/2), 6371007.18 m for WGS84.
	authalicR = wgs84A * math.Sqrt(qp/2)
)

// authalicQ is q(φ) of Snyder's "Map projections: a working manual"
// (3-12), given sin φ.
func authalicQ(sinPhi float64) float64 {
	es := ecc * sinPhi
	return (1 - ecc2) * (sinPhi/(1-es*es) - 1/(2*ecc)*math.Log((1-es)/(1+es)))
}

// authalicLat is β(φ) in radians for a latitude in degrees.
func authalicLat(latDeg float64) float64 {
	v := authalicQ(math.Sin(latDeg*rad)) / qp
	return math.Asin(math.Max(-1, math.Min(1, v)))
}

// ringArea is the unsigned area in m² of a ring (closed or not) with
// great-circle edges on the authalic sphere. Each edge adds the signed
// spherical excess of the triangle it makes with the pole; the sum is the
// ring's area whichever way it winds. A ring enclosing more than half the
// Earth is taken to mean the smaller side: sites are never that large, and
// a ring drawn the "wrong" way round must not measure 510 million km².
func ringArea(r orb.Ring) float64 {
	n := len(r)
	if n > 1 && r[0] == r[n-1] {
		n--
	}
	if n < 3 {
		return 0
	}
	sum := 0.0
	prevT := math.Tan(authalicLat(r[n-1][1]) / 2)
	prevLon := r[n-1][0]
	for i := 0; i < n; i++ {
		t := math.Tan(authalicLat(r[i][1]) / 2)
		dl := normLon((r[i][0] - prevLon) * rad)
		sum += 2 * math.Atan2(math.Tan(dl/2)*(prevT+t), 1+prevT*t)
		prevT, prevLon = t, r[i][0]
	}
	sphere := 4 * math.Pi
	a := math.Abs(sum)
	a = math.Mod(a, sphere)
	if a > sphere/2 {
		a = sphere - a
	}
	return a * authalicR * authalicR
}

// polygonArea is the shell's area less its holes'. A hole larger than
// its shell (an invalid drawing) cannot make the area negative.
func polygonArea(p orb.Polygon) float64 {
	if len(p) == 0 {
		return 0
	}
	a := ringArea(p[0])
	for _, h := range p[1:] {
		a -= ringArea(h)
	}
	return math.Max(0, a)
}
