package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

// BenchmarkSearch1M measures what the window's user waits for after the
// search box's pause in typing, on the million-site database the store's
// benchmarks build (run `go test ./internal/store -bench 1M` once first):
// Set runs the query (full-text rows from the store, then the catalog's
// name order and the map's row set), FirstPage also fetches the summaries
// of the first page of the list, as the list does to show it.
func BenchmarkSearch1M(b *testing.B) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("siteatlas-store-bench-%d-v%d.db", 1_000_000, store.SchemaVersion()))
	if _, err := os.Stat(path); err != nil {
		b.Skipf("no %s: run go test ./internal/store -run '^$' -bench 1M first", path)
	}
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	_, cat, err := LoadView(ctx, st, nil)
	if err != nil {
		b.Fatal(err)
	}
	br := NewBrowser(st)
	br.SetCatalog(cat)
	for _, c := range sitegen.SearchProbes {
		q := Query{Text: c.Text, Order: store.ByName}
		if err := br.Set(ctx, q); err != nil {
			b.Fatal(err)
		}
		n := br.Len()
		b.Run(fmt.Sprintf("%s/%dsites/Set", c.Name, n), func(b *testing.B) {
			for b.Loop() {
				if err := br.Set(ctx, q); err != nil || br.Len() != n {
					b.Fatal(err, br.Len())
				}
			}
		})
		b.Run(fmt.Sprintf("%s/%dsites/FirstPage", c.Name, n), func(b *testing.B) {
			for b.Loop() {
				if err := br.Set(ctx, q); err != nil {
					b.Fatal(err)
				}
				if _, ok := br.At(ctx, 0); !ok {
					b.Fatal("no first site")
				}
			}
		})
	}
}
