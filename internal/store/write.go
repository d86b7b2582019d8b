package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/siteatlas/siteatlas/internal/site"
)

// writer performs the row-level writes of one transaction: CRUD, undo/redo
// and imports all go through it, so that indexes, categories and history are
// kept the same way everywhere. Statements are prepared on first use and
// reused for the rest of the transaction.
type writer struct {
	tx    *sql.Tx
	group int64
	label string
	time  int64 // Unix ms, the same for every history row of the group

	insSite, updSite, insSource, insObs, delSources, delObs, insHistory, setAfter *sql.Stmt

	// clearAll: an undo that removes every site there is (an import into
	// an empty database); the sites are deleted at the end, at once.
	clearAll bool

	// What an undo or redo did, site by site, until many sites changed.
	replayed []ReplayedSite
	many     bool
}

var (
	insertSiteSQL = "INSERT INTO sites (" + siteColumns + ") VALUES (" +
		placeholders(strings.Count(siteColumns, ",")+1) +
		") ON CONFLICT (id) DO NOTHING"
	updateSiteSQL = func() string {
		cols := strings.Split(siteColumns, ",")
		for i, c := range cols {
			cols[i] = strings.TrimSpace(c) + " = ?"
		}
		// Every rewrite of a site (edit, import, undo, redo) is a new
		// revision: the counter a returning file's base is compared with.
		return "UPDATE sites SET " + strings.Join(cols, ", ") + ", revision = revision + 1 WHERE row = ?"
	}()
	insertSourceSQL      = "INSERT INTO sources (" + sourceColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
	insertObservationSQL = "INSERT INTO observations (" + observationColumns + ") VALUES (?,?,?,?,?,?,?,?)"
)

