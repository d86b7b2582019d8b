package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

func TestLoadIndex(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "atlas.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sites := sitegen.Sites(500, 3)
	sites[7].Geometry = nil // unplaced: not on the map
	im, err := st.BeginImport(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		if _, err := im.Put(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	idx, err := LoadIndex(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	placed := 0
	for _, s := range sites {
		if s.Geometry != nil {
			placed++
		}
	}
	if got := idx.Len(); got != placed {
		t.Errorf("index holds %d sites, want %d (the placed ones)", got, placed)
	}
	rows, err := st.Rows(ctx, store.Filter{IDs: []string{sites[0].ID}})
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows of %s: %v %v", sites[0].ID, rows, err)
	}
	if got := idx.Name(rows[0]); got != sites[0].Name {
		t.Errorf("name of row %d = %q, want %q", rows[0], got, sites[0].Name)
	}

	// Read in slices, as for a big table: the same index.
	saved := parallelLoadFrom
	parallelLoadFrom = 10
	idx2, err := LoadIndex(ctx, st)
	parallelLoadFrom = saved
	if err != nil {
		t.Fatal(err)
	}
	if idx2.Len() != idx.Len() {
		t.Errorf("sliced load: %d sites, whole-table load: %d", idx2.Len(), idx.Len())
	}
	for _, s := range sites[:50] {
		r, err := st.Rows(ctx, store.Filter{IDs: []string{s.ID}})
		if err != nil || len(r) != 1 {
			t.Fatalf("rows of %s: %v %v", s.ID, r, err)
		}
		if a, b := idx.Name(r[0]), idx2.Name(r[0]); a != b {
			t.Errorf("row %d: %q whole, %q sliced", r[0], a, b)
		}
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := LoadIndex(cctx, st); err == nil {
		t.Error("LoadIndex with a cancelled context: no error")
	}
}

// benchStore returns a database of a million sites made by sitegen through
// a store import. Making it takes a minute, so it is kept between runs in
// the temporary directory (or at $SITEATLAS_BENCH_DB).
func benchStore(b *testing.B, n int) string {
	path := os.Getenv("SITEATLAS_BENCH_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), fmt.Sprintf("siteatlas-bench-%d-v1.db", n))
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	b.Logf("making %s with %d sites", path, n)
	tmp := path + ".part"
	os.Remove(tmp)
	ctx := context.Background()
	st, err := store.Open(tmp)
	if err != nil {
		b.Fatal(err)
	}
	im, err := st.BeginImport(ctx, "bench")
	if err != nil {
		b.Fatal(err)
	}
	for s := range sitegen.Seq(n, 1) {
		if _, err := im.Put(s); err != nil {
			b.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkLoadIndex measures what the window does when a database of a
// million sites opens: read every summary and build the map index. It
// reports the heap the built index holds.
func BenchmarkLoadIndex(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(benchStore(b, 1_000_000))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	var held uint64
	for b.Loop() {
		idx, err := LoadIndex(ctx, st)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		held = after.HeapAlloc - before.HeapAlloc
		if idx.Len() < 900_000 {
			b.Fatalf("index holds %d sites", idx.Len())
		}
		runtime.KeepAlive(idx)
		b.StartTimer()
	}
	b.ReportMetric(float64(held)/(1<<20), "MB-held")
}

// BenchmarkStoreSummaries is the store's share of BenchmarkLoadIndex:
// reading the summaries of a million sites without building anything.
func BenchmarkStoreSummaries(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(benchStore(b, 1_000_000))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.ResetTimer()
	for b.Loop() {
		n := 0
		err := st.Summaries(ctx, store.Filter{Order: store.ByRow}, func(site.Summary) error {
			n++
			return nil
		})
		if err != nil || n < 900_000 {
			b.Fatalf("%d summaries, %v", n, err)
		}
	}
}
