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

// LoadIndex reads every placed site of st and builds the map's in-memory
// index alone, for what draws maps without a window (`siteatlas render`);
// the window uses LoadView, which builds the list's catalog in the same
// pass. Edits then go to the index with Index.Upsert and Index.Remove, so
// that no frame ever waits on SQL.
//
// Like LoadView it reads the table in row slices on every core (up to
// four): the first slice feeds the builder as it streams, the others are
// held until their turn.
func LoadIndex(ctx context.Context, st *store.Store) (*render.Index, error) {
	maxRow, err := st.MaxRow(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading the map: %w", err)
	}
	parts := 1
	if maxRow > parallelLoadFrom {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	b := render.NewIndexBuilder()
	add := func(s site.Summary) error {
		b.Add(s)
		return nil
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
				if s.Geometry != nil { // unplaced sites are not on the map
					held[p] = append(held[p], s)
				}
				return nil
			})
		}()
	}
	errs[0] = st.SummariesInRows(ctx, 0, step, add)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("loading the map: %w", err)
	}
	for p := 1; p < parts; p++ {
		for _, s := range held[p] {
			b.Add(s)
		}
		held[p] = nil
	}
	return b.Build(), nil
}