func (w *writer) stmt(ctx context.Context, p **sql.Stmt, query string) (*sql.Stmt, error) {
	if *p == nil {
		st, err := w.tx.PrepareContext(ctx, query)
		if err != nil {
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*p = st
	}
	return *p, nil
}

// close releases the prepared statements (the transaction ends them too,
// but an import may commit long after its last Put).
func (w *writer) close() {
	for _, p := range []**sql.Stmt{&w.insSite, &w.updSite, &w.insSource, &w.insObs, &w.delSources, &w.delObs, &w.insHistory, &w.setAfter} {
		if *p != nil {
			(*p).Close()
			*p = nil
		}
	}
}

// insertSite inserts st with its sources and observations unless a site with
// its ID exists, in which case it writes nothing and returns added false.
func (w *writer) insertSite(ctx context.Context, st *site.Site) (row int64, added bool, err error) {
	args, err := siteArgs(st)
	if err != nil {
		return 0, false, err
	}
	ins, err := w.stmt(ctx, &w.insSite, insertSiteSQL)
	if err != nil {
		return 0, false, err
	}
	res, err := ins.ExecContext(ctx, args...)
	if err != nil {
		return 0, false, fmt.Errorf("insert site %s: %w", st.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, false, nil
	}
	row, err = res.LastInsertId()
	if err != nil {
		return 0, false, err
	}
	return row, true, w.insertChildren(ctx, row, st)
}

// updateSite overwrites the row and replaces sources and observations.
func (w *writer) updateSite(ctx context.Context, row int64, st *site.Site) error {
	args, err := siteArgs(st)
	if err != nil {
		return err
	}
	upd, err := w.stmt(ctx, &w.updSite, updateSiteSQL)
	if err != nil {
		return err
	}
	if _, err := upd.ExecContext(ctx, append(args, row)...); err != nil {
		return fmt.Errorf("update site %s: %w", st.ID, err)
	}
	delS, err := w.stmt(ctx, &w.delSources, "DELETE FROM sources WHERE site = ?")
	if err != nil {
		return err
	}
	if _, err := delS.ExecContext(ctx, row); err != nil {
		return fmt.Errorf("update site %s: %w", st.ID, err)
	}
	delO, err := w.stmt(ctx, &w.delObs, "DELETE FROM observations WHERE site = ?")
	if err != nil {
		return err
	}
	if _, err := delO.ExecContext(ctx, row); err != nil {
		return fmt.Errorf("update site %s: %w", st.ID, err)
	}
	return w.insertChildren(ctx, row, st)
}

func (w *writer) insertChildren(ctx context.Context, row int64, st *site.Site) error {
	if len(st.Sources) > 0 {
		ins, err := w.stmt(ctx, &w.insSource, insertSourceSQL)
		if err != nil {
			return err
		}
		for i := range st.Sources {
			x := &st.Sources[i]
			if _, err := ins.ExecContext(ctx, row, i, x.ID, x.Title, x.Publisher, x.URL, string(x.Published),
				string(x.Accessed), x.Excerpt, x.Reliability, x.Credibility, boolInt(x.Confidential)); err != nil {
				return fmt.Errorf("site %s: insert source %d: %w", st.ID, i, err)
			}
		}
	}
	if len(st.Observations) > 0 {
		ins, err := w.stmt(ctx, &w.insObs, insertObservationSQL)
		if err != nil {
			return err
		}
		for i := range st.Observations {
			x := &st.Observations[i]
			if _, err := ins.ExecContext(ctx, row, i, x.ID, string(x.Date), string(x.Status), x.Note,
				x.SourceID, boolInt(x.Confidential)); err != nil {
				return fmt.Errorf("site %s: insert observation %d: %w", st.ID, i, err)
			}
		}
	}
	return nil
}

// ftsWords is the text the full-text index holds for a site: aliases and tags
// are JSON arrays, whose brackets and quotes the tokenizer skips.
const ftsWords = `name || ' ' || ifnull(aliases, '') || ' ' || city || ' ' || province || ' ' ||
	operator || ' ' || ifnull(tags, '') || ' ' || notes`

// index adds the sites matching cond (an expression on sites, with args) to
// the R-tree, the full-text index and the used categories, in three
// set-based statements: per-row R-tree inserts from Go cost ~8x more.
// Sites go into the R-tree in strips of 1/64 degree of latitude, west to
// east, so that consecutive inserts descend to the same few nodes: in file
// order each insert of a million-site import visits nodes all over the tree,
// which a small page cache cannot hold.
func (w *writer) index(ctx context.Context, cond string, args ...any) error {
	stmts := []string{
		"INSERT INTO sites_rtree (id, minx, maxx, miny, maxy) SELECT row, minx, maxx, miny, maxy FROM sites WHERE geom IS NOT NULL AND (" + cond + ") ORDER BY CAST((miny + 90) * 64 AS INTEGER), minx",
		"INSERT INTO sites_fts (rowid, words, cjk) SELECT row, w, siteatlas_cjk(w) FROM (SELECT row, " + ftsWords + " AS w FROM sites WHERE " + cond + ")",
		"INSERT OR IGNORE INTO categories (name) SELECT DISTINCT category FROM sites WHERE category != '' AND (" + cond + ")",
	}
	for _, q := range stmts {
		if _, err := w.tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("index sites: %w", err)
		}
	}
	return nil
}

func (w *writer) indexSite(ctx context.Context, id string) error {
	return w.index(ctx, "id = ?", id)
}

// unindex removes a site's R-tree and full-text entries before it is
// rewritten; deletes are handled by a trigger.
func (w *writer) unindex(ctx context.Context, row int64) error {
	if _, err := w.tx.ExecContext(ctx, "DELETE FROM sites_rtree WHERE id = ?", row); err != nil {
		return fmt.Errorf("unindex site: %w", err)
	}
	if _, err := w.tx.ExecContext(ctx, "DELETE FROM sites_fts WHERE rowid = ?", row); err != nil {
		return fmt.Errorf("unindex site: %w", err)
	}
	return nil
}

// record adds one history row to the writer's group.
func (w *writer) record(ctx context.Context, id string, before, after *snapshot) error {
	b, err := before.encode()
	if err != nil {
		return err
	}
	a, err := after.encode()
	if err != nil {
		return err
	}
	ins, err := w.stmt(ctx, &w.insHistory, "INSERT INTO history (grp, time, label, site_id, before, after) VALUES (?,?,?,?,?,?)")
	if err != nil {
		return err
	}
	if _, err := ins.ExecContext(ctx, w.group, w.time, w.label, id, b, a); err != nil {
		return fmt.Errorf("record history: %w", err)
	}
	return nil
}

// newGroup starts a history group: a new action discards whatever could
// have been redone, as every editor does.
func newGroup(ctx context.Context, tx *sql.Tx) (int64, error) {
	if _, err := tx.ExecContext(ctx, "DELETE FROM history WHERE undone = 1"); err != nil {
		return 0, fmt.Errorf("history: %w", err)
	}
	// Groups grow with seq, so the last row has the largest group; max(grp)
	// would scan a million rows after a big import.
	var g int64
	if err := tx.QueryRowContext(ctx, "SELECT ifnull((SELECT grp FROM history ORDER BY seq DESC LIMIT 1), 0) + 1").Scan(&g); err != nil {
		return 0, fmt.Errorf("history: %w", err)
	}
	return g, nil
}
