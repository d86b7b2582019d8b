package app

import (
	"context"
	"fmt"

	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// LoadView reads every site of st once and builds both in-memory views the
// window needs: the map's spatial index and the list's catalog. It runs
// when a database is opened, off the UI goroutine; afterwards no frame and
// no list query waits on a scan of the sites table.
func LoadView(ctx context.Context, st *store.Store) (*render.Index, *Catalog, error) {
	ib := render.NewIndexBuilder()
	cb := NewCatalogBuilder()
	err := st.Summaries(ctx, store.Filter{Order: store.ByRow}, func(s site.Summary) error {
		ib.Add(s)
		cb.Add(s)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("loading the sites: %w", err)
	}
	done := make(chan *render.Index, 1)
	go func() { done <- ib.Build() }()
	cat := cb.Build()
	return <-done, cat, nil
}
