package geoio

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// The Shapefile reader streams the .shp record by record with the .dbf
// record of the same number beside it, turns each pair into the GeoJSON
// Feature it stands for and hands that to the decoder the GeoJSON reader
// uses, so property mapping (a NAME column is the site name), leniency,
// validation and messages are the same as for every other format. Only
// the .shp and .dbf are read (front to back); the .shx index is not
// needed for that. Declared lengths are checked against the bytes the
// file has before anything is allocated, and a record's buffer grows
// only as its bytes arrive, so memory is one record, never the file.

// CodeNotShapefile is for a file opened as a shapefile that is not one.
const CodeNotShapefile = "not-shapefile"

// shpMaxRecord bounds one record (a country's coastline is a few MB).
const shpMaxRecord = 256 << 20

// shpFiles are the opened parts of one shapefile layer.
type shpFiles struct {
	shp     io.Reader
	shpSize int64 // bytes available (the file's size, or a zip entry's)
	dbf     io.Reader
	dbfName string
	prj     string
	hasPrj  bool
	cpg     string
	closers []io.Closer
}

// shpSource is one layer to read: its name and how to open its files.
type shpSource struct {
	name  string // "roads" (the .shp's base name)
	label string // "roads.shp" inside a zip; "" for a file on disk
	open  func() (*shpFiles, error)
}

type shpReader struct {
	file      string
	sources   []shpSource
	si        int
	cur       *shpLayer
	multi     bool // several layers: each site says which (property "layer")
	dec       *decoder
	jw        jsonWriter
	warn      warnings
	fatal     *Problem
	ids       map[uint64]int
	skipUUIDs bool
	n         int
	zdrop     int
	mdrop     int
	deleted   int
	closer    io.Closer // the zip, when reading one
	budget    *zipBudget
	read      int64
	total     int64
	closed    bool
}

// shpLayer is the layer being read.
type shpLayer struct {
	src      *shpSource
	r        *bufio.Reader
	size     int64
	off      int64
	typ      int32
	dbf      *dbfTable
	dbfShort bool
	hasLayer bool // the table has its own "layer" column
	rec      []byte
	recNo    int
	files    *shpFiles
}

var seedForShp = maphash.MakeSeed()

// NewShapefileReader reads the sites of the shapefile at path (the .shp;
// its .dbf, .prj and .cpg are found beside it, matching the base name in
// any letter case). Records map to sites as GeoJSON features do: the
// attributes are the properties. A .prj must be WGS 84 (NAD83, ETRS89 and
// CGCS2000 are read as WGS 84 with a warning); without one, coordinates
// are read as longitude/latitude with a warning if the layer's bounding
// box allows it. Errors are *Problem values.
func NewShapefileReader(path string, opts ReaderOptions) (Reader, error) {
	s := newShpReader(path, opts)
	dir, base := filepath.Split(path)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	s.sources = []shpSource{{name: stem, open: func() (*shpFiles, error) { return openShpFiles(path, dir, stem) }}}
	if fi, err := os.Stat(path); err == nil {
		s.total = fi.Size()
	}
	if err := s.start(); err != nil {
		return nil, err
	}
	return s, nil
}

func newShpReader(file string, opts ReaderOptions) *shpReader {
	return &shpReader{file: file, dec: newDecoder(file, seedForShp), warn: warnings{file: file},
		ids: map[uint64]int{}, skipUUIDs: opts.UUIDsCheckedByCaller}
}

// start opens the first layer, so that a file that cannot be read is
// refused by the constructor as other readers' are.
func (s *shpReader) start() error {
	if p := s.openLayer(); p != nil {
		if s.budget != nil && s.budget.tripped.Load() {
			p = s.budget.problem(s.file, s.sources[s.si].label)
		}
		s.Close()
		return p
	}
	return nil
}

// sibling finds dir/stem+ext in any letter case ("" when there is none).
func sibling(dir, stem, ext string) string {
	for _, e := range []string{ext, strings.ToUpper(ext)} {
		if p := filepath.Join(dir, stem+e); fileExists(p) {
			return p
		}
	}
	entries, err := os.ReadDir(filepath.Clean(dir + "."))
	if err != nil {
		return ""
	}
	for _, e := range entries {
		if strings.EqualFold(e.Name(), stem+ext) {
			return filepath.Join(dir, e.Name())
		}
	}
	return ""
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func openShpFiles(path, dir, stem string) (*shpFiles, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	sf := &shpFiles{shp: f, shpSize: fi.Size(), closers: []io.Closer{f}}
	if p := sibling(dir, stem, ".dbf"); p != "" {
		d, err := os.Open(p)
		if err != nil {
			f.Close()
			return nil, err
		}
		sf.dbf, sf.dbfName = d, filepath.Base(p)
		sf.closers = append(sf.closers, d)
	}
	for _, side := range []struct {
		ext string
		dst *string
		has *bool
	}{{".prj", &sf.prj, &sf.hasPrj}, {".cpg", &sf.cpg, nil}} {
		if p := sibling(dir, stem, side.ext); p != "" {
			b, err := readSmall(p, 64<<10)
			if err != nil {
				sf.close()
				return nil, err
			}
			*side.dst = string(b)
			if side.has != nil {
				*side.has = true
			}
		}
	}
	return sf, nil
}

// readSmall reads a sidecar file, refusing one larger than max.
func readSmall(p string, max int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(b)) > max {
		err = fmt.Errorf("%s is larger than %d bytes: not a sidecar file", filepath.Base(p), max)
	}
	return b, err
}

