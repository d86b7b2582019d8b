package outline

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// screen is a Web Mercator pixel distance at zoom 16, as the map widget
// would pass: both points projected, then measured.
func screen(a, b orb.Point) float64 {
	const scale = 256 << 16
	px := func(p orb.Point) (float64, float64) {
		x := (p[0] + 180) / 360 * scale
		s := math.Sin(p[1] * math.Pi / 180)
		y := (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)) * scale
		return x, y
	}
	ax, ay := px(a)
	bx, by := px(b)
	return math.Hypot(ax-bx, ay-by)
}

var big = orb.Polygon{circle(10000)}

func BenchmarkMove10k(b *testing.B) {
	p := orb.Point{129.85, 42.975}
	for b.Loop() {
		if _, err := Move(big, Vertex{0, 0, 5000}, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNearest10k(b *testing.B) {
	p := orb.Point{129.85, 42.975}
	for b.Loop() {
		Nearest(big, p, screen)
	}
}

func BenchmarkValidate10k(b *testing.B) {
	for b.Loop() {
		if ps := Validate(big); len(ps) != 0 {
			b.Fatal(ps[0])
		}
	}
}

func BenchmarkVertices10k(b *testing.B) {
	for b.Loop() {
		Vertices(big)
		Midpoints(big)
	}
}

// BenchmarkDragFrame10k is one frame of a drag as the UI would do it:
// move the vertex, validate to colour the outline, hit-test.
func BenchmarkDragFrame10k(b *testing.B) {
	p := orb.Point{129.85, 42.975}
	for b.Loop() {
		g, _ := Move(big, Vertex{0, 0, 5000}, p)
		Validate(g)
		Nearest(g, p, screen)
	}
}
