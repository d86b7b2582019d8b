package render

import (
	"image"
	"image/color"
	"math"

	"github.com/siteatlas/siteatlas/internal/raster"
)

// canvas draws anti-aliased paths on an *image.RGBA. Each fill works on
// the bound of its path, clipped to the image.
type canvas struct {
	dst  *image.RGBA
	ras  *sparseRaster
	path path
	clip [4]float32 // xmin, ymin, xmax, ymax of what is kept of a ring
	tmp  [2][]float32
}

func newCanvas(dst *image.RGBA) *canvas {
	var c *canvas
	select {
	case c = <-canvasPool:
	default:
		c = &canvas{ras: new(sparseRaster)}
	}
	c.path.reset()
	c.dst = dst
	b := dst.Bounds()
	// Keep a margin so that clipped edges and strokes are not visible.
	const m = 8
	c.clip = [4]float32{float32(b.Min.X - m), float32(b.Min.Y - m), float32(b.Max.X + m), float32(b.Max.Y + m)}
	return c
}

// canvasPool keeps a few canvases with their grown buffers from frame to
// frame. A channel rather than a sync.Pool: the pool is emptied at every
// collection, and then every frame would grow its buffers again.
var canvasPool = make(chan *canvas, 4)

// release returns the canvas and its buffers for another frame; the canvas
// must not be used afterwards.
func (c *canvas) release() {
	c.dst = nil
	select {
	case canvasPool <- c:
	default:
	}
}

// path is a list of closed subpaths in pixels, with their bound.
type path struct {
	pts    []float32 // x, y pairs
	starts []int     // index in pts (pairs) where each subpath starts
	bound  [4]float32
}

func (p *path) reset() {
	p.pts, p.starts = p.pts[:0], p.starts[:0]
	p.bound = [4]float32{math.MaxFloat32, math.MaxFloat32, -math.MaxFloat32, -math.MaxFloat32}
}

func (p *path) empty() bool { return len(p.starts) == 0 }

// addPoly adds a closed subpath given as x, y pairs.
func (p *path) addPoly(xy []float32) {
	if len(xy) < 6 {
		return
	}
	p.starts = append(p.starts, len(p.pts)/2)
	p.pts = append(p.pts, xy...)
	for i := 0; i < len(xy); i += 2 {
		p.bound[0] = min(p.bound[0], xy[i])
		p.bound[1] = min(p.bound[1], xy[i+1])
		p.bound[2] = max(p.bound[2], xy[i])
		p.bound[3] = max(p.bound[3], xy[i+1])
	}
}

// addRing clips a ring in pixels to the canvas (plus margin) and adds it.
func (c *canvas) addRing(xy []float32) {
	if len(xy) < 6 {
		return
	}
	// Sutherland–Hodgman against the four sides. Rings far larger than the
	// window are the norm when zoomed in on a country; unclipped, their
	// coordinates would run the rasterizer over millions of empty rows.
	in := xy
	for side := 0; side < 4; side++ {
		out := c.tmp[side&1][:0]
		n := len(in) / 2
		for i := 0; i < n; i++ {
			ax, ay := in[2*((i+n-1)%n)], in[2*((i+n-1)%n)+1]
			bx, by := in[2*i], in[2*i+1]
			ain, bin := c.inside(side, ax, ay), c.inside(side, bx, by)
			if bin {
				if !ain {
					out = append(out, c.cross(side, ax, ay, bx, by)...)
				}
				out = append(out, bx, by)
			} else if ain {
				out = append(out, c.cross(side, ax, ay, bx, by)...)
			}
		}
		c.tmp[side&1] = out
		in = out
		if len(in) < 6 {
			return
		}
	}
	c.path.addPoly(in)
}

func (c *canvas) inside(side int, x, y float32) bool {
	switch side {
	case 0:
		return x >= c.clip[0]
	case 1:
		return y >= c.clip[1]
	case 2:
		return x <= c.clip[2]
	}
	return y <= c.clip[3]
}

func (c *canvas) cross(side int, ax, ay, bx, by float32) []float32 {
	var t float32
	switch side {
	case 0:
		t = (c.clip[0] - ax) / (bx - ax)
	case 1:
		t = (c.clip[1] - ay) / (by - ay)
	case 2:
		t = (c.clip[2] - ax) / (bx - ax)
	default:
		t = (c.clip[3] - ay) / (by - ay)
	}
	return []float32{ax + t*(bx-ax), ay + t*(by-ay)}
}

