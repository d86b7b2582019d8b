package raster

import "image"

// Collider keeps the boxes already placed in a frame, bucketed on a coarse
// grid, so that labels and markers do not overlap. The renderer hands its
// collider's Place to tile layers, so a street name gives way to a site.
type Collider struct {
	cell  int
	boxes map[image.Point][]image.Rectangle
}

// NewCollider returns an empty collider bucketing boxes in cells of cell
// pixels.
func NewCollider(cell int) *Collider {
	return &Collider{cell: cell, boxes: map[image.Point][]image.Rectangle{}}
}

func (c *Collider) cells(r image.Rectangle, fn func(image.Point) bool) bool {
	for y := FloorDiv(r.Min.Y, c.cell); y <= FloorDiv(r.Max.Y-1, c.cell); y++ {
		for x := FloorDiv(r.Min.X, c.cell); x <= FloorDiv(r.Max.X-1, c.cell); x++ {
			if !fn(image.Pt(x, y)) {
				return false
			}
		}
	}
	return true
}

// Hits reports whether r overlaps a placed box.
func (c *Collider) Hits(r image.Rectangle) bool {
	return !c.cells(r, func(p image.Point) bool {
		for _, b := range c.boxes[p] {
			if b.Overlaps(r) {
				return false
			}
		}
		return true
	})
}

// Add places r whether or not it collides.
func (c *Collider) Add(r image.Rectangle) {
	c.cells(r, func(p image.Point) bool {
		c.boxes[p] = append(c.boxes[p], r)
		return true
	})
}

// Overlap returns the area of r that placed boxes cover, counting a pixel
// once per box that covers it.
func (c *Collider) Overlap(r image.Rectangle) int {
	area := 0
	c.cells(r, func(p image.Point) bool {
		cell := image.Rect(p.X*c.cell, p.Y*c.cell, (p.X+1)*c.cell, (p.Y+1)*c.cell).Intersect(r)
		for _, b := range c.boxes[p] {
			i := b.Intersect(cell)
			area += i.Dx() * i.Dy()
		}
		return true
	})
	return area
}

// Place adds r unless it collides, and reports whether it did.
func (c *Collider) Place(r image.Rectangle) bool {
	if c.Hits(r) {
		return false
	}
	c.Add(r)
	return true
}
