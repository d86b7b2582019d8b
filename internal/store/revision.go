package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Revision returns the change counter of the site with id: 1 when it was
// created (or, before schema 4, for every existing site), one more for
// every write of it since (an edit, an import that changed it, an undo or
// redo). Its content hash is reconcile.ContentHash of the site Get returns;
// it is not stored (see migration 0004). A site restored by undoing its
// deletion starts again at 1: the hash, not the counter, tells a merge
// whether a site changed.
func (s *Store) Revision(ctx context.Context, id string) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, "SELECT revision FROM sites WHERE id = ?", id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound("site", id)
	}
	if err != nil {
		return 0, fmt.Errorf("revision of %s: %w", id, classify(s.path, err))
	}
	return n, nil
}

// Exchanged is what a site was last exchanged at: its base, as a file or
// the team store gave it.
type Exchanged struct {
	BaseID      string
	BaseCounter int64
	BaseHash    string
}

// Exchange returns the base recorded for the site with id, and false when
// it has never been exchanged.
func (s *Store) Exchange(ctx context.Context, id string) (Exchanged, bool, error) {
	var x Exchanged
	err := s.db.QueryRowContext(ctx, "SELECT base_id, base_counter, base_hash FROM site_exchange WHERE site_id = ?", id).
		Scan(&x.BaseID, &x.BaseCounter, &x.BaseHash)
	if errors.Is(err, sql.ErrNoRows) {
		return x, false, nil
	}
	if err != nil {
		return x, false, fmt.Errorf("exchange of %s: %w", id, classify(s.path, err))
	}
	return x, true, nil
}

// PendingConflicts counts the conflicts merges left pending.
func (s *Store) PendingConflicts(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM site_conflicts").Scan(&n); err != nil {
		return 0, fmt.Errorf("pending conflicts: %w", classify(s.path, err))
	}
	return n, nil
}
