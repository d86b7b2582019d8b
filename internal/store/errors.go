package store

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Errors a caller can test with errors.Is. Each is returned wrapped with the
// database path (or the site ID) so that the message alone tells the user what
// happened; the sentinel tells the program what to do about it.
var (
	// ErrNotDatabase: the file is not SQLite, or is another program's SQLite
	// database.
	ErrNotDatabase = errors.New("is not a Site Atlas database")
	// ErrNewerVersion: the schema is newer than this program knows; opening
	// it could lose data that the newer version writes.
	ErrNewerVersion = errors.New("was written by a newer Site Atlas")
	// ErrLocked: another process holds the write lock for longer than the
	// busy timeout (typically a long import in another window).
	ErrLocked = errors.New("is locked by another Site Atlas or program")
	// ErrReadOnly: the file or its folder cannot be written. The store never
	// opens such a file, so it is never modified.
	ErrReadOnly = errors.New("is read-only")
	// ErrDiskFull: a write ran out of disk space (or hit a file size limit)
	// or the disk failed; the transaction was rolled back.
	ErrDiskFull = errors.New("could not be written")
	// ErrNotFound: no site, attachment or history entry with that ID.
	ErrNotFound = errors.New("not found")
	// ErrIsDirectory: a directory sits where the database file should be.
	ErrIsDirectory = errors.New("is a directory, not a database file")
	// ErrNothingToUndo and ErrNothingToRedo: the undo or redo stack is empty.
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
	// ErrDuplicateIDs: Commit of a bulk import found the same site ID more
	// than once among the sites it put. Nothing was written; import again
	// with ImportOptions.RowByRow, which finds the duplicates as they come
	// (and treats a repeated ID as an update).
	ErrDuplicateIDs = errors.New("the import holds the same site id more than once")
	// ErrImportDone: Put, Commit or Rollback on an import that has ended.
	ErrImportDone = errors.New("import already committed or rolled back")
)

// pathError names the database in front of a sentinel: "/x/atlas.db is
// read-only: ...".
type pathError struct {
	path   string
	kind   error
	detail string
	err    error // underlying cause, if any
}

func (e *pathError) Error() string {
	msg := e.path + " " + e.kind.Error()
	if e.detail != "" {
		msg += " (" + e.detail + ")"
	}
	if e.err != nil {
		msg += ": " + e.err.Error()
	}
	return msg
}

func (e *pathError) Unwrap() []error {
	if e.err == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.err}
}

// classify maps SQLite result codes onto the sentinels, leaving other errors
// as they are.
func classify(path string, err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &pathError{path: path, kind: ErrLocked, detail: "another process is writing to it; try again when it has finished", err: err}
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
		return &pathError{path: path, kind: ErrReadOnly, err: err}
	case sqlite3.SQLITE_NOTADB:
		return &pathError{path: path, kind: ErrNotDatabase, err: err}
	case sqlite3.SQLITE_FULL:
		return &pathError{path: path, kind: ErrDiskFull, detail: "the disk is full; free some space and try again", err: err}
	case sqlite3.SQLITE_IOERR:
		if se.Code() == sqlite3.SQLITE_IOERR_WRITE {
			return &pathError{path: path, kind: ErrDiskFull, detail: "the disk is full, the file too large or the disk failing", err: err}
		}
	}
	return err
}

// notFound says which kind of thing with which ID is missing.
func notFound(what, id string) error {
	return fmt.Errorf("%s %q %w", what, id, ErrNotFound)
}

// isConstraint reports whether err is SQLite refusing a write for a
// constraint (UNIQUE, NOT NULL, a foreign key).
func isConstraint(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
}
