package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/siteatlas/siteatlas/internal/site"
)

// bulkRowsPerStatement is how many rows a bulk load writes per statement.
// Every statement shape is prepared once, and a prepared INSERT of n rows
// holds a program of n times its columns: fixed counts keep that to a
// handful of statements (a count per batch size of children would prepare
// a hundred, ~12 MiB).
const bulkRowsPerStatement = 32

// bulkRows buffers the rows of a bulk load and writes them in multi-row
// INSERTs. Each statement has a fixed cost (database/sql's argument
// conversion and locking, the driver's binding setup, SQLite's reset) that
// row-by-row inserts paid about five times per site; in batches it is paid
// a few times per 32 sites. Rows are numbered here, so that children can be
// buffered with their site's row before it is written.
type bulkRows struct {
	tx   *sql.Tx
	next int64 // row of the next site
	// Flattened arguments of the rows not yet written, and their counts.
	sites, sources, observations    []any
	nSites, nSources, nObservations int
	stmts                           map[string]*sql.Stmt // by table and row count
}

func newBulkRows(tx *sql.Tx, maxRow int64) *bulkRows {
	return &bulkRows{tx: tx, next: maxRow + 1, stmts: map[string]*sql.Stmt{}}
}

// add buffers st with its children and returns its row; every bulkSites
// sites the buffers are written.
func (b *bulkRows) add(ctx context.Context, st *site.Site) (int64, error) {
	args, err := siteArgs(st)
	if err != nil {
		return 0, err
	}
	row := b.next
	b.next++
	b.sites = append(append(b.sites, row), args...)
	b.nSites++
	for i := range st.Sources {
		x := &st.Sources[i]
		b.sources = append(b.sources, row, i, x.ID, x.Title, x.Publisher, x.URL, string(x.Published),
			string(x.Accessed), x.Excerpt, x.Reliability, x.Credibility, boolInt(x.Confidential))
		b.nSources++
	}
	for i := range st.Observations {
		x := &st.Observations[i]
		b.observations = append(b.observations, row, i, x.ID, string(x.Date), string(x.Status), x.Note,
			x.SourceID, boolInt(x.Confidential))
		b.nObservations++
	}
	if b.nSites >= bulkRowsPerStatement {
		return row, b.flush(ctx, false)
	}
	return row, nil
}

// flush writes the buffered rows in statements of bulkRowsPerStatement
// rows, sites first, as their children refer to them; children short of a
// full statement wait for the next flush unless all is true.
func (b *bulkRows) flush(ctx context.Context, all bool) error {
	for _, t := range []struct {
		table, columns string
		n              *int
		args           *[]any
	}{
		{"sites", "row, " + siteColumns, &b.nSites, &b.sites},
		{"sources", sourceColumns, &b.nSources, &b.sources},
		{"observations", observationColumns, &b.nObservations, &b.observations},
	} {
		if *t.n == 0 {
			continue
		}
		width := len(*t.args) / *t.n
		written := 0
		for *t.n-written >= bulkRowsPerStatement || all && written < *t.n {
			n := min(*t.n-written, bulkRowsPerStatement)
			st, err := b.stmt(ctx, t.table, t.columns, n, width)
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, (*t.args)[written*width:(written+n)*width]...); err != nil {
				return fmt.Errorf("write %s: %w", t.table, err)
			}
			written += n
		}
		left := copy(*t.args, (*t.args)[written*width:])
		clear((*t.args)[left:]) // let the strings go
		*t.args, *t.n = (*t.args)[:left], *t.n-written
	}
	return nil
}

// stmt prepares (once per table and count) an INSERT of n rows of width
// values each.
func (b *bulkRows) stmt(ctx context.Context, table, columns string, n, width int) (*sql.Stmt, error) {
	key := fmt.Sprintf("%s/%d", table, n)
	if st := b.stmts[key]; st != nil {
		return st, nil
	}
	one := "(" + placeholders(width) + ")"
	query := "INSERT INTO " + table + " (" + columns + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
	st, err := b.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	b.stmts[key] = st
	return st, nil
}

func (b *bulkRows) close() {
	for _, st := range b.stmts {
		st.Close()
	}
	clear(b.stmts)
}
