package app

import (
	"context"
	"fmt"

	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// LoadIndex reads every placed site of st and builds the map's in-memory
// index: done once when a database is opened, off the UI goroutine, so
// that no frame ever waits on SQL. Edits then go to the index with
// Index.Upsert and Index.Remove. A million sites take about a second.
func LoadIndex(ctx context.Context, st *store.Store) (*render.Index, error) {
	b := render.NewIndexBuilder()
	err := st.Summaries(ctx, store.Filter{Order: store.ByRow}, func(s site.Summary) error {
		b.Add(s)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading the map: %w", err)
	}
	return b.Build(), nil
}
