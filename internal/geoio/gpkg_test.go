package geoio

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// writeGPKG writes sites to a new GeoPackage in a temporary directory.
func writeGPKG(t testing.TB, sites []site.Site) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.gpkg")
	writeGPKGTo(t, path, sites)
	return path
}

// readGPKG reads a GeoPackage to the end, as readAll does for streams.
func readGPKG(t testing.TB, path string) readResult {
	t.Helper()
	rd, err := NewGeoPackageReader(path, ReaderOptions{})
	if err != nil {
		return readResult{err: err}
	}
	return readRest(t, path, rd)
}

// handSites are the awkward cases the generators do not all make.
func handSites() []site.Site {
	w := 250
	return []site.Site{
		{ID: "11111111-1111-4111-8111-111111111111", Name: "图们 Tumen", Aliases: []string{"투먼", "図們", "a, b"},
			Geometry: orb.MultiPolygon{
				{{{129.8, 42.9}, {129.9, 42.9}, {129.9, 43.0}, {129.8, 42.9}}},
				{{{130.0, 42.0}, {130.1, 42.0}, {130.1, 42.1}, {130.0, 42.1}, {130.0, 42.0}},
					{{130.02, 42.02}, {130.02, 42.04}, {130.04, 42.04}, {130.02, 42.02}}},
			},
			Status: site.StatusConfirmed, Country: "CN", WorkersEstimate: &w,
			ConfidentialNotes: "who told whom", Confidential: true,
			Extra: map[string]json.RawMessage{"marker-color": json.RawMessage(`"#f00"`), "n": json.RawMessage(`[1,2.5,null]`), "status_text": json.RawMessage(`"active"`)}},
		{ID: "22222222-2222-4222-8222-222222222222", Name: "투먼 unplaced"},
		{ID: "33333333-3333-4333-8333-333333333333", Name: "Road", Geometry: orb.LineString{{129, 42}, {129.5, 42.5}},
			Created: time.Date(2024, 2, 3, 4, 5, 6, 7e6, time.UTC)},
		{ID: "44444444-4444-4444-8444-444444444444", Name: "Yard", Geometry: orb.Polygon{{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}}},
			Extra: map[string]json.RawMessage{"status": json.RawMessage(`"active"`), "id": json.RawMessage(`"port-7"`)}},
		// Times from elsewhere than the store may have more than
		// milliseconds; they survive too (GDAL reads them with a warning).
		{ID: "55555555-5555-4555-8555-555555555555", Name: "Nanoseconds", Geometry: orb.Point{0, 0},
			Updated: time.Date(2024, 2, 3, 4, 5, 6, 7, time.UTC)},
	}
}

func TestGeoPackageRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name  string
		sites []site.Site
	}{
		{"empty", nil},
		{"hand-made", handSites()},
		{"testSites", testSites(300)},
		{"sitegen", sitegen.Sites(500, 3)},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := writeGPKG(t, c.sites)
			res := readGPKG(t, path)
			if len(res.problems) > 0 || res.err != nil {
				t.Fatalf("%v", res.messages())
			}
			for _, w := range res.warnings {
				// Unplaced sites are written with a NULL geometry, and an
				// Extra "status" is a status that did not fit: both warn
				// by design, as they do in GeoJSON.
				if w.Code != CodeNullGeometry && !(c.name == "hand-made" && w.Code == CodeProperty) {
					t.Errorf("warning reading our own file: %v", w.Error())
				}
			}
			if len(res.items) != len(c.sites) {
				t.Fatalf("read %d sites, wrote %d", len(res.items), len(c.sites))
			}
			// The same sites as a GeoJSON round trip gives: the GeoJSON
			// writer winds rings and drops nothing else.
			want := readAll(t, "rt.geojson", strings.NewReader(string(writeGeoJSON(t, c.sites))))
			for i, it := range res.items {
				if it.Index != i || !it.HasID {
					t.Errorf("item %d: Index %d HasID %v", i, it.Index, it.HasID)
				}
				if !reflect.DeepEqual(it.Site, want.items[i].Site) {
					t.Errorf("site %d differs from the GeoJSON round trip:\n got %#v\nwant %#v", i, it.Site, want.items[i].Site)
				}
				if !reflect.DeepEqual(it.Site, c.sites[i]) {
					t.Errorf("site %d differs after the round trip:\n got %#v\nwant %#v", i, it.Site, c.sites[i])
				}
			}
		})
	}
}

