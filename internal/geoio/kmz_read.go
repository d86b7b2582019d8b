package geoio

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// A KMZ is a zip of a KML document (doc.kml by convention, else the first
// .kml at any depth) and the images and models it uses. The KML is read
// straight from the archive by the KML reader, within the zip limits of
// zip_read.go. Images are not imported yet (attachments are a separate
// feature): one warning lists them, so the user knows what was left.

// CodeNotImported is for parts of a file that are not imported yet (the
// images of a KMZ).
const CodeNotImported = "not-imported"

type kmzReader struct {
	Reader // the KML reader of the document
	zr     io.Closer
	budget *zipBudget
	file   string
	entry  string
	warn   []Problem
	fatal  *Problem
}

func openKMZ(file string, zr io.Closer, e zipEntries, budget *zipBudget, opts ReaderOptions) (Reader, error) {
	doc := e.kmls[0]
	for _, f := range e.kmls {
		if strings.EqualFold(f.Name, "doc.kml") {
			doc = f
			break
		}
	}
	k := &kmzReader{zr: zr, budget: budget, file: file, entry: doc.Name}
	if len(e.kmls) > 1 {
		var others []*zip.File
		for _, f := range e.kmls {
			if f != doc {
				others = append(others, f)
			}
		}
		k.warn = append(k.warn, Problem{File: file, Index: -1, Code: CodeUnknownFormat,
			Message: fmt.Sprintf("the KMZ holds %d KML documents: read %s, not read: %s", len(e.kmls), doc.Name, entryNames(others, 5))})
	}
	if n := len(e.images); n > 0 {
		what := "images inside the KMZ were"
		if n == 1 {
			what = "image inside the KMZ was"
		}
		k.warn = append(k.warn, Problem{File: file, Index: -1, Code: CodeNotImported,
			Message: fmt.Sprintf("%d %s not imported: %s", n, what, entryNames(e.images, 10))})
	}
	if len(e.zips) > 0 {
		k.warn = append(k.warn, Problem{File: file, Index: -1, Code: CodeUnknownFormat,
			Message: "zips inside the KMZ were not opened: " + entryNames(e.zips, 5)})
	}
	rc, err := doc.Open()
	if err != nil {
		zr.Close()
		return nil, &Problem{File: file, Where: doc.Name, Index: -1, Fatal: true, Code: CodeIO, Message: strings.TrimPrefix(err.Error(), "zip: ")}
	}
	name := file + ": " + doc.Name
	// The KML reader's goroutine reads the entry; Close stops it before
	// the archive is closed.
	kr, err := newKMLReader(name, bufio.NewReaderSize(&budgetReader{r: rc, b: budget}, 64<<10), opts)
	if err != nil {
		zr.Close()
		return nil, err
	}
	k.Reader = kr
	return k, nil
}

// Next returns the next Placemark's site; a read that ran into the zip
// limits is reported as such, not as malformed XML.
func (k *kmzReader) Next() (Item, error) {
	if k.fatal != nil {
		return Item{}, k.fatal
	}
	it, err := k.Reader.Next()
	var p *Problem
	if err != nil && errors.As(err, &p) && p.Fatal && k.budget.tripped.Load() {
		k.fatal = k.budget.problem(k.file, k.entry)
		return Item{}, k.fatal
	}
	return it, err
}

// Warnings returns the KMZ's own warnings, then the KML's.
func (k *kmzReader) Warnings() []Problem {
	return append(append([]Problem(nil), k.warn...), k.Reader.Warnings()...)
}

// Close stops the KML reader and closes the archive.
func (k *kmzReader) Close() error {
	k.Reader.Close()
	return k.zr.Close()
}

// ReadsByPath reports whether files of format f are read by path
// (NewPathReader) rather than as a stream: a GeoPackage is a database, a
// shapefile has sidecar files, and zips need random access.
func ReadsByPath(f Format) bool {
	return f == GeoPackage || f == Shapefile || f == KMZ
}

// NewPathReader returns a Reader for the file at path in a format read by
// path (GeoPackage, Shapefile or a zip of them, KMZ), deciding by content
// where the name is not enough (a .zip with a shapefile or a KML).
func NewPathReader(path string, opts ReaderOptions) (Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Problem{File: path, Index: -1, Fatal: true, Code: CodeIO, Message: err.Error()}
	}
	head := make([]byte, sniffSize)
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	format, err := DetectFormat(path, head)
	if err != nil {
		return nil, err
	}
	switch {
	case format == GeoPackage:
		return NewGeoPackageReader(path, opts)
	case bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, zipEmptyMagic):
		return openZip(path, opts)
	case strings.EqualFold(filepath.Ext(path), ".zip"):
		return nil, &Problem{File: path, Index: -1, Fatal: true, Code: CodeUnknownFormat,
			Message: "not a ZIP archive (starts with " + quoteHead(head) + ")"}
	case format == Shapefile:
		return NewShapefileReader(path, opts)
	case format == KMZ:
		return nil, &Problem{File: path, Index: -1, Fatal: true, Code: CodeUnknownFormat,
			Message: "not a KMZ: the file is not a ZIP archive (starts with " + quoteHead(head) + ")"}
	}
	return nil, &Problem{File: path, Index: -1, Fatal: true, Code: CodeUnknownFormat,
		Message: format.String() + " is read as a stream (NewReader), not by path"}
}

var (
	zipMagic      = []byte("PK\x03\x04")
	zipEmptyMagic = []byte("PK\x05\x06")
	shpMagic      = []byte{0, 0, 0x27, 0x0A}
)

// zipHeadKind looks at the names of the first local entries in head for a
// .shp or a .kml: enough to tell a zipped shapefile from a KMZ by content.
func zipHeadKind(head []byte) Format {
	for off := 0; off+30 <= len(head) && bytes.HasPrefix(head[off:], zipMagic); {
		nameLen := int(head[off+26]) | int(head[off+27])<<8
		extraLen := int(head[off+28]) | int(head[off+29])<<8
		compSize := int(head[off+18]) | int(head[off+19])<<8 | int(head[off+20])<<16 | int(head[off+21])<<24
		if off+30+nameLen > len(head) {
			break
		}
		name := strings.ToLower(string(head[off+30 : off+30+nameLen]))
		switch filepath.Ext(name) {
		case ".shp", ".dbf", ".shx":
			return Shapefile
		case ".kml":
			return KMZ
		}
		if head[off+6]&8 != 0 { // sizes follow the data: cannot skip
			break
		}
		off += 30 + nameLen + extraLen + compSize
	}
	return 0
}
