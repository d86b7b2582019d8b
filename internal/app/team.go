package app

import (
	"context"
	"time"

	"github.com/siteatlas/siteatlas/internal/reconcile"
	"github.com/siteatlas/siteatlas/internal/store"
	"github.com/siteatlas/siteatlas/internal/teamstore"
)

// TeamOptions are what File > Team project (and `siteatlas sync`) ask for.
type TeamOptions struct {
	Server  string // postgres://user@host/db; password from the URL, PGPASSFILE or ~/.pgpass
	Project string // the PostgreSQL schema, teamstore.DefaultProject when ""
	User    string // the user name recorded with every change
	Trusted bool   // confidential items and notes sync too
}

// TeamProgress is how far a sync is: Stage "connect", "pull" or "push".
type TeamProgress = teamstore.Progress

// TeamReport is what a sync did.
type TeamReport = teamstore.Report

// SyncTeam syncs the open project with its team project: pulls the others'
// changes (merged three-way, conflicts recorded, never blocking), then
// pushes local ones. Cancel ctx to stop it: what was done stays done and
// the next SyncTeam completes the rest. progress may be nil; it is called
// from the syncing goroutine (the window must use fyne.Do). No network
// request is ever made unless the user configured opts.Server.
func SyncTeam(ctx context.Context, st *store.Store, opts TeamOptions, progress func(TeamProgress)) (TeamReport, error) {
	if progress != nil {
		progress(TeamProgress{Stage: "connect"})
	}
	srv, err := teamstore.Open(ctx, opts.Server, opts.Project)
	if err != nil {
		return TeamReport{}, err
	}
	defer srv.Close()
	return teamstore.Sync(ctx, st, srv, teamstore.Options{User: opts.User, Trusted: opts.Trusted, Progress: progress})
}

// TeamStatus is the Team project panel's status line.
type TeamStatus struct {
	Synced   bool      // the project was ever synced
	LastSync time.Time // zero when never completed
	Trusted  bool
	// Pending is the number of local changes the next sync will push.
	Pending int
	// Conflicts are the sites whose merge awaits review.
	Conflicts []store.SyncConflict
}

// TeamStatusOf reads the status without any network request: it compares
// each site with its base (one pass over the sites).
func TeamStatusOf(ctx context.Context, st *store.Store) (TeamStatus, error) {
	var s TeamStatus
	proj, err := st.SyncMeta(ctx, teamstore.MetaProject)
	if err != nil {
		return s, err
	}
	s.Synced = proj != ""
	if v, err := st.SyncMeta(ctx, teamstore.MetaLastSync); err == nil && v != "" {
		s.LastSync, _ = time.Parse(time.RFC3339, v)
	}
	if v, _ := st.SyncMeta(ctx, teamstore.MetaTrusted); v == "true" {
		s.Trusted = true
	}
	if s.Conflicts, err = st.SyncConflicts(ctx); err != nil {
		return s, err
	}
	if !s.Synced {
		return s, nil
	}
	changes, err := teamstore.LocalChanges(ctx, st, s.Trusted)
	if err != nil {
		return s, err
	}
	pend, err := st.SyncPendings(ctx)
	if err != nil {
		return s, err
	}
	s.Pending = len(changes) + len(pend)
	return s, nil
}

// ResolveTeamConflicts settles the conflicts of one site from the last sync:
// reconcile.Mine keeps this project's values, reconcile.Theirs takes the
// team's. The result is pushed by the next SyncTeam.
func ResolveTeamConflicts(ctx context.Context, st *store.Store, siteID string, choice reconcile.Choice) error {
	return teamstore.Resolve(ctx, st, siteID, choice)
}

// TeamConflict is one site whose merge with the team's copy awaits review.
type TeamConflict = store.SyncConflict
