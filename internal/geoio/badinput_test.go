package geoio

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestBadInput reads each of our own bad-input files and checks the exact
// messages: each names the file and the feature index or line.
func TestBadInput(t *testing.T) {
	const d = "testdata/bad/"
	for _, c := range []struct {
		file     string
		items    int
		problems []string // every problem, in order (NewReader's error first)
		fatal    bool     // the last problem is fatal
		warnings []string // warnings that must be among those given
	}{
		{file: "malformed.geojson", items: 1, fatal: true,
			problems: []string{d + `malformed.geojson: line 3, column 19: unexpected "\"" in an object, expected ',' or '}'`}},
		{file: "unclosed.geojson", items: 1, fatal: true,
			problems: []string{d + `unclosed.geojson: line 3, column 42: line break inside a string (is a closing quote missing?)`}},
		{file: "top_array.geojson", fatal: true,
			problems: []string{d + `top_array.geojson: line 1, column 1: the file is a JSON array; GeoJSON must be an object (a FeatureCollection, Feature or Geometry)`}},
		{file: "not_a_collection.geojson",
			problems: []string{d + `not_a_collection.geojson: line 1: type "Topology" is not a GeoJSON type (expected "Feature")`}},
		{file: "wrong_types.geojson", items: 3,
			problems: []string{d + `wrong_types.geojson: features[3]: properties must be an object, got array`}},
		{file: "features_null.geojson",
			problems: []string{d + `features_null.geojson: features[0]: a feature must be an object, got null`}},
		{file: "duplicate_type.geojson",
			problems: []string{d + `duplicate_type.geojson: features[0]: member "type" appears twice; the file is ambiguous`}},
		{file: "out_of_range.geojson", items: 2,
			problems: []string{d + `out_of_range.geojson: features[2]: geometry: latitude -134 is out of range -90..90`},
			warnings: []string{d + `out_of_range.geojson: features[1]: geometry crosses the antimeridian with longitudes 10..212.5; split at ±180° (RFC 7946 section 3.1.9)`}},
		{file: "seq.geojsonl", items: 2,
			problems: []string{d + `seq.geojsonl: line 3: geometry: longitude 500 is out of range -180..180`}},
		{file: "rs.geojsons", items: 2},
		{file: "nan.geojson", items: 1, problems: []string{
			d + `nan.geojson: features[0]: line 2, column 87: NaN is not a JSON number; coordinates must be finite numbers`,
			d + `nan.geojson: features[1]: line 3, column 89: -Infinity is not a JSON number; coordinates must be finite numbers`}},
		{file: "rings.geojson", problems: []string{
			d + `rings.geojson: features[0]: geometry: ring 0 is not closed: first position [0 0] differs from last [0 1]`,
			d + `rings.geojson: features[1]: geometry: ring 0 needs at least 4 positions, has 3`,
			d + `rings.geojson: features[2]: geometry.coordinates has 1 number(s); a position needs longitude and latitude`}},
		{file: "null_geometry.geojson", items: 1,
			warnings: []string{d + `null_geometry.geojson: features[0]: geometry is null; imported as an unplaced site`}},
		{file: "duplicate_ids.geojson", items: 3,
			problems: []string{d + `duplicate_ids.geojson: features[2]: duplicate feature id "port-1": features[0] has the same id`}},
		{file: "duplicate_uuid.geojson", items: 1,
			problems: []string{d + `duplicate_uuid.geojson: features[1]: duplicate feature id "0B5E2F0C-6A43-4C1E-9A53-2F1F3C1D2E4F": features[0] has the same id`}},
		{file: "latin1.geojson", items: 1,
			problems: []string{d + `latin1.geojson: features[1]: line 3, column 44: invalid UTF-8 in a string: save the file as UTF-8 (it may be in GBK, EUC-KR, Shift-JIS or Latin-1)`}},
		{file: "bom.geojson", items: 1},
		{file: "z.geojson", items: 2,
			warnings: []string{d + `z.geojson: Z values dropped: the file has 3D coordinates; Site Atlas keeps longitude and latitude only`}},
		{file: "crs_wgs84.geojson", items: 1,
			warnings: []string{d + `crs_wgs84.geojson: crs: legacy crs member "urn:ogc:def:crs:OGC:1.3:CRS84" read as WGS84 longitude/latitude (RFC 7946 files have no crs)`}},
		{file: "crs_3857.geojson", fatal: true,
			problems: []string{d + `crs_3857.geojson: crs: the file uses the coordinate reference system "urn:ogc:def:crs:EPSG::3857"; Site Atlas reads WGS84 longitude/latitude only (RFC 7946): reproject it first, e.g. ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`}},
		{file: "empty.geojson", fatal: true, problems: []string{d + `empty.geojson: the file is empty`}},
		{file: "whitespace.geojson", fatal: true, problems: []string{d + `whitespace.geojson: the file is empty`}},
		{file: "empty.csv", fatal: true, problems: []string{d + `empty.csv: the file is empty`}},
		{file: "not_geo.bin", fatal: true,
			problems: []string{d + `not_geo.bin: not GeoJSON, CSV, KML, GPX, GeoPackage, Shapefile or KMZ (starts with "\x00\x01\x02\x03\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00"…)`}},
		{file: "notes.txt", fatal: true,
			problems: []string{d + `notes.txt: not GeoJSON, CSV, KML, GPX, GeoPackage, Shapefile or KMZ (starts with "Remember to call"…)`}},
		{file: "bad.csv", items: 1, problems: []string{
			d + `bad.csv: line 3, column "lat": "forty-two" is not a number`,
			d + `bad.csv: line 4, column "lon": is empty, but the other coordinate is given`}},
		{file: "latin1.csv", items: 1,
			problems: []string{d + `latin1.csv: line 3, column "name": invalid UTF-8: save the file as UTF-8 (it may be in GBK, EUC-KR, Shift-JIS or Latin-1)`}},
		{file: "lat_only.csv", fatal: true,
			problems: []string{d + `lat_only.csv: line 1: the header has a latitude column but no longitude (lon, lng, long, longitude or x) column`}},
		{file: "wkt.tsv", items: 1,
			problems: []string{d + `wkt.tsv: line 3, column "WKT": not valid WKT (wkt: invalid data): "POLYGON((1 2, 3"`}},
		{file: "nocoords.csv", items: 1,
			warnings: []string{d + `nocoords.csv: line 1: no lat/lon or WKT column (looked for lat, latitude, y / lon, lng, long, longitude, x / wkt, geometry, the_geom); sites are imported unplaced`}},
		{file: "header_only.csv"},
		{file: "bom.csv", items: 1},
		{file: "semicolon.csv", items: 1},
	} {
		t.Run(c.file, func(t *testing.T) {
			res := readFile(t, filepath.Join(d, c.file))
			var got []string
			var last *Problem
			if p, ok := res.err.(*Problem); ok {
				got = append(got, p.Error())
				last = p
			} else if res.err != nil {
				t.Fatalf("NewReader: %T %v", res.err, res.err)
			}
			for _, p := range res.problems {
				got = append(got, p.Error())
				last = p
			}
			if !slices.Equal(got, c.problems) {
				t.Errorf("problems:\n got %q\nwant %q", got, c.problems)
			}
			if c.fatal != (last != nil && last.Fatal) {
				t.Errorf("fatal = %v, want %v", last != nil && last.Fatal, c.fatal)
			}
			if len(res.items) != c.items {
				t.Errorf("%d items, want %d", len(res.items), c.items)
			}
			var warns []string
			for _, w := range res.warnings {
				warns = append(warns, w.Error())
			}
			for _, w := range c.warnings {
				if !slices.Contains(warns, w) {
					t.Errorf("missing warning %q\namong %q", w, warns)
				}
			}
		})
	}
}
