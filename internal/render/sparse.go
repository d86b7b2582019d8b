package render

import (
	"image"
	"image/color"
	"math"
	"math/bits"
	"slices"

	"github.com/siteatlas/siteatlas/internal/raster"
)

// sparseRaster is an anti-aliased polygon filler whose cost follows the
// outline, not the area. It computes the same signed-area coverage as
// golang.org/x/image/vector (each edge adds, per row, the area it leaves
// to its right to the cells it crosses; a pixel's coverage is the clamped
// absolute sum of the cells up to it), but keeps only the cells edges
// touch, bucketed by row, instead of a float per pixel of the bound. A
// row is then a few runs of constant coverage: a country that covers the
// window costs its coastline plus one store per pixel, not an accumulation
// pass, a clear and a mask scan over every pixel of its bound.
type sparseRaster struct {
	w, h  int
	xbits uint     // bits of the column in a cell key
	cells []uint64 // key (row, column) in the high half, value's float bits low
	tmp   []uint64
}

func (z *sparseRaster) reset(w, h int) {
	z.w, z.h = w, h
	z.xbits = uint(bits.Len(uint(w)))
	z.cells = z.cells[:0]
}

func (z *sparseRaster) add(x, y int32, v float32) {
	if x >= int32(z.w) {
		return // only changes pixels right of the window
	}
	if x < 0 {
		x = 0
	}
	key := uint64(y)<<z.xbits | uint64(x)
	z.cells = append(z.cells, key<<32|uint64(math.Float32bits(v)))
}

// sortCells sorts the cells by key: row, then column. Big sets go through
// an LSD radix sort on the key bits, 11 at a time; the order of cells with
// the same key does not matter.
func (z *sparseRaster) sortCells() {
	a := z.cells
	if len(a) < 512 {
		slices.Sort(a)
		return
	}
	if cap(z.tmp) < len(a) {
		z.tmp = make([]uint64, len(a))
	}
	tmp := z.tmp[:len(a)]
	keyBits := z.xbits + uint(bits.Len(uint(z.h)))
	for shift := uint(32); shift < 32+keyBits; shift += 11 {
		var count [2048]int32
		for _, v := range a {
			count[(v>>shift)&2047]++
		}
		sum := int32(0)
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, v := range a {
			d := (v >> shift) & 2047
			tmp[count[d]] = v
			count[d]++
		}
		a, tmp = tmp, a
	}
	z.cells, z.tmp = a, tmp
}

// line adds the edge from a to b, in pixels relative to the raster.
func (z *sparseRaster) line(ax, ay, bx, by float32) {
	dir := float32(1)
	if ay > by {
		dir, ax, ay, bx, by = -1, bx, by, ax, ay
	}
	if by-ay <= 0.000001 {
		return
	}
	dxdy := (bx - ax) / (by - ay)
	x := ax
	y := floatingFloor(ay)
	yMax := floatingCeil(by)
	if yMax > int32(z.h) {
		yMax = int32(z.h)
	}
	for ; y < yMax; y++ {
		dy := min(float32(y+1), by) - max(float32(y), ay)
		xNext := x + float32(dy*dxdy)
		if y < 0 {
			x = xNext
			continue
		}
		d := float32(dy * dir)
		x0, x1 := x, xNext
		if x > xNext {
			x0, x1 = x1, x0
		}
		x0i := floatingFloor(x0)
		x0Floor := float32(x0i)
		x1i := floatingCeil(x1)
		x1Ceil := float32(x1i)
		if x1i <= x0i+1 {
			xmf := float32(0.5*(x+xNext)) - x0Floor
			z.add(x0i, y, d-float32(d*xmf))
			z.add(x0i+1, y, float32(d*xmf))
		} else {
			s := 1 / (x1 - x0)
			x0f := x0 - x0Floor
			oneMinusX0f := 1 - x0f
			a0 := float32(0.5 * s * oneMinusX0f * oneMinusX0f)
			x1f := x1 - x1Ceil + 1
			am := float32(0.5 * s * x1f * x1f)
			z.add(x0i, y, float32(d*a0))
			if x1i == x0i+2 {
				z.add(x0i+1, y, float32(d*(1-a0-am)))
			} else {
				a1 := float32(s * (1.5 - x0f))
				z.add(x0i+1, y, float32(d*(a1-a0)))
				dTimesS := float32(d * s)
				for xi := x0i + 2; xi < x1i-1; xi++ {
					z.add(xi, y, dTimesS)
				}
				a2 := a1 + float32(s*float32(x1i-x0i-3))
				z.add(x1i-1, y, float32(d*(1-a2-am)))
			}
			z.add(x1i, y, float32(d*am))
		}
		x = xNext
	}
}

func floatingFloor(x float32) int32 {
	i := int32(x)
	if x < float32(i) {
		i--
	}
	return i
}

func floatingCeil(x float32) int32 {
	i := int32(x)
	if x > float32(i) {
		i++
	}
	return i
}

// paint composites col, premultiplied, through the coverage onto dst,
// with the raster's (0, 0) at org.
func (z *sparseRaster) paint(dst *image.RGBA, org image.Point, col color.RGBA) {
	if len(z.cells) == 0 {
		return
	}
	z.sortCells()
	sr, sg, sb, sa := uint32(col.R), uint32(col.G), uint32(col.B), uint32(col.A)
	opaque := sa == 255
	var pat [64]byte // sixteen opaque pixels, copied in one go
	for j := 0; j < len(pat); j += 4 {
		pat[j], pat[j+1], pat[j+2], pat[j+3] = col.R, col.G, col.B, 255
	}
	cells := z.cells
	xmask := uint64(1)<<z.xbits - 1
	for i := 0; i < len(cells); {
		// One row: its cells are consecutive.
		y := int(cells[i] >> (32 + z.xbits))
		d := dst.Pix[dst.PixOffset(org.X, org.Y+y):]
		acc := float32(0)
		for i < len(cells) && int(cells[i]>>(32+z.xbits)) == y {
			key := cells[i] >> 32
			x := int32(key & xmask)
			for i < len(cells) && cells[i]>>32 == key {
				acc += math.Float32frombits(uint32(cells[i]))
				i++
			}
			xe := int32(z.w)
			if i < len(cells) && int(cells[i]>>(32+z.xbits)) == y {
				xe = int32((cells[i] >> 32) & xmask)
			}
			a := acc
			if a < 0 {
				a = -a
			}
			if a > 1 {
				a = 1
			}
			ma := uint32(uint8(almost256 * a))
			if ma == 0 {
				continue
			}
			span := d[4*x : 4*xe]
			if ma == 255 && opaque {
				for len(span) >= len(pat) {
					copy(span, pat[:])
					span = span[len(pat):]
				}
				for j := 0; j < len(span); j += 4 {
					copy(span[j:j+4], pat[:4])
				}
				continue
			}
			ia := 255 - raster.Div255(sa*ma)
			cr, cg, cb, ca := sr*ma, sg*ma, sb*ma, sa*ma
			for j := 0; j < len(span); j += 4 {
				p := span[j : j+4 : j+4]
				p[0] = uint8(raster.Div255(uint32(p[0])*ia + cr))
				p[1] = uint8(raster.Div255(uint32(p[1])*ia + cg))
				p[2] = uint8(raster.Div255(uint32(p[2])*ia + cb))
				p[3] = uint8(raster.Div255(uint32(p[3])*ia + ca))
			}
		}
	}
}

const almost256 = 255.99998
