package app

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultDBPath returns where the database lives when the user names none:
// $SITEATLAS_DB, else $XDG_DATA_HOME/siteatlas/atlas.db (~/.local/share when
// XDG_DATA_HOME is unset). On Windows and macOS, where there is no XDG, it
// is the user's application data folder: %AppData%\siteatlas\atlas.db and
// ~/Library/Application Support/siteatlas/atlas.db.
func DefaultDBPath() string {
	if p := os.Getenv("SITEATLAS_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" && (runtime.GOOS == "windows" || runtime.GOOS == "darwin") {
		dir, _ = os.UserConfigDir()
	}
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			home = "."
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "siteatlas", "atlas.db")
}
