package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/siteatlas/siteatlas/internal/geoio"
)

// ErrExportOverDatabase refuses an export whose file is a database: the
// renamed export would replace it, and every site in it would be gone.
var ErrExportOverDatabase = errors.New("the export would replace a database")

// checkExportTarget refuses to export over the open database (the same
// file after symlinks and hard links, or its -wal and -shm files) and over
// any other SQLite file, except a GeoPackage that a GeoPackage export may
// replace as GIS tools do.
func checkExportTarget(path, dbPath string, format geoio.Format) error {
	target, err := os.Stat(path)
	if err != nil {
		return nil // nothing there yet, or an error the write will name
	}
	for _, p := range []string{dbPath, dbPath + "-wal", dbPath + "-shm"} {
		if fi, err := os.Stat(p); err == nil && os.SameFile(fi, target) {
			return fmt.Errorf("export %q: that is the open database %q; choose another file name: %w", path, dbPath, ErrExportOverDatabase)
		}
	}
	if !target.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, 72)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		return nil
	}
	if format == geoio.GeoPackage && bytes.Equal(head[68:72], []byte("GPKG")) {
		return nil
	}
	return fmt.Errorf("export %q: that file is a SQLite database, not an export; choose another file name: %w", path, ErrExportOverDatabase)
}
