package tiles

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/siteatlas/siteatlas/internal/raster"
	"golang.org/x/image/vector"
)

// canvas fills anti-aliased paths on an *image.RGBA. The rasterizer is
// reset to the bound of each path, not the image: its cost is the area.
type canvas struct {
	dst   *image.RGBA
	clip  image.Rectangle // what fills may touch
	ras   *vector.Rasterizer
	mask  []byte
	pts   []float32 // x, y pairs
	start []int     // subpath starts, in pairs
	bound [4]float32
	// prevBound is the bound before the last ring, for grouping fills.
	prevBound [4]float32
}

func newCanvas(dst *image.RGBA) *canvas {
	c := &canvas{dst: dst, clip: dst.Rect, ras: vector.NewRasterizer(1, 1)}
	c.reset()
	return c
}

func (c *canvas) reset() {
	c.pts, c.start = c.pts[:0], c.start[:0]
	c.bound = [4]float32{math.MaxFloat32, math.MaxFloat32, -math.MaxFloat32, -math.MaxFloat32}
}

// poly adds a closed subpath.
func (c *canvas) poly(xy []float32) {
	if len(xy) < 6 {
		return
	}
	c.start = append(c.start, len(c.pts)/2)
	c.pts = append(c.pts, xy...)
	for i := 0; i < len(xy); i += 2 {
		c.bound[0] = min(c.bound[0], xy[i])
		c.bound[1] = min(c.bound[1], xy[i+1])
		c.bound[2] = max(c.bound[2], xy[i])
		c.bound[3] = max(c.bound[3], xy[i+1])
	}
}

// ring adds a polygon ring, clipped to the clip rectangle plus a margin so
// that huge rings (a coastline zoomed in) stay cheap and exact.
func (c *canvas) ring(xy []float32, tmp *[2][]float32) {
	if len(xy) < 6 {
		return
	}
	m := float32(4)
	lim := [4]float32{float32(c.clip.Min.X) - m, float32(c.clip.Min.Y) - m, float32(c.clip.Max.X) + m, float32(c.clip.Max.Y) + m}
	// Quick accept when inside.
	inside := true
	for i := 0; i < len(xy); i += 2 {
		if xy[i] < lim[0] || xy[i] > lim[2] || xy[i+1] < lim[1] || xy[i+1] > lim[3] {
			inside = false
			break
		}
	}
	if inside {
		c.poly(xy)
		return
	}
	in := xy
	for side := 0; side < 4; side++ {
		out := tmp[side&1][:0]
		n := len(in) / 2
		for i := 0; i < n; i++ {
			j := (i + n - 1) % n
			ax, ay, bx, by := in[2*j], in[2*j+1], in[2*i], in[2*i+1]
			ain, bin := sideIn(side, lim, ax, ay), sideIn(side, lim, bx, by)
			if bin {
				if !ain {
					x, y := sideCross(side, lim, ax, ay, bx, by)
					out = append(out, x, y)
				}
				out = append(out, bx, by)
			} else if ain {
				x, y := sideCross(side, lim, ax, ay, bx, by)
				out = append(out, x, y)
			}
		}
		tmp[side&1] = out
		in = out
		if len(in) < 6 {
			return
		}
	}
	c.poly(in)
}

func sideIn(side int, lim [4]float32, x, y float32) bool {
	switch side {
	case 0:
		return x >= lim[0]
	case 1:
		return y >= lim[1]
	case 2:
		return x <= lim[2]
	}
	return y <= lim[3]
}

func sideCross(side int, lim [4]float32, ax, ay, bx, by float32) (float32, float32) {
	var t float32
	switch side {
	case 0:
		t = (lim[0] - ax) / (bx - ax)
	case 1:
		t = (lim[1] - ay) / (by - ay)
	case 2:
		t = (lim[2] - ax) / (bx - ax)
	default:
		t = (lim[3] - ay) / (by - ay)
	}
	return ax + t*(bx-ax), ay + t*(by-ay)
}

// fill paints the current path with col (premultiplied) and clears it.
func (c *canvas) fill(col color.RGBA) {
	defer c.reset()
	if len(c.start) == 0 || col.A == 0 {
		return
	}
	r := image.Rect(int(math.Floor(float64(c.bound[0]))), int(math.Floor(float64(c.bound[1]))),
		int(math.Ceil(float64(c.bound[2])))+1, int(math.Ceil(float64(c.bound[3])))+1).Intersect(c.clip)
	if r.Empty() {
		return
	}
	c.ras.Reset(r.Dx(), r.Dy())
	ox, oy := float32(r.Min.X), float32(r.Min.Y)
	for i, s := range c.start {
		e := len(c.pts) / 2
		if i+1 < len(c.start) {
			e = c.start[i+1]
		}
		c.ras.MoveTo(c.pts[2*s]-ox, c.pts[2*s+1]-oy)
		for j := s + 1; j < e; j++ {
			c.ras.LineTo(c.pts[2*j]-ox, c.pts[2*j+1]-oy)
		}
		c.ras.ClosePath()
	}
	n := r.Dx() * r.Dy()
	if cap(c.mask) < n {
		c.mask = make([]byte, n)
	}
	mask := &image.Alpha{Pix: c.mask[:n], Stride: r.Dx(), Rect: image.Rect(0, 0, r.Dx(), r.Dy())}
	c.ras.DrawOp = draw.Src
	c.ras.Draw(mask, mask.Rect, image.Opaque, image.Point{})
	raster.Composite(c.dst, r, mask, col)
}

// fade scales a premultiplied colour's alpha.
func fade(c color.RGBA, a float64) color.RGBA {
	a = max(0, min(1, a))
	return color.RGBA{uint8(float64(c.R)*a + 0.5), uint8(float64(c.G)*a + 0.5), uint8(float64(c.B)*a + 0.5), uint8(float64(c.A)*a + 0.5)}
}

// over composites the premultiplied src onto dst at the same coordinates
// with extra opacity op (0–255), over the rectangle r.
func over(dst, src *image.RGBA, r image.Rectangle, op uint32) {
	r = r.Intersect(dst.Rect).Intersect(src.Rect)
	w := r.Dx()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		s := src.Pix[src.PixOffset(r.Min.X, y):][:4*w]
		d := dst.Pix[dst.PixOffset(r.Min.X, y):][:4*w]
		for i := 0; i < 4*w; i += 4 {
			sa := uint32(s[i+3])
			if sa == 0 {
				continue
			}
			if sa == 255 && op == 255 {
				// Copy the whole run of opaque pixels at once: an opaque
				// basemap layer is one long run per row.
				j := i + 4
				for j < 4*w && s[j+3] == 255 {
					j += 4
				}
				copy(d[i:j], s[i:j])
				i = j - 4
				continue
			}
			sr, sg, sb := uint32(s[i]), uint32(s[i+1]), uint32(s[i+2])
			if op != 255 {
				sr, sg, sb, sa = raster.Div255(sr*op), raster.Div255(sg*op), raster.Div255(sb*op), raster.Div255(sa*op)
			}
			a := 255 - sa
			d[i] = uint8(sr + raster.Div255(uint32(d[i])*a))
			d[i+1] = uint8(sg + raster.Div255(uint32(d[i+1])*a))
			d[i+2] = uint8(sb + raster.Div255(uint32(d[i+2])*a))
			d[i+3] = uint8(sa + raster.Div255(uint32(d[i+3])*a))
		}
	}
}
