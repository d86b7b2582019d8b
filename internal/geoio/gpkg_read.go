package geoio

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The GeoPackage reader turns each row into the GeoJSON Feature it stands
// for (geometry from the blob, properties from the columns, JSON columns
// embedded as JSON) and hands it to the decoder the GeoJSON reader uses, so
// that property mapping, leniency, validation and messages are the same as
// for GeoJSON and CSV.

// CodeNotGeoPackage is for a file opened as a GeoPackage that is not one.
const CodeNotGeoPackage = "not-geopackage"

// CodeMDropped is the warning that M (measure) values were dropped.
const CodeMDropped = "m-dropped"

var sqliteMagic = []byte("SQLite format 3\x00")

// gpkgCol is one column of the feature table.
type gpkgCol struct {
	name    string
	expr    string // the column in the SELECT
	boolean bool   // declared BOOLEAN: 0/1 are false/true
	json    bool   // JSON subtype, or a column we write as JSON
	list    bool   // aliases or tags: GDAL writes string lists as "(2:a,b)"
	merge   bool   // our "extra" column: its members are properties
	blob    bool   // a BLOB column other than the geometry: not read
	warned  bool
}

type gpkgReader struct {
	ctx       context.Context // bounds every query (ReaderOptions.Context)
	file      string
	table     string
	db        *sql.DB
	rows      *sql.Rows
	cols      []gpkgCol
	geomName  string
	geom, fid int // indexes into the row, -1 when absent
	id        int
	srsID     int64
	vals      []any
	ptrs      []any
	dec       *decoder
	jw        jsonWriter
	warn      warnings
	fatal     *Problem
	n         int
	ids       map[uint64]gpkgRow
	skipUUIDs bool
	closed    bool
	lastFid   int64 // the table's largest fid, 0 when unknown
	readFid   int64 // the fid of the last row read
}

// Done says how far reading is, as the last fid read and the largest fid
// of the table (0 when the table has no fid): fids mostly count rows.
func (g *gpkgReader) Done() (fid, last int64) { return g.readFid, g.lastFid }

type gpkgRow struct {
	index int
	fid   int64
}

var seedForGPKG = maphash.MakeSeed()

// NewGeoPackageReader reads the sites of the GeoPackage at path: the
// feature table "sites" if there is one, else the only feature table, else
// the first in gpkg_contents with a warning naming the others. Columns map
// to site fields as GeoJSON properties do. The file is opened read-only.
// Geometries must be in WGS 84 (EPSG:4326; an undefined SRS is read as
// WGS 84 with a warning). Errors are *Problem values.
func NewGeoPackageReader(path string, opts ReaderOptions) (Reader, error) {
	g := &gpkgReader{file: path, geom: -1, fid: -1, id: -1, warn: warnings{file: path},
		ids: map[uint64]gpkgRow{}, skipUUIDs: opts.UUIDsCheckedByCaller, ctx: opts.Context}
	if g.ctx == nil {
		g.ctx = context.Background()
	}
	if p := g.checkFile(); p != nil {
		return nil, p
	}
	db, err := sql.Open("sqlite", sqliteURI(path, "mode=ro"))
	if err != nil {
		return nil, g.fileProblem(CodeIO, err.Error())
	}
	db.SetMaxOpenConns(1)
	g.db = db
	if p := g.open(); p != nil {
		db.Close()
		return nil, p
	}
	g.dec = newDecoder(path, seedForGPKG)
	return g, nil
}

func (g *gpkgReader) fileProblem(code, msg string) *Problem {
	return &Problem{File: g.file, Where: g.table, Index: -1, Fatal: true, Code: code, Message: msg}
}

// checkFile says what the file is when it is not an SQLite database, which
// SQLite itself would only call "file is not a database".
func (g *gpkgReader) checkFile() *Problem {
	f, err := os.Open(g.file)
	if err != nil {
		return g.fileProblem(CodeIO, err.Error())
	}
	defer f.Close()
	head := make([]byte, sniffSize)
	n, err := io.ReadFull(f, head)
	head = head[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return g.fileProblem(CodeIO, err.Error())
	}
	if n == 0 {
		return g.fileProblem(CodeEmpty, "the file is empty")
	}
	if !bytes.HasPrefix(head, sqliteMagic) {
		what := "is not an SQLite database"
		if f, err := DetectFormat("x", head); err == nil {
			what = "looks like " + f.String()
		}
		return g.fileProblem(CodeNotGeoPackage, fmt.Sprintf("not a GeoPackage: the file %s (starts with %s)", what, quoteHead(head)))
	}
	return nil
}

