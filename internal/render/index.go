package render

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// entry is one site in the index: 24 bytes, so that a million sites take
// 24 MB plus their names. Positions are Web Mercator in the unit square as
// float32 (a quarter pixel at zoom 14); the strings a frame needs (names)
// live in one arena instead of a string header per site.
type entry struct {
	x, y    float32 // unit square; the centre of the bound for shapes
	row     int64
	name    uint32 // offset in the base arena, or index in extra names
	nameLen uint16
	cat     uint8
	flags   uint8 // status code in the low 3 bits, then flag bits
}

const (
	statusMask       = 0x07
	flagShape        = 0x08 // a line or polygon, kept in the shapes table
	flagConfidential = 0x10
	// A point placed approximately or only to its city: the map draws the
	// doubt around the marker, so that it never looks surveyed.
	flagApproximate = 0x20
	flagCity        = 0x40
)

func (e *entry) status() uint8 { return e.flags & statusMask }

// shape is the geometry of a site that is not a point, in unit-square
// coordinates so that a frame only scales and shifts it.
type shape struct {
	geom  orb.Geometry
	bound orb.Bound
}

// ref names an entry of a snapshot: a base slot when >= 0, otherwise
// extra[-1-ref].
type ref int32

// base is the immutable bulk of the index, sorted by Morton key so that
// every quadtree cell at every level is one contiguous run: range queries
// descend the implicit quadtree with binary searches, and the cluster
// pyramid is built in linear passes.
type base struct {
	entries []entry
	keys    []uint32 // Morton keys of entries, 16 bits per axis
	byRow   []uint32 // slots sorted by row, for lookups by row
	arena   []byte
	shapes  map[uint32]*shape
	// shapeSlots lists the slots with shapes: a big polygon can be in view
	// while its centre is not, so shapes are culled by bound, not by key.
	shapeSlots []uint32
	pyramid    pyramid
}

// extraItem is a site added or changed since the base was built.
type extraItem struct {
	e     entry
	name  string
	shape *shape
}

// snapshot is one consistent, immutable state of the index. Writers make a
// new snapshot and publish it atomically; a frame holds on to the one it
// started with, so drawing never takes a lock and never sees half an edit.
type snapshot struct {
	base       *base
	dead       []uint64 // base slots replaced or removed since the build
	deadList   []uint32
	extra      []extraItem
	categories []string // category names by code
}

// Index is the in-memory spatial index of all placed sites. Reads (drawing,
// hit testing) work on an atomic snapshot; writes (Upsert, Remove) are
// serialised by a mutex and copy what they change. Small edits go to an
// overlay on top of the sorted base; when the overlay grows the base is
// rebuilt.
type Index struct {
	mu   sync.Mutex // serialises writers
	cats map[string]uint8
	snap atomic.Pointer[snapshot]
}

// IndexBuilder collects sites for a new Index, as they stream from the store.
type IndexBuilder struct {
	entries []entry
	arena   []byte
	shapes  map[uint32]*shape
	cats    map[string]uint8
	catList []string
}

// NewIndexBuilder returns an empty builder.
func NewIndexBuilder() *IndexBuilder {
	return &IndexBuilder{shapes: map[uint32]*shape{}, cats: map[string]uint8{}}
}

// Add adds a site. Unplaced sites (nil geometry) are skipped: they have no
// place on the map.
func (b *IndexBuilder) Add(s site.Summary) {
	e, sh, ok := makeEntry(s, b.cats, &b.catList)
	if !ok {
		return
	}
	name := s.Name
	if len(name) > 0xffff {
		name = name[:0xffff]
	}
	e.name = uint32(len(b.arena))
	e.nameLen = uint16(len(name))
	b.arena = append(b.arena, name...)
	if sh != nil {
		b.shapes[uint32(len(b.entries))] = sh
	}
	b.entries = append(b.entries, e)
}

