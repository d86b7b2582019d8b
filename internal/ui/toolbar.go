package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/siteatlas/siteatlas/internal/site"
)

const (
	allCategories = "All categories"
	allStatuses   = "All statuses"
)

func (w *Window) newToolbar() fyne.CanvasObject {
	w.search = widget.NewEntry()
	w.search.SetPlaceHolder("Search names, cities, notes… (Ctrl+F)")
	w.search.OnChanged = w.searchChanged
	w.search.OnSubmitted = w.searchSubmitted

	w.category = newValueSelect(allCategories, site.Categories, w.filterChanged)
	w.category.SetSelectedIndex(0)
	w.status = newValueSelect(allStatuses, stringsOf(site.Statuses), w.filterChanged)
	w.status.SetSelectedIndex(0)
	w.order = widget.NewSelect([]string{"Sort by name", "Sort by last update"}, func(string) { w.filterChanged() })
	w.order.SetSelectedIndex(0)

	buttons := container.NewHBox(
		newTipButton(w.tips, "Add site", theme.ContentAddIcon(), "Add a site: then click the map where it is (Ctrl+N); or right-click the map", w.startAdding),
		newTipButton(w.tips, "", theme.DeleteIcon(), "Delete the selected site (Delete)", w.deleteSelected),
		newTipButton(w.tips, "", theme.ContentUndoIcon(), "Undo (Ctrl+Z)", w.undo),
		newTipButton(w.tips, "", theme.ContentRedoIcon(), "Redo (Ctrl+Shift+Z)", w.redo),
		widget.NewSeparator(),
		newTipButton(w.tips, "Import", theme.FolderOpenIcon(), "Import GeoJSON, GeoPackage, KML, GPX or CSV files (Ctrl+I), or drop files on the window", w.importDialog),
		newTipButton(w.tips, "Export", theme.DocumentSaveIcon(), "Export the sites as GeoJSON, GeoPackage, KML, GPX or CSV (Ctrl+E)", w.exportDialog),
		newTipButton(w.tips, "", theme.ZoomFitIcon(), "Zoom to all sites in the list (Ctrl+0)", w.zoomToAll),
		newTipButton(w.tips, "", locateIcon, "Zoom to the selected site (Ctrl+J)", w.zoomToSelection),
		newTipButton(w.tips, "", theme.GridIcon(), "Map layers: offline tile files and online sources (Ctrl+L)", w.layersDialog),
	)
	filters := container.NewHBox(w.category, w.status, w.order)
	return container.NewBorder(nil, nil, buttons, filters, w.search)
}

func (w *Window) newMenu() *fyne.MainMenu {
	file := fyne.NewMenu("File",
		&fyne.MenuItem{Label: "New database…", Action: w.newDatabaseDialog},
		&fyne.MenuItem{Label: "Open database…", Action: w.openDatabaseDialog, Shortcut: shortcut(fyne.KeyO)},
		w.recentMenu(),
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Import…", Action: w.importDialog, Shortcut: shortcut(fyne.KeyI)},
		&fyne.MenuItem{Label: "Export…", Action: w.exportDialog, Shortcut: shortcut(fyne.KeyE)},
		fyne.NewMenuItem("Export map image…", w.mapImageDialog),
		fyne.NewMenuItem("Export map layout (PDF, SVG, PNG)…", w.layoutDialog),
		fyne.NewMenuItem("Export report (PDF)…", w.reportDialog),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Team project…", w.teamDialog),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Add the sample project", w.addSample),
	)
	w.undoItem = &fyne.MenuItem{Label: "Undo", Action: w.undo, Shortcut: shortcut(fyne.KeyZ), Disabled: true}
	w.redoItem = &fyne.MenuItem{Label: "Redo", Action: w.redo, Shortcut: shiftShortcut(fyne.KeyZ), Disabled: true}
	edit := fyne.NewMenu("Edit",
		w.undoItem, w.redoItem,
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Add site", Action: w.startAdding, Shortcut: shortcut(fyne.KeyN)},
		&fyne.MenuItem{Label: "Add compound (draw its outline)", Action: w.startDrawing},
		&fyne.MenuItem{Label: "Add line (road, railway, crossing)", Action: w.startLine},
		&fyne.MenuItem{Label: "Delete site…", Action: w.deleteSelected},
		&fyne.MenuItem{Label: "Delete all sites in the list…", Action: w.deleteListed},
	)
	view := fyne.NewMenu("View",
		&fyne.MenuItem{Label: "Zoom in", Action: func() { w.mapView.ZoomBy(1) }},
		&fyne.MenuItem{Label: "Zoom out", Action: func() { w.mapView.ZoomBy(-1) }},
		&fyne.MenuItem{Label: "Zoom to all sites", Action: w.zoomToAll, Shortcut: shortcut(fyne.Key0)},
		&fyne.MenuItem{Label: "Zoom to selection", Action: w.zoomToSelection, Shortcut: shortcut(fyne.KeyJ)},
		&fyne.MenuItem{Label: "Find…", Action: w.focusSearch, Shortcut: shortcut(fyne.KeyF)},
		&fyne.MenuItem{Label: "Measure distance and area (M on the map)", Action: w.startMeasure},
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Map layers…", Action: w.layersDialog, Shortcut: shortcut(fyne.KeyL)},
	)
	help := fyne.NewMenu("Help",
		&fyne.MenuItem{Label: "How to and keyboard shortcuts", Action: w.helpDialog, Shortcut: &desktop.CustomShortcut{KeyName: fyne.KeyF1}},
		fyne.NewMenuItem("About Site Atlas", w.about))
	return fyne.NewMainMenu(file, edit, view, help)
}

