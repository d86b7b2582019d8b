package tiles

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"

	"github.com/siteatlas/siteatlas/internal/raster"
)

// lineMask draws anti-aliased thick lines as the union of capsules into
// an alpha mask, touching only the pixels near each segment, then paints
// the mask in one colour. Unlike a path rasterizer, whose cost is the area
// of the path's bound, its cost is the length of the lines times their
// width: a street map's thousands of thin lines across the whole frame
// stay cheap.
type lineMask struct {
	w, h   int
	a      []uint8
	rowMin []int32 // dirty extent of each row; rowMin > rowMax when clean
	rowMax []int32
	clip   image.Rectangle
}

func newLineMask(w, h int) *lineMask {
	m := &lineMask{w: w, h: h, a: make([]uint8, w*h), rowMin: make([]int32, h), rowMax: make([]int32, h)}
	for y := range m.rowMin {
		m.rowMin[y], m.rowMax[y] = int32(w), -1
	}
	m.clip = image.Rect(0, 0, w, h)
	return m
}

// ones is a run of full coverage to copy.
var ones = func() (b [1024]uint8) {
	for i := range b {
		b[i] = 255
	}
	return b
}()

// polyline adds a polyline of width w (pixels).
func (m *lineMask) polyline(xy []float32, w float32) {
	r := float64(w)/2 + 0.5
	lim := [4]float64{float64(m.clip.Min.X) - r, float64(m.clip.Min.Y) - r, float64(m.clip.Max.X) + r, float64(m.clip.Max.Y) + r}
	for i := 0; i+3 < len(xy); i += 2 {
		ax, ay, bx, by := float64(xy[i]), float64(xy[i+1]), float64(xy[i+2]), float64(xy[i+3])
		if max(ax, bx) < lim[0] || min(ax, bx) > lim[2] || max(ay, by) < lim[1] || min(ay, by) > lim[3] {
			continue
		}
		if math.Abs(ax) > 1e5 || math.Abs(ay) > 1e5 || math.Abs(bx) > 1e5 || math.Abs(by) > 1e5 {
			var ok bool
			if ax, ay, bx, by, ok = raster.ClipSegment(ax, ay, bx, by, lim); !ok {
				continue
			}
		}
		m.segment(ax, ay, bx, by, r)
	}
}

// dashed adds the dashes of a polyline: dash pixels on, gap off.
func (m *lineMask) dashed(xy []float32, w, dash, gap float32) {
	pos, on := float32(0), true
	var seg [4]float32
	for i := 0; i+3 < len(xy); i += 2 {
		ax, ay, bx, by := xy[i], xy[i+1], xy[i+2], xy[i+3]
		l := float32(math.Hypot(float64(bx-ax), float64(by-ay)))
		if l > 1e5 {
			continue // far outside; dashes there are never seen
		}
		for t := float32(0); t < l; {
			lim := dash
			if !on {
				lim = gap
			}
			step := min(lim-pos, l-t)
			if on {
				f0, f1 := t/l, (t+step)/l
				seg = [4]float32{ax + (bx-ax)*f0, ay + (by-ay)*f0, ax + (bx-ax)*f1, ay + (by-ay)*f1}
				m.polyline(seg[:], w)
			}
			t += step
			pos += step
			if pos >= lim {
				pos, on = 0, !on
			}
		}
	}
}

// segment adds the capsule of radius r around segment AB: coverage is
// r minus the distance to the segment, clamped to 0–1, the maximum kept.
func (m *lineMask) segment(ax, ay, bx, by, r float64) {
	cp := newCapsule(ax, ay, bx, by)
	dx, dy, l2 := cp.dx, cp.dy, cp.l2
	invL2 := 0.0
	if l2 > 0 {
		invL2 = 1 / l2
	}
	y0 := max(m.clip.Min.Y, int(math.Floor(min(ay, by)-r)))
	y1 := min(m.clip.Max.Y-1, int(math.Ceil(max(ay, by)+r)))
	for y := y0; y <= y1; y++ {
		py := float64(y) + 0.5
		lo, hi, ok := cp.span(r, py)
		if !ok {
			continue
		}
		x0 := max(m.clip.Min.X, int(math.Floor(lo)))
		x1 := min(m.clip.Max.X-1, int(math.Ceil(hi)))
		if x0 > x1 {
			continue
		}
		row := m.a[y*m.w:]
		// Pixels whose centre is inside the capsule shrunk by one pixel
		// are fully covered: only the edges need a distance.
		ix0, ix1 := x1+1, x1
		if r > 1.5 {
			if il, ih, ok := cp.span(r-1, py); ok {
				ix0 = max(x0, int(math.Ceil(il-0.5)))
				ix1 = min(x1, int(math.Floor(ih-0.5)))
				for x := ix0; x <= ix1; x += len(ones) {
					copy(row[x:ix1+1], ones[:])
				}
			}
		}
		for x := x0; x <= x1; x++ {
			if x == ix0 && ix0 <= ix1 {
				x = ix1
				continue
			}
			px := float64(x) + 0.5
			// Distance from the pixel centre to the segment.
			t := 0.0
			if l2 > 0 {
				t = max(0, min(1, ((px-ax)*dx+(py-ay)*dy)*invL2))
			}
			ex, ey := px-(ax+t*dx), py-(ay+t*dy)
			cov := r - math.Sqrt(ex*ex+ey*ey)
			if cov <= 0 {
				continue
			}
			v := uint8(255)
			if cov < 1 {
				v = uint8(cov*255 + 0.5)
			}
			if v > row[x] {
				row[x] = v
			}
		}
		if int32(x0) < m.rowMin[y] {
			m.rowMin[y] = int32(x0)
		}
		if int32(x1) > m.rowMax[y] {
			m.rowMax[y] = int32(x1)
		}
	}
}

