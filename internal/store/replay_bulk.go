package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Undoing an import deletes every site it added and redoing it adds them
// again: a million sites for a big import; undoing "delete all sites in the
// list" adds them back. Site by site that cost ~350 µs each (SQL parsed per
// query, a full-text flush per statement, a random page per lookup);
// replaySet does a batch of history rows at once, with one query per table
// to read them and one statement to delete or insert them, as imports and
// exports do.

// replaySet replays, set-wise, the rows of batch whose target state is
// "absent" (removed in one DELETE) or a site that does not exist now
// (appended in multi-row INSERTs), and returns the rest, in order, for
// replayOne: updates of existing sites. It leaves the whole batch to
// replayOne when a site appears in it twice (order would matter then) or
// the rows are too few to gain.
func (s *Store) replaySet(ctx context.Context, w *writer, batch []historyRow, undo bool) ([]historyRow, error) {
	var remove, restore []historyRow
	seen := make(map[string]bool, len(batch))
	for _, h := range batch {
		if seen[h.siteID] {
			return batch, nil
		}
		seen[h.siteID] = true
		if target := h.targetOf(undo); target == nil {
			remove = append(remove, h)
		} else {
			restore = append(restore, h)
		}
	}
	if len(remove)+len(restore) < 16 {
		return batch, nil
	}
	w.many = true
	if err := w.removeSites(ctx, remove, undo); err != nil {
		return nil, err
	}
	return w.restoreSites(ctx, restore, undo)
}

// targetOf is the state replaying h brings its site to: before for undo,
// after for redo.
func (h historyRow) targetOf(undo bool) []byte {
	if undo {
		return h.before
	}
	return h.after
}

// removeSites deletes the sites of rows. For undo, a row without "after"
// (an import records none) first gets the site's current state, which is
// what redo restores.
func (w *writer) removeSites(ctx context.Context, rows []historyRow, undo bool) error {
	if len(rows) == 0 {
		return nil
	}
	var capture []string
	seqOf := map[string]int64{}
	for _, h := range rows {
		if undo && h.after == nil {
			capture = append(capture, h.siteID)
			seqOf[h.siteID] = h.seq
		}
	}
	if len(capture) > 0 {
		sites, keys, err := loadSitesByID(ctx, w.tx, capture)
		if err != nil {
			return err
		}
		if err := fillBatch(ctx, w.tx, sites, keys); err != nil {
			return err
		}
		upd, err := w.stmt(ctx, &w.setAfter, "UPDATE history SET after = ? WHERE seq = ?")
		if err != nil {
			return err
		}
		for _, st := range sites {
			sn, err := snapshotWithData(ctx, w.tx, st)
			if err != nil {
				return err
			}
			b, err := sn.encode()
			if err != nil {
				return err
			}
			if _, err := upd.ExecContext(ctx, b, seqOf[st.ID]); err != nil {
				return fmt.Errorf("history: %w", err)
			}
		}
	}
	if w.clearAll {
		return nil // clearSites deletes them all at the end
	}
	ids := make([]any, len(rows))
	for i, h := range rows {
		ids[i] = h.siteID
	}
	// One statement: children cascade and the index entries go by trigger.
	if _, err := w.tx.ExecContext(ctx, "DELETE FROM sites WHERE id IN ("+placeholders(len(ids))+")", ids...); err != nil {
		return fmt.Errorf("delete sites: %w", err)
	}
	return nil
}