// open picks the table, checks its SRS and starts the query.
func (g *gpkgReader) open() *Problem {
	var n int
	if err := g.db.QueryRowContext(g.ctx, `SELECT count(*) FROM sqlite_master WHERE name = 'gpkg_contents'`).Scan(&n); err != nil {
		return g.fileProblem(CodeIO, "cannot read the SQLite database (damaged or incomplete?): "+err.Error())
	}
	if n == 0 {
		return g.fileProblem(CodeNotGeoPackage, "not a GeoPackage: the SQLite database has no gpkg_contents table (is it a SpatiaLite or other SQLite file? convert it with ogr2ogr -f GPKG)")
	}
	if p := g.pickTable(); p != nil {
		return p
	}
	if p := g.checkSRS(); p != nil {
		return p
	}
	if p := g.columns(); p != nil {
		return p
	}
	var sel strings.Builder
	sel.WriteString("SELECT ")
	for i, c := range g.cols {
		if i > 0 {
			sel.WriteString(", ")
		}
		sel.WriteString(c.expr)
	}
	sel.WriteString(" FROM " + quoteIdent(g.table))
	if g.fid >= 0 {
		sel.WriteString(" ORDER BY " + quoteIdent(g.cols[g.fid].name))
	}
	if g.fid >= 0 {
		// For progress: a GeoPackage is not read front to back, so its
		// bytes cannot say how far the import is. The largest fid is
		// instant where count(*) would read the whole table.
		var last sql.NullInt64
		if err := g.db.QueryRowContext(g.ctx, "SELECT max("+quoteIdent(g.cols[g.fid].name)+") FROM "+quoteIdent(g.table)).Scan(&last); err == nil {
			g.lastFid = last.Int64
		}
	}
	rows, err := g.db.QueryContext(g.ctx, sel.String())
	if err != nil {
		return g.fileProblem(CodeIO, "reading the table: "+err.Error())
	}
	g.rows = rows
	g.vals = make([]any, len(g.cols))
	g.ptrs = make([]any, len(g.cols))
	for i := range g.vals {
		g.ptrs[i] = &g.vals[i]
	}
	return nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// pickTable chooses the feature table and its geometry column.
func (g *gpkgReader) pickTable() *Problem {
	rows, err := g.db.QueryContext(g.ctx, `SELECT c.table_name, c.data_type, coalesce(gc.column_name, ''), coalesce(gc.srs_id, c.srs_id, 0)
		FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns gc ON gc.table_name = c.table_name ORDER BY c.rowid`)
	if err != nil {
		return g.fileProblem(CodeNotGeoPackage, "not a valid GeoPackage: "+err.Error())
	}
	defer rows.Close()
	type table struct {
		name, geom string
		srs        int64
	}
	var features []table
	var others []string
	for rows.Next() {
		var t table
		var kind string
		if err := rows.Scan(&t.name, &kind, &t.geom, &t.srs); err != nil {
			return g.fileProblem(CodeNotGeoPackage, "not a valid GeoPackage: "+err.Error())
		}
		if kind == "features" {
			features = append(features, t)
		} else {
			others = append(others, fmt.Sprintf("%s (%s)", t.name, kind))
		}
	}
	if err := rows.Err(); err != nil {
		return g.fileProblem(CodeNotGeoPackage, "not a valid GeoPackage: "+err.Error())
	}
	if len(features) == 0 {
		msg := "the GeoPackage has no feature table"
		if len(others) > 0 {
			msg += "; it has " + strings.Join(others, ", ")
		}
		return g.fileProblem(CodeNotGeoPackage, msg)
	}
	pick := 0
	for i, t := range features {
		if t.name == "sites" {
			pick = i
			break
		}
	}
	if features[pick].name != "sites" && len(features) > 1 {
		var skipped []string
		for _, t := range features[1:] {
			skipped = append(skipped, t.name)
		}
		g.warn.add(Problem{File: g.file, Index: -1, Code: CodeNotGeoPackage,
			Message: fmt.Sprintf("the GeoPackage has %d feature tables and none is called sites: read %s, not read: %s",
				len(features), features[0].name, strings.Join(skipped, ", "))})
	}
	t := features[pick]
	g.table = t.name
	if t.geom == "" {
		return g.fileProblem(CodeNotGeoPackage, "the feature table has no entry in gpkg_geometry_columns")
	}
	g.srsID = t.srs
	g.geomName = t.geom
	return nil
}

// checkSRS accepts WGS 84 and, with a warning, an undefined SRS.
func (g *gpkgReader) checkSRS() *Problem {
	var org, name string
	var code int64
	err := g.db.QueryRowContext(g.ctx, `SELECT organization, organization_coordsys_id, srs_name FROM gpkg_spatial_ref_sys WHERE srs_id = ?`, g.srsID).
		Scan(&org, &code, &name)
	switch {
	case errors.Is(err, sql.ErrNoRows) && g.srsID != 0 && g.srsID != -1 && g.srsID != 4326:
		return g.fileProblem(CodeCRS, fmt.Sprintf("the layer's srs_id %d is not in gpkg_spatial_ref_sys, so its coordinate reference system is unknown", g.srsID))
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return g.fileProblem(CodeNotGeoPackage, "not a valid GeoPackage: gpkg_spatial_ref_sys: "+err.Error())
	}
	switch {
	case err == nil && strings.EqualFold(org, "EPSG") && code == 4326,
		err == nil && strings.EqualFold(org, "OGC") && strings.Contains(strings.ToUpper(name), "CRS84"),
		err != nil && g.srsID == 4326:
		return nil
	case g.srsID == 0 || g.srsID == -1 || strings.EqualFold(org, "NONE"):
		g.warn.add(Problem{File: g.file, Where: g.table, Index: -1, Code: CodeCRS,
			Message: fmt.Sprintf("the layer's coordinate reference system is undefined (srs_id %d); coordinates read as WGS 84 longitude/latitude", g.srsID)})
		return nil
	}
	crs := fmt.Sprintf("%s:%d", strings.ToUpper(org), code)
	if name != "" {
		crs += " (" + name + ")"
	}
	return g.fileProblem(CodeCRS, fmt.Sprintf("the layer uses the coordinate reference system %s; Site Atlas reads WGS 84 longitude/latitude only: "+
		"%s:%d: reproject to WGS 84 first, e.g. ogr2ogr -t_srs EPSG:4326 out.gpkg in.gpkg", crs, strings.ToUpper(org), code))
}

// columns reads the table's columns and how to turn each into a property.
func (g *gpkgReader) columns() *Problem {
	geomName := g.geomName
	jsonCols := map[string]bool{}
	if rows, err := g.db.QueryContext(g.ctx, `SELECT column_name FROM gpkg_data_columns WHERE table_name = ? AND mime_type = 'application/json'`, g.table); err == nil {
		for rows.Next() {
			var c string
			if rows.Scan(&c) == nil {
				jsonCols[strings.ToLower(c)] = true
			}
		}
		rows.Close()
	}
	rows, err := g.db.QueryContext(g.ctx, `SELECT name, type, pk FROM pragma_table_info(?)`, g.table)
	if err != nil {
		return g.fileProblem(CodeNotGeoPackage, "reading the table's columns: "+err.Error())
	}
	defer rows.Close()
	for rows.Next() {
		var name, typ string
		var pk int
		if err := rows.Scan(&name, &typ, &pk); err != nil {
			return g.fileProblem(CodeNotGeoPackage, "reading the table's columns: "+err.Error())
		}
		typ = strings.ToUpper(typ)
		low := strings.ToLower(name)
		c := gpkgCol{name: name, expr: quoteIdent(name)}
		switch {
		case strings.EqualFold(name, geomName):
			g.geom = len(g.cols)
		case pk == 1 && strings.Contains(typ, "INT") && g.fid < 0:
			g.fid = len(g.cols)
		case low == "id" && g.id < 0:
			g.id = len(g.cols)
		}
		switch typ {
		case "DATE", "DATETIME", "TIMESTAMP":
			// The driver would turn these into time.Time; the decoder wants
			// the text as written.
			c.expr = "CAST(" + c.expr + " AS TEXT)"
		case "BOOLEAN":
			c.boolean = true
		case "BLOB":
			c.blob = true
		}
		if low == "confidential" && (typ == "" || strings.Contains(typ, "INT")) {
			// GDAL and QGIS write booleans as INTEGER 0/1.
			c.boolean = true
		}
		c.json = jsonCols[low]
		switch low {
		case "aliases", "tags":
			c.list, c.json = true, true
		case "sources", "observations":
			c.json = true
		case "extra":
			c.json, c.merge = true, true
		}
		g.cols = append(g.cols, c)
	}
	if err := rows.Err(); err != nil {
		return g.fileProblem(CodeNotGeoPackage, "reading the table's columns: "+err.Error())
	}
	if g.geom < 0 {
		return g.fileProblem(CodeNotGeoPackage, fmt.Sprintf("the geometry column %q named in gpkg_geometry_columns is not in the table", geomName))
	}
	return nil
}

// Next returns the next row as a site.
func (g *gpkgReader) Next() (Item, error) {
	for {
		if g.fatal != nil {
			return Item{}, g.fatal
		}
		if g.closed {
			return Item{}, io.EOF
		}
		if !g.rows.Next() {
			err := g.rows.Err()
			g.Close()
			if err != nil {
				g.fatal = g.fileProblem(CodeIO, "reading the table: "+err.Error())
				continue
			}
			return Item{}, io.EOF
		}
		if err := g.rows.Scan(g.ptrs...); err != nil {
			g.fatal = g.fileProblem(CodeIO, "reading the table: "+err.Error())
			g.Close()
			continue
		}
		index := g.n
		g.n++
		g.readFid = g.rowFid()
		rec, p := g.feature(index)
		if p != nil {
			return Item{}, p
		}
		var res result
		g.dec.decode(rec, &res)
		if res.z {
			g.warn.addOnce(Problem{File: g.file, Where: g.table, Index: -1, Code: CodeZDropped,
				Message: "Z values dropped: the layer has 3D coordinates; Site Atlas keeps longitude and latitude only"})
		}
		for _, w := range res.warns {
			g.warn.add(w)
		}
		if res.err != nil {
			res.err.Fatal = false // the JSON is ours; nothing else of the file is spoilt
			return Item{}, res.err
		}
		if !res.ok {
			continue
		}
		if res.hasID && !(g.skipUUIDs && res.item.HasID) {
			row := gpkgRow{index, g.rowFid()}
			if prev, dup := g.ids[res.idHash]; dup {
				return Item{}, &Problem{File: g.file, Where: rec.label, Index: index, Code: CodeDuplicateID,
					Message: fmt.Sprintf("duplicate id %s: %s has the same id", res.idText, g.label(prev.index, prev.fid))}
			}
			g.ids[res.idHash] = row
		}
		return res.item, nil
	}
}

func (g *gpkgReader) rowFid() int64 {
	if g.fid >= 0 {
		if v, ok := g.vals[g.fid].(int64); ok {
			return v
		}
	}
	return -1
}

func (g *gpkgReader) label(index int, fid int64) string {
	s := g.table + ": feature " + strconv.Itoa(index)
	if fid >= 0 {
		s += " (fid " + strconv.FormatInt(fid, 10) + ")"
	}
	return s
}

// gdalList matches GDAL's text form of a string list, "(2:a,b)", which it
// writes for list fields in formats without lists.
var gdalList = regexp.MustCompile(`^\((\d+):(.*)\)$`)

// feature builds the GeoJSON Feature of the current row.
func (g *gpkgReader) feature(index int) (*rawRecord, *Problem) {
	label := g.label(index, g.rowFid())
	problem := func(code, format string, args ...any) *Problem {
		return &Problem{File: g.file, Where: label, Index: index, Code: code, Message: fmt.Sprintf(format, args...)}
	}
	w := &g.jw
	w.keepWinding = true
	w.b = append(w.b[:0], `{"type":"Feature"`...)
	if g.id >= 0 {
		switch v := g.vals[g.id].(type) {
		case string:
			w.b = append(w.b, `,"id":`...)
			w.str(v)
		case int64:
			w.b = append(w.b, `,"id":`...)
			w.b = strconv.AppendInt(w.b, v, 10)
		}
	}
	w.b = append(w.b, `,"geometry":`...)
	switch v := g.vals[g.geom].(type) {
	case nil:
		w.b = append(w.b, "null"...)
	case []byte:
		b, info, err := gpkgGeometryJSON(w.b, v)
		if err != nil {
			return nil, problem(CodeBadGeometry, "%s: %v", g.cols[g.geom].name, err)
		}
		if info.srsID != int32(g.srsID) && info.srsID != 4326 && info.srsID > 0 {
			return nil, problem(CodeCRS, "%s: the geometry's srs_id %d differs from the layer's %d", g.cols[g.geom].name, info.srsID, g.srsID)
		}
		if info.m {
			g.warn.addOnce(Problem{File: g.file, Where: g.table, Index: -1, Code: CodeMDropped,
				Message: "M (measure) values dropped: Site Atlas keeps longitude and latitude only"})
		}
		w.b = b
	default:
		return nil, problem(CodeBadGeometry, "%s: not a geometry blob but %T", g.cols[g.geom].name, v)
	}
	w.b = append(w.b, `,"properties":{`...)
	f := fields{w: w, first: true}
	for i := range g.cols {
		if i == g.geom || i == g.fid || i == g.id {
			continue
		}
		c := &g.cols[i]
		switch v := g.vals[i].(type) {
		case nil:
		case int64:
			f.key(c.name)
			if c.boolean && (v == 0 || v == 1) {
				w.b = strconv.AppendBool(w.b, v == 1)
			} else {
				w.b = strconv.AppendInt(w.b, v, 10)
			}
		case float64:
			f.key(c.name)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				w.b = append(w.b, "null"...)
			} else {
				w.float(v)
			}
		case string:
			if !utf8.ValidString(v) {
				return nil, problem(CodeInvalidUTF8, "column %q: invalid UTF-8 text", c.name)
			}
			g.textValue(&f, c, v)
		case []byte:
			if !c.warned {
				c.warned = true
				g.warn.add(Problem{File: g.file, Where: g.table, Index: -1, Code: CodeProperty,
					Message: fmt.Sprintf("column %q holds binary data (BLOB), which is not read", c.name)})
			}
		case time.Time:
			f.key(c.name)
			w.time(v)
		default:
			f.str(c.name, fmt.Sprint(v))
		}
	}
	w.b = append(w.b, "}}"...)
	return &rawRecord{index: index, inFC: true, data: w.b, label: label}, nil
}

