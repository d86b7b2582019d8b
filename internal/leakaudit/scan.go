package leakaudit

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// Kind is how a written file is to be read back.
type Kind int

// The kinds of file the audit reads.
const (
	// Text is any text format (GeoJSON, CSV, KML, GPX, SVG): searched raw
	// and through every decoding.
	Text Kind = iota
	// Zip is a ZIP archive (KMZ, a bundle): searched raw (names, stored
	// members, comments) and every member decompressed, as Text or, for a
	// ZIP inside, as Zip.
	Zip
	// SQLite is an SQLite database (GeoPackage): every page searched raw
	// and through every decoding, and long secrets by pieces too, since a
	// long text may be split across overflow pages.
	SQLite
)

// KindForName is the kind a file's name says.
func KindForName(name string) Kind {
	switch strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".tmp"))) {
	case ".kmz", ".zip":
		return Zip
	case ".gpkg", ".sqlite", ".db", ".mbtiles":
		return SQLite
	}
	return Text
}

// Finding is one withheld text found in a written file. It names the
// field and where, never the text.
type Finding struct {
	Field string
	// Member is "" for the file itself, else "member 3" (its place in the
	// archive, from 1; nested: "member 2, member 1"). Not its name, which
	// may hold the secret.
	Member string
	// Offset is of the first byte of the match, in the file or the
	// decompressed member.
	Offset   int64
	Encoding string
}

func (f Finding) String() string {
	where := fmt.Sprintf("at byte %d", f.Offset)
	if f.Member != "" {
		where = fmt.Sprintf("in %s at byte %d", f.Member, f.Offset)
	}
	return fmt.Sprintf("withheld %s found %s (%s)", f.Field, where, f.Encoding)
}

// Limits bound what a scan reads, so that a crafted archive cannot make the
// audit read without end (a zip bomb).
type Limits struct {
	MaxMembers int
	// MaxMemberBytes and MaxTotalBytes bound decompressed bytes; MaxRatio
	// the decompressed size of a member against its compressed one.
	MaxMemberBytes int64
	MaxTotalBytes  int64
	MaxRatio       int64
	MaxDepth       int
	MaxFindings    int
}

// DefaultLimits are generous for our own exports (a KMZ of a million
// sites is a few hundred MB) and stop a bomb early.
var DefaultLimits = Limits{
	MaxMembers:     100000,
	MaxMemberBytes: 4 << 30,
	MaxTotalBytes:  8 << 30,
	MaxRatio:       1000,
	MaxDepth:       3,
	MaxFindings:    1000,
}

// ErrUnreadable wraps every reason a file could not be audited: an export
// that cannot be read back is not put in place.
var ErrUnreadable = errors.New("cannot be audited")

// Scan reads the size bytes of r as kind and returns the secrets found,
// in order of offset. The kind is checked against the file's first bytes,
// which win: a ZIP or SQLite file is read as one whatever its name says.
// An error means the file could not be read through (a zip bomb, a member
// in a method the audit cannot decompress, a UTF-16 database): treat it as
// a leak.
func (s *Secrets) Scan(r io.ReaderAt, size int64, kind Kind) ([]Finding, error) {
	return s.ScanLimits(r, size, kind, DefaultLimits)
}

// ScanLimits is Scan with other limits.
func (s *Secrets) ScanLimits(r io.ReaderAt, size int64, kind Kind, lim Limits) ([]Finding, error) {
	sc := &scanner{s: s, lim: lim, seen: map[findingKey]bool{}, fold: newFolder(), buf: make([]byte, 1<<20)}
	err := sc.file(r, size, kind, "", 0)
	sort.SliceStable(sc.found, func(i, j int) bool {
		a, b := sc.found[i], sc.found[j]
		if a.Member != b.Member {
			return a.Member < b.Member
		}
		return a.Offset < b.Offset
	})
	return sc.found, err
}

// findingKey is one finding for the user: two secrets of one field at one
// place (a text and a longer one holding it) are one.
type findingKey struct {
	field  string
	member string
	off    int64
}

type scanner struct {
	s     *Secrets
	lim   Limits
	total int64
	seen  map[findingKey]bool
	found []Finding
	full  bool
	fold  *folder
	buf   []byte
}

func (sc *scanner) reporter(member string) func(int32, int64, encoding) {
	return func(secret int32, off int64, enc encoding) {
		k := findingKey{sc.s.fields[secret], member, off}
		if sc.seen[k] || sc.full {
			return
		}
		sc.seen[k] = true
		sc.found = append(sc.found, Finding{Field: sc.s.fields[secret], Member: member, Offset: off, Encoding: enc.String()})
		if len(sc.found) >= sc.lim.MaxFindings {
			sc.full = true
		}
	}
}

var (
	zipMagic    = []byte("PK\x03\x04")
	zipEmpty    = []byte("PK\x05\x06")
	sqliteMagic = []byte("SQLite format 3\x00")
)

