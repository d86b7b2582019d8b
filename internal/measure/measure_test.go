package measure

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"github.com/siteatlas/siteatlas/internal/gazetteer"
)

// Reference values. "karney" ones were computed with GeographicLib 2
// (Karney's geodesic algorithms, npm geographiclib-geodesic, accurate to
// nanometres) on WGS84; "published" ones are from the sources named.
var (
	// GeoNames 2034340 Tumen and 2036653 Hunchun, as the embedded gazetteer has them.
	tumen   = orb.Point{129.84199, 42.96562}
	hunchun = orb.Point{130.35806, 42.8675}
)

type distCase struct {
	name   string
	a, b   orb.Point
	want   float64 // metres
	source string
}

var distCases = []distCase{
	{"Tumen–Hunchun city centres", tumen, hunchun, 43524.683, "karney"},
	// The WGS84 meridian degree, 110.574 km at the equator to 111.694 km
	// at the pole (published in every geodesy table, e.g. Wikipedia's
	// "Latitude"); karney gives 110574.389, 111141.548, 111693.865.
	{"degree of latitude 0–1°", orb.Point{10, 0}, orb.Point{10, 1}, 110574.389, "published 110.574 km"},
	{"degree of latitude 45–46°", orb.Point{10, 45}, orb.Point{10, 46}, 111141.548, "karney"},
	{"degree of latitude 89–90°", orb.Point{10, 89}, orb.Point{10, 90}, 111693.865, "published 111.694 km"},
	// GeographicLib's documented examples.
	{"JFK–LHR", orb.Point{-73.8, 40.6}, orb.Point{-0.5, 51.6}, 5551759.400, "GeographicLib example"},
	{"Berkeley–Port Moresby", orb.Point{-122.23558, 37.87622}, orb.Point{147.1597, -9.4047}, 10700471.955, "GeographicLib example"},
	{"Wellington–Salamanca (nearly antipodal)", orb.Point{174.81, -41.32}, orb.Point{-5.50, 40.96}, 19959679.267, "GeographicLib example"},
	// Vincenty does not converge on these; the mean-sphere fallback is
	// within 0.1 % (karney values).
	{"antipodal fallback 1", orb.Point{0, 0}, orb.Point{179.7, 0.5}, 19944127.421, "karney (fallback)"},
	{"antipodal fallback 2", orb.Point{0, 0}, orb.Point{179.9, 0}, 20003008.422, "karney (fallback)"},
	{"antipodal fallback 3", orb.Point{0, -1}, orb.Point{179.6, 1}, 19989165.416, "karney (fallback)"},
	{"across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, 111319.491, "equator: a·π/180"},
}

func within(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if d := math.Abs(got-want) / want; d > tol || math.IsNaN(got) {
		t.Errorf("%s = %.3f, want %.3f (off %.4f %%, allowed %.4f %%)", what, got, want, d*100, tol*100)
	}
}

func TestDistanceReferences(t *testing.T) {
	for _, c := range distCases {
		got := Distance(c.a, c.b)
		within(t, c.name+" ("+c.source+")", got, c.want, 0.005)
		// Vincenty agrees with Karney to well under a millimetre per
		// 10,000 km; on the pairs marked fallback (nearly antipodal) it does not
		// converge and the sphere stands in.
		_, converges := vincenty(c.a, c.b)
		if converges == strings.HasSuffix(c.source, "(fallback)") {
			t.Errorf("%s: Vincenty converges = %v, unexpected", c.name, converges)
		}
		if converges {
			within(t, c.name+" (tight)", got, c.want, 1e-8)
		} else {
			within(t, c.name+" (fallback)", got, c.want, 0.001)
		}
		if back := Distance(c.b, c.a); math.Abs(back-got) > 1e-6 {
			t.Errorf("%s: not symmetric, %.6f vs %.6f", c.name, got, back)
		}
	}
}

// TestOrbSphereMisses records why measure does not use orb/geo: its
// sphere of the equatorial radius is over 0.5 % long at the equator.
func TestOrbSphereMisses(t *testing.T) {
	eq := distCases[1]
	got := geo.DistanceHaversine(eq.a, eq.b)
	if d := (got - eq.want) / eq.want; d < 0.005 {
		t.Errorf("orb/geo's haversine is now within 0.5 %% (%.3f %%): reconsider using it", d*100)
	}
	cell := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	if d := (geo.Area(cell) - 12308778361.469) / 12308778361.469; d < 0.005 {
		t.Errorf("orb/geo's area is now within 0.5 %% (%.3f %%)", d*100)
	}
}

// TestGazetteerCoordinates checks the Tumen and Hunchun positions above
// are the ones the app's own gazetteer finds.
func TestGazetteerCoordinates(t *testing.T) {
	for _, c := range []struct {
		name string
		id   int
		want orb.Point
	}{{"Tumen", 2034340, tumen}, {"Hunchun", 2036653, hunchun}} {
		found := false
		for _, p := range gazetteer.Search(c.name, gazetteer.Options{Limit: 5}) {
			if p.ID == c.id {
				found = true
				if Distance(p.Point, c.want) > 1 {
					t.Errorf("%s: gazetteer has %v, test uses %v", c.name, p.Point, c.want)
				}
			}
		}
		if !found {
			t.Errorf("%s (GeoNames %d) not in the gazetteer", c.name, c.id)
		}
	}
}

func TestAreaReferences(t *testing.T) {
	rect := func(w, s, e, n float64) orb.Polygon {
		return orb.Polygon{{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}}
	}
	for _, c := range []struct {
		name string
		g    orb.Geometry
		want float64 // m²
		tol  float64
	}{
		// 12,308.78 km² (karney); the WGS84 graticule cell is 12,308 km².
		{"1°×1° cell at the equator", rect(0, 0, 1, 1), 12308778361.469, 0.0001},
		{"1°×1° cell at 45°N", rect(0, 45, 1, 46), 8686379301.740, 0.0001},
		// Published total areas (US Census Bureau, as on Wikipedia):
		// Colorado 269,837 km² (104,185 sq mi) inside 37–41°N,
		// 102°02′48″–109°02′48″W; Wyoming 253,335 km² (97,813 sq mi)
		// inside 41–45°N, 104°03′–111°03′W. Karney with geodesic edges:
		// 269,154.5 and 253,261.6 km².
		{"Colorado (published)", rect(-109.0467, 37, -102.0467, 41), 269837e6, 0.005},
		{"Colorado (karney)", rect(-109.0467, 37, -102.0467, 41), 269154549884.0, 0.001},
		{"Wyoming (published)", rect(-111.0467, 41, -104.0523, 45), 253335e6, 0.005},
		// An octant of the Earth: 1/8 of the ellipsoid's 510,065,621.7 km².
		{"octant", orb.Polygon{{{0, 0}, {90, 0}, {0, 90}, {0, 0}}}, 63758202715511.055, 1e-9},
		{"small square near Tumen", rect(129.8, 42.9, 129.9, 43.0), 90658693.543, 0.0005},
		{"clockwise ring measures the same", orb.Polygon{{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}}, 12308778361.469, 0.0001},
		{"unclosed ring", orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, 12308778361.469, 0.0001},
		{"bound", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}, 12308778361.469, 0.0001},
		{"hole subtracted", orb.Polygon{
			{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}},
			{{0, 0}, {0, 0.5}, {1, 0.5}, {1, 0}, {0, 0}},
		}, Area(rect(0, 0, 1, 1)) - Area(rect(0, 0, 1, 0.5)), 1e-9},
		{"multipolygon sums parts", orb.MultiPolygon{rect(0, 0, 1, 1), rect(0, 45, 1, 46)}, 12308778361.469 + 8686379301.740, 0.0001},
	} {
		within(t, c.name, Area(c.g), c.want, c.tol)
	}
}

