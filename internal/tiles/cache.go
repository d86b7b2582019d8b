package tiles

import (
	"container/list"
	"image"
	"sync"
)

// decoded is a tile ready to draw: a vector tile or a raster image; both
// nil for a tile the source does not have.
type decoded struct {
	vt   *vtile
	img  *image.RGBA
	size int
}

func (d *decoded) missing() bool { return d.vt == nil && d.img == nil }

// lru keeps decoded tiles up to a byte budget, least recently used out
// first. Safe for concurrent use.
type lru struct {
	mu     sync.Mutex
	budget int
	used   int
	ll     *list.List
	m      map[TileID]*list.Element
}

type lruItem struct {
	id TileID
	d  *decoded
}

func newLRU(budget int) *lru {
	return &lru{budget: budget, ll: list.New(), m: map[TileID]*list.Element{}}
}

func (c *lru) get(id TileID) (*decoded, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[id]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*lruItem).d, true
	}
	return nil, false
}

func (c *lru) put(id TileID, d *decoded) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[id]; ok {
		c.used -= e.Value.(*lruItem).d.size
		e.Value.(*lruItem).d = d
		c.used += d.size
		c.ll.MoveToFront(e)
	} else {
		c.m[id] = c.ll.PushFront(&lruItem{id, d})
		c.used += d.size
	}
	for c.used > c.budget && c.ll.Len() > 1 {
		e := c.ll.Back()
		it := e.Value.(*lruItem)
		c.ll.Remove(e)
		delete(c.m, it.id)
		c.used -= it.d.size
	}
}

func (c *lru) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll.Init()
	clear(c.m)
	c.used = 0
}