func shortcut(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func shiftShortcut(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// addShortcuts makes the menu shortcuts work wherever the focus is, but
// not behind a dialog: Ctrl+Z while "Delete 2 sites?" is asked would undo
// something else than the user is looking at.
func (w *Window) addShortcuts() {
	c := w.win.Canvas()
	add := func(s fyne.Shortcut, fn func()) {
		c.AddShortcut(s, func(fyne.Shortcut) {
			if c.Overlays().Top() == nil {
				fn()
			}
		})
	}
	for key, fn := range map[fyne.KeyName]func(){
		fyne.KeyO: w.openDatabaseDialog,
		fyne.KeyI: w.importDialog,
		fyne.KeyE: w.exportDialog,
		fyne.Key0: w.zoomToAll,
		fyne.KeyJ: w.zoomToSelection,
		fyne.KeyF: w.focusSearch,
		fyne.KeyZ: w.undo,
		fyne.KeyY: w.redo,
		fyne.KeyN: w.startAdding,
		fyne.KeyL: w.layersDialog,
	} {
		add(shortcut(key), fn)
	}
	add(shiftShortcut(fyne.KeyZ), w.redo)
	// F1 has no modifier, so it comes as a typed key: the window hears it
	// when no field has the focus, the map when it has.
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyF1 && c.Overlays().Top() == nil {
			w.helpDialog()
		}
	})
	// The desktop driver reports Ctrl+Z and Ctrl+Y as these, never as the
	// custom shortcuts above; a focused text field takes them for its own
	// undo first.
	add(&fyne.ShortcutUndo{}, w.undo)
	add(&fyne.ShortcutRedo{}, w.redo)
}

func (w *Window) focusSearch() { w.win.Canvas().Focus(w.search) }

func (w *Window) about() {
	showInfo("About Site Atlas",
		"Site Atlas "+appVersion(w.app)+"\n\nA map of reported industrial sites, their sources and observations.\n"+
			"It works offline: it connects to nothing unless you add an online tile source (View > Map layers).\n"+
			"It sends no telemetry.\n\nCode: MIT licence. Basemap: Natural Earth (public domain). Gazetteer: GeoNames (CC BY 4.0). Fonts: Noto Sans and Noto Sans CJK (SIL OFL 1.1), Go fonts (BSD).\n\nDatabase: "+w.ws.Path(),
		w.win)
}

// appVersion is FyneApp.toml's version as `fyne package` builds it in; a
// plain `go build` has none.
func appVersion(a fyne.App) string {
	m := a.Metadata()
	if m.Version == "" || m.Version == "0.0.1" && m.Build == 0 {
		return "(development build)"
	}
	return fmt.Sprintf("%s (build %d)", m.Version, m.Build)
}
