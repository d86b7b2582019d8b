package geoio

import (
	"testing"

	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// BenchmarkKMLWrite100k writes 100,000 generated sites as KML; compare
// BenchmarkGeoJSONWriteSitegen100k, which writes the same sites.
func BenchmarkKMLWrite100k(b *testing.B) {
	benchWrite(b, sitegen.Sites(100_000, 1), NewKMLWriter)
}

// BenchmarkGeoJSONWriteSitegen100k is the GeoJSON writer on the sites of
// BenchmarkKMLWrite100k.
func BenchmarkGeoJSONWriteSitegen100k(b *testing.B) {
	benchWrite(b, sitegen.Sites(100_000, 1), NewGeoJSONWriter)
}

// BenchmarkKMLRead100k reads 100,000 generated sites from our KML.
func BenchmarkKMLRead100k(b *testing.B) {
	benchRead(b, "bench.kml", writeKML(b, sitegen.Sites(100_000, 1)), 100_000)
}

// BenchmarkGeoJSONReadSitegen100k is the GeoJSON reader on the same sites.
func BenchmarkGeoJSONReadSitegen100k(b *testing.B) {
	benchRead(b, "bench.geojson", writeGeoJSON(b, sitegen.Sites(100_000, 1)), 100_000)
}
