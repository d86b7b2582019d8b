package coords

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// Published or independently computed UTM values.
//   - PROJ: computed with PROJ through GDAL 3.6.2's gdaltransform on the
//     development machine (EPSG:4326 to EPSG:326zz/327zz), to the millimetre;
//     PROJ's etmerc is Poder/Engsager's Krüger series, an independent
//     implementation of the same maths.
//   - proj4js/mgrs test suite (test/test.js): 33UXP04 and 11SPA7234911844.
//   - GeographicLib GeoConvert (via spatialillusions/geographiclib-mgrs
//     tests): 24XWT783908 and 33VVE7220287839 = 33N 472202 6487839.
var utmVectors = []struct {
	lat, lon    float64
	zone        int
	band        byte
	east, north float64
	src         string
}{
	{42.97, 129.84, 52, 'T', 568500.494, 4757825.631, "PROJ"},
	{48.24949, 16.41450, 33, 'U', 605004.394, 5344997.700, "PROJ"},
	{36.236123461597515, -115.08209766323476, 11, 'S', 672349.000, 4011844.000, "PROJ; proj4js/mgrs 11SPA7234911844"},
	{83.6277742673141, -32.664336398663515, 24, 'X', 578350.043, 9290849.607, "PROJ in zone 24 (natural zone 25); near GeoConvert's 24XWT783908"},
	{60.0, 5.5, 32, 'V', 304838.827, 6656575.859, "PROJ; Norway exception: zone 32 not 31"},
	{78, 5, 31, 'X', 546411.017, 8659161.997, "PROJ; Svalbard 31X"},
	{78, 15, 33, 'X', 500000.000, 8658369.586, "PROJ; Svalbard 33X"},
	{83.9, 40, 37, 'X', 511863.269, 9317033.097, "PROJ; Svalbard 37X"},
	{-33.86, 151.21, 56, 'H', 334416.394, 6251925.360, "PROJ; southern hemisphere"},
	{0.5, -180, 1, 'N', 166034.098, 55341.388, "PROJ; antimeridian, zone 1"},
	{-79.9, 179.9, 60, 'C', 556752.128, 1128161.373, "PROJ; band C, zone 60"},
}

func TestUTMForward(t *testing.T) {
	for _, v := range utmVectors {
		if utmZone(v.lat, v.lon) != v.zone {
			continue // a neighbouring zone, for the inverse only
		}
		u, ok := toUTM(v.lat, v.lon)
		if !ok {
			t.Errorf("%v,%v: not in UTM", v.lat, v.lon)
			continue
		}
		if u.zone != v.zone || u.band != v.band || math.Abs(u.east-v.east) > 0.002 || math.Abs(u.north-v.north) > 0.002 {
			t.Errorf("toUTM(%v, %v) = %d%c %.3f %.3f, want %d%c %.3f %.3f (%s)",
				v.lat, v.lon, u.zone, u.band, u.east, u.north, v.zone, v.band, v.east, v.north, v.src)
		}
	}
}

func TestUTMInverse(t *testing.T) {
	for _, v := range utmVectors {
		lat, lon := fromUTM(utm{zone: v.zone, east: v.east, north: v.north, southern: v.lat < 0})
		// 0.002 m of rounding in the vectors is about 2e-8 degrees.
		dlon := math.Mod(lon-v.lon+540, 360) - 180 // -180 and 180 are one meridian
		if math.Abs(lat-v.lat) > 1e-7 || math.Abs(dlon) > 1e-7*(1+1/math.Cos(lat*math.Pi/180)) {
			t.Errorf("fromUTM(%d %.3f %.3f) = %.9f, %.9f, want %v, %v (%s)", v.zone, v.east, v.north, lat, lon, v.lat, v.lon, v.src)
		}
	}
}

func TestMGRSVectors(t *testing.T) {
	// Forward: the point to a 1 m reference (digits truncated).
	for _, tc := range []struct {
		lat, lon float64
		want     string
		src      string
	}{
		{48.24949, 16.41450, "33UXP0500444997", "proj4js/mgrs test.js, 'MGRS reference with highest accuracy'"},
		{36.236123461597515, -115.08209766323476, "11SPA7234911844", "proj4js/mgrs test.js"},
		{42.97, 129.84, "52TEN6850057825", "PROJ UTM above, lettered by hand"},
		{-33.86, 151.21, "56HLH3441651925", "PROJ UTM above"},
		{60.0, 5.5, "32VLM0483856575", "PROJ UTM above (Norway zone)"},
	} {
		if got := Format(orb.Point{tc.lon, tc.lat}, MGRS); got != tc.want {
			t.Errorf("Format(%v, %v, MGRS) = %s, want %s (%s)", tc.lat, tc.lon, got, tc.want, tc.src)
		}
	}
	// Inverse: references to the centre of their square.
	for _, tc := range []struct {
		ref      string
		lat, lon float64
		tol      float64 // metres
		src      string
	}{
		// The GeoConvert point is 0.39 m south of the square's centre by PROJ
		// as well (578350.043 9290849.607), so 0.5 m is the honest bound.
		{"24XWT783908", 83.6277742673141, -32.664336398663515, 0.5, "GeoConvert via geographiclib-mgrs tests"},
		{"33UXP04", 48.24949, 16.41450, 5, "proj4js/mgrs test.js; proj4js rounds its answer to 1e-5°"},
		{"11SPA7234911844", 36.236123461597515, -115.08209766323476, 1, "proj4js/mgrs test.js"},
		{"33VVE7220287839", 0, 0, 0, "GeographicLib: 33N 472202 6487839, checked below"},
	} {
		rs, err := Parse(tc.ref)
		if err != nil {
			t.Errorf("Parse(%s): %v", tc.ref, err)
			continue
		}
		if tc.tol == 0 {
			continue
		}
		if d := geo.Distance(rs[0].Point, orb.Point{tc.lon, tc.lat}); d > tc.tol {
			t.Errorf("Parse(%s) = %v, %.1f m from %v, %v (%s)", tc.ref, rs[0].Point, d, tc.lat, tc.lon, tc.src)
		}
	}
	m := mgrsRef{zone: 33, band: 'V', col: 'V', row: 'E', e: "72202", n: "87839"}
	u, size, err := m.corner()
	if err != nil || u.east != 472202 || u.north != 6487839 || size != 1 {
		t.Errorf("33VVE7220287839 corner = %+v %v %v, want 472202 6487839 (GeographicLib)", u, size, err)
	}
}

func TestUTMZones(t *testing.T) {
	for _, tc := range []struct {
		lat, lon float64
		zone     int
	}{
		{0, -180, 1}, {0, -174.0001, 1}, {0, -174, 2}, {0, 179.999, 60}, {0, 180, 60},
		{55.99, 4, 31}, {56, 4, 32}, {63.99, 3, 32}, {63.99, 2.99, 31}, {64, 4, 31}, {60, 11.99, 32}, {60, 12, 33},
		{71.99, 8, 32}, {72, 8, 31}, {72, 9, 33}, {80, 20.99, 33}, {80, 21, 35}, {84, 32.99, 35}, {84, 33, 37}, {84, 42, 38},
	} {
		if got := utmZone(tc.lat, tc.lon); got != tc.zone {
			t.Errorf("utmZone(%v, %v) = %d, want %d", tc.lat, tc.lon, got, tc.zone)
		}
	}
}
