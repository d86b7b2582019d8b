package geoio

import (
	"bytes"
	"io"
	"testing"

	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// BenchmarkKMLWrite100k writes 100,000 generated sites as KML; compare
// BenchmarkGeoJSONWriteSitegen100k, which writes the same sites.
func BenchmarkKMLWrite100k(b *testing.B) {
	benchWrite(b, NewKMLWriter)
}

// BenchmarkGeoJSONWriteSitegen100k is the GeoJSON writer on the sites of
// BenchmarkKMLWrite100k.
func BenchmarkGeoJSONWriteSitegen100k(b *testing.B) {
	benchWrite(b, NewGeoJSONWriter)
}

func benchWrite(b *testing.B, newWriter func(io.Writer) Writer) {
	sites := sitegen.Sites(100_000, 1)
	var size countingWriter
	w := newWriter(&size)
	for _, s := range sites {
		w.Write(s)
	}
	w.Close()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		w := newWriter(io.Discard)
		for _, s := range sites {
			if err := w.Write(s); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(sites))*float64(b.N)/b.Elapsed().Seconds(), "sites/s")
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// BenchmarkKMLRead100k reads 100,000 generated sites from our KML.
func BenchmarkKMLRead100k(b *testing.B) {
	var buf bytes.Buffer
	w := NewKMLWriter(&buf)
	for _, s := range sitegen.Sites(100_000, 1) {
		w.Write(s)
	}
	w.Close()
	benchReadAs(b, "bench.kml", buf.Bytes(), 100_000)
}

// BenchmarkGeoJSONReadSitegen100k is the GeoJSON reader on the same sites.
func BenchmarkGeoJSONReadSitegen100k(b *testing.B) {
	benchReadAs(b, "bench.geojson", writeGeoJSON(b, sitegen.Sites(100_000, 1)), 100_000)
}

func benchReadAs(b *testing.B, name string, data []byte, n int) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		rd, err := NewReader(name, bytes.NewReader(data))
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
