package render

import (
	"math"

	"github.com/siteatlas/siteatlas/internal/mercator"
)

// earthCircumference is the equator's length on the WGS 84 sphere that Web
// Mercator uses, in metres.
const earthCircumference = 2 * math.Pi * 6378137

// drawDoubt draws, under the markers, a translucent disc around each single
// point placed approximately and a ring around each placed to its city, of
// the radius on the ground the precision allows. Clusters get none: their
// marker already says "somewhere here".
func drawDoubt(c *canvas, fs frameSites, fr frame, approximate, city float64) {
	if approximate == 0 {
		approximate = DefaultApproximateRadius
	}
	if city == 0 {
		city = DefaultCityRadius
	}
	for i := range fs.clusters {
		cl := &fs.clusters[i]
		if cl.n != 1 {
			continue
		}
		e := fs.snap.entry(cl.r)
		if e.flags&flagShape != 0 {
			continue
		}
		metres := 0.0
		switch {
		case e.flags&flagApproximate != 0:
			metres = approximate
		case e.flags&flagCity != 0:
			metres = city
		}
		if metres <= 0 {
			continue
		}
		r := float32(doubtRadius(metres, float64(e.y), fr.ws))
		if r < float32(markerRadius*fr.scale)+1 {
			continue // hidden under the marker anyway
		}
		col := markerColor(fs.snap, e)
		x, y := float32(cl.x), float32(cl.y)
		w := float32(1.5 * fr.scale)
		if e.flags&flagCity != 0 {
			// A city is a ring: the site is somewhere in it, not at its
			// centre, which the faint fill would suggest.
			c.disc(x, y, r)
			c.fill(fade(col, 0.06))
			c.ringN(x, y, r-w, r)
			c.fill(fade(col, 0.55))
			continue
		}
		c.disc(x, y, r)
		c.fill(fade(col, 0.18))
		c.ringN(x, y, r-w, r)
		c.fill(fade(col, 0.45))
	}
}

// doubtRadius is the radius in pixels of metres on the ground at the unit
// square's y, in a world ws pixels wide.
func doubtRadius(metres, y, ws float64) float64 {
	lat := mercator.Lat(y)
	return metres * ws / (earthCircumference * math.Cos(lat*math.Pi/180))
}

// circleSides is enough sides for a circle of radius r pixels to look round.
func circleSides(r float32) int {
	return int(min(512, max(24, r/3)))
}

// disc adds a circle of any size.
func (c *canvas) disc(x, y, r float32) {
	n := circleSides(r)
	pts := make([]float32, 2*n)
	for i := range n {
		a := float64(i) * 2 * math.Pi / float64(n)
		pts[2*i] = x + r*float32(math.Cos(a))
		pts[2*i+1] = y + r*float32(math.Sin(a))
	}
	c.path.addPoly(pts)
}

// ringN adds an annulus of any size, as ring does for markers.
func (c *canvas) ringN(x, y, r0, r1 float32) {
	n := circleSides(r1)
	pts := make([]float32, 4*(n+1))
	for i := 0; i <= n; i++ {
		a := float64(i) * 2 * math.Pi / float64(n)
		pts[2*i] = x + r1*float32(math.Cos(a))
		pts[2*i+1] = y + r1*float32(math.Sin(a))
		pts[4*n+2-2*i] = x + r0*float32(math.Cos(a))
		pts[4*n+3-2*i] = y + r0*float32(math.Sin(a))
	}
	c.path.addPoly(pts)
}