// textValue writes a text column: JSON columns that hold a JSON array or
// object as that JSON, our extra column as top-level properties, anything
// else as a string.
func (g *gpkgReader) textValue(f *fields, c *gpkgCol, v string) {
	w := f.w
	t := strings.TrimSpace(v)
	if c.json && len(t) > 0 && (t[0] == '[' || t[0] == '{') && g.dec.p.parse([]byte(t)) == nil {
		if c.merge && t[0] == '{' {
			if inner := compact(nil, []byte(t)); len(inner) > 2 {
				if !f.first {
					w.b = append(w.b, ',')
				}
				f.first = false
				w.b = append(w.b, inner[1:len(inner)-1]...)
			}
			return
		}
		f.key(c.name)
		w.b = append(w.b, t...)
		return
	}
	if c.list {
		if m := gdalList.FindStringSubmatch(t); m != nil {
			n, _ := strconv.Atoi(m[1])
			if parts := strings.Split(m[2], ","); len(parts) == n {
				f.key(c.name)
				w.list(parts)
				return
			}
		}
	}
	f.key(c.name)
	w.str(v)
}

// Warnings returns the warnings so far.
func (g *gpkgReader) Warnings() []Problem { return g.warn.all() }

// Close closes the database; reading to io.EOF closes it too.
func (g *gpkgReader) Close() error {
	if g.closed {
		return nil
	}
	g.closed = true
	if g.rows != nil {
		g.rows.Close()
	}
	return g.db.Close()
}
