package outline

import (
	"errors"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// Fixtures: a square compound with a square hole, a second part, a line.
var (
	shell = orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}
	hole  = orb.Ring{{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}}
	tri   = orb.Ring{{20, 0}, {30, 0}, {25, 5}, {20, 0}}
	poly  = orb.Polygon{shell, hole}
	multi = orb.MultiPolygon{poly, {tri}}
	line  = orb.LineString{{0, 0}, {1, 1}, {2, 0}}
	lines = orb.MultiLineString{line, {{5, 5}, {6, 6}}}
)

type opCase struct {
	name string
	in   orb.Geometry
	op   func(orb.Geometry) (orb.Geometry, error)
	want orb.Geometry // nil when the op must fail
	err  error        // the Err kind expected
}

func move(v Vertex, p orb.Point) func(orb.Geometry) (orb.Geometry, error) {
	return func(g orb.Geometry) (orb.Geometry, error) { return Move(g, v, p) }
}
func insert(v Vertex, p orb.Point) func(orb.Geometry) (orb.Geometry, error) {
	return func(g orb.Geometry) (orb.Geometry, error) { return Insert(g, v, p) }
}
func remove(v Vertex) func(orb.Geometry) (orb.Geometry, error) {
	return func(g orb.Geometry) (orb.Geometry, error) { return Remove(g, v) }
}

