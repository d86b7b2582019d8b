package share

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"

	"github.com/siteatlas/siteatlas/internal/site"
)

// kmPerDegree is the length of a degree of latitude (and of longitude at
// the equator) on orb's sphere of radius 6378137 m, the one geo.Distance
// measures with.
const kmPerDegree = 2 * math.Pi * orb.EarthRadius / 1000 / 360

// cellKm is about how far apart positions written with d decimals can be.
func cellKm(d int) float64 { return kmPerDegree * math.Pow10(-d) }

// precisionDecimals is the most decimals a site of precision p may be
// written with: the writers' site.CoordinateDecimals, and 6 (as exact) for
// a site of no stated precision, since a generalised position is ours, not
// a value read from another tool.
func precisionDecimals(p site.Precision) int {
	if d := site.CoordinateDecimals(p); d >= 0 {
		return d
	}
	return 6
}

// displaceDecimals is the decimals displaced positions are written with.
func displaceDecimals(d int) int {
	if d == 0 {
		return 3
	}
	return d
}

// The decimals a grid node and a city centre are written with: enough not
// to move them visibly, and either is public knowledge, not the site's.
const (
	gridDecimals = 5
	cityDecimals = 4
)

// generalise returns the position an export writes for s under p, and
// whether it differs from the stored geometry. Every mode but stored
// writes a point: a polygon or line becomes its centroid first, because
// the cells a compound touches would still draw its outline, and its size
// narrows down where it is. The result is never written with more decimals
// than the site's precision allows (a city-precise site keeps at most 2).
func generalise(pos Positions, profile string, s site.Site, env Env) orb.Geometry {
	if s.Geometry == nil || pos.Mode == PositionsStored || pos.Mode == "" {
		return s.Geometry
	}
	if s.Geometry.Bound().IsEmpty() {
		// An empty polygon or collection: its centroid would be 0°, 0°.
		return nil
	}
	pt := representative(s.Geometry)
	maxDec := precisionDecimals(s.Precision)
	switch pos.Mode {
	case PositionsRound:
		return roundPoint(pt, min(pos.Decimals, maxDec))
	case PositionsGrid:
		return roundPoint(snapToGrid(pt, pos.GridKm), min(gridDecimals, maxDec))
	case PositionsCity:
		if env.CityCentre != nil {
			if c, ok := env.CityCentre(s); ok {
				return roundPoint(c, min(cityDecimals, maxDec))
			}
		}
		return roundPoint(pt, min(2, maxDec))
	case PositionsDisplace:
		return displace(pt, pos.RadiusKm, min(displaceDecimals(pos.Decimals), maxDec), env.Salt, profile, s.ID)
	}
	return s.Geometry
}

// representative is the point that stands for g: itself for a point, else
// its centroid (area-weighted for polygons, length-weighted for lines).
func representative(g orb.Geometry) orb.Point {
	if pt, ok := g.(orb.Point); ok {
		return pt
	}
	c, _ := planar.CentroidArea(g)
	return c
}

func roundPoint(p orb.Point, d int) orb.Point {
	f := math.Pow10(d)
	return orb.Point{math.Round(p[0]*f) / f, math.Round(p[1]*f) / f}
}

// snapToGrid moves p to the nearest node of a grid of km: rows every km
// of latitude, and along each row nodes every km of longitude at that
// row's latitude, so a cell is km by km everywhere, not squeezed toward the
// poles.
func snapToGrid(p orb.Point, km float64) orb.Point {
	latStep := km / kmPerDegree
	lat := math.Round(p[1]/latStep) * latStep
	lat = math.Max(-90, math.Min(90, lat))
	lonStep := GridLonStep(lat, km)
	lon := math.Round(p[0]/lonStep) * lonStep
	if lon > 180 {
		lon -= 360
	}
	return orb.Point{lon, lat}
}

// GridLonStep is the longitude spacing, in degrees, of the grid of km along
// the row at latitude lat (a node's latitude is a whole number of
// km/kmPerDegree). It is exported so that tests and the audit can check a
// grid export independently of snapToGrid.
func GridLonStep(lat, km float64) float64 {
	c := math.Cos(lat * math.Pi / 180)
	step := km / (kmPerDegree * math.Max(c, 1e-6))
	return math.Min(step, 360)
}

