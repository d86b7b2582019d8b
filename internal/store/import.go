package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
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
//
// Into a database without sites it is a bulk load (Bulk): the index on
// site IDs is dropped for the import and built once at Commit by sorting,
// so every write appends (rows, children, history) and a small page cache
// suffices; a random-UUID index maintained row by row needs the whole index
// in the cache or costs a random page per site. The price is that an ID
// repeated within the import is found only at Commit (ErrDuplicateIDs).
type Import struct {
	s    *Store
	ctx  context.Context
	conn *sql.Conn
	tx   *sql.Tx
	bulk bool
	// replace: ImportOptions.Replace.
	replace bool
	// journal: a bulk load left write-ahead logging (ImportOptions.Alone)
	// and returns to it when it ends.
	journal bool
	rows    *bulkRows // a bulk load's buffered writes
	w       *writer
	maxRow  int64   // sites.row above this were added by this import
	touched []int64 // rows of existing sites this import updated
	added   int
	updated int
	// unchanged counts updates that changed nothing.
	unchanged int
	done      bool
}

// ImportOptions adjust BeginImportWith.
type ImportOptions struct {
	// RowByRow keeps the ID index during the import even into an empty
	// database: duplicates are then updates, found as they are put.
	RowByRow bool
	// Alone says the caller is the only user of the Store while the import
	// runs (a command-line import). A bulk load into an empty database may
	// then leave write-ahead logging for its duration and write each page
	// once, into the database file, with a rollback journal for the few
	// pages that existed before (the rest is new and needs none); a crash
	// still leaves all or nothing. Other processes wait for the import
	// instead of reading the empty database meanwhile. It falls back to the
	// log when another connection has the database open.
	Alone bool
	// Replace makes PutCarried replace a stored site with the record, as
	// Put does, instead of merging what the record carried: the user asked
	// for the file's version, children it does not mention included.
	Replace bool
}

// rowByRowCacheKiB is the page cache of an import into a database that has
// sites: its ID index (about 50 MB for a million sites) is probed and
// updated at random and is much slower when it does not fit.
const rowByRowCacheKiB = 64 << 10

// bulkCacheKiB is the page cache of a bulk load, which appends to every
// B-tree it writes and so needs only the right edge of each in memory. The
// sort that builds the ID index at Commit also keeps its runs to this size.
const bulkCacheKiB = 2 << 10

// BeginImport starts an import recorded for undo as one action with label,
// such as "Import ports.geojson". ctx bounds the whole import.
func (s *Store) BeginImport(ctx context.Context, label string) (*Import, error) {
	return s.BeginImportWith(ctx, label, ImportOptions{})
}

// BeginImportWith is BeginImport with options.
func (s *Store) BeginImportWith(ctx context.Context, label string, opts ImportOptions) (_ *Import, err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin import: %w", classify(s.path, err))
	}
	im := &Import{s: s, ctx: ctx, conn: conn, replace: opts.Replace}
	defer func() {
		if err != nil {
			im.release()
			err = fmt.Errorf("begin import: %w", classify(s.path, err))
		}
	}()
	if opts.Alone && !opts.RowByRow {
		if err := im.leaveWAL(ctx); err != nil {
			return nil, err
		}
	}
	if im.tx, err = conn.BeginTx(ctx, nil); err != nil {
		return nil, err
	}
	group, err := newGroup(ctx, im.tx)
	if err != nil {
		return nil, err
	}
	if err := im.tx.QueryRowContext(ctx, "SELECT ifnull(max(row), 0), NOT EXISTS (SELECT 1 FROM sites) FROM sites").Scan(&im.maxRow, &im.bulk); err != nil {
		return nil, err
	}
	im.bulk = im.bulk && !opts.RowByRow
	cache := rowByRowCacheKiB
	if im.bulk {
		// Both indexes are keyed by random UUIDs: built by sorting at
		// Commit instead of written at random row by row.
		if _, err = im.tx.ExecContext(ctx, "DROP INDEX sites_by_id; DROP INDEX history_by_site"); err != nil {
			return nil, err
		}
		cache = bulkCacheKiB
	}
	if _, err = im.tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", cache)); err != nil {
		return nil, err
	}
	im.w = &writer{tx: im.tx, group: group, label: label, time: millis(now())}
	if im.bulk {
		im.rows = newBulkRows(im.tx, im.maxRow)
	}
	return im, nil
}

