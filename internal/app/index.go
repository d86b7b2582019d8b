package app

import (
	"context"
	"fmt"

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
// Like LoadView it reads the table with scanSites, on every core.
func LoadIndex(ctx context.Context, st *store.Store) (*render.Index, error) {
	b := render.NewIndexBuilder()
	placed := func(s site.Summary) bool { return s.Geometry != nil } // unplaced sites are not on the map
	if err := scanSites(ctx, st, placed, b.Add); err != nil {
		return nil, fmt.Errorf("loading the map: %w", err)
	}
	return b.Build(), nil
}
