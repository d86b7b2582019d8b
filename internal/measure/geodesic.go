package measure

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS84 ellipsoid. orb/geo works on a sphere of the equatorial radius
// (orb.EarthRadius = 6378137 m), which makes a degree of latitude at the
// equator 111.319 km against the ellipsoid's 110.574 km (0.67 % long) and
// a 1°×1° cell at the equator 12,391 km² against 12,309 km² (0.67 %): over
// the 0.5 % the issue allows. orb's plain Distance is also an
// equirectangular approximation that drifts on long lines. So lengths use
// Vincenty's inverse on the ellipsoid and areas the authalic sphere, whose
// areas equal the ellipsoid's (see area.go).
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
	wgs84B = wgs84A * (1 - wgs84F)

	// meanRadius is the IUGG mean radius R1 = (2a+b)/3, used for the rare
	// near-antipodal pairs on which Vincenty's iteration does not converge.
	meanRadius = (2*wgs84A + wgs84B) / 3
)

const rad = math.Pi / 180

// Distance is the geodesic distance in metres between two [lon, lat]
// points on the WGS84 ellipsoid, by Vincenty's inverse formula (accurate
// to well under a millimetre). Vincenty does not converge for some nearly
// antipodal pairs; for those it falls back to the great circle on the
// mean-radius sphere, within 0.1 % of the ellipsoid on the pairs tested.
func Distance(p1, p2 orb.Point) float64 {
	if p1 == p2 {
		return 0
	}
	if s, ok := vincenty(p1, p2); ok {
		return s
	}
	return haversine(p1, p2, meanRadius)
}

// vincenty solves the inverse problem; ok is false when the iteration on
// the longitude on the auxiliary sphere did not converge.
func vincenty(p1, p2 orb.Point) (float64, bool) {
	const f, a, b = wgs84F, wgs84A, wgs84B
	L := normLon((p2[0] - p1[0]) * rad)
	u1 := math.Atan((1 - f) * math.Tan(p1[1]*rad))
	u2 := math.Atan((1 - f) * math.Tan(p2[1]*rad))
	sinU1, cosU1 := math.Sincos(u1)
	sinU2, cosU2 := math.Sincos(u2)

	lambda := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM float64
	for iter := 0; ; iter++ {
		if iter == 200 {
			return 0, false
		}
		sinL, cosL := math.Sincos(lambda)
		x := cosU2 * sinL
		y := cosU1*sinU2 - sinU1*cosU2*cosL
		sinSigma = math.Hypot(x, y)
		if sinSigma == 0 {
			return 0, true // coincident points
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosL
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinL / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		cos2SigmaM = 0
		if cos2Alpha != 0 { // both points on the equator otherwise
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		}
		c := f / 16 * cos2Alpha * (4 + f*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-c)*f*sinAlpha*(sigma+c*sinSigma*(cos2SigmaM+c*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda) > math.Pi {
			return 0, false // diverging: the nearly antipodal case
		}
		if math.Abs(lambda-prev) < 1e-12 {
			break
		}
	}
	u2sq := cos2Alpha * (a*a - b*b) / (b * b)
	A := 1 + u2sq/16384*(4096+u2sq*(-768+u2sq*(320-175*u2sq)))
	B := u2sq / 1024 * (256 + u2sq*(-128+u2sq*(74-47*u2sq)))
	dSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	s := b * A * (sigma - dSigma)
	if math.IsNaN(s) {
		return 0, false
	}
	return s, true
}

// haversine is the great-circle distance on a sphere of radius r.
func haversine(p1, p2 orb.Point, r float64) float64 {
	dLat := (p2[1] - p1[1]) * rad
	dLon := (p2[0] - p1[0]) * rad
	s1, s2 := math.Sin(dLat/2), math.Sin(dLon/2)
	h := s1*s1 + math.Cos(p1[1]*rad)*math.Cos(p2[1]*rad)*s2*s2
	return 2 * r * math.Atan2(math.Sqrt(h), math.Sqrt(math.Max(0, 1-h)))
}

// normLon wraps an angle in radians into [-π, π], so a line across the
// antimeridian (179° to -179°) measures 2°, not 358°.
func normLon(x float64) float64 {
	x = math.Remainder(x, 2*math.Pi)
	return x
}
