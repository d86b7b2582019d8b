package app

import (
	"cmp"
	"slices"
	"sync"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// Catalog is the site list's in-memory view of every site in a database:
// the two list orders and the codes the filters test, so that sorting and
// filtering a million sites is a pass over two arrays instead of an ORDER BY
// over the whole table (seconds with SQLite here). Only the rows on screen
// are then read from the store. It is loaded in the same pass over the
// sites table as the map's index, and kept current by Upsert and Remove.
// It is safe for concurrent use.
type Catalog struct {
	mu sync.RWMutex
	// Slot i describes the site with store row rows[i]; rows is ascending
	// so that a row's slot is a binary search away. Removed sites leave a
	// dead slot (row kept, dead set) until the next Compact.
	rows    []int64
	dead    []bool
	names   []string
	ids     []string
	updated []int64
	cats    []uint16
	status  []uint8

	catCode  map[string]uint16
	catNames []string

	byName    []uint32 // live slots in list order (store.ByName)
	byUpdated []uint32 // live slots, most recently changed first
	live      int
}

// statusCodes numbers the statuses; 0 is "none".
var statusCodes = func() map[site.Status]uint8 {
	m := map[site.Status]uint8{}
	for i, s := range site.Statuses {
		m[s] = uint8(i + 1)
	}
	return m
}()

// CatalogBuilder collects sites for a Catalog as they stream from the store
// in row order.
type CatalogBuilder struct{ c *Catalog }

// NewCatalogBuilder returns an empty builder.
func NewCatalogBuilder() *CatalogBuilder {
	return &CatalogBuilder{c: &Catalog{catCode: map[string]uint16{}}}
}

// Add adds a site; sites must come in ascending row order (store.ByRow).
func (b *CatalogBuilder) Add(s site.Summary) {
	c := b.c
	c.rows = append(c.rows, s.Row)
	c.dead = append(c.dead, false)
	c.names = append(c.names, s.Name)
	c.ids = append(c.ids, s.ID)
	c.updated = append(c.updated, s.Updated)
	c.cats = append(c.cats, c.categoryCode(s.Category))
	c.status = append(c.status, statusCodes[s.Status])
}

// Build sorts the two list orders (in parallel) and returns the catalog.
func (b *CatalogBuilder) Build() *Catalog {
	c := b.c
	if !slices.IsSorted(c.rows) {
		c.sortSlots()
	}
	c.live = len(c.rows)
	c.byUpdated = make([]uint32, len(c.rows))
	for i := range c.byUpdated {
		c.byUpdated[i] = uint32(i)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		slices.SortFunc(c.byUpdated, c.compareUpdated)
	}()
	c.byName = c.sortByName()
	wg.Wait()
	return c
}

// nameKey is a slot with the first 24 bytes of its folded name, so that
// most comparisons of a sort are integer compares on contiguous memory
// instead of chasing two string pointers (5x faster on a million names).
type nameKey struct {
	k0, k1, k2 uint64
	slot       uint32
}

func (c *Catalog) sortByName() []uint32 {
	keys := make([]nameKey, len(c.rows))
	for i, name := range c.names {
		keys[i] = nameKey{foldedPrefix(name, 0), foldedPrefix(name, 8), foldedPrefix(name, 16), uint32(i)}
	}
	slices.SortFunc(keys, func(x, y nameKey) int {
		switch {
		case x.k0 != y.k0:
			return cmp.Compare(x.k0, y.k0)
		case x.k1 != y.k1:
			return cmp.Compare(x.k1, y.k1)
		case x.k2 != y.k2:
			return cmp.Compare(x.k2, y.k2)
		}
		// Equal 24-byte prefixes: the rest decides, then the ID.
		a, b := c.names[x.slot], c.names[y.slot]
		if r := compareNoCase(a[min(24, len(a)):], b[min(24, len(b)):]); r != 0 {
			return r
		}
		return cmp.Compare(c.ids[x.slot], c.ids[y.slot])
	})
	out := make([]uint32, len(keys))
	for i, k := range keys {
		out[i] = k.slot
	}
	return out
}

// foldedPrefix packs bytes [from, from+8) of s, ASCII letters in lower
// case, big-endian, padding with zeros: integer order is compareNoCase's.
func foldedPrefix(s string, from int) uint64 {
	var k uint64
	for i := from; i < from+8; i++ {
		k <<= 8
		if i < len(s) {
			b := s[i]
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			k |= uint64(b)
		}
	}
	return k
}

// sortSlots puts the slots in row order when the sites did not come in it.
func (c *Catalog) sortSlots() {
	perm := make([]int, len(c.rows))
	for i := range perm {
		perm[i] = i
	}
	slices.SortFunc(perm, func(a, b int) int { return cmp.Compare(c.rows[a], c.rows[b]) })
	rows, dead, names, ids := make([]int64, len(perm)), make([]bool, len(perm)), make([]string, len(perm)), make([]string, len(perm))
	upd, cats, status := make([]int64, len(perm)), make([]uint16, len(perm)), make([]uint8, len(perm))
	for i, p := range perm {
		rows[i], dead[i], names[i], ids[i] = c.rows[p], c.dead[p], c.names[p], c.ids[p]
		upd[i], cats[i], status[i] = c.updated[p], c.cats[p], c.status[p]
	}
	c.rows, c.dead, c.names, c.ids, c.updated, c.cats, c.status = rows, dead, names, ids, upd, cats, status
}

func (c *Catalog) categoryCode(name string) uint16 {
	if name == "" {
		return 0
	}
	if code, ok := c.catCode[name]; ok {
		return code
	}
	c.catNames = append(c.catNames, name)
	code := uint16(len(c.catNames))
	c.catCode[name] = code
	return code
}

// compareName is the store's ByName order: name without regard to ASCII
// case (SQLite's NOCASE), then ID.
func (c *Catalog) compareName(a, b uint32) int {
	if r := compareNoCase(c.names[a], c.names[b]); r != 0 {
		return r
	}
	return cmp.Compare(c.ids[a], c.ids[b])
}

// compareUpdated is the store's ByUpdated order: newest first, then ID
// descending.
func (c *Catalog) compareUpdated(a, b uint32) int {
	if r := cmp.Compare(c.updated[b], c.updated[a]); r != 0 {
		return r
	}
	return cmp.Compare(c.ids[b], c.ids[a])
}

// compareNoCase compares like SQLite's NOCASE collation: bytes, with ASCII
// letters folded to lower case.
func compareNoCase(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	return cmp.Compare(len(a), len(b))
}

// Len returns how many sites the catalog holds.
func (c *Catalog) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.live
}

