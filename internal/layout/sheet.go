// Package layout composes publication maps: a page of a paper size (or a
// pixel size) with a title and subtitle, the map drawn by internal/render,
// site labels placed clear of each other, a legend of the categories and
// statuses shown, a scale bar, a north arrow, an inset locator map, an
// optional graticule, and the credits (basemap and tile attribution, the
// source credit, the export profile applied, the date). One composition
// is written as PNG, SVG (text as text, marks as paths, the map as an
// embedded raster) or PDF (text extractable, through internal/pdf).
//
// The layout draws what it is given: apply the export profile to the sites
// before building the render.Map it draws. The same input gives the same
// bytes in every format.
package layout

import (
	"image"
	"image/color"
)

// Pt is a position on the page in points, origin top-left, y down.
type Pt struct{ X, Y float64 }

// Box is a rectangle on the page in points.
type Box struct{ X, Y, W, H float64 }

func (b Box) right() float64  { return b.X + b.W }
func (b Box) bottom() float64 { return b.Y + b.H }

func (b Box) overlaps(o Box) bool {
	return b.X < o.right() && o.X < b.right() && b.Y < o.bottom() && o.Y < b.bottom()
}

func (b Box) contains(o Box) bool {
	return o.X >= b.X && o.Y >= b.Y && o.right() <= b.right() && o.bottom() <= b.bottom()
}

// Anchor says where a text's x is: its start, middle or end.
type Anchor uint8

// The anchors.
const (
	Start Anchor = iota
	Middle
	End
)

// Shape is a filled and/or stroked polygon or polyline.
type Shape struct {
	Pts    []Pt
	Closed bool
	Fill   *color.RGBA
	Stroke *color.RGBA
	Width  float64 // stroke width in points
}

// Text is one line of text with its baseline at (X, Y).
type Text struct {
	X, Y  float64
	Size  float64 // points
	Color color.RGBA
	Align Anchor
	S     string
	// Halo draws a light outline (PNG, SVG) or a light box (PDF) under
	// the text, so it reads over the map.
	Halo bool
	// Width is the text's measured width in points (for Middle and End,
	// and for the PDF halo box).
	Width float64
}

// Picture is an image scaled into a box: the map, the inset, a legend
// marker.
type Picture struct {
	Box Box
	Img *image.RGBA
}

// Item is one thing drawn on the page, in order: a Shape, a Text or a
// Picture.
type Item interface{ isItem() }

func (Shape) isItem()   {}
func (Text) isItem()    {}
func (Picture) isItem() {}

// Sheet is a composed page.
type Sheet struct {
	Size  Box // the page: X = Y = 0
	DPI   float64
	Title string
	Items []Item
}

// Texts returns every text drawn, a line each, in drawing order: what a
// leak audit must search, whatever the output format.
func (sh *Sheet) Texts() []string {
	var out []string
	for _, it := range sh.Items {
		if t, ok := it.(Text); ok {
			out = append(out, t.S)
		}
	}
	return out
}

func rgb(r, g, b uint8) *color.RGBA { return &color.RGBA{r, g, b, 0xff} }

var (
	ink      = color.RGBA{0x1f, 0x1f, 0x1f, 0xff}
	muted    = color.RGBA{0x55, 0x55, 0x55, 0xff}
	frameCol = rgb(0x44, 0x44, 0x44)
	white    = rgb(0xff, 0xff, 0xff)
	gratCol  = rgb(0x6a, 0x7a, 0x90)
	boxRed   = rgb(0xd0, 0x20, 0x20)
)