// Build sorts what was added into an Index. The builder must not be used
// afterwards.
func (b *IndexBuilder) Build() *Index {
	bs := buildBase(b.entries, b.arena, b.shapes)
	idx := &Index{cats: b.cats}
	idx.snap.Store(&snapshot{base: bs, categories: b.catList})
	*b = IndexBuilder{}
	return idx
}

// makeEntry encodes a summary; ok is false for an unplaced site.
func makeEntry(s site.Summary, cats map[string]uint8, catList *[]string) (e entry, sh *shape, ok bool) {
	if s.Geometry == nil {
		return e, nil, false
	}
	e.row = s.Row
	e.cat = categoryCode(s.Category, cats, catList)
	e.flags = statusCode(s.Status)
	if s.Confidential {
		e.flags |= flagConfidential
	}
	switch s.Precision {
	case site.PrecisionApproximate:
		e.flags |= flagApproximate
	case site.PrecisionCity:
		e.flags |= flagCity
	}
	if p, isPoint := s.Geometry.(orb.Point); isPoint {
		e.x, e.y = float32(mercX(wrapLon(p[0]))), float32(mercY(p[1]))
		return e, nil, true
	}
	g := projectGeometry(s.Geometry)
	if g == nil {
		return e, nil, false
	}
	bd := g.Bound()
	if bd.Max[0] < bd.Min[0] {
		return e, nil, false // empty geometry
	}
	c := bd.Center()
	e.x, e.y = float32(c[0]), float32(c[1])
	e.flags |= flagShape
	return e, &shape{geom: g, bound: bd}, true
}

// categoryCode interns a category. Codes never change, so a snapshot's
// table stays valid; past 255 categories the rest share the last code.
func categoryCode(c string, cats map[string]uint8, catList *[]string) uint8 {
	if code, ok := cats[c]; ok {
		return code
	}
	if len(*catList) >= 255 {
		return 255
	}
	code := uint8(len(*catList))
	cats[c] = code
	*catList = append(*catList, c)
	return code
}

// projectGeometry maps a lon/lat geometry into the unit square.
func projectGeometry(g orb.Geometry) orb.Geometry {
	pt := func(p orb.Point) orb.Point { return orb.Point{mercX(p[0]), mercY(p[1])} }
	ls := func(l []orb.Point) []orb.Point {
		out := make([]orb.Point, len(l))
		for i, p := range l {
			out[i] = pt(p)
		}
		return out
	}
	switch g := g.(type) {
	case orb.Point:
		return pt(g)
	case orb.MultiPoint:
		return orb.MultiPoint(ls(g))
	case orb.LineString:
		return orb.LineString(ls(g))
	case orb.Ring:
		return orb.Ring(ls(g))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, l := range g {
			out[i] = ls(l)
		}
		return out
	case orb.Polygon:
		out := make(orb.Polygon, len(g))
		for i, r := range g {
			out[i] = ls(r)
		}
		return out
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = projectGeometry(p).(orb.Polygon)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, 0, len(g))
		for _, c := range g {
			if p := projectGeometry(c); p != nil {
				out = append(out, p)
			}
		}
		return out
	case orb.Bound:
		return projectGeometry(g.ToPolygon())
	}
	return nil
}

// morton interleaves the 16-bit cell coordinates of a unit-square point.
func morton(x, y float32) uint32 {
	return spread(quant(x)) | spread(quant(y))<<1
}

func quant(v float32) uint32 {
	q := int32(v * 65536)
	if q < 0 {
		return 0
	}
	if q > 65535 {
		return 65535
	}
	return uint32(q)
}

func spread(v uint32) uint32 {
	v &= 0xffff
	v = (v | v<<8) & 0x00ff00ff
	v = (v | v<<4) & 0x0f0f0f0f
	v = (v | v<<2) & 0x33333333
	v = (v | v<<1) & 0x55555555
	return v
}