// slot returns the slot of row, or -1.
func (c *Catalog) slot(row int64) int {
	i, ok := slices.BinarySearch(c.rows, row)
	if !ok || c.dead[i] {
		return -1
	}
	return i
}

// CatalogQuery is a list query the catalog answers alone: the text part of
// a Query is answered by the store's full-text index (Matches).
type CatalogQuery struct {
	Category string
	Status   site.Status
	Order    store.Order
	// Matches, when not nil, keeps only these rows (the full-text hits).
	Matches []int64
}

// Rows returns the rows q selects, in q's order.
func (c *Catalog) Rows(q CatalogQuery) []int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	order := c.byName
	if q.Order == store.ByUpdated {
		order = c.byUpdated
	}
	var keep []uint64 // a bit per slot: 125 KB for a million, in cache
	if q.Matches != nil {
		keep = c.matchedSlots(q.Matches)
	}
	catCode, wantCat := uint16(0), q.Category != ""
	if wantCat {
		code, ok := c.catCode[q.Category]
		if !ok {
			return []int64{}
		}
		catCode = code
	}
	statusCode, wantStatus := statusCodes[q.Status], q.Status != ""
	var out []int64
	switch {
	case wantCat || wantStatus:
	case keep == nil:
		out = make([]int64, 0, c.live)
	default:
		out = make([]int64, 0, len(q.Matches))
	}
	for _, i := range order {
		switch {
		case keep != nil && keep[i>>6]&(1<<(i&63)) == 0,
			wantCat && c.cats[i] != catCode,
			wantStatus && c.status[i] != statusCode:
			continue
		}
		out = append(out, c.rows[i])
	}
	return out
}