func TestGeoPackageWriterTables(t *testing.T) {
	sites := testSites(20)
	path := writeGPKG(t, sites)
	db, err := sql.Open("sqlite", sqliteURI(path, "mode=ro"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	one := func(q string, dst ...any) {
		t.Helper()
		if err := db.QueryRow(q).Scan(dst...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var appID, version, n, srcs, obs, rtree, jsonCols int
	one("PRAGMA application_id", &appID)
	one("PRAGMA user_version", &version)
	if appID != 0x47504B47 || version != 10300 {
		t.Errorf("application_id %#x user_version %d", appID, version)
	}
	one("SELECT count(*) FROM sites", &n)
	one("SELECT count(*) FROM site_sources", &srcs)
	one("SELECT count(*) FROM site_observations", &obs)
	one("SELECT count(*) FROM rtree_sites_geom", &rtree)
	one("SELECT count(*) FROM gpkg_data_columns WHERE mime_type = 'application/json'", &jsonCols)
	wantSrc, wantObs, placed := 0, 0, 0
	for _, s := range sites {
		wantSrc += len(s.Sources)
		wantObs += len(s.Observations)
		if s.Geometry != nil {
			placed++
		}
	}
	if n != len(sites) || srcs != wantSrc || obs != wantObs || rtree != placed || jsonCols != 5 {
		t.Errorf("rows: sites %d sources %d observations %d rtree %d json columns %d; want %d %d %d %d 5",
			n, srcs, obs, rtree, jsonCols, len(sites), wantSrc, wantObs, placed)
	}
	var srsRows int
	one("SELECT count(*) FROM gpkg_spatial_ref_sys WHERE srs_id IN (-1, 0, 4326)", &srsRows)
	var minX, maxY float64
	one("SELECT min_x, max_y FROM gpkg_contents WHERE table_name = 'sites'", &minX, &maxY)
	if srsRows != 3 || minX != -180 || maxY != 90 {
		t.Errorf("srs rows %d, extent min_x %v max_y %v", srsRows, minX, maxY)
	}
	var kinds string
	one("SELECT group_concat(data_type, ',') FROM (SELECT data_type FROM gpkg_contents ORDER BY table_name)", &kinds)
	if kinds != "attributes,attributes,features" {
		t.Errorf("gpkg_contents data types %q", kinds)
	}
	var aliases, extra string
	one("SELECT aliases, extra FROM sites WHERE fid = 1", &aliases, &extra)
	if aliases != `["Tumen","두만강","図們"]` || !strings.HasPrefix(extra, `{"empty":"","marker-color":"#ff0000"`) {
		t.Errorf("aliases %s extra %s", aliases, extra)
	}
}

func TestGeoPackageWriterRefusesExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.gpkg")
	os.WriteFile(path, []byte("keep me"), 0o644)
	if _, err := NewGeoPackageWriter(path); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("got %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Error("the existing file was changed")
	}
	empty := filepath.Join(t.TempDir(), "empty.gpkg")
	os.WriteFile(empty, nil, 0o644)
	if err := writeGPKGTo(t, empty, handSites()).Write(handSites()[0]); err == nil {
		t.Error("Write after Close succeeded")
	}
	if res := readGPKG(t, empty); len(res.items) != len(handSites()) {
		t.Errorf("writing into an empty file: %v", res.messages())
	}
}

// writeGPKGTo writes sites to the GeoPackage at path and returns the
// closed writer.
func writeGPKGTo(t testing.TB, path string, sites []site.Site) Writer {
	t.Helper()
	w, err := NewGeoPackageWriter(path)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w, sites)
	return w
}

// BenchmarkGeoPackageWrite100k writes 100,000 generated sites (compare
// BenchmarkWriteSites100k for GeoJSON).
func BenchmarkGeoPackageWrite100k(b *testing.B) {
	sites := sitegen.Sites(100_000, 1)
	dir := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		path := filepath.Join(dir, "bench"+strconv.Itoa(i)+".gpkg")
		writeGPKGTo(b, path, sites)
		b.StopTimer()
		if fi, err := os.Stat(path); err == nil {
			b.ReportMetric(float64(fi.Size())/1e6, "MB")
		}
		os.Remove(path)
		b.StartTimer()
	}
	b.ReportMetric(float64(len(sites))*float64(b.N)/b.Elapsed().Seconds(), "sites/s")
}

// BenchmarkGeoPackageRead100k reads them back.
func BenchmarkGeoPackageRead100k(b *testing.B) {
	path := writeGPKG(b, sitegen.Sites(100_000, 1))
	benchOpenRead(b, 100_000, func() (Reader, error) { return NewGeoPackageReader(path, ReaderOptions{}) })
}

// BenchmarkGeoJSONSitegen100k are the GeoJSON numbers for the same sites.
func BenchmarkGeoJSONSitegen100k(b *testing.B) {
	sites := sitegen.Sites(100_000, 1)
	b.Run("write", func(b *testing.B) { benchWrite(b, sites, NewGeoJSONWriter) })
	data := writeGeoJSON(b, sites)
	b.Run("read", func(b *testing.B) { benchRead(b, "bench.geojson", data, len(sites)) })
}
