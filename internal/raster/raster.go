// Package raster holds the pixel routines the map renderer and the tile
// layers share: compositing a colour through a coverage mask, growing a
// mask into a text halo, and integer helpers for grids.
package raster

import (
	"encoding/binary"
	"image"
	"image/color"
)

// Composite paints premultiplied col through mask onto dst at r; the
// mask's top-left pixel goes to r.Min. Parts outside dst are clipped.
func Composite(dst *image.RGBA, r image.Rectangle, mask *image.Alpha, col color.RGBA) {
	cr := r.Intersect(dst.Rect)
	if cr.Empty() {
		return
	}
	mx0, my0 := cr.Min.X-r.Min.X+mask.Rect.Min.X, cr.Min.Y-r.Min.Y+mask.Rect.Min.Y
	r = cr
	sr, sg, sb, sa := uint32(col.R), uint32(col.G), uint32(col.B), uint32(col.A)
	opaque := sa == 255
	px := uint32(col.R) | uint32(col.G)<<8 | uint32(col.B)<<16 | 255<<24
	px2 := uint64(px) | uint64(px)<<32
	w := r.Dx()
	for y := 0; y < r.Dy(); y++ {
		mo := mask.PixOffset(mx0, my0+y)
		m := mask.Pix[mo : mo+w]
		d := dst.Pix[dst.PixOffset(r.Min.X, r.Min.Y+y):]
		for x := 0; x < w; x++ {
			// Skip empty runs eight pixels at a time: most of a line's
			// bound is empty. Store full runs of an opaque colour eight
			// pixels at a time: the inside of land and countries.
			if x+8 <= w {
				switch binary.LittleEndian.Uint64(m[x:]) {
				case 0:
					x += 7
					continue
				case ^uint64(0):
					if opaque {
						dd := d[4*x : 4*x+32]
						binary.LittleEndian.PutUint64(dd[0:], px2)
						binary.LittleEndian.PutUint64(dd[8:], px2)
						binary.LittleEndian.PutUint64(dd[16:], px2)
						binary.LittleEndian.PutUint64(dd[24:], px2)
						x += 7
						continue
					}
				}
			}
			ma := uint32(m[x])
			if ma == 0 {
				continue
			}
			i := 4 * x
			if ma == 255 && sa == 255 {
				d[i], d[i+1], d[i+2], d[i+3] = col.R, col.G, col.B, 255
				continue
			}
			a := 255 - Div255(sa*ma)
			d[i] = uint8(Div255(uint32(d[i])*a + sr*ma))
			d[i+1] = uint8(Div255(uint32(d[i+1])*a + sg*ma))
			d[i+2] = uint8(Div255(uint32(d[i+2])*a + sb*ma))
			d[i+3] = uint8(Div255(uint32(d[i+3])*a + sa*ma))
		}
	}
}

// Div255 is x/255 rounded, for x up to 255·255·2.
func Div255(x uint32) uint32 { return (x + 128 + (x+128)>>8) >> 8 }

// Dilate grows an alpha mask by r pixels (a rounded square): the halo that
// keeps labels legible on any background.
func Dilate(m *image.Alpha, r int) *image.Alpha {
	b := m.Bounds()
	tmp := image.NewAlpha(b)
	out := image.NewAlpha(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			var v uint8
			for d := -r; d <= r; d++ {
				if xx := x + d; xx >= b.Min.X && xx < b.Max.X {
					v = max(v, m.Pix[m.PixOffset(xx, y)])
				}
			}
			tmp.Pix[tmp.PixOffset(x, y)] = v
		}
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			var v uint8
			for d := -r; d <= r; d++ {
				if yy := y + d; yy >= b.Min.Y && yy < b.Max.Y {
					v = max(v, tmp.Pix[tmp.PixOffset(x, yy)])
				}
			}
			out.Pix[out.PixOffset(x, y)] = v
		}
	}
	return out
}

// FloorDiv divides rounding towards minus infinity, so that grid cells of
// negative coordinates are as wide as the others.
func FloorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// ClipSegment clips segment AB to the rectangle lim (minX, minY, maxX,
// maxY) by Liang–Barsky; ok is false when nothing of it is inside.
func ClipSegment[T float32 | float64](ax, ay, bx, by T, lim [4]T) (cax, cay, cbx, cby T, ok bool) {
	t0, t1 := T(0), T(1)
	dx, dy := bx-ax, by-ay
	edge := func(p, q T) bool {
		if p == 0 {
			return q >= 0
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return false
			}
			t0 = max(t0, r)
		} else {
			if r < t0 {
				return false
			}
			t1 = min(t1, r)
		}
		return true
	}
	if edge(-dx, ax-lim[0]) && edge(dx, lim[2]-ax) && edge(-dy, ay-lim[1]) && edge(dy, lim[3]-ay) {
		return ax + t0*dx, ay + t0*dy, ax + t1*dx, ay + t1*dy, true
	}
	return 0, 0, 0, 0, false
}
