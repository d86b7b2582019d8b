package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

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

// BenchmarkDelete100k deletes sites as "delete all sites in the list"
// does: every site of a 100,000-site database, or every other one (the
// list filtered).
func BenchmarkDelete100k(b *testing.B) {
	const n = 100_000
	sites := sitegen.Sites(n, 1)
	for _, every := range []int{1, 2} {
		b.Run(map[int]string{1: "all", 2: "half"}[every], func(b *testing.B) {
			var ids []string
			for i := 0; i < n; i += every {
				ids = append(ids, sites[i].ID)
			}
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s, err := Open(filepath.Join(b.TempDir(), "atlas.db"))
				if err != nil {
					b.Fatal(err)
				}
				importSites(b, s, "Import bench", sites)
				b.StartTimer()
				if err := s.DeleteWith(context.Background(), "Delete bench", ids, nil); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(len(ids)*b.N)/b.Elapsed().Seconds(), "sites/s")
		})
	}
}

// bench1M returns a database of 1,000,000 generated sites (sitegen seed 1)
// for the query benchmarks. Building it takes a minute, so it is kept in
// the system's temp folder and reused by later runs; the file name carries
// the schema version, and a file that does not hold the sites is rebuilt.
func bench1M(b *testing.B) *Store {
	b.Helper()
	const n = 1_000_000
	path := filepath.Join(os.TempDir(), fmt.Sprintf("siteatlas-store-bench-%d-v%d.db", n, len(migrations)))
	if s, err := Open(path); err == nil {
		if c, err := s.Count(context.Background(), Filter{}); err == nil && c == n {
			return s
		}
		s.Close()
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	im, err := s.BeginImport(context.Background(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	for st := range sitegen.Seq(n, 1) {
		if _, err := im.Put(st); err != nil {
			b.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		b.Fatal(err)
	}
	b.Logf("built %s in %v", path, time.Since(start).Round(time.Second))
	return s
}

// BenchmarkBBox1M asks a million-site database for the sites in a box:
// Count and Rows (row order) read the R-tree alone; RowsByName also sorts
// by name, which reads every matching site. Boxes go from a street to a
// county around the densest city.
func BenchmarkBBox1M(b *testing.B) {
	s := bench1M(b)
	defer s.Close()
	ctx := context.Background()
	for _, c := range sitegen.BoxProbes {
		f := Filter{BBox: &c.Box, Order: ByRow}
		n, err := s.Count(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s/%dsites/Count", c.Name, n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				if _, err := s.Count(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "sites/s")
		})
		b.Run(fmt.Sprintf("%s/%dsites/Rows", c.Name, n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				rows, err := s.Rows(ctx, f)
				if err != nil || len(rows) != n {
					b.Fatal(err, len(rows))
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "sites/s")
		})
		b.Run(fmt.Sprintf("%s/%dsites/RowsByName", c.Name, n), func(b *testing.B) {
			f := f
			f.Order = ByName
			b.ReportAllocs()
			for range b.N {
				rows, err := s.Rows(ctx, f)
				if err != nil || len(rows) != n {
					b.Fatal(err, len(rows))
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "sites/s")
		})
	}
}

// BenchmarkFTS1M searches a million-site database as the search box does:
// Latin words as prefixes, Chinese and Korean as substrings. Each query
// reports how many sites it found. Rows (row order) reads the full-text
// index alone, as `siteatlas render --q` does; TextRows is the window's
// search, whose list then sorts in memory; RowsByName and First100ByName
// sort in SQL, which reads every matching site.
func BenchmarkFTS1M(b *testing.B) {
	s := bench1M(b)
	defer s.Close()
	ctx := context.Background()
	for _, c := range sitegen.SearchProbes {
		f := Filter{Text: c.Text, Order: ByName}
		n, err := s.Count(ctx, f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%s/%dsites/Rows", c.Name, n), func(b *testing.B) {
			f := f
			f.Order = ByRow
			b.ReportAllocs()
			for range b.N {
				rows, err := s.Rows(ctx, f)
				if err != nil || len(rows) != n {
					b.Fatal(err, len(rows))
				}
			}
		})
		b.Run(fmt.Sprintf("%s/%dsites/TextRows", c.Name, n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				rows, _, err := s.TextRows(ctx, c.Text)
				if err != nil || len(rows) != n {
					b.Fatal(err, len(rows))
				}
			}
		})
		b.Run(fmt.Sprintf("%s/%dsites/RowsByName", c.Name, n), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				rows, err := s.Rows(ctx, f)
				if err != nil || len(rows) != n {
					b.Fatal(err, len(rows))
				}
			}
		})
		b.Run(fmt.Sprintf("%s/%dsites/First100ByName", c.Name, n), func(b *testing.B) {
			f := f
			f.Limit = 100
			b.ReportAllocs()
			for range b.N {
				err := s.Summaries(ctx, f, func(site.Summary) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUndoEdit1M renames one site of a million and undoes it: the
// window does this all day, and neither may walk the history of the
// million-site import or count every site.
func BenchmarkUndoEdit1M(b *testing.B) {
	s := bench1M(b)
	defer s.Close()
	ctx := context.Background()
	var id string
	if err := s.Summaries(ctx, Filter{Limit: 1, Offset: 500_000}, func(x site.Summary) error { id = x.ID; return nil }); err != nil {
		b.Fatal(err)
	}
	st, err := s.Get(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	renamed := st
	renamed.Name += " (renamed)"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Update(ctx, renamed); err != nil {
			b.Fatal(err)
		}
		r, err := s.UndoWith(ctx, nil)
		if err != nil || len(r.Sites) != 1 {
			b.Fatalf("undo: %v, %+v", err, r)
		}
	}
}
