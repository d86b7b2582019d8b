package tiles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	_ "modernc.org/sqlite" // the database/sql driver
)

// MBTiles reads (and, for the cache and area downloads, writes) an MBTiles
// 1.3 file: a SQLite database with a metadata table and a tiles table whose
// rows count from the south (TMS), flipped here to XYZ.
type MBTiles struct {
	db   *sql.DB
	get  *sql.Stmt
	meta Metadata
	path string
}

// sqliteURI returns a read-only SQLite URI for path; file names may hold
// any character ("stamen_toner(raster)CC-BY+ODbL_z3.pmtiles").
func sqliteURI(path string, params string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	if filepath.VolumeName(path) != "" {
		// C:\maps\area.mbtiles is file:///C:/maps/area.mbtiles.
		return "file:///" + r.Replace(filepath.ToSlash(path)) + "?" + params
	}
	return "file:" + r.Replace(path) + "?" + params
}

// OpenMBTiles opens an MBTiles file read-only.
func OpenMBTiles(path string) (*MBTiles, error) {
	db, err := sql.Open("sqlite", sqliteURI(path, "mode=ro&_pragma=busy_timeout(5000)"))
	if err != nil {
		return nil, fmt.Errorf("open MBTiles %s: %w", filepath.Base(path), err)
	}
	m, err := newMBTiles(db, path)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open MBTiles %s: %w", filepath.Base(path), err)
	}
	return m, nil
}

func newMBTiles(db *sql.DB, path string) (*MBTiles, error) {
	ctx := context.Background()
	m := &MBTiles{db: db, path: path}
	var err error
	m.get, err = db.PrepareContext(ctx, `SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`)
	if err != nil {
		return nil, fmt.Errorf("no tiles table (%w)", err)
	}
	m.meta, err = readMBMetadata(ctx, db)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// readMBMetadata reads the metadata table, filling in what is missing
// (format, zoom range) from the tiles themselves.
func readMBMetadata(ctx context.Context, db *sql.DB) (Metadata, error) {
	md := Metadata{MinZoom: -1, MaxZoom: -1, Bounds: WorldBounds}
	rows, err := db.QueryContext(ctx, `SELECT name, value FROM metadata`)
	if err != nil {
		return md, fmt.Errorf("no metadata table (%w)", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var v sql.NullString
		if err := rows.Scan(&k, &v); err != nil {
			return md, err
		}
		s := strings.TrimSpace(v.String)
		switch strings.ToLower(k) {
		case "name":
			md.Name = s
		case "description":
			md.Description = s
		case "attribution":
			md.Attribution = cleanAttribution(s)
		case "format":
			md.Format = parseFormat(s)
		case "minzoom":
			if z, err := strconv.Atoi(s); err == nil && z >= 0 && z <= MaxZoom {
				md.MinZoom = z
			}
		case "maxzoom":
			if z, err := strconv.Atoi(s); err == nil && z >= 0 && z <= MaxZoom {
				md.MaxZoom = z
			}
		case "bounds":
			if f, ok := parseNumbers(s, 4); ok && f[0] < f[2] && f[1] < f[3] {
				md.Bounds = orb.Bound{Min: orb.Point{f[0], f[1]}, Max: orb.Point{f[2], f[3]}}
			}
		case "center":
			if f, ok := parseNumbers(s, 3); ok {
				md.Center, md.CenterZoom = orb.Point{f[0], f[1]}, int(f[2])
			} else if f, ok := parseNumbers(s, 2); ok {
				md.Center = orb.Point{f[0], f[1]}
			}
		case "json":
			var tmp Metadata
			parseJSONMetadata([]byte(s), &tmp)
			md.VectorLayers = tmp.VectorLayers
		}
	}
	if err := rows.Err(); err != nil {
		return md, err
	}
	if md.MinZoom < 0 || md.MaxZoom < 0 {
		var lo, hi sql.NullInt64
		if err := db.QueryRowContext(ctx, `SELECT min(zoom_level), max(zoom_level) FROM tiles`).Scan(&lo, &hi); err != nil {
			return md, fmt.Errorf("zoom range: %w", err)
		}
		if md.MinZoom < 0 {
			md.MinZoom = int(max(0, min(lo.Int64, MaxZoom)))
		}
		if md.MaxZoom < 0 {
			md.MaxZoom = int(max(0, min(hi.Int64, MaxZoom)))
		}
	}
	if md.Format == FormatUnknown {
		var b []byte
		err := db.QueryRowContext(ctx, `SELECT tile_data FROM tiles WHERE tile_data IS NOT NULL LIMIT 1`).Scan(&b)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return md, fmt.Errorf("sniff format: %w", err)
		}
		md.Format = sniffFormat(b)
	}
	if md.Center == (orb.Point{}) {
		md.Center = md.Bounds.Center()
	}
	return md, nil
}

func parseNumbers(s string, n int) ([]float64, bool) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, false
	}
	out := make([]float64, n)
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// cleanAttribution turns the HTML credit of TileJSON ("<a href=…>©
// OpenStreetMap</a>") into plain text for the map corner.
func cleanAttribution(s string) string {
	s = html.UnescapeString(tagRE.ReplaceAllString(s, ""))
	return strings.Join(strings.Fields(s), " ")
}

// Metadata returns the file's metadata.
func (m *MBTiles) Metadata() Metadata { return m.meta }

// Tile returns tile t (gzip removed), or nil when the file lacks it.
func (m *MBTiles) Tile(ctx context.Context, t TileID) ([]byte, error) {
	if !t.Valid() {
		return nil, nil
	}
	var b []byte
	err := m.get.QueryRowContext(ctx, t.Z, t.X, (1<<t.Z)-1-t.Y).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) || err == nil && len(b) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("MBTiles tile %s: %w", t, err)
	}
	if b, err = gunzipIf(b); err != nil {
		return nil, fmt.Errorf("MBTiles tile %s: %w", t, err)
	}
	return b, nil
}

// Close closes the database.
func (m *MBTiles) Close() error {
	m.get.Close()
	return m.db.Close()
}
