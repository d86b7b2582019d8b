// Package ui is the Fyne shell of Site Atlas: the window, the site list, the
// map widget, the details panel and the dialogs. It holds no SQL and no
// format logic, and does not import internal/store: every action calls one
// method of the app.Workspace (which keeps the map's index and the list's
// catalog in step with the database) or one app function, and long work
// runs in goroutines that reach widgets via fyne.Do.
package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/site"
)

// Window is the main Site Atlas window over one database.
type Window struct {
	app fyne.App
	win fyne.Window
	ws  *app.Workspace
	br  *app.Browser
	m   *render.Map

	list    *widget.List
	mapView *MapView
	details *Details
	split   *container.Split // list | rest
	inner   *container.Split // map | details

	search *widget.Entry
	// timeBar filters by time and shows the sites per year.
	timeBar *timeBar
	// placesBox offers the places and positions the search text names.
	placesBox *placeResults
	// afterQuery are what waits for the list's newest query to be shown,
	// and clearHidden whether one of them changed the filter. UI goroutine.
	afterQuery  []func()
	clearHidden bool
	category    *valueSelect
	status      *valueSelect
	order       *widget.Select

	tips        *tipLayer
	hintLabel   *widget.Label
	netLabel    *widget.Label
	countLabel  *widget.Label
	emptyHint   *widget.Label // over the list when it is empty
	cursorLabel *widget.Label
	zoomLabel   *widget.Label

	spotMenu      *fyne.Menu    // the last "sites at this spot" chooser
	team          *teamScreen   // the last Team project dialog
	importOffer   dialog.Dialog // asks before importing the files the window was opened with
	measured      string        // the measure tool's figures, for Copy
	layers        []*mapLayer   // tile layers over the embedded world, bottom first
	fetching      map[int]bool  // list pages asked for since the last query result, by item index / 50
	listGen       int           // counts query results shown
	edits         editState
	undoItem      *fyne.MenuItem
	redoItem      *fyne.MenuItem
	selected      int64 // store row, 0 when none
	listIndex     int   // the list item selected, -1 when none
	selectingList bool  // guards list selection echoing back

	queryGen  atomic.Int64
	selectGen atomic.Int64 // counts selections: only the newest is shown
	shownGen  int64        // the newest selection read and shown. UI goroutine
	searchMu  sync.Mutex
	searchTmr *time.Timer

	// events, when not nil (tests), hears the name of each background job
	// whose result has reached the widgets: "query", "index", "import",
	// "export".
	events chan string
}

// NewWindow builds the window for st. It loads the list and the map index
// in the background and shows them when they are ready.
func NewWindow(a fyne.App, ws *app.Workspace) *Window { return newWindow(a, ws, nil) }

func newWindow(a fyne.App, ws *app.Workspace, events chan string) *Window {
	w := &Window{
		events:      events,
		app:         a,
		win:         a.NewWindow("Site Atlas"),
		ws:          ws,
		br:          ws.Browser(),
		m:           newMap(),
		hintLabel:   widget.NewLabel(""),
		netLabel:    widget.NewLabel("offline"),
		countLabel:  widget.NewLabel("Loading sites…"),
		cursorLabel: widget.NewLabel(""),
		zoomLabel:   widget.NewLabel(""),
	}
	w.win.SetTitle("Site Atlas — " + ws.Path())
	ws.OnIndex(w.indexLoaded)
	w.edits.invalid = map[string]site.Site{}
	w.fetching = map[int]bool{}
	w.details = NewDetails(w.win)
	w.details.OnEdit = w.formEdited
	w.details.OnEditNow = w.saveEditNow
	w.details.OnPlaced = w.showTypedPosition
	w.details.OnAttach = w.attachDialog
	w.details.OnDetach = w.detach
	center, zoom := w.savedView()
	w.mapView = NewMapView(w.m, center, zoom)
	w.mapView.approximateRadius = approximateRadius(w.app)
	w.mapView.OnSelect = w.selectFromMap
	w.mapView.OnHelpKey = w.helpDialog
	w.mapView.OnCursor = w.showCursor
	w.mapView.OnSameSpot = w.chooseAtSpot
	w.mapView.OnAdd = w.addSiteAt
	w.mapView.OnPolygon = w.addPolygon
	w.mapView.OnDrawStart = w.startDrawing
	w.mapView.OnMove = w.moveSelected
	w.wireShapeEditing()
	w.mapView.OnDeleteKey = w.deleteSelected
	w.mapView.OnViewChange = w.viewChanged
	w.tips = newTipLayer()
	w.list = w.newList()

	w.split = container.NewHSplit(w.newListPane(), nil)
	w.inner = container.NewHSplit(w.mapView, w.details)
	w.split.Trailing = w.inner
	w.split.Offset = w.app.Preferences().FloatWithFallback(prefListSplit, 0.22)
	w.inner.Offset = w.app.Preferences().FloatWithFallback(prefDetailSplit, 0.64)

	status := container.NewHBox(w.countLabel, widget.NewSeparator(), w.cursorLabel, widget.NewSeparator(), w.zoomLabel,
		widget.NewSeparator(), w.netLabel, widget.NewSeparator(), w.hintLabel)
	w.timeBar = w.newTimeBar()
	top := container.NewVBox(w.newToolbar(), w.timeBar.object())
	w.win.SetContent(container.NewStack(container.NewBorder(top, status, nil, nil, w.split), w.tips.layer))
	w.win.SetMainMenu(w.newMenu())
	w.addShortcuts()
	w.win.SetOnDropped(w.dropped)
	w.win.SetCloseIntercept(w.confirmClose)
	w.win.SetOnClosed(w.saveState)
	w.win.Resize(fyne.NewSize(
		float32(w.app.Preferences().FloatWithFallback(prefWinW, 1280)),
		float32(w.app.Preferences().FloatWithFallback(prefWinH, 800))))
	w.viewChanged(w.mapView.View())
	go w.loadAll()
	w.refreshUndo()
	w.restoreLayers()
	return w
}

