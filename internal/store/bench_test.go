package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// importSites imports sites into s as one import and fails b on error.
func importSites(tb testing.TB, s *Store, label string, sites []site.Site) {
	tb.Helper()
	im, err := s.BeginImport(context.Background(), label)
	if err != nil {
		tb.Fatal(err)
	}
	defer im.Rollback()
	for _, st := range sites {
		if _, err := im.Put(st); err != nil {
			tb.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImport100k imports 100,000 generated sites (with 1-3 sources and
// 1-4 observations each) into a new database per iteration; sites/s is the
// figure to compare with ogr2ogr.
func BenchmarkImport100k(b *testing.B) {
	const n = 100_000
	sites := sitegen.Sites(n, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(filepath.Join(b.TempDir(), "atlas.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		importSites(b, s, "Import bench", sites)
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "sites/s")
}