// matchedSlots returns the live slots of rows as a bitmap. The full-text index gives
// rows in ascending order, the order of the slots: many rows are then
// found in one merge pass over both (for 170,000 of a million, a fifth of
// the time of a binary search each, which misses the cache at every step).
func (c *Catalog) matchedSlots(rows []int64) []uint64 {
	keep := make([]uint64, (len(c.rows)+63)/64)
	if n := len(c.rows); n > 0 && c.rows[n-1]-c.rows[0] == int64(n-1) {
		// Rows without gaps, as after an import: a row's slot is its
		// offset from the first.
		for _, r := range rows {
			if i := r - c.rows[0]; i >= 0 && i < int64(n) && !c.dead[i] {
				keep[i>>6] |= 1 << (i & 63)
			}
		}
		return keep
	}
	if len(rows) < len(c.rows)/16 || !slices.IsSorted(rows) {
		for _, r := range rows {
			if i := c.slot(r); i >= 0 {
				keep[i>>6] |= 1 << (i & 63)
			}
		}
		return keep
	}
	i := 0
	for _, r := range rows {
		for i < len(c.rows) && c.rows[i] < r {
			i++
		}
		if i == len(c.rows) {
			break
		}
		if c.rows[i] == r && !c.dead[i] {
			keep[i>>6] |= 1 << (i & 63)
		}
	}
	return keep
}

// Upsert adds a site or updates the catalog's view of it, after an edit.
func (c *Catalog) Upsert(s site.Summary) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := slices.BinarySearch(c.rows, s.Row); ok {
		if !c.dead[i] {
			c.unlink(uint32(i))
		}
		c.dead[i] = false
		c.names[i], c.ids[i], c.updated[i] = s.Name, s.ID, s.Updated
		c.cats[i], c.status[i] = c.categoryCode(s.Category), statusCodes[s.Status]
		c.link(uint32(i))
		return
	}
	// A new row is normally the largest yet; anywhere else shifts slots.
	i, _ := slices.BinarySearch(c.rows, s.Row)
	c.rows = slices.Insert(c.rows, i, s.Row)
	c.dead = slices.Insert(c.dead, i, false)
	c.names = slices.Insert(c.names, i, s.Name)
	c.ids = slices.Insert(c.ids, i, s.ID)
	c.updated = slices.Insert(c.updated, i, s.Updated)
	c.cats = slices.Insert(c.cats, i, c.categoryCode(s.Category))
	c.status = slices.Insert(c.status, i, statusCodes[s.Status])
	if i < len(c.rows)-1 {
		for _, order := range [][]uint32{c.byName, c.byUpdated} {
			for k, slot := range order {
				if int(slot) >= i {
					order[k] = slot + 1
				}
			}
		}
	}
	c.link(uint32(i))
}

// Remove drops a deleted site.
func (c *Catalog) Remove(row int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := c.slot(row)
	if i < 0 {
		return
	}
	c.unlink(uint32(i))
	c.dead[i] = true
	c.names[i], c.ids[i] = "", ""
}

// link puts a live slot into both orders, at its sorted place.
func (c *Catalog) link(slot uint32) {
	at, _ := slices.BinarySearchFunc(c.byName, slot, c.compareName)
	c.byName = slices.Insert(c.byName, at, slot)
	at, _ = slices.BinarySearchFunc(c.byUpdated, slot, c.compareUpdated)
	c.byUpdated = slices.Insert(c.byUpdated, at, slot)
	c.live++
}

// unlink takes a slot out of both orders.
func (c *Catalog) unlink(slot uint32) {
	remove := func(order []uint32, compare func(a, b uint32) int) []uint32 {
		at, ok := slices.BinarySearchFunc(order, slot, compare)
		if ok && order[at] == slot {
			return slices.Delete(order, at, at+1)
		}
		// The sort key changed under us; fall back to a scan.
		if k := slices.Index(order, slot); k >= 0 {
			return slices.Delete(order, k, k+1)
		}
		return order
	}
	c.byName = remove(c.byName, c.compareName)
	c.byUpdated = remove(c.byUpdated, c.compareUpdated)
	c.live--
}

// IDs returns the site IDs of rows (in the same order), skipping rows the
// catalog does not hold.
func (c *Catalog) IDs(rows []int64) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		if i := c.slot(r); i >= 0 {
			out = append(out, c.ids[i])
		}
	}
	return out
}
