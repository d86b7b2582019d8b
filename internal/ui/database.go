package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/app"
)

// Preference keys: what comes back on restart.
const (
	prefLastDB      = "db.last"
	prefRecentDBs   = "db.recent"
	prefLon         = "map.lon"
	prefLat         = "map.lat"
	prefZoom        = "map.zoom"
	prefWinW        = "window.width"
	prefWinH        = "window.height"
	prefListSplit   = "split.list"
	prefDetailSplit = "split.details"
	maxRecent       = 8
)

// defaultCenter shows north-east Asia, where the sample project is.
var defaultCenter = orb.Point{127, 38}

func (w *Window) savedView() (orb.Point, float64) {
	p := w.app.Preferences()
	c := orb.Point{p.FloatWithFallback(prefLon, defaultCenter[0]), p.FloatWithFallback(prefLat, defaultCenter[1])}
	return c, p.FloatWithFallback(prefZoom, 4)
}

// saveState remembers the view, the window size and the panel widths, and
// closes the database.
func (w *Window) saveState() {
	p := w.app.Preferences()
	v := w.mapView.View()
	p.SetFloat(prefLon, v.Center[0])
	p.SetFloat(prefLat, v.Center[1])
	p.SetFloat(prefZoom, v.Zoom)
	size := w.win.Canvas().Size()
	p.SetFloat(prefWinW, float64(size.Width))
	p.SetFloat(prefWinH, float64(size.Height))
	p.SetFloat(prefListSplit, w.split.Offset)
	p.SetFloat(prefDetailSplit, w.inner.Offset)
	for _, ml := range w.layers {
		ml.src.Close()
	}
	w.ws.Close()
}

// rememberDB puts path first in the recent list and makes it the last one.
func rememberDB(a fyne.App, path string) {
	p := a.Preferences()
	p.SetString(prefLastDB, path)
	recent := []string{path}
	for _, r := range p.StringList(prefRecentDBs) {
		if r != path && len(recent) < maxRecent {
			recent = append(recent, r)
		}
	}
	p.SetStringList(prefRecentDBs, recent)
}

func (w *Window) recentMenu() *fyne.MenuItem {
	item := fyne.NewMenuItem("Open recent", nil)
	var items []*fyne.MenuItem
	for _, path := range w.app.Preferences().StringList(prefRecentDBs) {
		items = append(items, fyne.NewMenuItem(path, func() { w.switchTo(path) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem("(none yet)", nil)
		none.Disabled = true
		items = append(items, none)
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}

var dbFilter = storage.NewExtensionFileFilter([]string{".db", ".sqlite", ".atlas"})

func (w *Window) openDatabaseDialog() {
	w.askPath(pathRequest{title: "Open database", confirm: "Open", filter: dbFilter, done: w.switchTo})
}

func (w *Window) newDatabaseDialog() {
	w.askPath(pathRequest{title: "New database", confirm: "Create", save: true, fresh: true, name: "atlas.db", done: w.switchTo})
}

// switchTo opens the database at path in a new window and closes this one.
// The file dialog of "New" creates an empty file, which Open turns into a
// database; a file that cannot be opened is never overwritten.
func (w *Window) switchTo(path string) {
	ws, err := app.OpenWorkspace(path)
	if err != nil {
		showError(err, w.win)
		return
	}
	rememberDB(w.app, path)
	NewWindow(w.app, ws).Show()
	w.win.Close()
}
