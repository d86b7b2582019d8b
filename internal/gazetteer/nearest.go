package gazetteer

import (
	"math"

	"github.com/paulmach/orb"
)

// grid buckets places into cells of one degree: 64,800 cells, a few
// places each on average and about 2,000 in the densest (Europe, eastern
// China). A query searches rings of cells outward until the ring is
// farther than the best place found. Rows within 10° of a pole are
// searched whole, because there a ring's cells are too narrow to bound
// anything.
type grid struct {
	start []uint32     // cell c holds cells[start[c]:start[c+1]]
	cells []uint32     // place indexes, grouped by cell
	vec   [][3]float32 // each place's unit vector, for cheap distance
}

const (
	gridW    = 360
	gridH    = 180
	polarRow = 10 // rows y < polarRow or y >= gridH-polarRow are searched whole
)

func cellOf(lat, lon int32) (int, int) {
	x := int(math.Floor(float64(lon)/unit)) + 180
	y := int(math.Floor(float64(lat)/unit)) + 90
	return min(max(x, 0), gridW-1), min(max(y, 0), gridH-1)
}

// newGrid builds the grid by counting sort: two passes, no per-cell slices.
func newGrid(ps []place) grid {
	g := grid{start: make([]uint32, gridW*gridH+1), cells: make([]uint32, len(ps)), vec: make([][3]float32, len(ps))}
	for i := range ps {
		x, y := cellOf(ps[i].lat, ps[i].lon)
		g.start[y*gridW+x+1]++
		g.vec[i] = unitVec(float64(ps[i].lat)/unit, float64(ps[i].lon)/unit)
	}
	for c := 1; c < len(g.start); c++ {
		g.start[c] += g.start[c-1]
	}
	fill := make([]uint32, gridW*gridH)
	copy(fill, g.start)
	for i := range ps {
		x, y := cellOf(ps[i].lat, ps[i].lon)
		c := y*gridW + x
		g.cells[fill[c]] = uint32(i)
		fill[c]++
	}
	return g
}

const earthRadius = 6371008.8 // metres, the IUGG mean radius

func unitVec(lat, lon float64) [3]float32 {
	const rad = math.Pi / 180
	sl, cl := math.Sincos(lat * rad)
	so, co := math.Sincos(lon * rad)
	return [3]float32{float32(cl * co), float32(cl * so), float32(sl)}
}

// chordMetres turns a squared chord between unit vectors into metres
// along the great circle.
func chordMetres(c2 float64) float64 {
	return 2 * earthRadius * math.Asin(min(math.Sqrt(c2)/2, 1))
}

// haversine is the great-circle distance in metres.
func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * earthRadius * math.Asin(math.Sqrt(min(a, 1)))
}

// nearest returns the index of the place nearest to (lat, lon) and its
// distance in metres, or -1 when there are no places.
func (ix *index) nearest(lat, lon float64) (int, float64) {
	return ix.nearestAtLeast(lat, lon, 0)
}

// nearestAtLeast is nearest among places of minPop people or more.
func (ix *index) nearestAtLeast(lat, lon float64, minPop int) (int, float64) {
	if len(ix.places) == 0 {
		return -1, 0
	}
	g := &ix.grid
	q := unitVec(lat, lon)
	best, bestC2 := -1, math.Inf(1)
	scan := func(x, y int) {
		c := y*gridW + x
		for _, pi := range g.cells[g.start[c]:g.start[c+1]] {
			if int(ix.places[pi].pop) < minPop {
				continue
			}
			v := &g.vec[pi]
			dx, dy, dz := v[0]-q[0], v[1]-q[1], v[2]-q[2]
			c2 := float64(dx*dx + dy*dy + dz*dz)
			if c2 < bestC2 || (c2 == bestC2 && int(pi) < best) {
				best, bestC2 = int(pi), c2
			}
		}
	}
	cx, cy := cellOf(int32(toUnits(lat)), int32(toUnits(lon)))
	// Every place outside the box of rings 0..r-1 is at least r-1 cells
	// away: 111 km a cell in latitude, and in longitude that times the
	// cosine of the box's latitude farthest from the equator, at most 80°
	// (the polar rows are searched whole as soon as the box reaches them).
	polarDone := [gridH]bool{}
	for r := 0; r <= gridW/2; r++ {
		if best >= 0 {
			bestD := chordMetres(bestC2)
			far := math.Max(math.Abs(float64(cy-r-90)), math.Abs(float64(cy+r+1-90)))
			if float64(r-1)*111_000*math.Cos(math.Min(far, 80)*math.Pi/180) > bestD {
				break
			}
		}
		for dy := -r; dy <= r; dy++ {
			y := cy + dy
			if y < 0 || y >= gridH {
				continue
			}
			if y < polarRow || y >= gridH-polarRow {
				if !polarDone[y] {
					polarDone[y] = true
					for x := range gridW {
						scan(x, y)
					}
				}
				continue
			}
			step := 2 * r
			if dy == -r || dy == r || r == 0 {
				step = 1 // top and bottom rows whole, sides only at the edges
			}
			for dx := -r; dx <= r; dx += max(step, 1) {
				scan(((cx+dx)%gridW+gridW)%gridW, y) // wrap at the antimeridian
			}
		}
		if 2*r+1 >= gridW {
			break
		}
	}
	if best < 0 {
		return -1, 0
	}
	// The float32 vectors rank places to within a metre; the distance
	// returned is exact.
	p := &ix.places[best]
	return best, haversine(lat, lon, float64(p.lat)/unit, float64(p.lon)/unit)
}

// Nearest returns the place nearest to pt ([lon, lat]) and its distance in
// metres, for filling in a site's city, province and country. It returns
// the zero Place and +Inf when the gazetteer cannot be loaded.
func Nearest(pt orb.Point) (Place, float64) {
	ix, err := load()
	if err != nil {
		return Place{}, math.Inf(1)
	}
	i, d := ix.nearest(pt.Lat(), pt.Lon())
	if i < 0 {
		return Place{}, math.Inf(1)
	}
	return ix.place(i, -1), d
}

// NearestCity is Nearest among places of at least minPopulation people.
// GeoNames lists villages of 500 next to cities (Sanjiazi, pop. unknown,
// lies 2.3 km from a site on Hunchun's edge, Hunchun's centre 3 km), so a
// site's "city" is better filled from NearestCity(pt, 10_000), falling
// back to Nearest when that is far.
func NearestCity(pt orb.Point, minPopulation int) (Place, float64) {
	ix, err := load()
	if err != nil {
		return Place{}, math.Inf(1)
	}
	i, d := ix.nearestAtLeast(pt.Lat(), pt.Lon(), minPopulation)
	if i < 0 {
		return Place{}, math.Inf(1)
	}
	return ix.place(i, -1), d
}
