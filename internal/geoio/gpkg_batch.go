package geoio

import (
	"database/sql"
	"fmt"
	"strings"
)

// gpkgBatchRows is how many rows the GeoPackage writer inserts per
// statement. Row by row, the fixed cost of a statement (database/sql's
// locking and argument conversion, the driver's binding setup, SQLite's
// reset) was most of the writer's time; the store's bulk load found the
// same and settled on 32 too.
const gpkgBatchRows = 32

// rowBatch buffers the rows of one table and inserts them gpkgBatchRows to
// a statement, prepared once; the last few go in one statement at flush.
type rowBatch struct {
	tx     *sql.Tx
	head   string // INSERT INTO table (columns) VALUES
	width  int
	args   []any
	n      int
	full   *sql.Stmt
	prefix string // names the table in errors
}

func newRowBatch(tx *sql.Tx, table, columns string, width int) *rowBatch {
	head := "INSERT INTO " + table + " VALUES "
	if columns != "" {
		head = "INSERT INTO " + table + " (" + columns + ") VALUES "
	}
	return &rowBatch{tx: tx, head: head, width: width, prefix: table}
}

// add buffers one row of b.width values; values must not change later
// (copy reused buffers first).
func (b *rowBatch) add(vals ...any) error {
	if len(vals) != b.width {
		return fmt.Errorf("geoio: %s: %d values for %d columns", b.prefix, len(vals), b.width)
	}
	b.args = append(b.args, vals...)
	if b.n++; b.n == gpkgBatchRows {
		return b.flush()
	}
	return nil
}

// flush inserts the buffered rows.
func (b *rowBatch) flush() error {
	if b.n == 0 {
		return nil
	}
	var err error
	if b.n == gpkgBatchRows {
		if b.full == nil {
			if b.full, err = b.tx.Prepare(b.query(b.n)); err != nil {
				return fmt.Errorf("geoio: %s: %w", b.prefix, err)
			}
		}
		_, err = b.full.Exec(b.args...)
	} else {
		_, err = b.tx.Exec(b.query(b.n), b.args...)
	}
	if err != nil {
		return fmt.Errorf("geoio: writing %s: %w", b.prefix, err)
	}
	clear(b.args) // let the strings and blobs go
	b.args, b.n = b.args[:0], 0
	return nil
}

func (b *rowBatch) query(n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", b.width), ",") + ")"
	return b.head + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
}

func (b *rowBatch) close() {
	if b.full != nil {
		b.full.Close()
	}
}
