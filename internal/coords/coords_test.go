package coords

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

type want struct {
	lat, lon float64
	n        Notation
	swapped  bool
}

func TestParse(t *testing.T) {
	const dms5730 = 42 + 57/60.0 + 30/3600.0
	const lon50 = 129 + 50/60.0
	for _, tc := range []struct {
		in   string
		want []want
	}{
		// Decimal degrees in every order and style.
		{"42.97, 129.84", []want{{42.97, 129.84, Decimal, false}}},
		{"42.97 129.84", []want{{42.97, 129.84, Decimal, false}}},
		{"42.97;129.84", []want{{42.97, 129.84, Decimal, false}}},
		{"  (42.97, 129.84)  ", []want{{42.97, 129.84, Decimal, false}}},
		{"42.97N 129.84E", []want{{42.97, 129.84, Decimal, false}}},
		{"42.97 N, 129.84 E", []want{{42.97, 129.84, Decimal, false}}},
		{"N42.97 E129.84", []want{{42.97, 129.84, Decimal, false}}},
		{"N 42.97 E 129.84", []want{{42.97, 129.84, Decimal, false}}},
		{"129.84E 42.97N", []want{{42.97, 129.84, Decimal, true}}},
		{"E129.84 N42.97", []want{{42.97, 129.84, Decimal, true}}},
		{"42.97north 129.84east", []want{{42.97, 129.84, Decimal, false}}},
		{"129.84, 42.97", []want{{42.97, 129.84, Decimal, true}}},
		{"-33.86 151.21", []want{{-33.86, 151.21, Decimal, false}}},
		{"−33.86, +151.21", []want{{-33.86, 151.21, Decimal, false}}},
		{"33.86S 151.21E", []want{{-33.86, 151.21, Decimal, false}}},
		{"33.86 S 70.5 W", []want{{-33.86, -70.5, Decimal, false}}},
		{"40, 50", []want{{40, 50, Decimal, false}, {50, 40, Decimal, true}}},
		{"40 50", []want{{40, 50, Decimal, false}, {50, 40, Decimal, true}}},
		{"lat 42.97 lon 129.84", []want{{42.97, 129.84, Decimal, false}}},
		{"Lon: 129.84, Lat: 42.97", []want{{42.97, 129.84, Decimal, true}}},
		{"latitude=40 longitude=50", []want{{40, 50, Decimal, false}}},
		{"geo:42.97,129.84;u=35", []want{{42.97, 129.84, Decimal, false}}},
		{"42.97, 129.84,", []want{{42.97, 129.84, Decimal, false}}},
		{"0, 180", []want{{0, 180, Decimal, false}}},
		{"90 -180", []want{{90, -180, Decimal, false}}},
		{".5 .25", []want{{0.5, 0.25, Decimal, false}, {0.25, 0.5, Decimal, true}}},
		{"42.97N129.84E", []want{{42.97, 129.84, Decimal, false}}},
		// Decimal commas.
		{"42,97,129,84", []want{{42.97, 129.84, Decimal, false}}},
		{"42,97 129,84", []want{{42.97, 129.84, Decimal, false}}},
		{"42,97; 129,84", []want{{42.97, 129.84, Decimal, false}}},
		{"42,97", []want{{42, 97, Decimal, false}}},
		{"42,5", []want{{42, 5, Decimal, false}, {5, 42, Decimal, true}}},
		// Degrees and minutes, degrees minutes seconds.
		{"42°57′N 129°50′E", []want{{42.95, lon50, DM, false}}},
		{"42°57.5′N 129°50.25′E", []want{{42 + 57.5/60, 129 + 50.25/60, DM, false}}},
		{"42 57.5 129 50.25", []want{{42 + 57.5/60, 129 + 50.25/60, DM, false}}},
		{"42 57 30 N 129 50 00 E", []want{{dms5730, lon50, DMS, false}}},
		{"42 57 30 129 50 00", []want{{dms5730, lon50, DMS, false}}},
		{`42°57'30"N, 129°50'0"E`, []want{{dms5730, lon50, DMS, false}}},
		{`42°57′30″N 129°50′00″E`, []want{{dms5730, lon50, DMS, false}}},
		{`42º57’30”N 129º50’00”E`, []want{{dms5730, lon50, DMS, false}}},
		{`42°57'30''N 129°50'00''E`, []want{{dms5730, lon50, DMS, false}}},
		{"42d57m30sN 129d50m0sE", []want{{dms5730, lon50, DMS, false}}},
		{"42d57m30s 129d50m0s", []want{{dms5730, lon50, DMS, false}}},
		{"42 deg 57 min 30 sec N, 129 deg 50 min E", []want{{dms5730, lon50, DMS, false}}},
		{`N42°57'30" E129°50'`, []want{{dms5730, lon50, DMS, false}}},
		{`129°50′00″E 42°57′30″N`, []want{{dms5730, lon50, DMS, true}}},
		{`33°52′S 151°12′E`, []want{{-(33 + 52/60.0), 151.2, DM, false}}},
		{`42°57′30S 129°50′E`, []want{{-dms5730, lon50, DMS, false}}}, // S after ′-marked minutes is South
		{"-42 57 30, 129 50 0", []want{{-dms5730, lon50, DMS, false}}},
		{"10 20 30 40", []want{{10 + 20/60.0, 30 + 40/60.0, DM, false}, {30 + 40/60.0, 10 + 20/60.0, DM, true}}},
		// UTM.
		{"52T 568500 4757826", []want{{42.97, 129.84, UTM, false}}},
		{"52t 568500.49 4757825.63", []want{{42.97, 129.84, UTM, false}}},
		{"52 N 568500 4757826", []want{{42.97, 129.84, UTM, false}}},
		{"52 north 568500 4757826", []want{{42.97, 129.84, UTM, false}}},
		{"52N 568500 4757826", []want{{42.97, 129.84, UTM, false}}},      // band N does not fit, hemisphere does
		{"31N 500000 500000", []want{{4.52356258330041, 3, UTM, false}}}, // PROJ; band N and hemisphere N agree: one reading
		{"zone 52T 568500mE 4757826mN", []want{{42.97, 129.84, UTM, false}}},
		{"52T 568500E 4757826N", []want{{42.97, 129.84, UTM, false}}},
		{"52T, 568500, 4757826", []want{{42.97, 129.84, UTM, false}}},
		{"56H 334416 6251925", []want{{-33.86, 151.21, UTM, false}}},
		{"56 S 334416 6251925", []want{{-33.86, 151.21, UTM, false}}},
		{"56 south 334416 6251925", []want{{-33.86, 151.21, UTM, false}}},
		// "52S" is band S (32..40°N) first, then southern hemisphere.
		{"52S 651000 3758000", []want{{33.951669, 130.634113, UTM, false}, {-56.298693, 131.440256, UTM, false}}},
		{"52 S 651000 3758000", []want{{-56.298693, 131.440256, UTM, false}, {33.951669, 130.634113, UTM, false}}},
		// MGRS.
		{"52TEN6850057825", []want{{42.97, 129.84, MGRS, false}}},
		{"52T EN 68500 57825", []want{{42.97, 129.84, MGRS, false}}},
		{"52ten6850057825", []want{{42.97, 129.84, MGRS, false}}},
		{"52TEN685578", []want{{42.97, 129.84, MGRS, false}}},
		{"52TEN65", []want{{42.97, 129.84, MGRS, false}}},
		{"4QFJ1234567890", []want{{21.4098011578144, -157.916076317486, MGRS, false}}}, // PROJ: 4Q 612345.5 2367890.5
		{"56HLH3441651925", []want{{-33.86, 151.21, MGRS, false}}},
		// Plus codes.
		{"8QJFXRCR+22", []want{{42.97, 129.84, PlusCode, false}}},
		{"8qjfxrcr+22", []want{{42.97, 129.84, PlusCode, false}}},
		{"8QJFXRCR+", []want{{42.97, 129.84, PlusCode, false}}},
		{"8QJF0000+", []want{{42.5, 129.5, PlusCode, false}}},
	} {
		rs, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if len(rs) != len(tc.want) {
			t.Errorf("Parse(%q) = %d readings %v, want %d", tc.in, len(rs), rs, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			r := rs[i]
			tol := tolerance(r.Notation, r.Text)
			d := geo.Distance(r.Point, orb.Point{w.lon, w.lat})
			if d > tol || r.Notation != w.n || r.Swapped != w.swapped {
				t.Errorf("Parse(%q)[%d] = %v %v %q swapped=%v (%.1f m off), want %v, %v %v swapped=%v",
					tc.in, i, r.Point, r.Notation, r.Text, r.Swapped, d, w.lat, w.lon, w.n, w.swapped)
			}
		}
	}
}

// tolerance is how far a reading may be from the true point: the size of
// what the notation's text can say.
func tolerance(n Notation, text string) float64 {
	switch n {
	case UTM:
		return 1.5
	case MGRS:
		digits := 0
		for _, c := range text {
			if c >= '0' && c <= '9' {
				digits++
			}
		}
		// Zone digits count too; the square is 10^(5-d/2) m.
		d := digits - 2
		if text[1] < '0' || text[1] > '9' {
			d = digits - 1
		}
		return math.Pow(10, 5-float64(d)/2) * 0.75
	case PlusCode:
		if strings.HasSuffix(text, "0000+") {
			return 80000
		}
		if strings.HasSuffix(text, "+") {
			return 200
		}
		return 15
	}
	return 0.2
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "no coordinate"},
		{"   ", "no coordinate"},
		{"hello", "no coordinate in \"hello\": expected decimal degrees"},
		{"Tumen", "no coordinate"},
		{"95N, 20E", "latitude 95 is out of range -90..90"},
		{"95N 20E", "latitude 95 is out of range -90..90"},
		{"42N 190E", "longitude 190 is out of range -180..180"},
		{"95, 200", "neither 95 nor 200 is a latitude"},
		{"42 61 129 50", "minutes 61 at character 4 must be below 60"},
		{"42°61′N 129°50′E", "minutes 61 at character 4 must be below 60"},
		{`42°57′61″N 129°50′E`, "seconds 61"},
		{"42.5 30 N 129 E", "has a fraction but is followed by minutes"},
		{"42.97N 129.84N", "are latitudes"},
		{"N42.97S 129.84E", "two hemisphere letters"},
		{"-42.97S 129.84E", "both a minus sign and the hemisphere S"},
		{"lat 129.84E 42.97", "latitude 129.84 is out of range"},
		{"lat 42.97E, 129.84", "the label says latitude"},
		{"42.97", "one value"},
		{"42.97N", "one value"},
		{"1, 2, 3", "3 separators"[1:]},
		{"42.97, 129.84 @", `unexpected "@" at character 15`},
		{"42.97 foo 129.84", `unexpected word "foo" at character 7`},
		{"52T 651000", `unexpected word "T" at character 3`},
		{"52 651000 4758000", "expected a latitude band (C–X) or a hemisphere"},
		{"52I 651000 4758000", "neither a latitude band"},
		{"61T 651000 4758000", "zone 61 is out of range 1..60"},
		{"52T 51000 4758000", "easting 51000 is out of range"},
		{"52T 651000 47580000", "northing 47580000 is out of range"},
		{"52C 651000 4758000", "not in band C (80°S..72°S)"},
		{"32X 500000 8658369", "zone 32 has no band X"},
		{"52TEN685057825", "even number"},
		{"52TEN 6850 57825", "same number of digits"},
		{"52TEN68500578250000", "at most 10"},
		{"52TZN6850057825", "column letter Z is not used in zone 52 (A..H)"},
		{"52TEW6850057825", "row letter W"},
		{"52TEA6850057825", "is not in band T"},
		{"52IEN6850057825", "not a latitude band"},
		{"32XMH1234512345", "zone 32 has no band X"},
		{"XR8P+XX", "is a short code: the same code recurs about every 111 km"},
		{"8QJFXRCR+2", "single digit after '+'"},
		{"8QJFXRC+22", "even number of digits"},
		{"XX000000+", "beyond latitude 90"},
		{"8QJFXRCR+22 Tumen", "place names are not looked up"},
		{"8QJF00CR+", "padding must run up to the '+'"},
	} {
		rs, err := Parse(tc.in)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want error containing %q", tc.in, rs, tc.want)
			continue
		}
		if len(rs) != 0 {
			t.Errorf("Parse(%q) returned readings with an error", tc.in)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error %q, want it to contain %q", tc.in, err, tc.want)
		}
	}
}

