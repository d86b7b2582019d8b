package app

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// parallelLoadFrom is the table size from which scanSites reads in
// parallel (a variable so that tests cover both ways).
var parallelLoadFrom int64 = 50_000

// LoadView reads every site of st once and builds both in-memory views the
// window needs: the map's spatial index and the list's catalog. It runs
// when a database is opened, off the UI goroutine; afterwards no frame and
// no list query waits on a scan of the sites table.
//
// onIndex, when not nil, hears the map index as soon as it is built, before
// the list's sort is done, so that the map can show the sites first.
func LoadView(ctx context.Context, st *store.Store, onIndex func(*render.Index)) (*render.Index, *Catalog, error) {
	ib := render.NewIndexBuilder()
	cb := NewCatalogBuilder()
	err := scanSites(ctx, st, nil, func(s site.Summary) {
		ib.Add(s)
		cb.Add(s)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("loading the sites: %w", err)
	}
	done := make(chan *render.Index, 1)
	go func() {
		idx := ib.Build()
		if onIndex != nil {
			onIndex(idx)
		}
		done <- idx
	}()
	cat := cb.Build()
	return <-done, cat, nil
}

// scanSites hands add the summary of every site of st that keep lets
// through (all when keep is nil), in row order. The scan is the bulk of
// loading a large database (SQLite decoding a million records), so the
// table is read in row slices on every core (up to four): the first slice
// feeds add as it streams, the others are held until their turn.
func scanSites(ctx context.Context, st *store.Store, keep func(site.Summary) bool, add func(site.Summary)) error {
	maxRow, err := st.MaxRow(ctx)
	if err != nil {
		return err
	}
	parts := 1
	if maxRow > parallelLoadFrom {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	step := maxRow/int64(parts) + 1
	held := make([][]site.Summary, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := 1; p < parts; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[p] = st.SummariesInRows(ctx, int64(p)*step, int64(p+1)*step, func(s site.Summary) error {
				if keep == nil || keep(s) {
					held[p] = append(held[p], s)
				}
				return nil
			})
		}()
	}
	errs[0] = st.SummariesInRows(ctx, 0, step, func(s site.Summary) error {
		if keep == nil || keep(s) {
			add(s)
		}
		return nil
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for p := 1; p < parts; p++ {
		for _, s := range held[p] {
			add(s)
		}
		held[p] = nil
	}
	return nil
}
