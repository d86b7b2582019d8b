package teamstore

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
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