func TestParseNear(t *testing.T) {
	tumen := orb.Point{129.84, 42.97}
	for _, tc := range []struct {
		in   string
		ref  orb.Point
		want string
	}{
		{"XRCR+22", tumen, "8QJFXRCR+22"},
		{"xrcr+22", orb.Point{129.9, 43.1}, "8QJFXRCR+22"},
		{"JFXRCR+22", tumen, "8QJFXRCR+22"},
		{"8QJFXRCR+22", orb.Point{0, 0}, "8QJFXRCR+22"}, // a full code ignores the reference
	} {
		rs, err := ParseNear(tc.in, tc.ref)
		if err != nil || len(rs) != 1 || rs[0].Text != tc.want {
			t.Errorf("ParseNear(%q, %v) = %v, %v; want %s", tc.in, tc.ref, rs, err, tc.want)
		}
	}
	// Other notations read as Parse reads them.
	if rs, err := ParseNear("42.97, 129.84", tumen); err != nil || len(rs) != 1 {
		t.Errorf("ParseNear decimal = %v, %v", rs, err)
	}
	if _, err := ParseNear("XRCR+22", orb.Point{math.NaN(), 0}); err == nil {
		t.Error("ParseNear with a NaN reference gave no error")
	}
}

func TestFormat(t *testing.T) {
	tumen := orb.Point{129.84, 42.97}
	for _, tc := range []struct {
		p    orb.Point
		n    Notation
		want string
	}{
		{tumen, Decimal, "42.970000, 129.840000"},
		{tumen, DMS, "42°58′12.0″N 129°50′24.0″E"},
		{tumen, DM, "42°58.200′N 129°50.400′E"},
		{tumen, UTM, "52T 568500 4757826"},
		{tumen, MGRS, "52TEN6850057825"},
		{tumen, PlusCode, "8QJFXRCR+22"},
		{orb.Point{151.21, -33.86}, Decimal, "-33.860000, 151.210000"},
		{orb.Point{151.21, -33.86}, DMS, "33°51′36.0″S 151°12′36.0″E"},
		{orb.Point{-70.5, -33.05}, DM, "33°03.000′S 70°30.000′W"},
		{orb.Point{151.21, -33.86}, UTM, "56H 334416 6251925"},
		{orb.Point{-0.00000001, -0.00000001}, Decimal, "0.000000, 0.000000"},
		{orb.Point{-0.00000001, -0.00000001}, DMS, "0°00′00.0″N 0°00′00.0″E"},
		{orb.Point{1.9999999999, 0}, DMS, "0°00′00.0″N 2°00′00.0″E"}, // 59.99″ rounds up into the next minute
		{orb.Point{5.5, 60}, UTM, "32V 304839 6656576"},
		{orb.Point{0, 85}, UTM, ""},
		{orb.Point{0, -80.5}, MGRS, ""},
		{orb.Point{0, 91}, Decimal, ""},
		{orb.Point{math.NaN(), 0}, PlusCode, ""},
		{tumen, Notation(99), ""},
	} {
		if got := Format(tc.p, tc.n); got != tc.want {
			t.Errorf("Format(%v, %v) = %q, want %q", tc.p, tc.n, got, tc.want)
		}
	}
}

