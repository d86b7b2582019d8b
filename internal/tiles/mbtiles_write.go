package tiles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
)

// MBTilesWriter writes tiles into an MBTiles file, creating it if needed;
// an existing file is kept and added to, which is how an interrupted area
// download resumes. It also reads, so the online cache uses it as its
// store. Safe for concurrent use.
type MBTilesWriter struct {
	db   *sql.DB
	path string
	mu   sync.Mutex // one writer at a time; SQLite would serialise anyway
	get  *sql.Stmt
	put  *sql.Stmt
	has  *sql.Stmt
}

const mbSchema = `
CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS metadata_name ON metadata (name);
CREATE TABLE IF NOT EXISTS tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
CREATE UNIQUE INDEX IF NOT EXISTS tile_index ON tiles (zoom_level, tile_column, tile_row);`

// CreateMBTiles opens or creates the MBTiles file at path for writing.
func CreateMBTiles(path string) (*MBTilesWriter, error) {
	dsn := sqliteURI(path, "mode=rwc&_pragma=busy_timeout(10000)&_pragma=journal_mode(DELETE)&_pragma=synchronous(NORMAL)")
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("create MBTiles %s: %w", filepath.Base(path), err)
	}
	db.SetMaxOpenConns(1)
	w := &MBTilesWriter{db: db, path: path}
	if err := w.init(); err != nil {
		db.Close()
		return nil, fmt.Errorf("create MBTiles %s: %w", filepath.Base(path), err)
	}
	return w, nil
}

func (w *MBTilesWriter) init() error {
	ctx := context.Background()
	if _, err := w.db.ExecContext(ctx, mbSchema); err != nil {
		return err
	}
	var err error
	if w.get, err = w.db.PrepareContext(ctx, `SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`); err != nil {
		return err
	}
	if w.has, err = w.db.PrepareContext(ctx, `SELECT 1 FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`); err != nil {
		return err
	}
	w.put, err = w.db.PrepareContext(ctx, `INSERT OR REPLACE INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)`)
	return err
}

// SetMetadata writes md into the metadata table (MBTiles 1.3 names).
func (w *MBTilesWriter) SetMetadata(md Metadata) error {
	b := md.Bounds
	if b == (orb.Bound{}) {
		b = WorldBounds
	}
	c := md.Center
	if c == ([2]float64{}) {
		c = b.Center()
	}
	ff := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	rows := [][2]string{
		{"name", md.Name}, {"description", md.Description}, {"attribution", md.Attribution},
		{"format", string(md.Format)}, {"minzoom", strconv.Itoa(md.MinZoom)}, {"maxzoom", strconv.Itoa(md.MaxZoom)},
		{"bounds", strings.Join([]string{ff(b.Min[0]), ff(b.Min[1]), ff(b.Max[0]), ff(b.Max[1])}, ",")},
		{"center", strings.Join([]string{ff(c[0]), ff(c[1]), strconv.Itoa(md.CenterZoom)}, ",")},
		{"type", "baselayer"}, {"version", "1.3"},
	}
	if md.Format.Vector() && len(md.VectorLayers) > 0 {
		var parts []string
		for _, l := range md.VectorLayers {
			parts = append(parts, fmt.Sprintf(`{"id":%q,"fields":{}}`, l))
		}
		rows = append(rows, [2]string{"json", `{"vector_layers":[` + strings.Join(parts, ",") + `]}`})
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, r := range rows {
		if _, err := tx.Exec(`INSERT OR REPLACE INTO metadata (name, value) VALUES (?, ?)`, r[0], r[1]); err != nil {
			return fmt.Errorf("MBTiles metadata: %w", err)
		}
	}
	return tx.Commit()
}

// Put stores tile t as given (vector tiles should be gzipped by the caller,
// as MBTiles readers expect).
func (w *MBTilesWriter) Put(ctx context.Context, t TileID, data []byte) error {
	if !t.Valid() {
		return fmt.Errorf("tile %s is outside the pyramid", t)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if _, err := w.put.ExecContext(ctx, t.Z, t.X, (1<<t.Z)-1-t.Y, data); err != nil {
		return fmt.Errorf("MBTiles put %s: %w", t, err)
	}
	return nil
}

// PutBatch stores several tiles in one transaction.
func (w *MBTilesWriter) PutBatch(ctx context.Context, ts []TileID, data [][]byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st := tx.StmtContext(ctx, w.put)
	for i, t := range ts {
		if _, err := st.ExecContext(ctx, t.Z, t.X, (1<<t.Z)-1-t.Y, data[i]); err != nil {
			return fmt.Errorf("MBTiles put %s: %w", t, err)
		}
	}
	return tx.Commit()
}

// Has reports whether tile t is stored.
func (w *MBTilesWriter) Has(ctx context.Context, t TileID) (bool, error) {
	var one int
	err := w.has.QueryRowContext(ctx, t.Z, t.X, (1<<t.Z)-1-t.Y).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Get returns the stored bytes of t as stored, or nil.
func (w *MBTilesWriter) Get(ctx context.Context, t TileID) ([]byte, error) {
	var b []byte
	err := w.get.QueryRowContext(ctx, t.Z, t.X, (1<<t.Z)-1-t.Y).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return b, err
}

// Count returns the number of stored tiles and their total size in bytes.
func (w *MBTilesWriter) Count(ctx context.Context) (n, size int64, err error) {
	err = w.db.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(length(tile_data)), 0) FROM tiles`).Scan(&n, &size)
	return n, size, err
}

// Close closes the file.
func (w *MBTilesWriter) Close() error {
	for _, s := range []*sql.Stmt{w.get, w.put, w.has} {
		if s != nil {
			s.Close()
		}
	}
	return w.db.Close()
}