var opCases = []opCase{
	// Move
	{"move shell corner 2", poly, move(Vertex{0, 0, 2}, orb.Point{11, 11}),
		orb.Polygon{{{0, 0}, {10, 0}, {11, 11}, {0, 10}, {0, 0}}, hole}, nil},
	{"move first corner moves the closing copy", poly, move(Vertex{0, 0, 0}, orb.Point{-1, -1}),
		orb.Polygon{{{-1, -1}, {10, 0}, {10, 10}, {0, 10}, {-1, -1}}, hole}, nil},
	{"move hole corner", poly, move(Vertex{0, 1, 0}, orb.Point{3, 3}),
		orb.Polygon{shell, {{3, 3}, {2, 4}, {4, 4}, {4, 2}, {3, 3}}}, nil},
	{"move in second part of a multipolygon", multi, move(Vertex{1, 0, 2}, orb.Point{25, 8}),
		orb.MultiPolygon{poly, {{{20, 0}, {30, 0}, {25, 8}, {20, 0}}}}, nil},
	{"move line vertex", line, move(Vertex{0, 0, 2}, orb.Point{3, 0}), orb.LineString{{0, 0}, {1, 1}, {3, 0}}, nil},
	{"move in second line", lines, move(Vertex{1, 0, 0}, orb.Point{4, 4}), orb.MultiLineString{line, {{4, 4}, {6, 6}}}, nil},
	{"move a point", orb.Point{1, 2}, move(Vertex{0, 0, 0}, orb.Point{3, 4}), orb.Point{3, 4}, nil},
	{"move closes an unclosed ring", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}}}, move(Vertex{0, 0, 1}, orb.Point{2, 0}),
		orb.Polygon{{{0, 0}, {2, 0}, {1, 1}, {0, 0}}}, nil},
	{"move the closing copy is no vertex", poly, move(Vertex{0, 0, 4}, orb.Point{1, 1}), nil, ErrNoSuchVertex},
	{"move in missing part", multi, move(Vertex{2, 0, 0}, orb.Point{1, 1}), nil, ErrNoSuchVertex},
	{"move in missing hole", poly, move(Vertex{0, 2, 0}, orb.Point{1, 1}), nil, ErrNoSuchVertex},
	{"move to NaN", poly, move(Vertex{0, 0, 0}, orb.Point{nan(), 1}), nil, ErrBadCoordinate},
	{"move in a collection", orb.Collection{poly}, move(Vertex{0, 0, 0}, orb.Point{1, 1}), nil, ErrUnsupported},

	// Insert
	{"insert on the shell's first segment", poly, insert(Vertex{0, 0, 0}, orb.Point{5, 0}),
		orb.Polygon{{{0, 0}, {5, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, hole}, nil},
	{"insert on the closing segment", poly, insert(Vertex{0, 0, 3}, orb.Point{0, 5}),
		orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 5}, {0, 0}}, hole}, nil},
	{"insert in a hole", poly, insert(Vertex{0, 1, 1}, orb.Point{3, 4}),
		orb.Polygon{shell, {{2, 2}, {2, 4}, {3, 4}, {4, 4}, {4, 2}, {2, 2}}}, nil},
	{"insert in the second part", multi, insert(Vertex{1, 0, 0}, orb.Point{25, 0}),
		orb.MultiPolygon{poly, {{{20, 0}, {25, 0}, {30, 0}, {25, 5}, {20, 0}}}}, nil},
	{"insert before a line's start", line, insert(Vertex{0, 0, -1}, orb.Point{-1, 0}), orb.LineString{{-1, 0}, {0, 0}, {1, 1}, {2, 0}}, nil},
	{"insert after a line's end", line, insert(Vertex{0, 0, 2}, orb.Point{3, 1}), orb.LineString{{0, 0}, {1, 1}, {2, 0}, {3, 1}}, nil},
	{"insert in the middle of a line", line, insert(Vertex{0, 0, 0}, orb.Point{0.5, 0.5}), orb.LineString{{0, 0}, {0.5, 0.5}, {1, 1}, {2, 0}}, nil},
	{"insert past the end", line, insert(Vertex{0, 0, 3}, orb.Point{3, 1}), nil, ErrNoSuchVertex},
	{"insert into a point", orb.Point{1, 1}, insert(Vertex{0, 0, 0}, orb.Point{3, 1}), nil, ErrUnsupported},

	// Remove
	{"remove a shell corner", poly, remove(Vertex{0, 0, 2}),
		orb.Polygon{{{0, 0}, {10, 0}, {0, 10}, {0, 0}}, hole}, nil},
	{"remove the first corner recloses", poly, remove(Vertex{0, 0, 0}),
		orb.Polygon{{{10, 0}, {10, 10}, {0, 10}, {10, 0}}, hole}, nil},
	{"remove a hole corner", poly, remove(Vertex{0, 1, 3}),
		orb.Polygon{shell, {{2, 2}, {2, 4}, {4, 4}, {2, 2}}}, nil},
	{"remove from a triangle is refused", multi, remove(Vertex{1, 0, 1}), nil, ErrTooFew},
	{"remove leaving 2 distinct corners is refused", orb.Polygon{{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 0}}}, remove(Vertex{0, 0, 3}), nil, ErrTooFew},
	{"remove a line vertex", line, remove(Vertex{0, 0, 1}), orb.LineString{{0, 0}, {2, 0}}, nil},
	{"remove from a two-vertex line is refused", orb.LineString{{0, 0}, {1, 1}}, remove(Vertex{0, 0, 0}), nil, ErrTooFew},
	{"remove from the second line", orb.MultiLineString{line, {{5, 5}, {6, 6}, {7, 5}}}, remove(Vertex{1, 0, 2}),
		orb.MultiLineString{line, {{5, 5}, {6, 6}}}, nil},
	{"remove a point's vertex", orb.Point{1, 1}, remove(Vertex{0, 0, 0}), nil, ErrUnsupported},

	// Holes
	{"add a hole", orb.Polygon{shell}, func(g orb.Geometry) (orb.Geometry, error) {
		return AddHole(g, 0, orb.Ring{{2, 2}, {4, 2}, {4, 4}, {2, 4}}) // anticlockwise, unclosed
	}, orb.Polygon{shell, {{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}}}, nil},
	{"add a second hole to a multipolygon's part", multi, func(g orb.Geometry) (orb.Geometry, error) {
		return AddHole(g, 0, orb.Ring{{6, 6}, {6, 8}, {8, 8}, {8, 6}, {6, 6}})
	}, orb.MultiPolygon{{shell, hole, {{6, 6}, {6, 8}, {8, 8}, {8, 6}, {6, 6}}}, {tri}}, nil},
	{"add a degenerate hole", poly, func(g orb.Geometry) (orb.Geometry, error) {
		return AddHole(g, 0, orb.Ring{{6, 6}, {6, 8}, {6, 6}})
	}, nil, ErrTooFew},
	{"add a hole to a missing part", multi, func(g orb.Geometry) (orb.Geometry, error) { return AddHole(g, 5, tri) }, nil, ErrNoSuchPart},
	{"add a hole to a line", line, func(g orb.Geometry) (orb.Geometry, error) { return AddHole(g, 0, tri) }, nil, ErrUnsupported},
	{"remove a hole", poly, func(g orb.Geometry) (orb.Geometry, error) { return RemoveHole(g, 0, 1) }, orb.Polygon{shell}, nil},
	{"remove a hole from a multipolygon", multi, func(g orb.Geometry) (orb.Geometry, error) { return RemoveHole(g, 0, 1) },
		orb.MultiPolygon{{shell}, {tri}}, nil},
	{"remove the shell as a hole", poly, func(g orb.Geometry) (orb.Geometry, error) { return RemoveHole(g, 0, 0) }, nil, ErrShellNotHole},
	{"remove a missing hole", poly, func(g orb.Geometry) (orb.Geometry, error) { return RemoveHole(g, 0, 2) }, nil, ErrNoSuchRing},

	// Parts
	{"add a part to a polygon", poly, func(g orb.Geometry) (orb.Geometry, error) { return AddPart(g, orb.Polygon{tri}) }, multi, nil},
	{"add an unclosed ring as a part", multi, func(g orb.Geometry) (orb.Geometry, error) {
		return AddPart(g, orb.Ring{{40, 0}, {41, 0}, {41, 1}})
	}, orb.MultiPolygon{poly, {tri}, {{{40, 0}, {41, 0}, {41, 1}, {40, 0}}}}, nil},
	{"add a line part", line, func(g orb.Geometry) (orb.Geometry, error) { return AddPart(g, orb.LineString{{5, 5}, {6, 6}}) }, lines, nil},
	{"add a line to a polygon", poly, func(g orb.Geometry) (orb.Geometry, error) { return AddPart(g, line) }, nil, ErrUnsupported},
	{"add a degenerate part", poly, func(g orb.Geometry) (orb.Geometry, error) { return AddPart(g, orb.Polygon{{{1, 1}, {1, 1}, {1, 1}}}) }, nil, ErrTooFew},
	{"remove a part leaving a polygon", multi, func(g orb.Geometry) (orb.Geometry, error) { return RemovePart(g, 1) }, poly, nil},
	{"remove the first part", multi, func(g orb.Geometry) (orb.Geometry, error) { return RemovePart(g, 0) }, orb.Polygon{tri}, nil},
	{"remove one of three parts", orb.MultiPolygon{poly, {tri}, {shell}}, func(g orb.Geometry) (orb.Geometry, error) { return RemovePart(g, 1) },
		orb.MultiPolygon{poly, {shell}}, nil},
	{"remove a polygon's only part", poly, func(g orb.Geometry) (orb.Geometry, error) { return RemovePart(g, 0) }, nil, ErrLastPart},
	{"remove a one-part multipolygon's part", orb.MultiPolygon{poly}, func(g orb.Geometry) (orb.Geometry, error) { return RemovePart(g, 0) }, nil, ErrLastPart},
	{"remove a line part", lines, func(g orb.Geometry) (orb.Geometry, error) { return RemovePart(g, 1) }, line, nil},
	{"add a line to a multilinestring", lines, func(g orb.Geometry) (orb.Geometry, error) { return AddPart(g, orb.LineString{{8, 8}, {9, 9}}) },
		orb.MultiLineString{line, {{5, 5}, {6, 6}}, {{8, 8}, {9, 9}}}, nil},
	{"add a one-vertex line", lines, func(g orb.Geometry) (orb.Geometry, error) { return AddPart(g, orb.LineString{{8, 8}, {8, 8}}) }, nil, ErrTooFew},
	{"add a part to a point", orb.Point{1, 1}, func(g orb.Geometry) (orb.Geometry, error) { return AddPart(g, orb.Polygon{tri}) }, nil, ErrUnsupported},
	{"remove one of three lines", orb.MultiLineString{line, {{5, 5}, {6, 6}}, {{8, 8}, {9, 9}}}, func(g orb.Geometry) (orb.Geometry, error) { return RemovePart(g, 0) },
		orb.MultiLineString{{{5, 5}, {6, 6}}, {{8, 8}, {9, 9}}}, nil},
	{"remove a line's only part", line, func(g orb.Geometry) (orb.Geometry, error) { return RemovePart(g, 0) }, nil, ErrLastPart},
	{"remove a missing part", multi, func(g orb.Geometry) (orb.Geometry, error) { return RemovePart(g, 2) }, nil, ErrNoSuchPart},
}

