package geoio

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
)

// pointFeatures writes n point features in the shape GDAL writes them
// (spaces after colons, one feature per line), about 270 bytes each: the
// kind of file the 1,000,000-point import target is about.
func pointFeatures(w io.Writer, n int) {
	r := rand.New(rand.NewPCG(1, 2))
	cats := []string{"factory", "restaurant", "mine", "fishery", "construction"}
	io.WriteString(w, "{\n\"type\": \"FeatureCollection\",\n\"name\": \"sites\",\n\"features\": [\n")
	for i := range n {
		if i > 0 {
			io.WriteString(w, ",\n")
		}
		fmt.Fprintf(w, `{ "type": "Feature", "properties": { "name": "Tumen seafood processing plant %d", "category": "%s", "status": "reported", "city": "Tumen", "country": "CN", "workers_estimate": %d, "first_reported": "2017-05" }, "geometry": { "type": "Point", "coordinates": [ %.7f, %.7f ] } }`,
			i, cats[i%len(cats)], r.IntN(500), 129.0+r.Float64(), 42.0+r.Float64())
	}
	io.WriteString(w, "\n]\n}\n")
}

// benchRead reads data, named name, n sites, as a benchmark.
func benchRead(b *testing.B, name string, data []byte, n int) {
	b.SetBytes(int64(len(data)))
	benchOpenRead(b, n, func() (Reader, error) { return NewReader(name, bytes.NewReader(data)) })
}

// benchOpenRead reads the n sites of a reader from open, as a benchmark;
// it serves files, which are opened by path, as well as streams.
func benchOpenRead(b *testing.B, n int, open func() (Reader, error)) {
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		rd, err := open()
		if err != nil {
			b.Fatal(err)
		}
		got := 0
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			got++
		}
		if got != n {
			b.Fatalf("read %d sites, want %d", got, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "sites/s")
}

// benchWrite writes sites with writers from newWriter, as a benchmark.
func benchWrite(b *testing.B, sites []site.Site, newWriter func(io.Writer) Writer) {
	var size countingWriter
	writeAll(b, newWriter(&size), sites)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		writeAll(b, newWriter(io.Discard), sites)
	}
	b.ReportMetric(float64(len(sites))*float64(b.N)/b.Elapsed().Seconds(), "sites/s")
}

// countingWriter counts what is written to it, for the size of an output
// without keeping it.
type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// BenchmarkReadPoints100k reads 100,000 GDAL-style point features.
func BenchmarkReadPoints100k(b *testing.B) {
	var buf bytes.Buffer
	pointFeatures(&buf, 100_000)
	benchRead(b, "bench.geojson", buf.Bytes(), 100_000)
}

// BenchmarkReadSites100k reads 100,000 full sites as we export them
// (sources, observations, polygons, Extra).
func BenchmarkReadSites100k(b *testing.B) {
	data := writeGeoJSON(b, testSites(100_000))
	benchRead(b, "bench.geojson", data, 100_000)
}

// BenchmarkWriteSites100k writes 100,000 full sites.
func BenchmarkWriteSites100k(b *testing.B) {
	benchWrite(b, testSites(100_000), NewGeoJSONWriter)
}

// BenchmarkWriteCSV100k writes 100,000 full sites as CSV.
func BenchmarkWriteCSV100k(b *testing.B) {
	benchWrite(b, testSites(100_000), NewCSVWriter)
}
