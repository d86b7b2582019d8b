package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Import is a bulk import in progress: one transaction, holding the write
// lock, until Commit or Rollback. Until Commit nothing is visible to other
// connections, and after Rollback (or a crash) the file is as it was. An
// Import is not safe for concurrent use; Put from one goroutine.
//
// It is the hot path of the product (a million sites per import), so it
// writes sites and children with prepared statements and leaves the R-tree,
// the full-text index and the history of added sites to three set-based
// statements at Commit.
type Import struct {
	s       *Store
	ctx     context.Context
	tx      *sql.Tx
	w       *writer
	maxRow  int64   // sites.row above this were added by this import
	touched []int64 // rows of existing sites this import updated
	added   int
	updated int
	done    bool
}

// BeginImport starts an import recorded for undo as one action with label,
// such as "Import ports.geojson". ctx bounds the whole import.
func (s *Store) BeginImport(ctx context.Context, label string) (*Import, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", classify(s.path, err))
	}
	im := &Import{s: s, ctx: ctx, tx: tx}
	group, err := newGroup(ctx, tx)
	if err == nil {
		err = tx.QueryRowContext(ctx, "SELECT ifnull(max(row), 0) FROM sites").Scan(&im.maxRow)
	}
	if err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("begin import: %w", classify(s.path, err))
	}
	im.w = &writer{tx: tx, group: group, label: label, time: millis(now())}
	return im, nil
}

// Put adds st, or updates the existing site with the same ID (added false).
// A site without an ID gets a new one; missing Created and Updated times
// become now (an update keeps the stored Created). Attachments of an updated
// site are kept. The error names the site; the import can go on after a
// validation error, but the caller decides whether to Commit.
func (im *Import) Put(st site.Site) (added bool, err error) {
	if im.done {
		return false, ErrImportDone
	}
	if err := im.ctx.Err(); err != nil {
		return false, err
	}
	t := im.w.time
	keepCreated := st.Created.IsZero()
	if keepCreated {
		st.Created = fromMillis(t)
	}
	if st.Updated.IsZero() {
		st.Updated = fromMillis(t)
	}
	if err := prepareSite(&st); err != nil {
		return false, err
	}
	row, added, err := im.w.insertSite(im.ctx, &st)
	if err != nil {
		return false, classify(im.s.path, err)
	}
	if added {
		im.added++
		return true, nil
	}
	old, row, err := loadSnapshot(im.ctx, im.tx, st.ID, false)
	if err != nil {
		return false, err
	}
	if keepCreated {
		st.Created = old.Site.Created
	}
	st.Attachments = old.Site.Attachments
	if err := im.w.updateSite(im.ctx, row, &st); err != nil {
		return false, classify(im.s.path, err)
	}
	// A site added earlier in this same import is indexed and recorded at
	// Commit with the others; only sites that existed before need this.
	if row <= im.maxRow {
		if err := im.w.unindex(im.ctx, row); err != nil {
			return false, err
		}
		if !im.touchedAlready(row) {
			im.touched = append(im.touched, row)
			// Only "before" is stored: "after" is captured on undo.
			if err := im.w.record(im.ctx, st.ID, old, nil); err != nil {
				return false, err
			}
		}
	}
	im.updated++
	return false, nil
}

// touchedAlready: a file may hold the same ID twice; the second Put must
// not record a "before" that is really the first Put's result. The last few
// rows cover the adjacent duplicates files have in practice.
func (im *Import) touchedAlready(row int64) bool {
	for i := len(im.touched) - 1; i >= 0 && i >= len(im.touched)-64; i-- {
		if im.touched[i] == row {
			return true
		}
	}
	return false
}

// Added and Updated count the sites Put so far.
func (im *Import) Added() int   { return im.added }
func (im *Import) Updated() int { return im.updated }

// Commit indexes what the import wrote, records the added sites in history
// and makes everything visible at once.
func (im *Import) Commit() error {
	if im.done {
		return ErrImportDone
	}
	im.done = true
	defer im.tx.Rollback()
	defer im.w.close()
	ctx, w := im.ctx, im.w
	if err := w.index(ctx, "row > ?", im.maxRow); err != nil {
		return fmt.Errorf("commit import: %w", classify(im.s.path, err))
	}
	if len(im.touched) > 0 {
		if err := w.index(ctx, "row IN (SELECT value FROM json_each(?))", intsJSON(im.touched)); err != nil {
			return fmt.Errorf("commit import: %w", classify(im.s.path, err))
		}
	}
	// Added sites are recorded by ID only: undo deletes them, capturing
	// their state first so that redo can restore it.
	if _, err := im.tx.ExecContext(ctx, `INSERT INTO history (grp, time, label, site_id)
		SELECT ?, ?, ?, id FROM sites WHERE row > ? ORDER BY row`, w.group, w.time, w.label, im.maxRow); err != nil {
		return fmt.Errorf("commit import: %w", classify(im.s.path, err))
	}
	if err := im.tx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", classify(im.s.path, err))
	}
	return nil
}

// Rollback abandons the import: the database is left exactly as it was.
// Calling it after Commit is a no-op, so it can be deferred.
func (im *Import) Rollback() error {
	if im.done {
		return nil
	}
	im.done = true
	im.w.close()
	if err := im.tx.Rollback(); err != nil {
		return fmt.Errorf("roll back import: %w", err)
	}
	return nil
}

func intsJSON(v []int64) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, x := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(x, 10))
	}
	b.WriteByte(']')
	return b.String()
}