// Show shows the window.
func (w *Window) Show() {
	w.win.Show()
	preloadPlaces()
}

// ShowAndRun shows the window and runs the app until it is closed.
func (w *Window) ShowAndRun() {
	preloadPlaces()
	w.win.ShowAndRun()
}

// Window returns the Fyne window.
func (w *Window) Window() fyne.Window { return w.win }

// newMap returns the renderer over the embedded world, with no sites yet.
// A broken basemap is logged and the map draws sites on a plain sea rather
// than the app refusing to start.
func newMap() *render.Map {
	world, err := basemap.Load()
	if err != nil {
		fyne.LogError("loading the embedded basemap", err)
		world = &basemap.World{}
	}
	m, err := render.NewMap(world, render.NewIndexBuilder().Build(), assets.LabelFont)
	if err != nil {
		fyne.LogError("loading the label font", err)
		m, _ = render.NewMap(world, render.NewIndexBuilder().Build(), nil)
	}
	return m
}

// loadAll reads every site once, into the map's index and the list's
// catalog, and then runs the current query. Call it from a goroutine.
func (w *Window) loadAll() {
	if err := w.ws.Load(context.Background()); err != nil {
		w.loadFailed(err)
		return
	}
	runOnUI(w.filterChanged)
}

// loadFailed says the sites could not be read. Any goroutine.
func (w *Window) loadFailed(err error) {
	w.showError(err)
	runOnUI(func() { w.countLabel.SetText("Could not load the sites") })
}

// indexLoaded shows a new map index (the workspace built it). Any goroutine.
func (w *Window) indexLoaded(idx *render.Index) {
	runOnUI(func() {
		w.m.SetIndex(idx)
		w.mapView.Redraw()
		w.emit("index")
	})
}

// emit tells a test that a background job has shown its result.
func (w *Window) emit(event string) {
	if w.events != nil {
		w.events <- event
	}
}

// currentQuery reads the filter widgets. UI goroutine only.
func (w *Window) currentQuery() app.Query {
	q := app.Query{Order: app.ByName}
	if w.search != nil {
		q.Text = w.search.Text
	}
	if w.category != nil {
		q.Category = w.category.Value()
	}
	if w.status != nil {
		q.Status = site.Status(w.status.Value())
	}
	if w.order != nil && w.order.SelectedIndex() == 1 {
		q.Order = app.ByUpdated
	}
	if w.timeBar != nil {
		q.Time = w.timeBar.filter
	}
	return q
}

// runQuery runs q in the background; only the newest query's result is shown.
func (w *Window) runQuery(q app.Query) { w.runQueryThen(q, false, nil) }