// GridLatStep is the latitude spacing, in degrees, of the grid of km.
func GridLatStep(km float64) float64 { return km / kmPerDegree }

// MinDisplaceFraction is the part of the radius a displaced position is at
// least moved by: a uniform disc puts one site in a hundred within a tenth
// of the radius of where it is, near enough to find; the annulus (a
// "donut" mask) never does.
const MinDisplaceFraction = 0.1

// displace moves p by an offset uniform in the annulus between
// MinDisplaceFraction·r and r km, drawn from HMAC-SHA256(salt, profile,
// id): the same profile and site give the same offset in every export (no
// averaging attack by exporting twice) and an edited site keeps it. The
// point is then written with d decimals; a draw whose rounded point falls
// outside the annulus is drawn again, so the written point keeps the
// promise. When d is coarse for r (a city-precise site rounded to 2
// decimals, about 1 km, with a small r) no draw may fit in 64: then the
// farthest one within r plus a cell's diagonal stands, which PositionRule
// allows for.
func displace(p orb.Point, r float64, d int, salt []byte, profile, id string) orb.Point {
	rnd := newStream(salt, "displace", profile, id)
	rMin := MinDisplaceFraction * r
	limit := r + slackKm(r, d)
	var best orb.Point
	bestDist := -1.0
	for range 64 {
		u, v := rnd.float(), rnd.float()
		dist := math.Sqrt(rMin*rMin + u*(r*r-rMin*rMin))
		theta := 2 * math.Pi * v
		lat := p[1] + dist*math.Sin(theta)/kmPerDegree
		lon := p[0] + dist*math.Cos(theta)/(kmPerDegree*math.Max(math.Cos(p[1]*math.Pi/180), 1e-6))
		out := roundPoint(wrap(orb.Point{lon, lat}), d)
		got := geo.DistanceHaversine(p, out) / 1000
		if got >= rMin && got <= r {
			return out
		}
		if got <= limit && got > bestDist {
			best, bestDist = out, got
		}
	}
	if bestDist < 0 {
		return roundPoint(p, d)
	}
	return best
}

// slackKm is how far past r a displaced point written with d decimals may
// end up: nothing when d is fine enough for r (Validate's rule), else a
// cell's diagonal.
func slackKm(r float64, d int) float64 {
	if cellKm(d) <= r/4 {
		return 0
	}
	return cellKm(d) * math.Sqrt2
}

// wrap brings lon back into [-180, 180] and reflects a latitude past a pole.
func wrap(p orb.Point) orb.Point {
	lon, lat := p[0], p[1]
	if lat > 90 {
		lat, lon = 180-lat, lon+180
	} else if lat < -90 {
		lat, lon = -180-lat, lon+180
	}
	lon = math.Mod(lon+180, 360)
	if lon < 0 {
		lon += 360
	}
	return orb.Point{lon - 180, lat}
}

// stream is a deterministic random stream: HMAC-SHA256 of the key parts
// and a block counter. It is spelled out, not math/rand, so that offsets
// never change with the Go version (an export must stay byte-identical).
type stream struct {
	mac   []byte
	salt  []byte
	block uint64
	buf   []byte
}

func newStream(salt []byte, parts ...string) *stream {
	var msg []byte
	for _, p := range parts {
		msg = binary.AppendUvarint(msg, uint64(len(p)))
		msg = append(msg, p...)
	}
	return &stream{mac: msg, salt: salt}
}

func (s *stream) uint64() uint64 {
	if len(s.buf) < 8 {
		h := hmac.New(sha256.New, s.salt)
		h.Write(s.mac)
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], s.block)
		h.Write(n[:])
		s.block++
		s.buf = h.Sum(nil)
	}
	v := binary.BigEndian.Uint64(s.buf)
	s.buf = s.buf[8:]
	return v
}

// float is uniform in [0, 1).
func (s *stream) float() float64 { return float64(s.uint64()>>11) / (1 << 53) }