// buildBase sorts entries by Morton key and builds the lookups and the
// cluster pyramid. shapes is keyed by the entries' positions before sorting.
func buildBase(entries []entry, arena []byte, shapes map[uint32]*shape) *base {
	n := len(entries)
	// Sort (key, slot) pairs packed in a uint64: one flat sort, no
	// comparator calls, then one permutation pass.
	order := make([]uint64, n)
	for i := range entries {
		order[i] = uint64(morton(entries[i].x, entries[i].y))<<32 | uint64(i)
	}
	slices.Sort(order)
	b := &base{
		entries: make([]entry, n),
		keys:    make([]uint32, n),
		byRow:   make([]uint32, n),
		arena:   arena,
		shapes:  make(map[uint32]*shape, len(shapes)),
	}
	for i, o := range order {
		old := uint32(o)
		b.entries[i] = entries[old]
		b.keys[i] = uint32(o >> 32)
		if sh, ok := shapes[old]; ok {
			b.shapes[uint32(i)] = sh
			b.shapeSlots = append(b.shapeSlots, uint32(i))
		}
	}
	// Rows come from the store mostly in order; reuse order for the sort.
	for i := range b.entries {
		order[i] = uint64(b.entries[i].row)<<24 | uint64(i)
	}
	if n < 1<<24 && maxRow(b.entries) < 1<<40 {
		slices.Sort(order)
		for i, o := range order {
			b.byRow[i] = uint32(o & (1<<24 - 1))
		}
	} else {
		for i := range b.byRow {
			b.byRow[i] = uint32(i)
		}
		slices.SortFunc(b.byRow, func(p, q uint32) int {
			return cmpInt64(b.entries[p].row, b.entries[q].row)
		})
	}
	b.pyramid = buildPyramid(b)
	return b
}