func TestLinesAndPerimeters(t *testing.T) {
	ls := orb.LineString{tumen, hunchun, tumen}
	within(t, "line there and back", Length(ls), 2*43524.683, 1e-8)
	within(t, "multiline", Length(orb.MultiLineString{ls, {tumen, hunchun}}), 3*43524.683, 1e-8)
	cell := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}
	// karney: 443,770.917 m with geodesic edges; the top edge along 1°N
	// as a geodesic is the same length to the millimetre.
	within(t, "cell perimeter", Perimeter(cell), 443770.917, 1e-6)
	if Length(cell) != 0 {
		t.Errorf("a polygon has a perimeter, not a length: Length = %v", Length(cell))
	}
	if Area(ls) != 0 || Perimeter(ls) != 0 {
		t.Errorf("a line has no area or perimeter")
	}
	holed := orb.Polygon{cell[0], {{0.25, 0.25}, {0.25, 0.75}, {0.75, 0.75}, {0.75, 0.25}, {0.25, 0.25}}}
	if p := Perimeter(holed); p <= Perimeter(cell)+1e5 {
		t.Errorf("perimeter %v should include the hole's ~222 km", p)
	}
	f := Of(orb.Collection{ls, cell, orb.Point{1, 2}})
	within(t, "collection length", f.LengthM, 2*43524.683, 1e-8)
	within(t, "collection area", f.AreaM2, 12308778361.469, 0.0001)
	if g := Of(orb.Point{1, 2}); g != (Figures{}) {
		t.Errorf("a point has no figures: %+v", g)
	}
	if Of(nil) != (Figures{}) {
		t.Errorf("nil has no figures")
	}
}

