package app

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/layout"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// The changes a workspace makes. Each is one entry in the store's history
// (so Undo names it, also after a restart), runs under the write lock, and
// leaves the map's index and the list's catalog matching the database.

// fewToRemove is how many deleted sites are taken out of the index and the
// catalog one by one; each removal costs a pass over the catalog's sort
// orders, so for more the views are reloaded.
const fewToRemove = 256

// Save stores an edited site after validating it (a site.ValidationError
// lists what the form must show next to its fields) and returns it as
// stored.
func (w *Workspace) Save(ctx context.Context, s site.Site, label string) (site.Site, Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := SaveSite(ctx, w.st, s, label); err != nil {
		return s, Changed{}, err
	}
	return w.reread(ctx, label, s.ID)
}

// reread returns the stored site with this ID after a change that kept its
// row, with that change applied to the views.
func (w *Workspace) reread(ctx context.Context, label, id string) (site.Site, Changed, error) {
	saved, err := w.st.Get(ctx, id)
	if err != nil {
		return saved, Changed{Label: label}, err
	}
	ch, err := w.touched(ctx, label, id, -1)
	return saved, ch, err
}

// touched is the change of the one site with this ID, stored at row before
// (0: it is new; -1: at the row it has now).
func (w *Workspace) touched(ctx context.Context, label, id string, row int64) (Changed, error) {
	sum, err := SummaryOf(ctx, w.st, id)
	if err != nil {
		return Changed{Label: label}, err
	}
	if row < 0 {
		row = sum.Row
	}
	ch := Changed{Label: label, Sites: []MovedSite{{ID: id, Row: row, NewRow: sum.Row}}}
	return ch, w.apply(ctx, &ch)
}

// Add stores a new site and returns its summary (its row selects it).
func (w *Workspace) Add(ctx context.Context, s *site.Site) (site.Summary, Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := AddSite(ctx, w.st, s); err != nil {
		return site.Summary{}, Changed{}, err
	}
	ch, err := w.touched(ctx, "Add "+Quote(s.Name), s.ID, 0)
	if err != nil {
		return site.Summary{}, ch, err
	}
	sum, err := SummaryOf(ctx, w.st, s.ID)
	return sum, ch, err
}

// Move gives s the geometry g as one undoable move and returns the site as
// stored. s carries what the form shows, typed but maybe not saved yet.
func (w *Workspace) Move(ctx context.Context, s site.Site, g orb.Geometry) (site.Site, Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	moved, err := MoveSite(ctx, w.st, s, g)
	if err != nil {
		return moved, Changed{}, err
	}
	return w.reread(ctx, "Move "+Quote(s.Name), moved.ID)
}

// Delete deletes sites with their sources, observations and attachments
// as one undoable change.
func (w *Workspace) Delete(ctx context.Context, sites ...site.Site) (Changed, error) {
	ids := make([]string, len(sites))
	for i, s := range sites {
		ids[i] = s.ID
	}
	label := ""
	switch len(sites) {
	case 0:
		return Changed{}, nil
	case 1:
		label = "Delete " + Quote(sites[0].Name)
	default:
		label = fmt.Sprintf("Delete %d sites", len(sites))
	}
	return w.DeleteIDs(ctx, label, ids, nil)
}

// DeleteIDs deletes the sites with these IDs as one undoable change named
// label, telling progress (when not nil) how far it is; cancelling ctx
// deletes nothing.
func (w *Workspace) DeleteIDs(ctx context.Context, label string, ids []string, progress Progress) (Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ch := Changed{Label: label}
	if len(ids) <= fewToRemove {
		ch.Sites = []MovedSite{}
		for _, id := range ids {
			if sum, err := SummaryOf(ctx, w.st, id); err == nil {
				ch.Sites = append(ch.Sites, MovedSite{ID: id, Row: sum.Row})
			}
		}
	}
	if err := w.st.DeleteWith(ctx, label, ids, store.Progress(progress)); err != nil {
		return Changed{}, err
	}
	return ch, w.apply(ctx, &ch)
}