// runQueryThen runs q, then calls then (when not nil) with its result
// shown. newFilter says the researcher changed the search or the filters:
// a selected site they now hide is unselected. (A site just added or edited
// stays selected even where the search does not find it.)
func (w *Window) runQueryThen(q app.Query, newFilter bool, then func()) {
	gen := w.queryGen.Add(1)
	// A newer query may overtake this one, and only the newest is shown:
	// what was to follow this one follows that.
	if then != nil {
		w.afterQuery = append(w.afterQuery, then)
	}
	w.clearHidden = w.clearHidden || newFilter
	seq := w.br.NextSeq()
	go func() {
		err := w.br.SetAs(context.Background(), q, seq)
		if w.queryGen.Load() != gen {
			return
		}
		runOnUI(func() {
			defer w.emit("query")
			after, clearHidden := w.afterQuery, w.clearHidden
			w.afterQuery, w.clearHidden = nil, false
			defer func() {
				for _, f := range after {
					f()
				}
			}()
			if err != nil {
				w.countLabel.SetText("Search failed: " + err.Error())
				return
			}
			w.listGen++
			w.fetching = map[int]bool{}
			w.list.UnselectAll()
			w.list.Refresh()
			w.mapView.SetFilter(w.br.MapFilter())
			w.updateCount()
			w.timeBar.refresh(w.br.Query())
			if i := w.br.IndexOf(w.selected); i >= 0 {
				w.selectingList = true
				w.list.Select(i)
				w.selectingList = false
			} else if w.selected != 0 && clearHidden {
				// The search hides the selected site: the panel must not
				// go on showing a site the list and the map no longer do.
				w.selectRow(0, false)
			}
		})
	}()
}

func (w *Window) filterChanged() { w.runQueryThen(w.currentQuery(), true, nil) }

// refreshList reruns the list's query after the data changed.
func (w *Window) refreshList() { w.runQuery(w.currentQuery()) }

// searchSubmitted is Enter in the search box: search now, and show the
// results on the map.
func (w *Window) searchSubmitted(string) {
	w.searchMu.Lock()
	if w.searchTmr != nil {
		w.searchTmr.Stop()
	}
	w.searchMu.Unlock()
	text := w.search.Text
	w.runQueryThen(w.currentQuery(), true, func() {
		if w.br.Len() > 0 && text != "" {
			w.zoomToAll()
			w.findPlaces(text)
			w.emit("search-shown")
			return
		}
		// No site is called so: go to the place or the position it names.
		w.findPlacesThen(text, func() {
			if w.placesBox.first != nil {
				w.placesBox.first()
			}
			w.emit("search-shown")
		})
	})
}

// searchPause is how long typing must stop before the list searches: about
// the gap between keystrokes of someone typing, and 5-10 times what a
// search of a million sites takes (BENCHMARKS.md).
const searchPause = 150 * time.Millisecond

// searchChanged waits for a pause in typing before searching.
func (w *Window) searchChanged(string) {
	w.searchMu.Lock()
	defer w.searchMu.Unlock()
	if w.searchTmr != nil {
		w.searchTmr.Stop()
	}
	w.searchTmr = time.AfterFunc(searchPause, func() {
		runOnUI(func() {
			w.filterChanged()
			w.findPlaces(w.search.Text)
		})
	})
}

func (w *Window) updateCount() {
	text := fmt.Sprintf("%s of %s sites", formatCount(w.br.Len()), formatCount(w.br.Total()))
	if q := w.br.Query().Text; strings.TrimSpace(q) != "" && !hasWordChar(q) {
		// "*" or a lone quote searches for nothing: every site is listed,
		// which must not pass for a match before "Delete all sites in the list".
		text += fmt.Sprintf(" · search “%s” ignored: no letters or digits", strings.TrimSpace(q))
	}
	w.countLabel.SetText(text)
	w.updateEmptyHint()
}

func (w *Window) showCursor(p orb.Point, ok bool) {
	if !ok {
		w.cursorLabel.SetText("")
		return
	}
	w.cursorLabel.SetText(formatLatLon(p[1], p[0]) + "  (" + formatDMS(p[1], p[0]) + ")")
}

func (w *Window) viewChanged(v render.Viewport) {
	w.zoomLabel.SetText(fmt.Sprintf("zoom %.1f", v.Zoom))
}

// selectRow shows row in the details panel, on the map and in the list.
// What was typed for the previous site is saved first; an edit that is
// not valid yet is kept and shown again when its site comes back. The site
// is read off the UI goroutine; when another selection overtakes it, only
// the newest is shown.
func (w *Window) selectRow(row int64, centre bool) { w.selectRowThen(row, centre, nil) }

