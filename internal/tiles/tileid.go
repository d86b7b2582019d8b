package tiles

import (
	"fmt"
	"github.com/siteatlas/siteatlas/internal/mercator"
	"math"

	"github.com/paulmach/orb"
)

// MaxZoom is the deepest tile zoom level any source may hold.
const MaxZoom = 24

// TileID names a tile in the XYZ scheme of web maps: Z from 0, X east from
// the antimeridian, Y south from the north edge (MBTiles' TMS rows are
// flipped by its reader).
type TileID struct {
	Z, X, Y int
}

func (t TileID) String() string { return fmt.Sprintf("%d/%d/%d", t.Z, t.X, t.Y) }

// Valid reports whether t is inside the tile pyramid.
func (t TileID) Valid() bool {
	if t.Z < 0 || t.Z > MaxZoom {
		return false
	}
	n := 1 << t.Z
	return t.X >= 0 && t.X < n && t.Y >= 0 && t.Y < n
}

// Parent returns the tile one zoom level up that contains t.
func (t TileID) Parent() TileID { return TileID{t.Z - 1, t.X >> 1, t.Y >> 1} }

// Bound returns the lon/lat extent of the tile.
func (t TileID) Bound() orb.Bound {
	n := math.Exp2(float64(t.Z))
	return orb.Bound{
		Min: orb.Point{mercator.Lon(float64(t.X) / n), mercator.Lat(float64(t.Y+1) / n)},
		Max: orb.Point{mercator.Lon(float64(t.X+1) / n), mercator.Lat(float64(t.Y) / n)},
	}
}

// hilbertID returns the PMTiles v3 tile id of t: the tiles of all lower
// zoom levels, then t's position on the level's Hilbert curve.
func hilbertID(t TileID) uint64 {
	acc := (uint64(1)<<(2*uint(t.Z)) - 1) / 3
	n := uint64(1) << uint(t.Z)
	x, y := uint64(t.X), uint64(t.Y)
	var d uint64
	for s := n / 2; s > 0; s /= 2 {
		var rx, ry uint64
		if x&s > 0 {
			rx = 1
		}
		if y&s > 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		x, y = hilbertRotate(n, x, y, rx, ry)
	}
	return acc + d
}

func hilbertRotate(n, x, y, rx, ry uint64) (uint64, uint64) {
	if ry == 0 {
		if rx == 1 {
			x, y = n-1-x, n-1-y
		}
		x, y = y, x
	}
	return x, y
}

// tileOfID is the inverse of hilbertID; ok is false past MaxZoom.
func tileOfID(id uint64) (TileID, bool) {
	var acc uint64
	for z := 0; z <= MaxZoom; z++ {
		num := uint64(1) << (2 * uint(z))
		if id < acc+num {
			pos := id - acc
			var x, y uint64
			for s := uint64(1); s < uint64(1)<<uint(z); s *= 2 {
				rx := 1 & (pos / 2)
				ry := 1 & (pos ^ rx)
				x, y = hilbertRotate(s, x, y, rx, ry)
				x += s * rx
				y += s * ry
				pos /= 4
			}
			return TileID{z, int(x), int(y)}, true
		}
		acc += num
	}
	return TileID{}, false
}

// TileAt returns the tile of zoom z that contains p (lon, lat), with the
// latitude clamped to Web Mercator's ±85.0511°.
func TileAt(p orb.Point, z int) TileID {
	n := math.Exp2(float64(z))
	x := mercator.X(p[0]) * n
	y := mercator.Y(p[1]) * n
	clamp := func(v float64) int { return int(math.Max(0, math.Min(n-1, math.Floor(v)))) }
	return TileID{z, clamp(x), clamp(y)}
}