// restoreSites brings back the sites of rows that do not exist, appending
// them in multi-row inserts and indexing them in one pass, and returns the
// rows whose site exists, for replayOne to update.
func (w *writer) restoreSites(ctx context.Context, rows []historyRow, undo bool) (rest []historyRow, err error) {
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]any, len(rows))
	for i, h := range rows {
		ids[i] = h.siteID
	}
	exists := map[string]bool{}
	res, err := w.tx.QueryContext(ctx, "SELECT id FROM sites WHERE id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	for res.Next() {
		var id string
		if err := res.Scan(&id); err != nil {
			res.Close()
			return nil, fmt.Errorf("history: %w", err)
		}
		exists[id] = true
	}
	res.Close()
	if err := res.Err(); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	var maxRow int64
	if err := w.tx.QueryRowContext(ctx, "SELECT ifnull(max(row), 0) FROM sites").Scan(&maxRow); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	ins := newBulkRows(w.tx, maxRow)
	defer ins.close()
	type withFiles struct {
		row int64
		sn  *snapshot
	}
	var attached []withFiles
	for _, h := range rows {
		if exists[h.siteID] {
			rest = append(rest, h)
			continue
		}
		sn, err := decodeSnapshot(h.targetOf(undo))
		if err != nil {
			return nil, err
		}
		row, err := ins.add(ctx, &sn.Site)
		if err != nil {
			return nil, err
		}
		if len(sn.Site.Attachments) > 0 {
			attached = append(attached, withFiles{row, sn})
		}
	}
	if err := ins.flush(ctx, true); err != nil {
		return nil, err
	}
	if err := w.index(ctx, "row > ?", maxRow); err != nil {
		return nil, err
	}
	for _, a := range attached {
		if err := syncAttachments(ctx, w.tx, a.row, a.sn); err != nil {
			return nil, err
		}
	}
	return rest, nil
}

// addedEverySite reports whether group grp did nothing but add sites and
// every site there is now is one of them: undoing it empties the database,
// which clearSites does at once.
func addedEverySite(ctx context.Context, tx *sql.Tx, grp int64) (bool, error) {
	var added, all int64
	err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE before IS NULL), count(*)
		FROM history WHERE undone = 0 AND grp = ?`, grp).Scan(&added, &all)
	if err != nil {
		return false, fmt.Errorf("history: %w", err)
	}
	if added == 0 || added != all {
		return false, nil
	}
	return sitesAre(ctx, tx, added)
}

// sitesAre reports whether the database holds exactly n sites, counting at
// most n+1 of them: a full count(*) reads a million rows, 200 ms, which an
// undo of one added site should not pay.
func sitesAre(ctx context.Context, tx *sql.Tx, n int64) (bool, error) {
	var count int64
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM sites LIMIT ?)", n+1).Scan(&count); err != nil {
		return false, fmt.Errorf("count sites: %w", err)
	}
	return count == n, nil
}

// clearSites deletes every site, and empties the R-tree and the full-text
// index in one step each. Row by row, the delete trigger would leave a
// tombstone per site in the full-text index, which FTS5 then merges at
// every statement: most of the time of undoing a big import.
func clearSites(ctx context.Context, tx *sql.Tx) error {
	var trigger string
	if err := tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'sites_delete_index'").Scan(&trigger); err != nil {
		return fmt.Errorf("clear sites: %w", err)
	}
	for _, q := range []string{
		"DROP TRIGGER sites_delete_index",
		"INSERT INTO sites_fts (sites_fts) VALUES ('delete-all')",
		"DELETE FROM sites_rtree",
		"DELETE FROM sites", // sources, observations and attachments cascade
		trigger,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("clear sites: %w", err)
		}
	}
	return nil
}

// loadSitesByID reads the sites with ids (without children), with their
// rows, in row order; ids that do not exist are left out.
func loadSitesByID(ctx context.Context, tx *sql.Tx, ids []string) ([]site.Site, []int64, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	res, err := tx.QueryContext(ctx, "SELECT row, "+siteColumns+" FROM sites WHERE id IN ("+placeholders(len(ids))+") ORDER BY row", args...)
	if err != nil {
		return nil, nil, fmt.Errorf("load sites: %w", err)
	}
	defer res.Close()
	var sites []site.Site
	var keys []int64
	for res.Next() {
		row, st, err := scanSite(res)
		if err != nil {
			return nil, nil, fmt.Errorf("load sites: %w", err)
		}
		sites, keys = append(sites, st), append(keys, row)
	}
	return sites, keys, res.Err()
}