// selectRowThen is selectRow, then calls then (when not nil) once the
// site is shown, or once a newer selection overtook it.
func (w *Window) selectRowThen(row int64, centre bool, then func()) {
	w.flushEdit()
	w.selected = row
	gen := w.selectGen.Add(1)
	if row == 0 {
		w.details.SetSite(nil, nil)
		w.mapView.SetSelected(nil)
		w.mapView.SetSelectedShape(nil)
		if then != nil {
			then()
		}
		return
	}
	go func() {
		s, err := w.ws.GetByRow(context.Background(), row)
		runOnUI(func() {
			w.shownGen = gen
			if w.selectGen.Load() == gen {
				w.showSelected(row, s, err, centre)
			}
			if then != nil {
				then()
			}
		})
	}()
}

// showSelected shows the site just read for a selection. UI goroutine.
func (w *Window) showSelected(row int64, s site.Site, err error, centre bool) {
	if errors.Is(err, app.ErrNotFound) {
		// Gone meanwhile (an undone add, another window's delete).
		w.selectRow(0, false)
		return
	}
	if err != nil {
		w.showError(err)
		return
	}
	var draft *site.Site
	if d, ok := w.edits.invalid[s.ID]; ok {
		draft = &d
	}
	w.details.SetSite(&s, draft)
	w.loadHistory(s.ID)
	w.mapView.SetSelectedShape(s.Geometry)
	w.mapView.SetSelected([]int64{row})
	if b, ok := s.Bound(); ok && centre && !viewShows(w.mapView.View(), b) {
		w.mapView.SetView(b.Center(), w.mapView.View().Zoom)
	}
}

func (w *Window) selectFromList(i widget.ListItemID) {
	w.listIndex = i
	if w.selectingList {
		return
	}
	w.selectRow(w.br.Row(i), true)
}

func (w *Window) selectFromMap(row int64) {
	w.selectRow(row, false)
	w.selectingList = true
	defer func() { w.selectingList = false }()
	if row == 0 {
		w.list.UnselectAll()
		w.listIndex = -1
		return
	}
	if i := w.br.IndexOf(row); i >= 0 {
		w.list.Select(i)
		w.list.ScrollTo(i)
	}
}

// zoomToAll fits the map to every site in the current filter.
func (w *Window) zoomToAll() {
	if b, ok := w.m.Index().Extent(w.br.MapFilter()); ok {
		w.mapView.FitBound(b)
	}
}

// zoomToSelection fits the map to the selected site. A point is shown at
// the zoom its precision deserves: a site placed at a city's centre is not
// worth street level.
func (w *Window) zoomToSelection() {
	s := w.details.Site()
	if s == nil {
		return
	}
	b, ok := s.Bound()
	if !ok {
		return
	}
	if b.Max[0]-b.Min[0] > 1e-7 || b.Max[1]-b.Min[1] > 1e-7 {
		w.mapView.FitBound(b)
		return
	}
	w.mapView.SetView(b.Center(), pointZoom(s.Precision))
}

// pointZoom is the zoom at which a point of this precision is shown.
func pointZoom(p site.Precision) float64 {
	switch p {
	case site.PrecisionExact:
		return 16
	case site.PrecisionApproximate:
		return 14
	case site.PrecisionCity:
		return 11
	}
	return 13
}

func (w *Window) showError(err error) {
	runOnUI(func() { showError(err, w.win) })
}

// chooseAtSpot lists the sites (of the current filter) sharing one
// position in a menu at pos, to select one of them.
func (w *Window) chooseAtSpot(b orb.Bound, pos fyne.Position) {
	f := w.br.Query().StoreFilter()
	// The index keeps positions as float32: look a little around.
	b = b.Pad(1e-5)
	f.BBox, f.Order, f.Limit = &b, app.ByName, 50
	go func() {
		var items []*fyne.MenuItem
		err := w.ws.Summaries(context.Background(), f, func(s site.Summary) error {
			row := s.Row
			items = append(items, fyne.NewMenuItem(s.Name, func() { w.selectFromMap(row) }))
			return nil
		})
		if err != nil {
			w.showError(err)
			return
		}
		runOnUI(func() {
			defer w.emit("spot")
			if len(items) == 0 {
				return
			}
			w.spotMenu = fyne.NewMenu("", items...)
			menu := widget.NewPopUpMenu(w.spotMenu, w.win.Canvas())
			menu.ShowAtRelativePosition(pos, w.mapView)
		})
	}()
}

// hasWordChar reports whether s has a letter or a digit to search for.
func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