func (f *shpFiles) close() {
	for _, c := range f.closers {
		c.Close()
	}
}

// layerProblem is a fatal problem of the current layer's file.
func (s *shpReader) layerProblem(src *shpSource, code, msg string) *Problem {
	return &Problem{File: s.file, Where: src.label, Index: -1, Fatal: true, Code: code, Message: msg}
}

// openLayer opens the next layer and checks its header and CRS.
func (s *shpReader) openLayer() *Problem {
	src := &s.sources[s.si]
	files, err := src.open()
	if err != nil {
		return s.layerProblem(src, CodeIO, err.Error())
	}
	l := &shpLayer{src: src, files: files, size: files.shpSize, r: bufio.NewReaderSize(files.shp, 64<<10)}
	s.cur = l
	var h [100]byte
	n, err := io.ReadFull(l.r, h[:])
	l.off = int64(n)
	if n == 0 && (err == io.EOF || err == nil) {
		return s.layerProblem(src, CodeEmpty, "the file is empty")
	}
	if err != nil {
		return s.layerProblem(src, CodeNotShapefile, fmt.Sprintf("not a shapefile: the file has %d bytes, less than the 100-byte header", n))
	}
	if code := binary.BigEndian.Uint32(h[0:]); code != 9994 {
		what := ""
		if f, err := DetectFormat("x", h[:]); err == nil {
			what = ": it looks like " + f.String()
		}
		return s.layerProblem(src, CodeNotShapefile, fmt.Sprintf("not a shapefile (file code %d, want 9994%s; starts with %s)", code, what, quoteHead(h[:])))
	}
	if v := binary.LittleEndian.Uint32(h[28:]); v != 1000 {
		return s.layerProblem(src, CodeNotShapefile, fmt.Sprintf("not a shapefile: version %d, want 1000", v))
	}
	l.typ = int32(binary.LittleEndian.Uint32(h[32:]))
	if base, _, _ := shpBase(l.typ); base != shpNull && base != shpPoint && base != shpPolyLine && base != shpPolygon && base != shpMultiPoint {
		return s.layerProblem(src, CodeUnsupportedGeometry, fmt.Sprintf("the layer's shapes are %s, which Site Atlas does not read", shpTypeName(l.typ)))
	}
	if p := s.checkCRS(src, files, h[:]); p != nil {
		return p
	}
	if files.dbf == nil {
		s.warn.add(Problem{File: s.file, Where: src.label, Index: -1, Code: CodeMissingProperties,
			Message: "the shapefile has no .dbf table: sites have no names or attributes"})
		return nil
	}
	dbfLabel := files.dbfName
	warn := func(msg string) {
		s.warn.add(Problem{File: s.file, Where: dbfLabel, Index: -1, Code: CodeProperty, Message: msg})
	}
	t, err := newDBF(dbfLabel, files.dbf, files.cpg, warn)
	if err != nil {
		return s.layerProblem(src, CodeNotShapefile, err.Error())
	}
	l.dbf = t
	for _, f := range t.fields {
		if strings.EqualFold(f.name, "layer") {
			l.hasLayer = true
		}
	}
	return nil
}

// checkCRS judges the .prj, or the bounding box when there is none.
func (s *shpReader) checkCRS(src *shpSource, files *shpFiles, h []byte) *Problem {
	if files.hasPrj {
		warn, refuse := checkPRJ(files.prj)
		if refuse != "" {
			return s.layerProblem(src, CodeCRS, refuse)
		}
		if warn != "" {
			s.warn.add(Problem{File: s.file, Where: src.label, Index: -1, Code: CodeCRS, Message: warn})
		}
		return nil
	}
	var b [4]float64
	for i := range b {
		b[i] = math.Float64frombits(binary.LittleEndian.Uint64(h[36+8*i:]))
	}
	if !(b[0] >= -180 && b[2] <= 180 && b[1] >= -90 && b[3] <= 90) {
		return s.layerProblem(src, CodeCRS, fmt.Sprintf("the shapefile has no .prj and its bounding box (%g, %g) .. (%g, %g) is not longitude/latitude, "+
			"so its coordinate reference system is unknown; give it its .prj, or %s", b[0], b[1], b[2], b[3], reprojectHint))
	}
	s.warn.add(Problem{File: s.file, Where: src.label, Index: -1, Code: CodeCRS,
		Message: "the shapefile has no .prj: coordinates read as WGS 84 longitude/latitude (they are all in range)"})
	return nil
}