// capsule is a segment with what the row spans of its capsules need.
type capsule struct {
	ax, ay, bx, by float64
	dx, dy, l2, l  float64
	invDx, invDy   float64
}

func newCapsule(ax, ay, bx, by float64) capsule {
	c := capsule{ax: ax, ay: ay, bx: bx, by: by, dx: bx - ax, dy: by - ay}
	c.l2 = c.dx*c.dx + c.dy*c.dy
	c.l = math.Sqrt(c.l2)
	if c.dx != 0 {
		c.invDx = 1 / c.dx
	}
	if c.dy != 0 {
		c.invDy = 1 / c.dy
	}
	return c
}

// span returns the x interval where the row at py crosses the capsule of
// radius r around the segment.
func (c *capsule) span(r, py float64) (float64, float64, bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	if d := py - c.ay; d*d <= r*r {
		s := math.Sqrt(r*r - d*d)
		lo, hi = c.ax-s, c.ax+s
	}
	if d := py - c.by; d*d <= r*r {
		s := math.Sqrt(r*r - d*d)
		lo, hi = min(lo, c.bx-s), max(hi, c.bx+s)
	}
	if c.l2 > 0 {
		bl, bh := math.Inf(-1), math.Inf(1)
		ry := py - c.ay
		// |dx*(py-ay) - dy*(x-ax)| <= r*l
		if c.dy != 0 {
			x1 := c.ax + (c.dx*ry-r*c.l)*c.invDy
			x2 := c.ax + (c.dx*ry+r*c.l)*c.invDy
			bl, bh = min(x1, x2), max(x1, x2)
		} else if math.Abs(ry) > r {
			return lo, hi, lo <= hi
		}
		// 0 <= (x-ax)*dx + (py-ay)*dy <= l2
		if c.dx != 0 {
			x1 := c.ax - ry*c.dy*c.invDx
			x2 := c.ax + (c.l2-ry*c.dy)*c.invDx
			bl, bh = max(bl, min(x1, x2)), min(bh, max(x1, x2))
		} else if t := ry * c.dy; t < 0 || t > c.l2 {
			return lo, hi, lo <= hi
		}
		if bl <= bh {
			lo, hi = min(lo, bl), max(hi, bh)
		}
	}
	return lo, hi, lo <= hi
}

// paint composites the mask in col onto dst and clears it.
func (m *lineMask) paint(dst *image.RGBA, col color.RGBA) {
	sr, sg, sb, sa := uint32(col.R), uint32(col.G), uint32(col.B), uint32(col.A)
	var solid [32]byte
	for i := 0; i < 32; i += 4 {
		solid[i], solid[i+1], solid[i+2], solid[i+3] = col.R, col.G, col.B, col.A
	}
	for y := 0; y < m.h; y++ {
		x0, x1 := int(m.rowMin[y]), int(m.rowMax[y])
		if x0 > x1 {
			continue
		}
		row := m.a[y*m.w:]
		d := dst.Pix[dst.PixOffset(0, y):]
		for x := x0; x <= x1; x++ {
			// Skip empty runs and fill covered ones eight pixels at a
			// time.
			if x+8 <= x1+1 {
				switch binary.LittleEndian.Uint64(row[x:]) {
				case 0:
					x += 7
					continue
				case ^uint64(0):
					if sa == 255 {
						copy(d[4*x:4*x+32], solid[:])
						binary.LittleEndian.PutUint64(row[x:], 0)
						x += 7
						continue
					}
				}
			}
			ma := uint32(row[x])
			if ma == 0 {
				continue
			}
			row[x] = 0
			i := 4 * x
			if ma == 255 && sa == 255 {
				d[i], d[i+1], d[i+2], d[i+3] = col.R, col.G, col.B, 255
				continue
			}
			a := 255 - raster.Div255(sa*ma)
			d[i] = uint8(raster.Div255(uint32(d[i])*a + sr*ma))
			d[i+1] = uint8(raster.Div255(uint32(d[i+1])*a + sg*ma))
			d[i+2] = uint8(raster.Div255(uint32(d[i+2])*a + sb*ma))
			d[i+3] = uint8(raster.Div255(uint32(d[i+3])*a + sa*ma))
		}
		m.rowMin[y], m.rowMax[y] = int32(m.w), -1
	}
}