// Undo reverts the last change (an edit, a move, an import, a delete); the
// history lives in the database, so the window and the commands share it.
// It returns store.ErrNothingToUndo when there is none.
func (w *Workspace) Undo(ctx context.Context, progress Progress) (Changed, error) {
	return w.replay(ctx, w.st.UndoWith, progress)
}

// Redo reapplies the last undone change, or returns store.ErrNothingToRedo.
func (w *Workspace) Redo(ctx context.Context, progress Progress) (Changed, error) {
	return w.replay(ctx, w.st.RedoWith, progress)
}

func (w *Workspace) replay(ctx context.Context, do func(context.Context, store.Progress) (store.Replayed, error), progress Progress) (Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	rep, err := do(ctx, store.Progress(progress))
	if err != nil {
		return Changed{}, err
	}
	ch := Changed{Label: rep.Label, Sites: rep.Sites}
	return ch, w.apply(ctx, &ch)
}

// Import imports paths in one transaction (see ImportWith) and reloads the
// views when anything was imported.
func (w *Workspace) Import(ctx context.Context, paths []string, progress Progress) (ImportReport, Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	rep, err := Import(ctx, w.st, paths, progress)
	if err != nil {
		return rep, Changed{}, err
	}
	ch := Changed{Label: "Import"}
	return rep, ch, w.apply(ctx, &ch)
}

// InstallSample puts the sample project into an empty database; added is
// false (and nothing changes) when it has sites already.
func (w *Workspace) InstallSample(ctx context.Context) (added bool, ch Changed, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if added, err = InstallSample(ctx, w.st); err != nil || !added {
		return added, ch, err
	}
	ch.Label = "Add sample project"
	return true, ch, w.apply(ctx, &ch)
}

// RemoveSample deletes the sample project's sites as one undoable change.
func (w *Workspace) RemoveSample(ctx context.Context) (Changed, error) {
	var ids []string
	for _, s := range SampleSites() {
		ids = append(ids, s.ID)
	}
	return w.DeleteIDs(ctx, "Remove sample project", ids, nil)
}

// Attach stores files with the site with this ID, one undoable change
// each, and returns what was attached (what failed is in err).
func (w *Workspace) Attach(ctx context.Context, siteID string, paths []string, opts AttachOptions) ([]Attached, Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	done, err := AttachFiles(ctx, w.st, siteID, paths, opts)
	ch, err2 := w.touched(ctx, "Attach", siteID, -1)
	if err == nil {
		err = err2
	}
	return done, ch, err
}

// Detach removes one attachment of the site with this ID (undoable).
func (w *Workspace) Detach(ctx context.Context, siteID, attachmentID string) (Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.st.DeleteAttachment(ctx, attachmentID); err != nil {
		return Changed{}, err
	}
	return w.touched(ctx, "Detach", siteID, -1)
}

// ExportFile writes the sites opts selects to path (see ExportFile).
func (w *Workspace) ExportFile(ctx context.Context, path string, opts ExportOptions, progress Progress) (ExportReport, error) {
	return ExportFile(ctx, w.st, path, opts, progress)
}

// WriteReport writes the PDF report opts describes to path (see WriteReport).
func (w *Workspace) WriteReport(ctx context.Context, path string, opts ReportOptions, progress Progress) (ReportSummary, error) {
	return WriteReport(ctx, w.st, path, opts, progress)
}

// HoldChanges makes every change wait until release is called: for a copy
// of the database file taken while the window is open, and for tests that
// must catch a change before it starts.
func (w *Workspace) HoldChanges() (release func()) {
	w.mu.Lock()
	return w.mu.Unlock
}

// RenderLayout writes the map layout spec describes to path (see
// RenderLayout).
func (w *Workspace) RenderLayout(ctx context.Context, spec layout.Spec, path string, progress Progress) (LayoutSummary, error) {
	return RenderLayout(ctx, w.st, spec, path, progress)
}