func TestOps(t *testing.T) {
	for _, c := range opCases {
		t.Run(c.name, func(t *testing.T) {
			before := orb.Clone(c.in)
			got, err := c.op(c.in)
			if !orb.Equal(c.in, before) {
				t.Fatalf("input changed: %v, was %v", c.in, before)
			}
			if c.want == nil {
				if err == nil {
					t.Fatalf("want an error %v, got %v", c.err, got)
				}
				if !errors.Is(err, c.err) {
					t.Fatalf("error %q is not %v", err, c.err)
				}
				var e *Error
				if !errors.As(err, &e) || e.Reason == "" {
					t.Fatalf("error %q has no reason", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if !orb.Equal(got, c.want) {
				t.Fatalf("got  %v\nwant %v", got, c.want)
			}
			checkStructure(t, got)
		})
	}
}

// checkStructure: every ring closed with at least 4 positions.
func checkStructure(t testing.TB, g orb.Geometry) {
	t.Helper()
	var rings []orb.Ring
	switch g := g.(type) {
	case orb.Polygon:
		rings = g
	case orb.MultiPolygon:
		if len(g) == 0 {
			t.Fatalf("empty multipolygon")
		}
		for _, p := range g {
			rings = append(rings, p...)
		}
	case orb.LineString:
		if len(g) < 2 {
			t.Fatalf("line with %d vertices", len(g))
		}
	case orb.MultiLineString:
		for _, l := range g {
			if len(l) < 2 {
				t.Fatalf("line with %d vertices", len(l))
			}
		}
	}
	for i, r := range rings {
		if len(r) < 4 || r[0] != r[len(r)-1] {
			t.Fatalf("ring %d not closed or too short: %v", i, r)
		}
	}
}

func TestRemoveMessage(t *testing.T) {
	_, err := Remove(orb.Polygon{tri}, Vertex{0, 0, 0})
	want := "remove vertex 0 of ring 0 of part 0: a ring needs at least 3 distinct corners (delete the part or the site instead) and would be left with 2"
	if err == nil || err.Error() != want {
		t.Errorf("got %q\nwant %q", err, want)
	}
	_, err = Remove(orb.Polygon{shell, tri}, Vertex{0, 1, 0})
	if err == nil || !strings.Contains(err.Error(), "remove the hole instead") {
		t.Errorf("a hole's refusal should say to remove the hole: %v", err)
	}
}

func TestAddHoleWinding(t *testing.T) {
	// A clockwise shell gets an anticlockwise hole.
	cw := orb.Polygon{{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}}
	g, err := AddHole(cw, 0, orb.Ring{{2, 2}, {2, 4}, {4, 4}, {4, 2}})
	if err != nil {
		t.Fatal(err)
	}
	h := g.(orb.Polygon)[1]
	if signedArea(corners(h)) <= 0 {
		t.Errorf("hole %v should wind anticlockwise against a clockwise shell", h)
	}
}

func TestHandles(t *testing.T) {
	vs := Vertices(multi)
	if len(vs) != 4+4+3 {
		t.Fatalf("%d handles, want 11 (closing copies not listed): %v", len(vs), vs)
	}
	if vs[4] != (Handle{Vertex{0, 1, 0}, orb.Point{2, 2}}) || vs[8] != (Handle{Vertex{1, 0, 0}, orb.Point{20, 0}}) {
		t.Errorf("handles out of order: %v", vs)
	}
	ms := Midpoints(poly)
	if len(ms) != 8 {
		t.Fatalf("%d midpoints, want 8 (closing segments included)", len(ms))
	}
	if ms[3] != (Midpoint{Vertex{0, 0, 3}, orb.Point{0, 5}}) {
		t.Errorf("closing segment's midpoint: %v", ms[3])
	}
	lm := Midpoints(line)
	if len(lm) != 2 || lm[1] != (Midpoint{Vertex{0, 0, 1}, orb.Point{1.5, 0.5}}) {
		t.Errorf("line midpoints: %v", lm)
	}
	if Midpoints(orb.Point{1, 1}) != nil || len(Vertices(orb.Point{1, 1})) != 1 {
		t.Errorf("a point has one handle and no midpoints")
	}
	if Vertices(orb.Collection{}) != nil {
		t.Errorf("a collection has no handles")
	}
	// Inserting at a midpoint's After puts the new vertex between its ends.
	g, err := Insert(poly, ms[5].After, ms[5].Point)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.(orb.Polygon)[1][2]; got != ms[5].Point {
		t.Errorf("inserted at %v, want %v", got, ms[5].Point)
	}
}

func TestSnapAndNearest(t *testing.T) {
	// A "screen" that is the plane scaled by 10 px per unit.
	px := func(a, b orb.Point) float64 { return 10 * planar(a, b) }
	cands := []orb.Point{{0, 0}, {1, 0}, {0.3, 0.2}}
	if p, ok := Snap(orb.Point{0.35, 0.2}, cands, 6, px); !ok || p != (orb.Point{0.3, 0.2}) {
		t.Errorf("snap: %v %v", p, ok)
	}
	if p, ok := Snap(orb.Point{5, 5}, cands, 6, px); ok || p != (orb.Point{5, 5}) {
		t.Errorf("nothing within 6 px: %v %v", p, ok)
	}
	if _, ok := Snap(orb.Point{5, 5}, nil, 6, px); ok {
		t.Errorf("no candidates")
	}
	v, d := Nearest(multi, orb.Point{3.9, 4.2}, px)
	if v != (Vertex{0, 1, 2}) || d > 3 {
		t.Errorf("nearest: %v at %v", v, d)
	}
	if v, _ := Nearest(orb.Collection{}, orb.Point{}, px); v != NoVertex {
		t.Errorf("nothing to hit: %v", v)
	}
}
