package outline

import (
	"encoding/binary"
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// same compares geometries that may hold NaN (which orb.Equal never
// finds equal to itself) by their printed form.
func same(a, b orb.Geometry) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// reader hands out fuzz bytes as small numbers, 0 once they run out.
type reader struct{ b []byte }

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// coord is mostly on a small grid, so corners repeat, touch and run
// collinear as drawn outlines do; byte 255 takes the next 8 bytes as a
// raw float64 (NaN, infinities, huge values).
func (r *reader) coord() float64 {
	c := r.byte()
	if c == 255 && len(r.b) >= 8 {
		v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
		r.b = r.b[8:]
		return v
	}
	return float64(c%16) / 2
}

func (r *reader) point() orb.Point { return orb.Point{r.coord(), r.coord()} }

func (r *reader) ring() orb.Ring {
	n := int(r.byte() % 12)
	ring := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		ring = append(ring, r.point())
	}
	if n > 0 && r.byte()%4 != 0 { // sometimes left unclosed
		ring = append(ring, ring[0])
	}
	return ring
}

func (r *reader) geometry() orb.Geometry {
	switch r.byte() % 4 {
	case 0:
		return orb.LineString(r.ring())
	case 1:
		return orb.MultiLineString{orb.LineString(r.ring()), orb.LineString(r.ring())}
	case 2:
		p := orb.Polygon{}
		for n := int(r.byte()%4) + 1; n > 0; n-- {
			p = append(p, r.ring())
		}
		return p
	}
	mp := orb.MultiPolygon{}
	for n := int(r.byte()%3) + 1; n > 0; n-- {
		p := orb.Polygon{}
		for m := int(r.byte()%3) + 1; m > 0; m-- {
			p = append(p, r.ring())
		}
		mp = append(mp, p)
	}
	return mp
}

func FuzzValidate(f *testing.F) {
	f.Add([]byte{2, 0, 5, 0, 0, 20, 20, 20, 0, 0, 20, 1})
	f.Add([]byte{3, 1, 1, 4, 0, 0, 8, 0, 8, 8, 0, 8, 1, 4, 2, 2, 2, 4, 4, 4, 4, 2, 1})
	f.Add([]byte{2, 0, 4, 255, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 1, 2, 3, 4, 5, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &reader{data}
		g := r.geometry()
		before := orb.Clone(g)
		ps := Validate(g)
		if !same(g, before) {
			t.Fatalf("Validate changed its input")
		}
		if len(ps) > maxProblems {
			t.Fatalf("%d problems", len(ps))
		}
		parts, _ := paths(g)
		for _, p := range ps {
			if p.Part < 0 || p.Part >= len(parts) || p.Message == "" {
				t.Fatalf("problem out of range or unexplained: %+v", p)
			}
			if len(parts[p.Part]) > 0 && (p.Ring < 0 || p.Ring >= len(parts[p.Part])) {
				t.Fatalf("problem ring out of range: %+v", p)
			}
		}
	})
}

// FuzzOps applies a random sequence of edits; each either fails with an
// *Error or returns a geometry of sound structure, and never changes the
// geometry it was given.
func FuzzOps(f *testing.F) {
	f.Add([]byte{3, 0, 1, 5, 0, 0, 10, 0, 10, 10, 0, 10, 1, 0, 0, 0, 0, 1, 3, 3, 2, 0, 0, 1, 1, 1})
	f.Add([]byte{2, 0, 4, 0, 0, 8, 0, 8, 8, 1, 4, 0, 0, 2, 5, 1, 1, 7, 7, 3, 1, 1, 6, 0, 4})
	f.Add([]byte{0, 5, 0, 0, 1, 1, 2, 0, 3, 3, 1, 2, 0, 0, 0, 9, 9, 2, 0, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &reader{data}
		g := closeAll(r.geometry())
		for step := 0; step < 40 && len(r.b) > 0; step++ {
			before := orb.Clone(g)
			v := Vertex{int(r.byte() % 4), int(r.byte() % 4), int(r.byte()%16) - 1}
			var out orb.Geometry
			var err error
			switch r.byte() % 7 {
			case 0:
				out, err = Move(g, v, r.point())
			case 1:
				out, err = Insert(g, v, r.point())
			case 2:
				out, err = Remove(g, v)
			case 3:
				out, err = AddHole(g, v.Part, r.ring())
			case 4:
				out, err = RemoveHole(g, v.Part, v.Ring)
			case 5:
				out, err = AddPart(g, orb.Polygon{r.ring()})
				if _, line := g.(orb.LineString); line {
					out, err = AddPart(g, orb.LineString(r.ring()))
				}
			case 6:
				out, err = RemovePart(g, v.Part)
			}
			if !same(g, before) {
				t.Fatalf("step %d changed its input", step)
			}
			if err != nil {
				if _, ok := err.(*Error); !ok || err.Error() == "" {
					t.Fatalf("step %d: error %v is not an *Error", step, err)
				}
				continue
			}
			checkEdited(t, out)
			Validate(out)
			g = out
		}
	})
}

// closeAll closes the non-empty rings of a fuzzed polygon, so that every
// ring of every result must be closed (edits of unclosed rings are in
// TestOps).
func closeAll(g orb.Geometry) orb.Geometry {
	fix := func(p orb.Polygon) {
		for i, r := range p {
			if len(r) > 0 && !samePoint(r[0], r[len(r)-1]) {
				p[i] = append(r, r[0])
			}
		}
	}
	switch g := g.(type) {
	case orb.Polygon:
		fix(g)
	case orb.MultiPolygon:
		for _, p := range g {
			fix(p)
		}
	}
	return g
}

func samePoint(a, b orb.Point) bool {
	return math.Float64bits(a[0]) == math.Float64bits(b[0]) && math.Float64bits(a[1]) == math.Float64bits(b[1])
}

// checkEdited: rings are closed, multis have parts, and an edit returns
// the kinds of geometry it may.
func checkEdited(t *testing.T, g orb.Geometry) {
	t.Helper()
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.MultiPolygon:
		if len(g) == 0 {
			t.Fatalf("empty multipolygon")
		}
		polys = g
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiLineString:
		if len(g) == 0 {
			t.Fatalf("empty multilinestring")
		}
	case orb.LineString:
	default:
		t.Fatalf("edit returned a %T", g)
	}
	for pi, p := range polys {
		for ri, r := range p {
			if len(r) > 0 && !samePoint(r[0], r[len(r)-1]) {
				t.Fatalf("part %d ring %d not closed: %v", pi, ri, r)
			}
		}
	}
}
