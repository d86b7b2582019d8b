package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// Names of the store's types that screens and commands pass through the
// workspace, so that a screen needs no import of internal/store.
type (
	// Filter selects sites: by IDs, a bounding box, text, category, status.
	Filter = store.Filter
	// Order is the order sites are listed in.
	Order = store.Order
	// HistoryEntry is one change of a site in its history.
	HistoryEntry = store.Change
	// MovedSite is one site a change touched: its row before (0: it did
	// not exist) and after (0: it no longer exists).
	MovedSite = store.ReplayedSite
)

// The list orders.
const (
	ByName    = store.ByName
	ByUpdated = store.ByUpdated
)

// ErrNotFound is returned for a site that is not (or no longer) stored.
var ErrNotFound = store.ErrNotFound

// Workspace is one open project: the database, the map's in-memory index,
// the list's catalog and filters (the Browser), and the write lock. The
// window and the commands make every change through it; each change
// returns what it did to the views (Changed), and the index and catalog are
// already up to date with it, so a screen only redraws.
type Workspace struct {
	st *store.Store
	br *Browser

	// mu serialises changes: two saves from the window never interleave
	// their history entries or their updates of the views.
	mu sync.Mutex

	viewMu  sync.Mutex
	index   *render.Index
	onIndex func(*render.Index)
	// loaded: Load has read the views, so changes must keep them up to
	// date. A command that never shows them skips that work.
	loaded bool
}

// Changed is what one change did: its label (what Undo will name), the
// sites whose rows it added, moved or removed (already applied to the index
// and the catalog), and Reloaded when it touched so many sites that the
// views were rebuilt from the database instead (a new Index).
type Changed struct {
	Label    string
	Sites    []MovedSite
	Reloaded bool
}

// RowAfter returns the row a site stored at row before the change is at
// now: the same row, a new one (an undone delete), or 0 when the change
// removed it.
func (c Changed) RowAfter(row int64) int64 {
	for _, s := range c.Sites {
		if s.Row == row && s.Row != 0 {
			return s.NewRow
		}
	}
	return row
}

// NewWorkspace is a workspace over an open store, with empty views until
// Load reads them.
func NewWorkspace(st *store.Store) *Workspace {
	return &Workspace{st: st, br: NewBrowser(st), index: render.NewIndexBuilder().Build()}
}

// OpenWorkspace opens the database at path (creating it when the file does
// not exist or is empty) and turns the store's errors into advice a
// researcher can act on. The views are empty until Load.
func OpenWorkspace(path string) (*Workspace, error) {
	st, err := store.Open(path)
	if err == nil {
		return NewWorkspace(st), nil
	}
	// The name is quoted as it is on disk, so that a researcher can tell
	// notes.db from Notes.db.
	name := "“" + filepath.Base(path) + "”"
	switch {
	case errors.Is(err, store.ErrNotDatabase):
		return nil, fmt.Errorf("%s is not a Site Atlas database. It was not changed", name)
	case errors.Is(err, store.ErrNewerVersion):
		return nil, fmt.Errorf("%s was written by a newer version of Site Atlas. Update Site Atlas to open it; the file was not changed", name)
	case errors.Is(err, store.ErrLocked):
		return nil, fmt.Errorf("%s is in use by another program that is writing to it. Close it there and try again", name)
	case errors.Is(err, store.ErrReadOnly):
		return nil, fmt.Errorf("%s cannot be written (read-only file or folder). Copy it somewhere writable, or change its permissions", name)
	}
	return nil, fmt.Errorf("cannot open “%s”: %w", path, err)
}

// Store is the open database, for commands and tests that use the store
// itself; screens use the workspace's methods.
func (w *Workspace) Store() *store.Store { return w.st }

// Close closes the database.
func (w *Workspace) Close() error { return w.st.Close() }

// Path is the database file.
func (w *Workspace) Path() string { return w.st.Path() }

// Browser is the list's query, filters and catalog.
func (w *Workspace) Browser() *Browser { return w.br }

// Index is the map's spatial index of every site. Changes update it in
// place; Load and changes with Reloaded replace it.
func (w *Workspace) Index() *render.Index {
	w.viewMu.Lock()
	defer w.viewMu.Unlock()
	return w.index
}

