package geoio

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Format is a file format geoio reads or writes.
type Format int

// The formats geoio knows.
const (
	// GeoJSON is an RFC 7946 FeatureCollection, a single Feature or a bare
	// Geometry.
	GeoJSON Format = iota + 1
	// GeoJSONSeq is newline-delimited GeoJSON (.geojsonl, .ndjson) or an
	// RFC 8142 sequence with record separators (.geojsons): one Feature or
	// Geometry per record.
	GeoJSONSeq
	// CSV is a table with a header row and lat/lon or WKT columns.
	CSV
	// KML is Google Earth's XML (OGC KML 2.2): Placemarks in Documents and
	// Folders.
	KML
	// GeoPackage is the OGC SQLite container QGIS and GDAL use; it is read
	// and written by path (NewGeoPackageReader, NewGeoPackageWriter).
	GeoPackage
	// GPX is the GPS exchange format (1.0 and 1.1): waypoints, routes and
	// tracks.
	GPX
	// Shapefile is ESRI's .shp with its .dbf, .prj and .cpg, or a .zip of
	// one or more; it is read by path (NewPathReader).
	Shapefile
	// KMZ is a zipped KML document; it is read by path (NewPathReader).
	KMZ
)

func (f Format) String() string {
	switch f {
	case GeoJSON:
		return "GeoJSON"
	case GeoJSONSeq:
		return "GeoJSON sequence"
	case CSV:
		return "CSV"
	case KML:
		return "KML"
	case GeoPackage:
		return "GeoPackage"
	case GPX:
		return "GPX"
	case Shapefile:
		return "Shapefile"
	case KMZ:
		return "KMZ"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Item is one site read from a file.
type Item struct {
	// Index is the 0-based feature (or record) index for GeoJSON, as in
	// "features[12]", and the 1-based line number for CSV.
	Index int
	Site  site.Site
	// HasID is true when the file gave this site's ID (a UUID feature id).
	// When false the ID is new and the file's own id, if any, is kept in
	// Site.Extra["original_id"].
	HasID bool
	// Carried are the fields the record gave a value for (or, except for
	// the geometry, an explicit null): an update of a stored site from
	// this record changes only those (site.MergeUpdate).
	Carried site.Fields
}

// Reader reads sites one at a time. Next returns io.EOF after the last one.
// A problem with one feature is returned as a *Problem and the next call
// goes on with the next feature; a *Problem with Fatal set ends the file and
// every later call returns it again.
type Reader interface {
	Next() (Item, error)
	// Warnings returns what was accepted with a warning so far, in file
	// order; call it after Next has returned io.EOF for the full list.
	Warnings() []Problem
	// Close stops the reader's background work early. Reading to io.EOF or
	// to a fatal problem needs no Close.
	Close() error
}

// sniffSize is how much of a file DetectFormat looks at.
const sniffSize = 4096

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// DetectFormat decides the format of a file from its name and first bytes:
// first by extension, then by content. Any SQLite database is taken for a
// GeoPackage; NewGeoPackageReader says so if it is not one. head should be
// at least the first few kilobytes of the file (or all of it if shorter).
func DetectFormat(name string, head []byte) (Format, error) {
	if p := notText(name, head); p != nil {
		return 0, p
	}
	if bytes.HasPrefix(head, sqliteMagic) {
		return GeoPackage, nil
	}
	if bytes.HasPrefix(head, shpMagic) && len(head) >= 100 && head[28] == 0xE8 && head[29] == 0x03 {
		return Shapefile, nil // file code 9994, version 1000
	}
	isZip := bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, zipEmptyMagic)
	switch ext := strings.ToLower(filepath.Ext(name)); ext {
	case ".shp":
		return Shapefile, nil
	case ".kmz":
		return KMZ, nil
	case ".zip":
		if k := zipHeadKind(head); k != 0 {
			return k, nil
		}
		return Shapefile, nil // a zipped shapefile, or the reader says what it holds
	case ".dbf", ".shx", ".prj", ".cpg", ".sbn", ".sbx":
		return 0, &Problem{File: name, Index: -1, Fatal: true, Code: CodeUnknownFormat,
			Message: "this " + ext + " file is part of a shapefile: import the .shp beside it (its " + ext + " is read with it)"}
	}
	if isZip {
		// Whatever its name: the path reader looks at what it holds.
		if k := zipHeadKind(head); k != 0 {
			return k, nil
		}
		return Shapefile, nil
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".gpkg":
		return GeoPackage, nil
	case ".geojson", ".json":
		if startsWithRS(head) {
			return GeoJSONSeq, nil
		}
		return GeoJSON, nil
	case ".geojsonl", ".geojsons", ".geojsonseq", ".ndjson", ".jsonl", ".ldjson":
		return GeoJSONSeq, nil
	case ".csv", ".tsv":
		return CSV, nil
	case ".kml":
		return KML, nil
	case ".gpx":
		return GPX, nil
	case ".tcx":
		return 0, &Problem{File: name, Index: -1, Fatal: true, Code: CodeUnknownFormat, Message: tcxMessage}
	}
	body := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	if len(body) == 0 {
		return 0, &Problem{File: name, Index: -1, Fatal: true, Code: CodeEmpty, Message: "the file is empty"}
	}
	switch body[0] {
	case 0x1E:
		return GeoJSONSeq, nil
	case '{', '[':
		return GeoJSON, nil
	}
	if looksLikeKML(body) {
		return KML, nil
	}
	if looksLikeGPX(body) {
		return GPX, nil
	}
	if looksLikeTCX(body) {
		return 0, &Problem{File: name, Index: -1, Fatal: true, Code: CodeUnknownFormat, Message: tcxMessage}
	}
	if looksLikeCSV(body) {
		return CSV, nil
	}
	return 0, &Problem{File: name, Index: -1, Fatal: true, Code: CodeUnknownFormat,
		Message: "not GeoJSON, CSV, KML, GPX, GeoPackage, Shapefile or KMZ (starts with " + quoteHead(head) + ")"}
}

func startsWithRS(head []byte) bool {
	body := bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	return len(body) > 0 && body[0] == 0x1E
}

// notText recognises binary files people drop by mistake and says what they
// are, whatever their extension.
func notText(name string, head []byte) *Problem {
	var what string
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		what = "is UTF-16 text: save it as UTF-8"
	case bytes.HasPrefix(head, []byte{0x1F, 0x8B}):
		what = "is gzip-compressed: decompress it first"
	default:
		return nil
	}
	return &Problem{File: name, Index: -1, Fatal: true, Code: CodeUnknownFormat,
		Message: "not GeoJSON, CSV, KML, GPX, GeoPackage, Shapefile or KMZ: the file " + what + " (starts with " + quoteHead(head) + ")"}
}