// Done says how far reading is, in .shp bytes read of all.
func (s *shpReader) Done() (read, total int64) { return s.read, s.total }

// Next returns the next record as a site.
func (s *shpReader) Next() (Item, error) {
	for {
		if s.fatal != nil {
			return Item{}, s.fatal
		}
		if s.closed {
			return Item{}, io.EOF
		}
		if s.cur == nil {
			if s.si+1 >= len(s.sources) {
				s.finish()
				s.Close()
				return Item{}, io.EOF
			}
			s.si++
			if p := s.openLayer(); p != nil {
				if s.budget != nil && s.budget.tripped.Load() {
					p = s.budget.problem(s.file, s.sources[s.si].label)
				}
				s.fatal = p
				s.Close()
				continue
			}
		}
		it, err, ok := s.record()
		if ok {
			return it, err
		}
	}
}

// fail ends the file with a fatal problem of the current layer.
func (s *shpReader) fail(where, msg string) {
	s.fatal = &Problem{File: s.file, Where: where, Index: -1, Fatal: true, Code: CodeNotShapefile, Message: msg}
	if s.budget != nil && s.budget.tripped.Load() {
		s.fatal = s.budget.problem(s.file, s.cur.src.label)
	}
	s.Close()
}

// record reads one record; ok is false when it gave no item (the end of a
// layer, a deleted record, a fatal problem: Next goes on).
func (s *shpReader) record() (Item, error, bool) {
	l := s.cur
	var h [8]byte
	n, err := io.ReadFull(l.r, h[:])
	if n == 0 && err == io.EOF || l.off >= l.size && n == 0 {
		s.endLayer()
		return Item{}, nil, false
	}
	l.recNo++
	where := s.where(l)
	if err != nil {
		s.fail(where, fmt.Sprintf("the record header is incomplete: the file ends after %d of its 8 bytes (%v)", n, err))
		return Item{}, nil, false
	}
	l.off += 8
	size := int64(binary.BigEndian.Uint32(h[4:])) * 2
	if size < 4 {
		s.fail(where, fmt.Sprintf("the record says it has %d bytes, too few for its shape type: the file is damaged", size))
		return Item{}, nil, false
	}
	if left := l.size - l.off; size > left || size > shpMaxRecord {
		s.fail(where, fmt.Sprintf("the record says it has %d bytes, but only %d remain in the file", size, max(left, 0)))
		return Item{}, nil, false
	}
	if err := s.readRecord(l, int(size)); err != nil {
		s.fail(where, fmt.Sprintf("the record is incomplete: %v", err))
		return Item{}, nil, false
	}
	l.off += size
	s.read += 8 + size
	deleted := false
	if l.dbf != nil && !l.dbfShort {
		d, err := l.dbf.next()
		switch {
		case err == io.EOF:
			l.dbfShort = true
			s.warn.add(Problem{File: s.file, Where: l.files.dbfName, Index: -1, Code: CodeMissingProperties,
				Message: fmt.Sprintf("the table has %d records, fewer than the shapes: shapes from record %d on have no attributes", l.dbf.read, l.recNo)})
		case err != nil:
			s.fail("", err.Error()) // the error names the table and record
			return Item{}, nil, false
		}
		deleted = d
	}
	if deleted {
		s.deleted++
		return Item{}, nil, false
	}
	index := s.n
	s.n++
	problem := func(code, format string, args ...any) *Problem {
		return &Problem{File: s.file, Where: where, Index: index, Code: code, Message: fmt.Sprintf(format, args...)}
	}
	g, typ, gerr := shpShape(l.rec)
	if gerr != nil {
		return Item{}, problem(CodeBadGeometry, "%v", gerr), true
	}
	if typ != shpNull && typ != l.typ {
		return Item{}, problem(CodeBadGeometry, "a %s shape in a layer of %s shapes", shpTypeName(typ), shpTypeName(l.typ)), true
	}
	if _, z, m := shpBase(typ); g != nil && (z || m) {
		if z {
			s.zdrop++
		} else {
			s.mdrop++
		}
	}
	return s.decode(l, g, index, where)
}