func sniff(r io.ReaderAt, size int64, kind Kind) Kind {
	head := make([]byte, min(size, 100))
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, zipMagic), bytes.HasPrefix(head, zipEmpty):
		return Zip
	case bytes.HasPrefix(head, sqliteMagic):
		return SQLite
	case kind == Zip || kind == SQLite:
		// Said to be one but is not: read it as text rather than fail, the
		// raw scan covers it.
		return Text
	}
	return kind
}

func (sc *scanner) file(r io.ReaderAt, size int64, kind Kind, member string, depth int) error {
	kind = sniff(r, size, kind)
	where := "the file"
	if member != "" {
		where = member
	}
	ac, of := sc.s.whole, sc.s.wholeOf
	if kind == SQLite {
		if err := checkSQLiteHeader(r, size); err != nil {
			return fmt.Errorf("%s %w: %v", where, ErrUnreadable, err)
		}
		ac, of = sc.s.pieces, sc.s.piecesOf
	}
	if err := scanStream(io.NewSectionReader(r, 0, size), ac, of, sc.s.quote, sc.fold, sc.buf, size, sc.reporter(member)); err != nil {
		return fmt.Errorf("%s %w: %v", where, ErrUnreadable, err)
	}
	if kind == Zip {
		return sc.zip(r, size, member, depth)
	}
	return nil
}

// checkSQLiteHeader refuses a database whose text is not UTF-8: the raw
// search would miss UTF-16 text. The encoding is at byte 56 of the header.
func checkSQLiteHeader(r io.ReaderAt, size int64) error {
	var h [100]byte
	if size < 100 {
		return errors.New("the SQLite header is cut short")
	}
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return err
	}
	if enc := binary.BigEndian.Uint32(h[56:60]); enc != 1 && enc != 0 {
		return fmt.Errorf("the database's text encoding is %d (UTF-16), not UTF-8", enc)
	}
	return nil
}

func (sc *scanner) zip(r io.ReaderAt, size int64, member string, depth int) error {
	where := "the file"
	if member != "" {
		where = member
	}
	if depth >= sc.lim.MaxDepth {
		return fmt.Errorf("%s %w: archives nested more than %d deep", where, ErrUnreadable, sc.lim.MaxDepth)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("%s %w: not a readable ZIP archive: %v", where, ErrUnreadable, err)
	}
	if len(zr.File) > sc.lim.MaxMembers {
		return fmt.Errorf("%s %w: %d members, more than the %d the audit reads", where, ErrUnreadable, len(zr.File), sc.lim.MaxMembers)
	}
	for i, f := range zr.File {
		name := fmt.Sprintf("member %d", i+1)
		if member != "" {
			name = member + ", " + name
		}
		if err := sc.member(f, name, depth); err != nil {
			return err
		}
	}
	return nil
}

func (sc *scanner) member(f *zip.File, name string, depth int) error {
	if f.Flags&0x1 != 0 {
		return fmt.Errorf("%s %w: it is encrypted", name, ErrUnreadable)
	}
	limit := min(sc.lim.MaxMemberBytes, sc.lim.MaxTotalBytes-sc.total)
	if ratio := sc.lim.MaxRatio * (int64(f.CompressedSize64) + 1024); ratio < limit {
		limit = ratio
	}
	if f.UncompressedSize64 > uint64(limit) {
		return fmt.Errorf("%s %w: it says it holds %d bytes, more than the %d the audit reads", name, ErrUnreadable, f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s %w: %v", name, ErrUnreadable, err)
	}
	defer rc.Close()
	// The declared size is not trusted: the limit is on what comes out.
	head := make([]byte, len(sqliteMagic))
	n, _ := io.ReadFull(rc, head)
	head = head[:n]
	body := io.MultiReader(bytes.NewReader(head), rc)
	if bytes.HasPrefix(head, zipMagic) || bytes.HasPrefix(head, zipEmpty) {
		// An archive inside: it needs random access, so it is read into
		// memory (bounded by limit) and walked.
		b, err := io.ReadAll(io.LimitReader(body, limit+1))
		if err != nil {
			return fmt.Errorf("%s %w: %v", name, ErrUnreadable, err)
		}
		if int64(len(b)) > limit {
			return fmt.Errorf("%s %w: it holds more than %d bytes (a zip bomb?)", name, ErrUnreadable, limit)
		}
		sc.total += int64(len(b))
		return sc.file(bytes.NewReader(b), int64(len(b)), Zip, name, depth+1)
	}
	ac, of := sc.s.whole, sc.s.wholeOf
	if bytes.Equal(head, sqliteMagic) {
		ac, of = sc.s.pieces, sc.s.piecesOf
	}
	counted := &countingReader{r: body}
	err = scanStream(counted, ac, of, sc.s.quote, sc.fold, sc.buf, limit, sc.reporter(name))
	sc.total += counted.n
	if errors.Is(err, errTooLarge) {
		return fmt.Errorf("%s %w: it holds more than %d bytes (a zip bomb?)", name, ErrUnreadable, limit)
	}
	if err != nil {
		return fmt.Errorf("%s %w: %v", name, ErrUnreadable, err)
	}
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