func maxRow(es []entry) int64 {
	var m int64
	for i := range es {
		if es[i].row > m {
			m = es[i].row
		}
		if es[i].row < 0 {
			return 1 << 62
		}
	}
	return m
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// findRow returns the base slot holding row, or -1.
func (b *base) findRow(row int64) int {
	i, found := slices.BinarySearchFunc(b.byRow, row, func(slot uint32, r int64) int {
		return cmpInt64(b.entries[slot].row, r)
	})
	if !found {
		return -1
	}
	return int(b.byRow[i])
}

// Len returns the number of sites in the index.
func (idx *Index) Len() int {
	s := idx.snapshot()
	return len(s.base.entries) - len(s.deadList) + len(s.extra)
}

func (idx *Index) snapshot() *snapshot {
	if s := idx.snap.Load(); s != nil {
		return s
	}
	return emptySnapshot
}

var emptySnapshot = &snapshot{base: buildBase(nil, nil, nil)}

// Upsert adds a site or replaces the one with the same row. An unplaced
// site is removed from the map.
func (idx *Index) Upsert(s site.Summary) {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	if idx.cats == nil {
		idx.cats = map[string]uint8{}
	}
	old := idx.snapshot()
	cats := old.categories
	e, sh, ok := makeEntry(s, idx.cats, &cats)
	next := old.without(s.Row)
	next.categories = cats
	if ok {
		name := s.Name
		if len(name) > 0xffff {
			name = name[:0xffff]
		}
		e.nameLen = uint16(len(name))
		next.extra = append(next.extra, extraItem{e: e, name: name, shape: sh})
	}
	idx.publish(next)
}

// Remove takes the site with this row off the map, if it is there.
func (idx *Index) Remove(row int64) {
	idx.mu.Lock()
	defer idx.mu.Unlock()
	idx.publish(idx.snapshot().without(row))
}

// without returns a copy of s without row; the copy's slices are its own
// where they differ, and shared where they do not.
func (s *snapshot) without(row int64) *snapshot {
	next := *s
	next.extra = make([]extraItem, 0, len(s.extra)+1)
	for _, it := range s.extra {
		if it.e.row != row {
			next.extra = append(next.extra, it)
		}
	}
	if slot := s.base.findRow(row); slot >= 0 && !s.isDead(slot) {
		next.dead = slices.Clone(s.dead)
		if next.dead == nil {
			next.dead = make([]uint64, (len(s.base.entries)+63)/64)
		}
		next.dead[slot>>6] |= 1 << (uint(slot) & 63)
		next.deadList = append(slices.Clip(s.deadList), uint32(slot))
	}
	return &next
}

// publish makes s the current snapshot, folding the overlay into a new base
// first when it has grown past what frames can cheaply correct for.
func (idx *Index) publish(s *snapshot) {
	if len(s.extra)+len(s.deadList) > 1024+len(s.base.entries)/64 {
		s = s.compact()
	}
	idx.snap.Store(s)
}

// compact builds a new base from the base and overlay of s.
func (s *snapshot) compact() *snapshot {
	n := len(s.base.entries) - len(s.deadList) + len(s.extra)
	entries := make([]entry, 0, n)
	arena := make([]byte, 0, len(s.base.arena))
	shapes := map[uint32]*shape{}
	add := func(e entry, name string, sh *shape) {
		e.name = uint32(len(arena))
		e.nameLen = uint16(len(name))
		arena = append(arena, name...)
		if sh != nil {
			shapes[uint32(len(entries))] = sh
		}
		entries = append(entries, e)
	}
	for i := range s.base.entries {
		if !s.isDead(i) {
			add(s.base.entries[i], s.name(ref(i)), s.base.shapes[uint32(i)])
		}
	}
	for _, it := range s.extra {
		add(it.e, it.name, it.shape)
	}
	return &snapshot{base: buildBase(entries, arena, shapes), categories: s.categories}
}

func (s *snapshot) isDead(slot int) bool {
	return s.dead != nil && s.dead[slot>>6]&(1<<(uint(slot)&63)) != 0
}

// entry returns the entry r names.
func (s *snapshot) entry(r ref) *entry {
	if r >= 0 {
		return &s.base.entries[r]
	}
	return &s.extra[-1-r].e
}

// name returns the site name of r.
func (s *snapshot) name(r ref) string {
	if r >= 0 {
		e := &s.base.entries[r]
		return string(s.base.arena[e.name : e.name+uint32(e.nameLen)])
	}
	return s.extra[-1-r].name
}

// shape returns the shape of r, or nil for a point.
func (s *snapshot) shape(r ref) *shape {
	if r >= 0 {
		if s.base.entries[r].flags&flagShape == 0 {
			return nil
		}
		return s.base.shapes[uint32(r)]
	}
	return s.extra[-1-r].shape
}

// find returns the live entry with this row.
func (s *snapshot) find(row int64) (ref, bool) {
	for i := range s.extra {
		if s.extra[i].e.row == row {
			return ref(-1 - i), true
		}
	}
	if slot := s.base.findRow(row); slot >= 0 && !s.isDead(slot) {
		return ref(slot), true
	}
	return 0, false
}

// Bound returns the lon/lat bound of the site with this row, for "zoom to
// selection"; ok is false when it is not on the map.
func (idx *Index) Bound(row int64) (b orb.Bound, ok bool) {
	s := idx.snapshot()
	r, ok := s.find(row)
	if !ok {
		return b, false
	}
	if sh := s.shape(r); sh != nil {
		return unitToLonLat(sh.bound), true
	}
	e := s.entry(r)
	p := orb.Point{unmercX(float64(e.x)), unmercY(float64(e.y))}
	return orb.Bound{Min: p, Max: p}, true
}

// unitToLonLat converts a unit-square bound to lon/lat.
func unitToLonLat(b orb.Bound) orb.Bound {
	return orb.Bound{
		Min: orb.Point{unmercX(b.Min[0]), unmercY(b.Max[1])},
		Max: orb.Point{unmercX(b.Max[0]), unmercY(b.Min[1])},
	}
}
