package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Open opens the Site Atlas database at path, creating it (and its folder)
// when missing, and migrates it to the current schema.
//
// Before SQLite touches an existing file, Open reads its header itself: a
// file that is not SQLite, belongs to another program, was written by a newer
// Site Atlas or cannot be written is refused without a single byte changing
// (ErrNotDatabase, ErrNewerVersion, ErrReadOnly). ErrLocked means another
// process held the write lock while Open needed it.
func Open(path string) (*Store, error) {
	return OpenWith(path, Options{})
}

// Options adjust OpenWith.
type Options struct {
	// CacheKiB is each connection's page cache; 0 means the default
	// (DefaultCacheKiB). A command that reads the database once, front to
	// back (an export), gains nothing from more than SQLite's own 2 MiB.
	CacheKiB int
}

// OpenWith is Open with options.
func OpenWith(path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open: no database path given")
	}
	if strings.HasPrefix(path, "file:") {
		// A URI would let a "?" pass SQLite parameters past the checks
		// below: take it for the file it names, or refuse it.
		u, err := url.Parse(path)
		if err != nil || u.RawQuery != "" || u.Fragment != "" || u.Host != "" && u.Host != "localhost" || u.Path == "" {
			return nil, fmt.Errorf("open %s: give the database as a plain path, not a URI with parameters", path)
		}
		path = filepath.FromSlash(u.Path)
	}
	if err := precheck(path); err != nil {
		return nil, err
	}
	cache := opts.CacheKiB
	if cache <= 0 {
		cache = DefaultCacheKiB
	}
	db, err := sql.Open("sqlite", dsn(path, cache))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &Store{db: db, path: path, cacheKiB: cache}
	ctx := context.Background()
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// DefaultCacheKiB is the page cache of each connection. Reads are mostly
// sequential scans or a few pages per site, and bulk imports append, so a
// small cache costs little time; imports that update an index at random
// raise it for their connection (rowByRowCacheKiB). Temporary tables and
// sorts (building indexes) go to temporary files, not to memory, so that
// building the ID index of a million sites does not hold it all in RAM.
const DefaultCacheKiB = 8 << 10

// OnePassCacheKiB is SQLite's own default page cache, enough for commands
// that read or write the database once, front to back (Options.CacheKiB).
const OnePassCacheKiB = 2 << 10

// dsn puts every per-connection setting in the connection string, so that
// each connection database/sql opens gets them, not just the first.
func dsn(path string, cacheKiB int) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", cacheKiB))
	q.Set("_txlock", "immediate")
	// A file: URI with the path escaped, so that a "?" or "#" in the name
	// (other.sqlite?x) stays part of it instead of opening other.sqlite
	// with parameters: the same the GeoPackage and MBTiles code does.
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	u := url.URL{Path: filepath.ToSlash(abs)}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: file:/C:/…
	}
	return "file:" + p + "?" + q.Encode()
}

// sqliteHeader is what Open needs from the first 100 bytes of a SQLite file.
type sqliteHeader struct {
	pages         uint32
	userVersion   uint32
	applicationID uint32
}

var sqliteMagic = []byte("SQLite format 3\x00")

// precheck refuses what must not be opened, reading only file metadata and
// the header, so that SQLite never gets the chance to modify such a file.
func precheck(path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("create folder for %s: %w", path, err)
		}
		return checkDirWritable(path, dir)
	case err != nil:
		return fmt.Errorf("open %s: %w", path, err)
	case fi.IsDir():
		return &pathError{path: path, kind: ErrIsDirectory, detail: "choose a file name inside it, such as atlas.db"}
	case !fi.Mode().IsRegular():
		return &pathError{path: path, kind: ErrNotDatabase, detail: "not a regular file"}
	}
	if fi.Size() > 0 {
		h, err := readHeader(path, fi.Size())
		if err != nil {
			return err
		}
		if h.applicationID != applicationID && h.applicationID != 0 {
			return &pathError{path: path, kind: ErrNotDatabase, detail: fmt.Sprintf("it is a SQLite database of another program, application id %#x", h.applicationID)}
		}
		if h.applicationID == 0 && h.pages > 1 {
			return &pathError{path: path, kind: ErrNotDatabase, detail: "it is a SQLite database of another program"}
		}
		if h.applicationID == applicationID && int(h.userVersion) > len(migrations) {
			return newerError(path, int(h.userVersion))
		}
	}
	// Permission bits are honoured even for root: a user who marked the file
	// read-only meant it, and a CI running as root must see the same refusal.
	if fi.Mode().Perm()&0o200 == 0 {
		return &pathError{path: path, kind: ErrReadOnly, detail: "the file is marked read-only"}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		if errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return &pathError{path: path, kind: ErrReadOnly, err: err}
		}
		return fmt.Errorf("open %s: %w", path, err)
	}
	f.Close()
	return checkDirWritable(path, filepath.Dir(path))
}

// checkDirWritable: WAL mode creates -wal and -shm files next to the
// database, so its folder must be writable too.
func checkDirWritable(path, dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return &pathError{path: path, kind: ErrReadOnly, detail: "its folder " + dir + " is read-only"}
	}
	probe, err := os.CreateTemp(dir, ".siteatlas-probe-*")
	if err != nil {
		return &pathError{path: path, kind: ErrReadOnly, detail: "cannot create files in " + dir, err: err}
	}
	probe.Close()
	os.Remove(probe.Name())
	return nil
}

func readHeader(path string, size int64) (sqliteHeader, error) {
	var h sqliteHeader
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return h, &pathError{path: path, kind: ErrReadOnly, detail: "cannot even be read", err: err}
		}
		return h, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	var b [100]byte
	if _, err := io.ReadFull(f, b[:]); err != nil || string(b[:16]) != string(sqliteMagic) {
		return h, &pathError{path: path, kind: ErrNotDatabase, detail: "not a SQLite file"}
	}
	be := binary.BigEndian
	h.userVersion = be.Uint32(b[60:])
	h.applicationID = be.Uint32(b[68:])
	h.pages = be.Uint32(b[28:])
	// The in-header page count is only valid when written by SQLite 3.7+
	// in step with the change counter; otherwise derive it from the size.
	if be.Uint32(b[92:]) != be.Uint32(b[24:]) || h.pages == 0 {
		pageSize := int64(be.Uint16(b[16:]))
		if pageSize == 1 {
			pageSize = 65536
		}
		if pageSize >= 512 {
			h.pages = uint32(size / pageSize)
		}
	}
	return h, nil
}

func newerError(path string, version int) error {
	return &pathError{path: path, kind: ErrNewerVersion,
		detail: fmt.Sprintf("schema %d, this version knows %d; update Site Atlas to open it", version, len(migrations))}
}