// readRecord reads size bytes into l.rec, growing it as bytes arrive so
// that a lying length in a stream allocates no more than the stream has.
func (s *shpReader) readRecord(l *shpLayer, size int) error {
	l.rec = l.rec[:0]
	for len(l.rec) < size {
		chunk := min(size-len(l.rec), 1<<20)
		start := len(l.rec)
		l.rec = append(l.rec, make([]byte, chunk)...)
		if _, err := io.ReadFull(l.r, l.rec[start:]); err != nil {
			return err
		}
	}
	if cap(l.rec) > 16<<20 && size < 1<<20 {
		l.rec = nil // do not keep a huge buffer for small records
	}
	return nil
}

func (s *shpReader) where(l *shpLayer) string {
	w := "record " + strconv.Itoa(l.recNo)
	if l.src.label != "" {
		w = l.src.label + ": " + w
	}
	return w
}

// decode makes the site of the record just read.
func (s *shpReader) decode(l *shpLayer, g orb.Geometry, index int, where string) (Item, error, bool) {
	w := &s.jw
	w.keepWinding = false // shapefile rings are clockwise; write RFC 7946's
	w.b = append(w.b[:0], `{"type":"Feature","geometry":`...)
	if g == nil {
		w.b = append(w.b, "null"...)
	} else {
		w.geometry(g)
	}
	w.b = append(w.b, `,"properties":{`...)
	f := fields{w: w, first: true}
	if l.dbf != nil && !l.dbfShort {
		l.dbf.props(&f, nil)
	}
	if s.multi && !l.hasLayer {
		f.str("layer", l.src.name)
	}
	w.b = append(w.b, "}}"...)
	rec := rawRecord{index: index, inFC: true, label: where, noun: "record", nounNum: l.recNo, data: w.b}
	var res result
	s.dec.decode(&rec, &res)
	if cap(w.b) > 1<<20 {
		w.b = nil
	}
	for _, p := range res.warns {
		s.warn.add(p)
	}
	if res.err != nil {
		res.err.Fatal = false // the JSON is ours; nothing else of the file is spoilt
		return Item{}, res.err, true
	}
	if !res.ok {
		return Item{}, &Problem{File: s.file, Where: where, Index: index, Code: CodeBadGeometry, Message: "could not be read"}, true
	}
	if res.hasID && !(s.skipUUIDs && res.item.HasID) {
		if prev, dup := s.ids[res.idHash]; dup {
			return Item{}, &Problem{File: s.file, Where: where, Index: index, Code: CodeDuplicateID,
				Message: fmt.Sprintf("duplicate id %s: feature %d has the same id", res.idText, prev)}, true
		}
		s.ids[res.idHash] = index
	}
	return res.item, nil, true
}

// endLayer closes the current layer and notes what its table had left.
func (s *shpReader) endLayer() {
	l := s.cur
	if l.dbf != nil && !l.dbfShort && l.dbf.read < l.dbf.records {
		s.warn.add(Problem{File: s.file, Where: l.files.dbfName, Index: -1, Code: CodeProperty,
			Message: fmt.Sprintf("the table has %d records but the shapefile only %d shapes: the rest were not read", l.dbf.records, l.recNo)})
	}
	if l.dbf != nil && l.dbf.guessed {
		s.warn.add(Problem{File: s.file, Where: l.files.dbfName, Index: -1, Code: CodeProperty,
			Message: "the table names no code page (no .cpg) and is not UTF-8: texts read as Windows-1252; if they look wrong, add a .cpg naming the code page (GBK, Big5, EUC-KR, Shift_JIS…)"})
	}
	l.files.close()
	s.cur = nil
}

// finish adds the warnings counted over the whole file.
func (s *shpReader) finish() {
	if s.zdrop > 0 {
		s.warn.add(Problem{File: s.file, Index: -1, Code: CodeZDropped,
			Message: fmt.Sprintf("Z (and M) values dropped from %d shapes: Site Atlas keeps longitude and latitude only", s.zdrop)})
	}
	if s.mdrop > 0 {
		s.warn.add(Problem{File: s.file, Index: -1, Code: CodeMDropped,
			Message: fmt.Sprintf("M (measure) values dropped from %d shapes: Site Atlas keeps longitude and latitude only", s.mdrop)})
	}
	if s.deleted > 0 {
		s.warn.add(Problem{File: s.file, Index: -1, Code: CodeProperty,
			Message: fmt.Sprintf("%d records marked deleted in the table were skipped", s.deleted)})
	}
}

// Warnings returns the warnings so far.
func (s *shpReader) Warnings() []Problem { return s.warn.all() }

// Close closes the files; reading to io.EOF closes them too.
func (s *shpReader) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.cur != nil {
		s.cur.files.close()
		s.cur = nil
	}
	if s.closer != nil {
		s.closer.Close()
	}
	return nil
}