// OnIndex sets what hears each new index (the map widget's renderer), as
// soon as it is built and before the list's catalog is sorted.
func (w *Workspace) OnIndex(f func(*render.Index)) {
	w.viewMu.Lock()
	w.onIndex = f
	w.viewMu.Unlock()
}

// Load reads every site once into the map's index and the list's catalog.
// Call it off the UI goroutine: a million sites take about a second.
func (w *Workspace) Load(ctx context.Context) error {
	_, cat, err := LoadView(ctx, w.st, func(idx *render.Index) {
		w.viewMu.Lock()
		w.index = idx
		hear := w.onIndex
		w.viewMu.Unlock()
		if hear != nil {
			hear(idx)
		}
	})
	if err != nil {
		return err
	}
	w.br.SetCatalog(cat)
	w.viewMu.Lock()
	w.loaded = true
	w.viewMu.Unlock()
	return nil
}

func (w *Workspace) viewsLoaded() bool {
	w.viewMu.Lock()
	defer w.viewMu.Unlock()
	return w.loaded
}

// apply puts what a change did into the views: the few sites it touched,
// or a reload when it does not say (nil: an import, a change of many).
func (w *Workspace) apply(ctx context.Context, ch *Changed) error {
	if !w.viewsLoaded() {
		return nil
	}
	if ch.Sites == nil {
		ch.Reloaded = true
		return w.Load(ctx)
	}
	idx, cat := w.Index(), w.br.Catalog()
	for _, s := range ch.Sites {
		if s.Row != 0 && s.Row != s.NewRow {
			idx.Remove(s.Row)
			if cat != nil {
				cat.Remove(s.Row)
			}
		}
		if s.NewRow == 0 {
			continue
		}
		sum, err := SummaryOf(ctx, w.st, s.ID)
		if err != nil {
			return err
		}
		idx.Upsert(sum)
		if cat != nil {
			cat.Upsert(sum)
		}
	}
	return nil
}

// Get reads the site with this ID.
func (w *Workspace) Get(ctx context.Context, id string) (site.Site, error) { return w.st.Get(ctx, id) }

// GetByRow reads the site at a list or map row.
func (w *Workspace) GetByRow(ctx context.Context, row int64) (site.Site, error) {
	return w.st.GetByRow(ctx, row)
}

// SummaryOf is the list and map view of the site with this ID.
func (w *Workspace) SummaryOf(ctx context.Context, id string) (site.Summary, error) {
	return SummaryOf(ctx, w.st, id)
}

// Summaries hands fn the summary of each site f selects.
func (w *Workspace) Summaries(ctx context.Context, f Filter, fn func(site.Summary) error) error {
	return w.st.Summaries(ctx, f, fn)
}

// Query hands fn each whole site f selects.
func (w *Workspace) Query(ctx context.Context, f Filter, fn func(site.Site) error) error {
	return w.st.Query(ctx, f, fn)
}

// SiteHistory lists the changes of one site, oldest first.
func (w *Workspace) SiteHistory(ctx context.Context, id string) ([]HistoryEntry, error) {
	return w.st.SiteHistory(ctx, id)
}

// CountConfidential counts what an export of f would leave out.
func (w *Workspace) CountConfidential(ctx context.Context, f Filter) (site.Redaction, error) {
	return w.st.CountConfidential(ctx, f)
}

// ExportSalt is this database's secret for pseudonyms and displacements.
func (w *Workspace) ExportSalt(ctx context.Context) ([]byte, error) { return w.st.ExportSalt(ctx) }

// UndoState names what Undo and Redo would do next.
type UndoState struct {
	Undo, Redo       string
	CanUndo, CanRedo bool
}

// UndoState reads the top of the undo and redo stacks.
func (w *Workspace) UndoState(ctx context.Context) (UndoState, error) {
	var u UndoState
	var err error
	if u.Undo, u.CanUndo, err = w.st.UndoLabel(ctx); err != nil {
		return u, err
	}
	u.Redo, u.CanRedo, err = w.st.RedoLabel(ctx)
	return u, err
}

// ErrNothingToUndo and ErrNothingToRedo: the undo or redo stack is empty.
var (
	ErrNothingToUndo = store.ErrNothingToUndo
	ErrNothingToRedo = store.ErrNothingToRedo
)
