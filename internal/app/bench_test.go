package app

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

const benchSites = 100_000

var benchFormats = []struct {
	name   string
	format geoio.Format
	ext    string
}{{"geojson", geoio.GeoJSON, ".geojson"}, {"csv", geoio.CSV, ".csv"}}

// benchFile writes sitegen's first n sites (seed 1: three scripts, sources,
// observations, some polygons and unplaced sites) as format into dir.
func benchFile(b *testing.B, dir string, n int, format geoio.Format, ext string) (string, int64) {
	path := filepath.Join(dir, "sites"+ext)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	var w geoio.Writer = geoio.NewGeoJSONWriter(f)
	if format == geoio.CSV {
		w = geoio.NewCSVWriter(f)
	}
	for s := range sitegen.Seq(n, 1) {
		if err := w.Write(s); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(path)
	return path, fi.Size()
}

// BenchmarkImport100k imports a file of 100,000 sites into a new database
// (one transaction: parse, validate, insert, index) with app.Import, as the
// command line and the window do. peak-heap-MiB is the highest Go heap
// above the start, SQLite's page cache is outside it.
func BenchmarkImport100k(b *testing.B) {
	for _, bf := range benchFormats {
		b.Run(bf.name, func(b *testing.B) {
			file, size := benchFile(b, b.TempDir(), benchSites, bf.format, bf.ext)
			benchImport(b, file, size)
		})
	}
}

// BenchmarkImportPoints100k imports 100,000 plain point features with a
// few properties and no id (the shape of a GDAL export, about 330 bytes
// each): the figure to hold against ogr2ogr -f GPKG (about 4.7 s here for a
// 41 MB file of 100,000 points).
func BenchmarkImportPoints100k(b *testing.B) {
	file := filepath.Join(b.TempDir(), "points.geojson")
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	src := newFeatureStream(benchSites)
	src.noID = true
	if _, err := io.Copy(f, src); err != nil {
		b.Fatal(err)
	}
	f.Close()
	benchImport(b, file, src.read)
}

// benchImport imports file (size bytes, benchSites sites) into a new
// database per iteration and reports sites/s and the peak Go heap.
func benchImport(b *testing.B, file string, size int64) {
	b.SetBytes(size)
	b.ReportAllocs()
	var peak uint64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		st, err := store.Open(filepath.Join(dir, "atlas.db"))
		if err != nil {
			b.Fatal(err)
		}
		stop := peakHeap()
		b.StartTimer()
		rep, err := Import(context.Background(), st, []string{file}, nil)
		b.StopTimer()
		peak = max(peak, stop())
		if err != nil || rep.Added != benchSites {
			b.Fatal(err, rep.Added)
		}
		st.Close()
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(benchSites)*float64(b.N)/b.Elapsed().Seconds(), "sites/s")
	b.ReportMetric(float64(peak)/mib, "peak-heap-MiB")
}

// countWriter counts what an export writes.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkExport100k exports a database of 100,000 sites (confidential data
// included, so every site is written) with app.Export.
func BenchmarkExport100k(b *testing.B) {
	dir := b.TempDir()
	file, _ := benchFile(b, dir, benchSites, geoio.GeoJSON, ".geojson")
	st, err := store.Open(filepath.Join(dir, "atlas.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := Import(context.Background(), st, []string{file}, nil); err != nil {
		b.Fatal(err)
	}
	for _, bf := range benchFormats {
		b.Run(bf.name, func(b *testing.B) {
			opts := ExportOptions{Format: bf.format, IncludeConfidential: true}
			var cw countWriter
			if _, err := Export(context.Background(), st, &cw, opts, nil); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(cw.n)
			b.ReportAllocs()
			var peak uint64
			b.ResetTimer()
			for range b.N {
				stop := peakHeap()
				rep, err := Export(context.Background(), st, io.Discard, opts, nil)
				peak = max(peak, stop())
				if err != nil || rep.Written != benchSites {
					b.Fatal(err, rep.Written)
				}
			}
			b.ReportMetric(float64(benchSites)*float64(b.N)/b.Elapsed().Seconds(), "sites/s")
			b.ReportMetric(float64(peak)/mib, "peak-heap-MiB")
		})
	}
}
