package app

import (
	"context"

	"github.com/siteatlas/siteatlas/internal/reconcile"
)

// SyncTeam syncs the workspace's project with its team project (see
// SyncTeam) under the write lock, and reloads the views when the sync
// brought in others' changes.
func (w *Workspace) SyncTeam(ctx context.Context, opts TeamOptions, progress func(TeamProgress)) (TeamReport, Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	rep, err := SyncTeam(ctx, w.st, opts, progress)
	ch := Changed{Label: "Sync with the team project", Sites: []MovedSite{}}
	if rep.Pulled > 0 || rep.Merged > 0 {
		// Even a sync cut short may have applied batches: the views
		// follow what is in the database.
		ch.Sites = nil
	}
	if aerr := w.apply(context.WithoutCancel(ctx), &ch); err == nil {
		err = aerr
	}
	return rep, ch, err
}

// TeamStatus reads the Team project status (no network request).
func (w *Workspace) TeamStatus(ctx context.Context) (TeamStatus, error) {
	return TeamStatusOf(ctx, w.st)
}

// ResolveTeamConflicts settles one site's conflicts from the last sync:
// keepMine keeps this project's values, otherwise the team's are taken.
func (w *Workspace) ResolveTeamConflicts(ctx context.Context, siteID string, keepMine bool) (Changed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	choice := reconcile.Theirs
	if keepMine {
		choice = reconcile.Mine
	}
	if err := ResolveTeamConflicts(ctx, w.st, siteID, choice); err != nil {
		return Changed{}, err
	}
	label := "Take the team's version"
	if keepMine {
		label = "Keep my version"
	}
	ch, err := w.touched(ctx, label, siteID, -1)
	if err != nil {
		// The team's version may be a delete: the views follow the
		// database whole.
		ch = Changed{Label: label}
		err = w.apply(ctx, &ch)
	}
	return ch, err
}