// leaveWAL switches an empty database to a rollback journal for a bulk
// load, if no other connection has it open (SQLite refuses otherwise).
func (im *Import) leaveWAL(ctx context.Context) error {
	var empty bool
	if err := im.conn.QueryRowContext(ctx, "SELECT NOT EXISTS (SELECT 1 FROM sites)").Scan(&empty); err != nil || !empty {
		return err
	}
	// Idle connections of our own pool count as other connections.
	im.s.db.SetMaxIdleConns(0)
	im.s.db.SetMaxIdleConns(defaultMaxIdle)
	var mode string
	if err := im.conn.QueryRowContext(ctx, "PRAGMA journal_mode = DELETE").Scan(&mode); err != nil {
		if errors.Is(classify(im.s.path, err), ErrLocked) {
			return nil // someone else has it open: keep the log
		}
		return err
	}
	if mode != "delete" {
		return nil
	}
	im.journal = true
	// FULL: the journal is synced before the database file is written.
	_, err := im.conn.ExecContext(ctx, "PRAGMA synchronous = FULL")
	return err
}

// Bulk reports whether the import is a bulk load (see Import).
func (im *Import) Bulk() bool { return im.bulk }

// release ends the transaction if it is still open and hands the connection
// back to the pool with the usual page cache.
func (im *Import) release() {
	if im.tx != nil {
		im.tx.Rollback()
	}
	if im.journal {
		// Back to the log. Should another process have opened the file
		// meanwhile, its connection switches the log back on instead.
		im.conn.ExecContext(context.Background(), "PRAGMA journal_mode = WAL")
		im.conn.ExecContext(context.Background(), "PRAGMA synchronous = NORMAL")
	}
	if _, err := im.conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = -%d", im.s.cacheKiB)); err != nil {
		im.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	im.conn.Close()
}

// Put adds st, or replaces the existing site with the same ID (added
// false). A site without an ID gets a new one; missing Created and Updated
// times become now (an update keeps the stored Created). Attachments of an
// updated site are kept. The error names the site; the import can go on
// after a validation error, but the caller decides whether to Commit.
func (im *Import) Put(st site.Site) (added bool, err error) {
	res, err := im.put(st, site.AllFields, true)
	return res.Added, err
}

// PutResult says what PutCarried did with one site.
type PutResult struct {
	Added bool
	// Replaced: an update replaced the stored site (ImportOptions.Replace).
	Replaced bool
	// Merged says what a merging update changed and kept; Merged.Unchanged
	// means nothing was written.
	Merged site.Merged
	// Name is the site's name as stored after the put.
	Name string
}

// PutCarried adds st, or updates the stored site with its ID from a record
// that carried only the fields in carried: what the record did not carry
// (fields, sources, observations, extra properties, a confidential flag it
// did not state) stays as stored (site.MergeUpdate). An update that changes
// nothing writes nothing, not even history.
func (im *Import) PutCarried(st site.Site, carried site.Fields) (PutResult, error) {
	return im.put(st, carried, im.replace)
}

