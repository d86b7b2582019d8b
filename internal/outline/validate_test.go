package outline

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func nan() float64 { return math.NaN() }

func planar(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

func TestValidate(t *testing.T) {
	bowtie := orb.Polygon{{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}}
	farBowtie := orb.Polygon{{{20, 20}, {30, 30}, {30, 20}, {20, 30}, {20, 20}}}
	for _, c := range []struct {
		name  string
		g     orb.Geometry
		kinds []Kind
		msg   string // part of the first problem's message
	}{
		{"valid square with hole", poly, nil, ""},
		{"valid multipolygon", multi, nil, ""},
		{"valid line", line, nil, ""},
		{"self-crossing line is fine", orb.LineString{{0, 0}, {2, 2}, {2, 0}, {0, 2}}, nil, ""},
		{"bowtie", bowtie, []Kind{SelfIntersection}, "part 0, outline crosses itself: segment 0 and segment 2 meet at 5.000000, 5.000000"},
		{"hole outside", orb.Polygon{shell, {{20, 20}, {20, 22}, {22, 22}, {20, 20}}}, []Kind{HoleOutside}, "part 0, hole 1 lies outside its outline"},
		{"hole crossing the shell", orb.Polygon{shell, {{8, 8}, {8, 12}, {12, 12}, {12, 8}, {8, 8}}}, []Kind{HoleOutside}, "part 0, hole 1 crosses its outline"},
		{"hole touching the shell at a corner is fine", orb.Polygon{shell, {{0, 0}, {2, 4}, {4, 2}, {0, 0}}}, nil, ""},
		{"holes overlapping", orb.Polygon{shell, hole, {{3, 3}, {3, 6}, {6, 6}, {6, 3}, {3, 3}}}, []Kind{HolesOverlap}, "part 0, hole 1 and hole 2 overlap"},
		{"hole inside a hole", orb.Polygon{shell, {{1, 1}, {1, 8}, {8, 8}, {8, 1}, {1, 1}}, hole}, []Kind{HolesOverlap}, "one lies inside the other"},
		{"spike back along itself", orb.Polygon{{{0, 0}, {10, 0}, {5, 0}, {5, 5}, {0, 0}}}, []Kind{SelfIntersection, SelfIntersection}, "crosses itself"},
		{"ring touching itself at a vertex", orb.Polygon{{{0, 0}, {4, 0}, {2, 2}, {4, 4}, {0, 4}, {2, 2}, {0, 0}}}, []Kind{SelfIntersection}, ""},
		{"repeated corner is not a crossing", orb.Polygon{{{0, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}, nil, ""},
		{"two-corner ring", orb.Polygon{{{0, 0}, {1, 1}, {0, 0}}}, []Kind{TooFewVertices}, "part 0, outline has 2 distinct corners; a ring needs 3"},
		{"one-vertex line", orb.LineString{{1, 1}, {1, 1}}, []Kind{TooFewVertices}, "a line needs 2"},
		{"NaN corner", orb.Polygon{{{0, 0}, {nan(), 0}, {1, 1}, {0, 0}}}, []Kind{BadCoordinate}, "vertex 1 is not a finite position"},
		{"parts crossing", orb.MultiPolygon{{shell}, {{{5, 5}, {15, 5}, {15, 15}, {5, 5}}}}, []Kind{PartsOverlap}, "part 0 and part 1 overlap"},
		{"NaN point", orb.MultiPoint{{1, 1}, {math.Inf(1), 0}}, []Kind{BadCoordinate}, "point: vertex 1"},
		{"hole sharing a whole edge with its shell", orb.Polygon{shell, {{0, 0}, {0, 10}, {5, 5}, {0, 0}}}, []Kind{HoleOutside}, "part 0, hole 1 runs along its outline: its segment 0 runs along outline segment 3"},
		{"empty polygon", orb.Polygon{}, []Kind{TooFewVertices}, "no outline"},
		{"bowtie in the second part", orb.MultiPolygon{poly, farBowtie}, []Kind{SelfIntersection}, "part 1, outline"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ps := Validate(c.g)
			if len(ps) != len(c.kinds) {
				t.Fatalf("%d problems, want %d: %v", len(ps), len(c.kinds), ps)
			}
			for i, k := range c.kinds {
				if ps[i].Kind != k {
					t.Errorf("problem %d is %v, want %v: %v", i, ps[i].Kind, k, ps[i])
				}
			}
			if c.msg != "" && !strings.Contains(ps[0].Message, c.msg) {
				t.Errorf("message %q lacks %q", ps[0].Message, c.msg)
			}
		})
	}
}

func TestValidateLocatesBowtie(t *testing.T) {
	ps := Validate(orb.MultiPolygon{poly, {{{20, 20}, {30, 30}, {30, 20}, {20, 30}, {20, 20}}}})
	if len(ps) != 1 {
		t.Fatalf("%v", ps)
	}
	p := ps[0]
	if p.Part != 1 || p.Ring != 0 || p.Segment != 0 || p.OtherSegment != 2 || p.At != (orb.Point{25, 25}) {
		t.Errorf("located at %+v", p)
	}
}

// circle is an n-corner ring around (129.84, 42.97), ~1 km across, with
// a wobble so no three corners are collinear.
func circle(n int) orb.Ring {
	r := make(orb.Ring, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		rad := 0.01 * (1 + 0.05*math.Sin(7*a))
		r[i] = orb.Point{129.84 + rad*math.Cos(a), 42.97 + rad*math.Sin(a)}
	}
	r[n] = r[0]
	return r
}

func TestValidateLarge(t *testing.T) {
	g := orb.Polygon{circle(10000)}
	if ps := Validate(g); len(ps) != 0 {
		t.Fatalf("circle has problems: %v", ps[:min(3, len(ps))])
	}
	// Swap two far-apart corners: the ring now crosses itself.
	bad := append(orb.Ring(nil), g[0]...)
	bad[100], bad[5100] = bad[5100], bad[100]
	ps := Validate(orb.Polygon{bad})
	if len(ps) == 0 || ps[0].Kind != SelfIntersection {
		t.Fatalf("swapped corners not found: %v", ps)
	}
	// A scribble with a huge number of crossings reports a bounded list.
	zig := orb.Ring{}
	for i := 0; i < 2000; i++ {
		zig = append(zig, orb.Point{float64(i % 2), float64(i)}, orb.Point{float64(1 - i%2), float64(i) + 0.5})
	}
	zig = append(zig, zig[0])
	if ps := Validate(orb.Polygon{zig}); len(ps) > maxProblems {
		t.Errorf("%d problems reported, want at most %d", len(ps), maxProblems)
	}
}
