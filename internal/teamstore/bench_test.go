package teamstore

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// BenchmarkFirstSync pushes a project of SITEATLAS_BENCH_SITES sites (default
// 10,000) to an empty team project: the first sync of a researcher.
func BenchmarkFirstSync(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("SITEATLAS_BENCH_SITES")); err == nil && v > 0 {
		n = v
	}
	for range b.N {
		b.StopTimer()
		st, dsn, project := benchProject(b, n)
		b.StartTimer()
		rep, err := syncOnce(b, st, dsn, project, "bench", Options{BatchSize: 1000})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Pushed != n {
			b.Fatalf("pushed %d of %d", rep.Pushed, n)
		}
		b.ReportMetric(float64(n), "sites")
	}
}

// BenchmarkIncrementalSync syncs 100 edits in a project of
// SITEATLAS_BENCH_SITES sites already synced.
func BenchmarkIncrementalSync(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("SITEATLAS_BENCH_SITES")); err == nil && v > 0 {
		n = v
	}
	st, dsn, project := benchProject(b, n)
	if _, err := syncOnce(b, st, dsn, project, "bench", Options{BatchSize: 1000}); err != nil {
		b.Fatal(err)
	}
	var ids []string
	st.Query(context.Background(), store.Filter{Limit: 100}, func(s site.Site) error { ids = append(ids, s.ID); return nil })
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		for _, id := range ids {
			edit(b, st, id, func(s *site.Site) { s.Notes = fmt.Sprintf("edit %d", i) })
		}
		b.StartTimer()
		rep, err := syncOnce(b, st, dsn, project, "bench", Options{BatchSize: 1000})
		if err != nil {
			b.Fatal(err)
		}
		if rep.Pushed != len(ids) {
			b.Fatalf("pushed %d of %d", rep.Pushed, len(ids))
		}
	}
}

func benchProject(b *testing.B, n int) (*store.Store, string, string) {
	{
		dsn, project := testServer(b)
		st := localProject(b, "bench")
		im, err := st.BeginImport(context.Background(), "bench")
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			s := site.Site{ID: site.NewID(), Name: fmt.Sprintf("site %d", i), Category: "factory", Status: site.StatusReported,
				Geometry: orb.Point{120 + float64(i%1000)/100, 30 + float64(i/1000)/100}, Country: "CN", Notes: "bench"}
			if _, err := im.Put(s); err != nil {
				b.Fatal(err)
			}
		}
		if err := im.Commit(); err != nil {
			b.Fatal(err)
		}
		return st, dsn, project
	}
}