func (im *Import) put(st site.Site, carried site.Fields, replace bool) (PutResult, error) {
	var res PutResult
	if im.done {
		return res, ErrImportDone
	}
	if err := im.ctx.Err(); err != nil {
		return res, err
	}
	t := im.w.time
	keepCreated := st.Created.IsZero()
	if keepCreated {
		st.Created = fromMillis(t)
	}
	keepUpdated := st.Updated.IsZero()
	if keepUpdated {
		st.Updated = fromMillis(t)
	}
	if err := prepareSite(&st); err != nil {
		return res, err
	}
	res.Name = st.Name
	if im.bulk {
		// Every site is new; a repeated ID is found at Commit.
		if _, err := im.rows.add(im.ctx, &st); err != nil {
			return res, classify(im.s.path, err)
		}
		im.added++
		res.Added = true
		return res, nil
	}
	_, added, err := im.w.insertSite(im.ctx, &st)
	if err != nil {
		return res, classify(im.s.path, err)
	}
	if added {
		im.added++
		res.Added = true
		return res, nil
	}
	old, row, err := loadSnapshot(im.ctx, im.tx, st.ID, false)
	if err != nil {
		return res, err
	}
	if replace {
		if keepCreated {
			st.Created = old.Site.Created
		}
		st.Attachments = old.Site.Attachments
		res.Replaced = true
	} else {
		if keepCreated {
			carried &^= site.FieldCreated
		}
		if keepUpdated {
			carried &^= site.FieldUpdated
		}
		st, res.Merged = site.MergeUpdate(old.Site, st, carried)
		res.Name = st.Name
		if res.Merged.Unchanged() {
			im.unchanged++
			return res, nil
		}
		if keepUpdated {
			st.Updated = fromMillis(t)
		}
		if err := prepareSite(&st); err != nil {
			return res, err
		}
	}
	if err := im.w.updateSite(im.ctx, row, &st); err != nil {
		return res, classify(im.s.path, err)
	}
	// A site added earlier in this same import is indexed and recorded at
	// Commit with the others; only sites that existed before need this.
	if row <= im.maxRow {
		if err := im.w.unindex(im.ctx, row); err != nil {
			return res, err
		}
		if !im.touchedAlready(row) {
			im.touched = append(im.touched, row)
			// Only "before" is stored: "after" is captured on undo.
			if err := im.w.record(im.ctx, st.ID, old, nil); err != nil {
				return res, err
			}
		}
	}
	im.updated++
	return res, nil
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

// Added and Updated count the sites Put so far; Unchanged the updates
// that changed nothing and so wrote nothing.
func (im *Import) Added() int     { return im.added }
func (im *Import) Updated() int   { return im.updated }
func (im *Import) Unchanged() int { return im.unchanged }

// Commit indexes what the import wrote, records the added sites in history
// and makes everything visible at once.
func (im *Import) Commit() error {
	if im.done {
		return ErrImportDone
	}
	im.done = true
	defer im.release()
	defer im.w.close()
	ctx, w := im.ctx, im.w
	if im.bulk {
		err := im.rows.flush(ctx, true)
		im.rows.close()
		if err != nil {
			return fmt.Errorf("commit import: %w", classify(im.s.path, err))
		}
		if _, err := im.tx.ExecContext(ctx, "CREATE UNIQUE INDEX sites_by_id ON sites (id)"); err != nil {
			if isConstraint(err) {
				return ErrDuplicateIDs
			}
			return fmt.Errorf("commit import: %w", classify(im.s.path, err))
		}
	}
	if err := w.index(ctx, "row > ?", im.maxRow); err != nil {
		return fmt.Errorf("commit import: %w", classify(im.s.path, err))
	}
	if len(im.touched) > 0 {
		if err := w.index(ctx, "row IN (SELECT value FROM json_each(?))", intsJSON(im.touched)); err != nil {
			return fmt.Errorf("commit import: %w", classify(im.s.path, err))
		}
	}
	// Added sites are recorded by ID only: undo deletes them, capturing
	// their state first so that redo can restore them, in this order.
	if _, err := im.tx.ExecContext(ctx, `INSERT INTO history (grp, time, label, site_id)
		SELECT ?, ?, ?, id FROM sites WHERE row > ? ORDER BY row`, w.group, w.time, w.label, im.maxRow); err != nil {
		return fmt.Errorf("commit import: %w", classify(im.s.path, err))
	}
	if im.bulk {
		if _, err := im.tx.ExecContext(ctx, "CREATE INDEX history_by_site ON history (site_id, seq)"); err != nil {
			return fmt.Errorf("commit import: %w", classify(im.s.path, err))
		}
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
	if im.rows != nil {
		im.rows.close()
	}
	err := im.tx.Rollback()
	im.tx = nil
	im.release()
	if err != nil {
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
