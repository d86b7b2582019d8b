package render

import (
	"image/color"
	"math"

	"github.com/paulmach/orb"
)

// OceanColor is the colour of the sea, for what a widget shows around or
// before the first frame.
var OceanColor color.Color = colOcean

// Name returns the name of the site with this row, "" when it is not on
// the map: what a hover tooltip shows, without asking the store.
func (idx *Index) Name(row int64) string {
	s := idx.snapshot()
	r, ok := s.find(row)
	if !ok {
		return ""
	}
	return s.name(r)
}

// Extent returns the lon/lat bound of every site f lets through, for "zoom
// to all"; ok is false when there is none.
func (idx *Index) Extent(f Filter) (orb.Bound, bool) {
	s := idx.snapshot()
	cf := f.compile(s.categories)
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	add := func(e *entry, sh *shape) {
		if !cf.ok(e) {
			return
		}
		if sh != nil {
			minX, minY = math.Min(minX, sh.bound.Min[0]), math.Min(minY, sh.bound.Min[1])
			maxX, maxY = math.Max(maxX, sh.bound.Max[0]), math.Max(maxY, sh.bound.Max[1])
			return
		}
		x, y := float64(e.x), float64(e.y)
		minX, minY = math.Min(minX, x), math.Min(minY, y)
		maxX, maxY = math.Max(maxX, x), math.Max(maxY, y)
	}
	for i := range s.base.entries {
		if !s.isDead(i) {
			add(&s.base.entries[i], s.shape(ref(i)))
		}
	}
	for i := range s.extra {
		add(&s.extra[i].e, s.extra[i].shape)
	}
	if minX > maxX {
		return orb.Bound{}, false
	}
	return unitToLonLat(orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{maxX, maxY}}), true
}