func quoteHead(head []byte) string {
	h := head
	if len(h) > 16 {
		h = h[:16]
	}
	s := fmt.Sprintf("%q", h)
	if len(head) > 16 {
		s += "…"
	}
	return s
}

// looksLikeCSV: valid UTF-8 text whose first line is a header with a
// delimiter and a column we would use (coordinates, WKT or a name). Without
// the last condition any sentence with a comma would pass.
func looksLikeCSV(body []byte) bool {
	line := body
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if !utf8.Valid(line) || bytes.IndexByte(line, 0) >= 0 {
		return false
	}
	comma := string(sniffDelimiter(line))
	for _, f := range strings.Split(string(line), comma) {
		f = strings.ToLower(strings.Trim(strings.TrimSpace(f), `"`))
		if contains(latNames, f) || contains(lonNames, f) || contains(wktNames, f) || nameRank(f) >= 0 || f == "title" {
			return bytes.Contains(line, []byte(comma))
		}
	}
	return false
}

// NewReader returns a Reader for the file called name (used for format
// detection by extension and in messages) with contents r. It returns a
// fatal *Problem when the file is empty or none of GeoJSON, CSV, KML, GPX or
// GeoPackage.
func NewReader(name string, r io.Reader) (Reader, error) {
	return NewReaderWith(name, r, ReaderOptions{})
}

// ReaderOptions adjust NewReaderWith.
type ReaderOptions struct {
	// UUIDsCheckedByCaller leaves feature ids that are UUIDs out of the
	// check that no two features of a GeoJSON file share an id, which
	// remembers every id read (about 20 bytes a feature). UUIDs become site
	// IDs, so a caller whose database index refuses repeated site IDs (a
	// bulk import) checks them there; other ids are kept as original_id
	// and are still checked here.
	UUIDsCheckedByCaller bool
	// Context, when set, bounds the queries of a GeoPackage reader: a
	// hostile file's endless VIEW then stops at Ctrl-C. nil means none.
	Context context.Context
}

// NewReaderWith is NewReader with options.
func NewReaderWith(name string, r io.Reader, opts ReaderOptions) (Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, &Problem{File: name, Index: -1, Fatal: true, Code: CodeIO, Message: err.Error()}
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(head, utf8BOM))) == 0 && len(head) < sniffSize {
		return nil, &Problem{File: name, Index: -1, Fatal: true, Code: CodeEmpty, Message: "the file is empty"}
	}
	f, err := DetectFormat(name, head)
	if err != nil {
		return nil, err
	}
	switch f {
	case GeoPackage:
		return nil, &Problem{File: name, Index: -1, Fatal: true, Code: CodeUnknownFormat,
			Message: "a GeoPackage is an SQLite database and must be opened by path (NewGeoPackageReader), not read as a stream"}
	case Shapefile, KMZ:
		what := "a Shapefile"
		if bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, zipEmptyMagic) {
			what = "a ZIP archive (a KMZ or zipped shapefile)"
		}
		return nil, &Problem{File: name, Index: -1, Fatal: true, Code: CodeUnknownFormat,
			Message: what + " must be opened by path (NewPathReader), not read as a stream: its parts are separate files or inside the archive"}
	case CSV:
		return newCSVReader(name, br)
	case KML:
		return newKMLReader(name, br, opts)
	case GPX:
		return newGPXReader(name, br, opts)
	case GeoJSONSeq:
		return newGeoJSONReader(name, br, true, opts), nil
	default:
		return newGeoJSONReader(name, br, false, opts), nil
	}
}