func TestSegmentsAndPath(t *testing.T) {
	if s := Segments([]orb.Point{tumen}); s != nil {
		t.Errorf("one point: %v", s)
	}
	s := Segments([]orb.Point{tumen, hunchun, tumen})
	if len(s) != 2 {
		t.Fatalf("two segments expected: %v", s)
	}
	within(t, "segment 0", s[0], 43524.683, 1e-8)
	within(t, "segment 1", s[1], 43524.683, 1e-8)

	sq := []orb.Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}}
	open := Path(sq, false)
	if len(open.Segments) != 3 || open.AreaM2 != 0 {
		t.Errorf("open path: %+v", open)
	}
	closed := Path(sq, true)
	if len(closed.Segments) != 4 {
		t.Errorf("closed path has the closing segment: %+v", closed)
	}
	within(t, "closed total", closed.TotalM, 443770.917, 1e-6)
	within(t, "closed area", closed.AreaM2, 12308778361.469, 0.0001)
	if len(sq) != 4 {
		t.Errorf("Path changed its input")
	}
	again := Path(append(sq, sq[0]), true)
	within(t, "closed path repeating its first point", again.TotalM, closed.TotalM, 1e-12)
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		v        float64
		imperial bool
		want     string
	}{
		{0, false, "0 m"},
		{2.54, false, "2.5 m"},
		{850, false, "850 m"},
		{999.4, false, "999 m"},
		{999.6, false, "1.00 km"},
		{2310, false, "2.31 km"},
		{23140, false, "23.1 km"},
		{43524.68, false, "43.5 km"},
		{1234567, false, "1,235 km"},
		{-850, false, "-850 m"},
		{100, true, "328 ft"},
		{2253, true, "1.40 mi"},
		{43524.68, true, "27.0 mi"},
		{math.NaN(), false, "–"},
	} {
		if got := FormatLength(c.v, c.imperial); got != c.want {
			t.Errorf("FormatLength(%v, %v) = %q, want %q", c.v, c.imperial, got, c.want)
		}
	}
	for _, c := range []struct {
		v        float64
		imperial bool
		want     string
	}{
		{850, false, "850 m²"},
		{32000, false, "3.2 ha"},
		{456000, false, "45.6 ha"},
		{12.5e6, false, "12.5 km²"},
		{12308.78e6, false, "12,309 km²"},
		{100, true, "1,076 sq ft"},
		{32000, true, "7.9 acres"},
		{12.5e6, true, "4.8 sq mi"},
		{math.Inf(1), true, "–"},
	} {
		if got := FormatArea(c.v, c.imperial); got != c.want {
			t.Errorf("FormatArea(%v, %v) = %q, want %q", c.v, c.imperial, got, c.want)
		}
	}
}

func TestImperialLocale(t *testing.T) {
	for loc, want := range map[string]bool{
		"en_US.UTF-8": true, "en-US": true, "es_US": true, "my_MM": true, "en_LR.utf8": true,
		"en_GB.UTF-8": false, "C.UTF-8": false, "": false, "POSIX": false, "zh_CN": false, "ko-KR": false, "en_US@euro": true,
	} {
		if got := ImperialLocale(loc); got != want {
			t.Errorf("ImperialLocale(%q) = %v, want %v", loc, got, want)
		}
	}
}

func BenchmarkDistance(b *testing.B) {
	for b.Loop() {
		Distance(tumen, hunchun)
	}
}

// BenchmarkOf10k is the details panel's figures for a 10,000-corner
// outline (recomputed after each edit).
func BenchmarkOf10k(b *testing.B) {
	r := make(orb.Ring, 0, 10001)
	for i := 0; i < 10000; i++ {
		a := 2 * math.Pi * float64(i) / 10000
		r = append(r, orb.Point{129.84 + 0.01*math.Cos(a), 42.97 + 0.01*math.Sin(a)})
	}
	g := orb.Polygon{append(r, r[0])}
	for b.Loop() {
		Of(g)
	}
}
