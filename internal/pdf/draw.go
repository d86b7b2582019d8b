package pdf

import (
	"fmt"
	"math"
	"strconv"
)

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

// Common colours.
var (
	Black = Color{0, 0, 0}
	White = Color{255, 255, 255}
	Gray  = Color{128, 128, 128}
)

// Style says how a shape is painted: filled, stroked, or both.
type Style struct {
	Fill      *Color
	Stroke    *Color
	LineWidth float64 // points; 0 means 1
	Dash      []float64
}

// Point is a position in page space.
type Point struct{ X, Y float64 }

// num formats a number compactly and deterministically (at most 3
// decimals, no exponent, no "-0").
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	v = math.Round(v*1000) / 1000
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (c Color) op(fill bool) string {
	s := fmt.Sprintf("%s %s %s", num(float64(c.R)/255), num(float64(c.G)/255), num(float64(c.B)/255))
	if fill {
		return s + " rg"
	}
	return s + " RG"
}

func (p *Page) y(y float64) float64 { return p.size.H - y }

func (p *Page) pt(q Point) string { return num(q.X) + " " + num(p.y(q.Y)) }

// paint wraps a path in its own graphics state, so no style leaks from
// one call to the next.
func (p *Page) paint(path string, s Style) {
	if s.Fill == nil && s.Stroke == nil {
		return
	}
	c := &p.content
	c.WriteString("q\n")
	if s.Fill != nil {
		c.WriteString(s.Fill.op(true) + "\n")
	}
	op := "f"
	if s.Stroke != nil {
		w := s.LineWidth
		if w <= 0 {
			w = 1
		}
		fmt.Fprintf(c, "%s\n%s w\n", s.Stroke.op(false), num(w))
		if len(s.Dash) > 0 {
			c.WriteString("[")
			for i, d := range s.Dash {
				if i > 0 {
					c.WriteString(" ")
				}
				c.WriteString(num(d))
			}
			c.WriteString("] 0 d\n")
		}
		op = "S"
		if s.Fill != nil {
			op = "B"
		}
	}
	c.WriteString(path)
	c.WriteString(op + "\nQ\n")
}

// Line strokes a line from a to b.
func (p *Page) Line(a, b Point, c Color, width float64) {
	p.paint(p.pt(a)+" m "+p.pt(b)+" l\n", Style{Stroke: &c, LineWidth: width})
}

// Rect paints rectangle r.
func (p *Page) Rect(r Rect, s Style) {
	p.paint(fmt.Sprintf("%s %s %s %s re\n", num(r.X), num(p.y(r.Y+r.H)), num(r.W), num(r.H)), s)
}

// Path paints a polygon or polyline through pts, closed if closed is set.
func (p *Page) Path(pts []Point, closed bool, s Style) {
	if len(pts) == 0 {
		return
	}
	var b []byte
	for i, q := range pts {
		b = append(b, p.pt(q)...)
		if i == 0 {
			b = append(b, " m\n"...)
		} else {
			b = append(b, " l\n"...)
		}
	}
	if closed {
		b = append(b, "h\n"...)
	}
	p.paint(string(b), s)
}

// Circle paints a circle of radius r around c (four Bézier arcs).
func (p *Page) Circle(c Point, r float64, s Style) {
	const k = 0.5522847498
	y := p.y(c.Y)
	path := fmt.Sprintf("%s %s m\n", num(c.X+r), num(y))
	arc := func(x1, y1, x2, y2, x3, y3 float64) {
		path += fmt.Sprintf("%s %s %s %s %s %s c\n", num(x1), num(y1), num(x2), num(y2), num(x3), num(y3))
	}
	arc(c.X+r, y+k*r, c.X+k*r, y+r, c.X, y+r)
	arc(c.X-k*r, y+r, c.X-r, y+k*r, c.X-r, y)
	arc(c.X-r, y-k*r, c.X-k*r, y-r, c.X, y-r)
	arc(c.X+k*r, y-r, c.X+r, y-k*r, c.X+r, y)
	p.paint(path+"h\n", s)
}

// Image draws img scaled into r.
func (p *Page) Image(img *Image, r Rect) {
	fmt.Fprintf(&p.content, "q\n%s 0 0 %s %s %s cm\n/%s Do\nQ\n",
		num(r.W), num(r.H), num(r.X), num(p.y(r.Y+r.H)), img.res)
}