func TestNotationString(t *testing.T) {
	names := map[string]bool{}
	for _, n := range Notations {
		s := n.String()
		if s == "" || names[s] || strings.HasPrefix(s, "notation") {
			t.Errorf("%d has name %q", n, s)
		}
		names[s] = true
	}
	if Decimal.String() != "decimal degrees" || DMS.String() != "degrees minutes seconds" {
		t.Errorf("names %q, %q", Decimal, DMS)
	}
}

// TestRoundTrip writes a grid of points in every notation and reads them
// back: the first reading must be the point, within what the notation can
// say (0.1″ is 3 m, 0.001′ is 2 m, 1 m for UTM and MGRS, a 14 m cell for a
// 10-digit Plus code).
func TestRoundTrip(t *testing.T) {
	limit := map[Notation]float64{Decimal: 0.2, DMS: 3.1, DM: 1.9, UTM: 1.5, MGRS: 1.5, PlusCode: 10}
	for lat := -89.5; lat <= 89.5; lat += 3.7 {
		for lon := -180.0; lon <= 180; lon += 7.3 {
			p := orb.Point{lon, lat}
			for _, n := range Notations {
				s := Format(p, n)
				if s == "" {
					if (n == UTM || n == MGRS) && (lat < -80 || lat > 84) {
						continue
					}
					t.Errorf("Format(%v, %v) is empty", p, n)
					continue
				}
				rs, err := Parse(s)
				if err != nil {
					t.Errorf("Parse(Format(%v, %v) = %q): %v", p, n, s, err)
					continue
				}
				if rs[0].Notation != n || rs[0].Swapped {
					t.Errorf("Parse(%q) notation %v swapped %v, want %v", s, rs[0].Notation, rs[0].Swapped, n)
				}
				if d := geo.Distance(rs[0].Point, p); d > limit[n] {
					t.Errorf("Parse(%q) = %v, %.2f m from %v", s, rs[0].Point, d, p)
				}
				if rs[0].Text != s {
					t.Errorf("Parse(%q).Text = %q, want the same text back", s, rs[0].Text)
				}
			}
		}
	}
}