// fill paints the current path with col and clears it.
func (c *canvas) fill(col color.RGBA) {
	defer c.path.reset()
	if c.path.empty() {
		return
	}
	db := c.dst.Bounds()
	r := image.Rect(int(math.Floor(float64(c.path.bound[0]))), int(math.Floor(float64(c.path.bound[1]))),
		int(math.Ceil(float64(c.path.bound[2])))+1, int(math.Ceil(float64(c.path.bound[3])))+1).Intersect(db)
	if r.Empty() {
		return
	}
	c.ras.reset(r.Dx(), r.Dy())
	ox, oy := float32(r.Min.X), float32(r.Min.Y)
	pts := c.path.pts
	for i, s := range c.path.starts {
		e := len(pts) / 2
		if i+1 < len(c.path.starts) {
			e = c.path.starts[i+1]
		}
		// Each subpath is closed back to its first point.
		px, py := pts[2*(e-1)]-ox, pts[2*(e-1)+1]-oy
		for j := s; j < e; j++ {
			x, y := pts[2*j]-ox, pts[2*j+1]-oy
			c.ras.line(px, py, x, y)
			px, py = x, y
		}
	}
	c.ras.paint(c.dst, r.Min, col)
}

// strokeLine adds the outline of a polyline of width w to the path, with
// square ends: one polygon per run of the line, its left side forward and
// its right side back, mitred at the vertices. At a sharp turn, or where a
// segment leaves the window, the run ends and the next starts; the runs of
// a path all wind the same way, so where they overlap the coverage
// saturates instead of cancelling. Half the edges of a quad per segment,
// which is what the rasterizer pays for.
func (c *canvas) strokeLine(xy []float32, w float32) {
	h := w / 2
	n := len(xy) / 2
	if n < 2 {
		return
	}
	run := c.tmp[0][:0] // points of the current run
	flush := func() {
		if len(run) >= 4 {
			c.strokeRun(run, h)
		}
		run = run[:0]
	}
	for i := 0; i+1 < n; i++ {
		ax, ay, bx, by := xy[2*i], xy[2*i+1], xy[2*i+2], xy[2*i+3]
		if ax == bx && ay == by {
			continue
		}
		// Segments outside the window end the run; very long ones are
		// clipped one by one so that float32 stays exact.
		if max(ax, bx)+h < c.clip[0] || min(ax, bx)-h > c.clip[2] || max(ay, by)+h < c.clip[1] || min(ay, by)-h > c.clip[3] {
			flush()
			continue
		}
		if max(abs32(ax), abs32(ay), abs32(bx), abs32(by)) > 1e5 {
			flush()
			c.strokeSeg(ax, ay, bx, by, h)
			continue
		}
		if len(run) >= 4 {
			// Turn sharper than about 100°: start a new run here.
			px, py := run[len(run)-4], run[len(run)-3]
			d1x, d1y := ax-px, ay-py
			d2x, d2y := bx-ax, by-ay
			dot := d1x*d2x + d1y*d2y
			l := float32(math.Sqrt(float64((d1x*d1x + d1y*d1y) * (d2x*d2x + d2y*d2y))))
			if dot < -0.17*l {
				flush()
			}
		}
		if len(run) == 0 {
			run = append(run, ax, ay)
		}
		run = append(run, bx, by)
	}
	flush()
	c.tmp[0] = run
}

// strokeRun adds the outline of one run of a polyline, half width h.
func (c *canvas) strokeRun(pts []float32, h float32) {
	n := len(pts) / 2
	out := c.tmp[1][:0]
	// Unit direction of segment i.
	dir := func(i int) (float32, float32) {
		dx, dy := pts[2*i+2]-pts[2*i], pts[2*i+3]-pts[2*i+1]
		l := float32(math.Hypot(float64(dx), float64(dy)))
		return dx / l, dy / l
	}
	// Offsets of the left side at each vertex, right side is the negation.
	offset := func(i int) (ox, oy, ux, uy float32) {
		switch {
		case i == 0:
			ux, uy = dir(0)
			return -uy * h, ux * h, ux, uy
		case i == n-1:
			ux, uy = dir(n - 2)
			return -uy * h, ux * h, ux, uy
		}
		u1x, u1y := dir(i - 1)
		u2x, u2y := dir(i)
		mx, my := u1x+u2x, u1y+u2y
		ml := float32(math.Hypot(float64(mx), float64(my)))
		mx, my = mx/ml, my/ml // the mean direction
		cos := mx*u1x + my*u1y
		k := h / max(cos, 0.5) // miter, at most twice the half width
		return -my * k, mx * k, 0, 0
	}
	for i := 0; i < n; i++ {
		ox, oy, ux, uy := offset(i)
		x, y := pts[2*i], pts[2*i+1]
		if i == 0 {
			x, y = x-ux*h, y-uy*h
		} else if i == n-1 {
			x, y = x+ux*h, y+uy*h
		}
		out = append(out, x+ox, y+oy)
	}
	for i := n - 1; i >= 0; i-- {
		ox, oy, ux, uy := offset(i)
		x, y := pts[2*i], pts[2*i+1]
		if i == 0 {
			x, y = x-ux*h, y-uy*h
		} else if i == n-1 {
			x, y = x+ux*h, y+uy*h
		}
		out = append(out, x-ox, y-oy)
	}
	c.path.addPoly(out)
	c.tmp[1] = out
}

