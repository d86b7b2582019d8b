package geoio

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// gpkgApplicationID is 'GPKG' and gpkgUserVersion 1.3.0, as GeoPackage 1.3
// requires in the SQLite header.
const (
	gpkgApplicationID = 0x47504B47
	gpkgUserVersion   = 10300
)

// wgs84WKT is the definition GDAL writes for EPSG:4326.
const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// gpkgSchema is the GeoPackage core (GeoPackage 1.3 annex C) plus the
// schema extension's tables, which carry the JSON subtype of columns.
var gpkgSchema = []string{
	`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
	`INSERT INTO gpkg_spatial_ref_sys VALUES
	('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
	('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
	('WGS 84 geodetic', 4326, 'EPSG', 4326, '` + wgs84WKT + `', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
	`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
	`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
	`CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))`,
	`CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn UNIQUE (table_name, name))`,
	`CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT, CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value))`,
	`INSERT INTO gpkg_extensions VALUES
	('gpkg_data_columns', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema', 'read-write'),
	('gpkg_data_column_constraints', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema', 'read-write'),
	('sites', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec/#extension_rtree', 'write-only')`,

	`CREATE TABLE sites (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom GEOMETRY, id TEXT, name TEXT, aliases TEXT, category TEXT, status TEXT, precision TEXT, city TEXT, province TEXT, country TEXT, operator TEXT, workers_estimate INTEGER, first_reported TEXT, last_reported TEXT, tags TEXT, notes TEXT, confidential_notes TEXT, confidential BOOLEAN NOT NULL DEFAULT 0, created DATETIME, updated DATETIME, sources TEXT, observations TEXT, extra TEXT)`,
	`CREATE VIRTUAL TABLE rtree_sites_geom USING rtree(id, minx, maxx, miny, maxy)`,
	`CREATE TABLE site_sources (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, site_id TEXT NOT NULL, seq INTEGER NOT NULL, source_id TEXT, title TEXT, publisher TEXT, url TEXT, published TEXT, accessed TEXT, excerpt TEXT, reliability TEXT, credibility INTEGER, confidential BOOLEAN NOT NULL DEFAULT 0)`,
	`CREATE TABLE site_observations (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, site_id TEXT NOT NULL, seq INTEGER NOT NULL, observation_id TEXT, date TEXT, status TEXT, note TEXT, source_id TEXT, confidential BOOLEAN NOT NULL DEFAULT 0)`,
	`INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
	('sites', 'features', 'sites', 'Site Atlas sites', 4326),
	('site_sources', 'attributes', 'site_sources', 'Sources of the sites, one row each; join on site_id = sites.id', NULL),
	('site_observations', 'attributes', 'site_observations', 'Dated observations of the sites, one row each; join on site_id = sites.id', NULL)`,
	`INSERT INTO gpkg_geometry_columns VALUES ('sites', 'geom', 'GEOMETRY', 4326, 0, 0)`,
	`INSERT INTO gpkg_data_columns (table_name, column_name, mime_type) VALUES
	('sites', 'aliases', 'application/json'), ('sites', 'tags', 'application/json'),
	('sites', 'sources', 'application/json'), ('sites', 'observations', 'application/json'),
	('sites', 'extra', 'application/json')`,
}

// gpkgFinish runs at Close, after the rows: indexes build faster in one go,
// and the R-tree triggers (GeoPackage 1.3 F.3) call ST_ functions that only
// GeoPackage-aware SQLite (GDAL, QGIS) has, so they may not fire here. They
// keep the index right when QGIS edits the file.
var gpkgFinish = []string{
	// The R-tree is filled in strips of 1/64 degree of latitude, west to
	// east, so that consecutive inserts descend to the same few nodes, as
	// the store fills its own; in file order each insert visits nodes all
	// over the tree.
	`INSERT INTO rtree_sites_geom SELECT id, minx, maxx, miny, maxy FROM temp.site_bounds ORDER BY CAST((miny + 90) * 64 AS INTEGER), minx`,
	`DROP TABLE temp.site_bounds`,
	`CREATE INDEX site_sources_site_id ON site_sources(site_id)`,
	`CREATE INDEX site_observations_site_id ON site_observations(site_id)`,
	`CREATE TRIGGER rtree_sites_geom_insert AFTER INSERT ON sites WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN INSERT OR REPLACE INTO rtree_sites_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END`,
	`CREATE TRIGGER rtree_sites_geom_update1 AFTER UPDATE OF geom ON sites WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN INSERT OR REPLACE INTO rtree_sites_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END`,
	`CREATE TRIGGER rtree_sites_geom_update2 AFTER UPDATE OF geom ON sites WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom)) BEGIN DELETE FROM rtree_sites_geom WHERE id = OLD.fid; END`,
	`CREATE TRIGGER rtree_sites_geom_update3 AFTER UPDATE ON sites WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN DELETE FROM rtree_sites_geom WHERE id = OLD.fid; INSERT OR REPLACE INTO rtree_sites_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END`,
	`CREATE TRIGGER rtree_sites_geom_update4 AFTER UPDATE ON sites WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom)) BEGIN DELETE FROM rtree_sites_geom WHERE id IN (OLD.fid, NEW.fid); END`,
	`CREATE TRIGGER rtree_sites_geom_delete AFTER DELETE ON sites WHEN old.geom NOT NULL BEGIN DELETE FROM rtree_sites_geom WHERE id = OLD.fid; END`,
}

// gpkgWriter writes sites into a new GeoPackage in one transaction.
type gpkgWriter struct {
	info   *ExportInfo
	path   string
	db     *sql.DB
	conn   *sql.Conn
	tx     *sql.Tx
	sites  *rowBatch
	rtree  *rowBatch
	srcs   *rowBatch
	obs    *rowBatch
	jw     jsonWriter
	enc    gpkgEncoder
	fid    int64
	extent orb.Bound
	placed bool
	args   []any
	err    error
	closed bool
}

// NewGeoPackageWriter creates an OGC GeoPackage 1.3 at path with one feature
// table, sites, and two attribute tables, site_sources and
// site_observations, for joins in QGIS. path must not exist or be empty.
// Lists, sources, observations and Extra are JSON text columns, written
// exactly as the GeoJSON writer writes them. Everything is written in one
// transaction that Close commits; after an error the caller deletes the
// file. Attachments are not written.
func NewGeoPackageWriter(path string) (Writer, error) {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("geoio: %s already exists and is not empty", path)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("geoio: %w", err)
	}
	// Durability is the caller's job (it writes a temporary file and renames
	// it), so nothing is synced until the single commit.
	db, err := sql.Open("sqlite", sqliteURI(path, "_pragma=synchronous(OFF)&_pragma=cache_size(-8192)"))
	if err != nil {
		return nil, fmt.Errorf("geoio: %w", err)
	}
	g := &gpkgWriter{path: path, db: db}
	if err := g.start(); err != nil {
		g.abort()
		return nil, fmt.Errorf("geoio: creating GeoPackage %s: %w", path, err)
	}
	return g, nil
}

// sqliteURI makes a file: URI for path, so that SQLite's own parameters
// (mode=ro) apply and a '?' or '#' in a file name stays part of it.
func sqliteURI(path, query string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	u := url.URL{Path: filepath.ToSlash(abs)}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:/C:/…
	}
	return "file:" + p + "?" + query
}

func (g *gpkgWriter) start() error {
	ctx := context.Background()
	conn, err := g.db.Conn(ctx)
	if err != nil {
		return err
	}
	g.conn = conn
	for _, q := range []string{
		fmt.Sprintf("PRAGMA application_id = %d", gpkgApplicationID),
		fmt.Sprintf("PRAGMA user_version = %d", gpkgUserVersion),
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if g.tx, err = conn.BeginTx(ctx, nil); err != nil {
		return err
	}
	for _, q := range gpkgSchema {
		if _, err := g.tx.Exec(q); err != nil {
			return fmt.Errorf("%w (in %.60s)", err, q)
		}
	}
	g.sites = newRowBatch(g.tx, "sites", "", 24)
	if _, err := g.tx.Exec(`CREATE TEMP TABLE site_bounds (id INTEGER PRIMARY KEY, minx REAL, maxx REAL, miny REAL, maxy REAL)`); err != nil {
		return err
	}
	g.rtree = newRowBatch(g.tx, "temp.site_bounds", "", 5)
	g.srcs = newRowBatch(g.tx, "site_sources", "site_id, seq, source_id, title, publisher, url, published, accessed, excerpt, reliability, credibility, confidential", 12)
	g.obs = newRowBatch(g.tx, "site_observations", "site_id, seq, observation_id, date, status, note, source_id, confidential", 8)
	return nil
}

// text is a TEXT value, NULL when empty, as GDAL writes missing fields.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jsonText is the JSON the jsonWriter just wrote, or NULL for nothing.
func (g *gpkgWriter) jsonText(write func()) any {
	g.jw.b = g.jw.b[:0]
	write()
	if len(g.jw.b) == 0 || string(g.jw.b) == "{}" {
		return nil
	}
	return string(g.jw.b)
}

// timeText writes GeoPackage's DATETIME form, milliseconds always shown,
// which is what the store keeps. A time with more precision keeps it, so
// that the round trip is exact; GDAL reads that too, with a warning.
func timeText(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	if t.Nanosecond()%int(time.Millisecond) != 0 {
		return t.Format(time.RFC3339Nano)
	}
	return t.Format("2006-01-02T15:04:05.000Z07:00")
}

// Write adds one site with its sources and observations.
func (g *gpkgWriter) Write(s site.Site) error {
	if g.err != nil {
		return g.err
	}
	if g.closed {
		return errors.New("geoio: Write after Close")
	}
	g.err = g.write(&s)
	return g.err
}

func (g *gpkgWriter) write(s *site.Site) error {
	g.fid++
	var geom any
	if s.Geometry != nil {
		b, bound, ok, err := g.enc.blob(exportGeometry(s))
		if err != nil {
			return fmt.Errorf("geoio: site %s: geometry: %w", s.ID, err)
		}
		geom = bytes.Clone(b) // the encoder reuses its buffer; the batch keeps this
		if ok {
			if err := g.rtree.add(g.fid, bound.Min[0], bound.Max[0], bound.Min[1], bound.Max[1]); err != nil {
				return err
			}
			if g.placed {
				g.extent = g.extent.Union(bound)
			} else {
				g.extent, g.placed = bound, true
			}
		}
	}
	var workers any
	if s.WorkersEstimate != nil {
		workers = int64(*s.WorkersEstimate)
	}
	w := &g.jw
	g.args = append(g.args[:0], g.fid, geom, text(s.ID), text(s.Name),
		g.jsonText(func() {
			if len(s.Aliases) > 0 {
				w.list(s.Aliases)
			}
		}),
		text(s.Category), text(string(s.Status)), text(string(s.Precision)),
		text(s.City), text(s.Province), text(s.Country), text(s.Operator), workers,
		text(string(s.FirstReported)), text(string(s.LastReported)),
		g.jsonText(func() {
			if len(s.Tags) > 0 {
				w.list(s.Tags)
			}
		}),
		text(s.Notes), text(s.ConfidentialNotes), s.Confidential,
		timeText(s.Created), timeText(s.Updated),
		g.jsonText(func() {
			if len(s.Sources) > 0 {
				w.sources(s.Sources)
			}
		}),
		g.jsonText(func() {
			if len(s.Observations) > 0 {
				w.observations(site.InTimelineOrder(s.Observations))
			}
		}),
		g.jsonText(func() {
			w.b = append(w.b, '{')
			f := fields{w: w, first: true}
			w.extraProps(&f, s)
			w.b = append(w.b, '}')
		}),
	)
	if cap(w.b) > 1<<20 {
		w.b = nil // one huge Extra should not pin memory for the rest
	}
	if err := g.sites.add(g.args...); err != nil {
		return err
	}
	for i, src := range s.Sources {
		var cred any
		if src.Credibility != 0 {
			cred = int64(src.Credibility)
		}
		if err := g.srcs.add(s.ID, i+1, text(src.ID), text(src.Title), text(src.Publisher), text(src.URL),
			text(string(src.Published)), text(string(src.Accessed)), text(src.Excerpt), text(src.Reliability),
			cred, src.Confidential); err != nil {
			return err
		}
	}
	for i, o := range site.InTimelineOrder(s.Observations) {
		if err := g.obs.add(s.ID, i+1, text(o.ID), text(string(o.Date)), text(string(o.Status)), text(o.Note),
			text(o.SourceID), o.Confidential); err != nil {
			return err
		}
	}
	return nil
}

// Close builds the indexes, records the extent, commits and closes the
// database. After an error the file is incomplete and the caller deletes it.
func (g *gpkgWriter) Close() error {
	if g.closed {
		return g.err
	}
	g.closed = true
	if g.err != nil {
		g.abort()
		return g.err
	}
	g.err = g.finish()
	if g.err != nil {
		g.abort()
		return g.err
	}
	if err := g.db.Close(); err != nil {
		g.err = fmt.Errorf("geoio: closing %s: %w", g.path, err)
	}
	return g.err
}

// SetExportInfo makes Close write info as the layer's description.
func (g *gpkgWriter) SetExportInfo(info ExportInfo) { g.info = &info }

func (g *gpkgWriter) finish() error {
	for _, b := range []*rowBatch{g.sites, g.rtree, g.srcs, g.obs} {
		err := b.flush()
		b.close()
		if err != nil {
			return err
		}
	}
	for _, q := range gpkgFinish {
		if _, err := g.tx.Exec(q); err != nil {
			return fmt.Errorf("geoio: finishing %s: %w", g.path, err)
		}
	}
	if g.info != nil {
		if _, err := g.tx.Exec(`UPDATE gpkg_contents SET description = ? WHERE table_name = 'sites'`, g.info.Text()); err != nil {
			return fmt.Errorf("geoio: finishing %s: %w", g.path, err)
		}
	}
	if g.placed {
		b := g.extent
		if _, err := g.tx.Exec(`UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = 'sites'`,
			b.Min[0], b.Min[1], b.Max[0], b.Max[1]); err != nil {
			return fmt.Errorf("geoio: finishing %s: %w", g.path, err)
		}
	}
	if err := g.tx.Commit(); err != nil {
		return fmt.Errorf("geoio: committing %s: %w", g.path, err)
	}
	g.tx = nil
	if err := g.conn.Close(); err != nil {
		return fmt.Errorf("geoio: closing %s: %w", g.path, err)
	}
	g.conn = nil
	return nil
}

// abort rolls back and closes whatever is open.
func (g *gpkgWriter) abort() {
	if g.tx != nil {
		g.tx.Rollback()
		g.tx = nil
	}
	if g.conn != nil {
		g.conn.Close()
		g.conn = nil
	}
	g.db.Close()
}