func (c *canvas) strokeSeg(ax, ay, bx, by, h float32) {
	// Skip segments entirely outside the window.
	if max(ax, bx) < c.clip[0] || min(ax, bx) > c.clip[2] || max(ay, by) < c.clip[1] || min(ay, by) > c.clip[3] {
		return
	}
	dx, dy := bx-ax, by-ay
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	ux, uy := dx/l*h, dy/l*h // along, half width
	nx, ny := -uy, ux        // normal, half width
	ax, ay, bx, by = ax-ux, ay-uy, bx+ux, by+uy
	if max(abs32(ax), abs32(ay), abs32(bx), abs32(by)) > 1e6 {
		ax, ay, bx, by = c.clipSeg(ax, ay, bx, by)
	}
	c.path.addPoly([]float32{ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny})
}

// clipSeg shortens a very long segment to the window's neighbourhood so
// that float32 quads stay exact.
func (c *canvas) clipSeg(ax, ay, bx, by float32) (float32, float32, float32, float32) {
	lim := [4]float32{c.clip[0] - 64, c.clip[1] - 64, c.clip[2] + 64, c.clip[3] + 64}
	if cax, cay, cbx, cby, ok := raster.ClipSegment(ax, ay, bx, by, lim); ok {
		return cax, cay, cbx, cby
	}
	return ax, ay, ax, ay
}

// dashLine adds the dashes of a polyline: on and off each dash pixels long,
// carried across vertices.
func (c *canvas) dashLine(xy []float32, w, dash float32) {
	h := w / 2
	pos, on := float32(0), true
	for i := 0; i+3 < len(xy); i += 2 {
		ax, ay, bx, by := xy[i], xy[i+1], xy[i+2], xy[i+3]
		l := float32(math.Hypot(float64(bx-ax), float64(by-ay)))
		for t := float32(0); t < l; {
			step := min(dash-pos, l-t)
			if on {
				f0, f1 := t/l, (t+step)/l
				c.strokeSegButt(ax+(bx-ax)*f0, ay+(by-ay)*f0, ax+(bx-ax)*f1, ay+(by-ay)*f1, h)
			}
			t += step
			pos += step
			if pos >= dash {
				pos, on = 0, !on
			}
		}
	}
}

func (c *canvas) strokeSegButt(ax, ay, bx, by, h float32) {
	dx, dy := bx-ax, by-ay
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	nx, ny := -dy/l*h, dx/l*h
	c.path.addPoly([]float32{ax + nx, ay + ny, bx + nx, by + ny, bx - nx, by - ny, ax - nx, ay - ny})
}

// circle adds a circle as a 24-gon: markers are small, and a polygon keeps
// every subpath the same winding for the stroke trick above.
func (c *canvas) circle(x, y, r float32) {
	var pts [48]float32
	for i := 0; i < 24; i++ {
		a := float64(i) * 2 * math.Pi / 24
		pts[2*i] = x + r*float32(math.Cos(a))
		pts[2*i+1] = y + r*float32(math.Sin(a))
	}
	c.path.addPoly(pts[:])
}

// ring adds an annulus between radii r0 < r1 as one polygon going out
// along the outer circle and back along the inner one, so the hole is
// exact with the rasterizer's non-zero accumulation.
func (c *canvas) ring(x, y, r0, r1 float32) {
	var pts [100]float32
	for i := 0; i <= 24; i++ {
		a := float64(i) * 2 * math.Pi / 24
		pts[2*i] = x + r1*float32(math.Cos(a))
		pts[2*i+1] = y + r1*float32(math.Sin(a))
		pts[98-2*i] = x + r0*float32(math.Cos(a))
		pts[99-2*i] = y + r0*float32(math.Sin(a))
	}
	c.path.addPoly(pts[:])
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// blitOver composites the premultiplied src over dst with src's top-left
// at p: what draw.Draw does, but skipping the transparent corners of
// round markers and storing their opaque middles.
func blitOver(dst, src *image.RGBA, p image.Point) {
	r := src.Rect.Sub(src.Rect.Min).Add(p)
	cr := r.Intersect(dst.Rect)
	if cr.Empty() {
		return
	}
	sx0, sy0 := cr.Min.X-r.Min.X+src.Rect.Min.X, cr.Min.Y-r.Min.Y+src.Rect.Min.Y
	w := cr.Dx()
	for y := 0; y < cr.Dy(); y++ {
		so := src.PixOffset(sx0, sy0+y)
		s := src.Pix[so : so+4*w]
		d := dst.Pix[dst.PixOffset(cr.Min.X, cr.Min.Y+y):]
		for i := 0; i < 4*w; i += 4 {
			sa := uint32(s[i+3])
			switch sa {
			case 0:
				continue
			case 255:
				copy(d[i:i+4], s[i:i+4])
				continue
			}
			a := 255 - sa
			d[i] = uint8(uint32(s[i]) + raster.Div255(uint32(d[i])*a))
			d[i+1] = uint8(uint32(s[i+1]) + raster.Div255(uint32(d[i+1])*a))
			d[i+2] = uint8(uint32(s[i+2]) + raster.Div255(uint32(d[i+2])*a))
			d[i+3] = uint8(sa + raster.Div255(uint32(d[i+3])*a))
		}
	}
}
