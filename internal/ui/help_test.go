package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestHelpMenu: there was no help. The Help menu opens, offline, the
// keyboard shortcuts and a short how-to; F1 opens it too; and the
// toolbar's zoom-to-selection no longer wears the search magnifier.
func TestHelpMenu(t *testing.T) {
	w := newTestWindow(t)
	menu := w.newMenu()
	var help *fyne.Menu
	for _, m := range menu.Items {
		if m.Label == "Help" {
			help = m
		}
	}
	if help == nil || len(help.Items) < 2 || !strings.Contains(help.Items[0].Label, "keyboard shortcuts") {
		t.Fatalf("the Help menu is %+v", help)
	}
	help.Items[0].Action()
	var tabs *container.AppTabs
	var rich *widget.RichText
	var table *widget.Table
	for _, o := range w.win.Canvas().Overlays().List() {
		for _, c := range test.LaidOutObjects(o) {
			switch c := c.(type) {
			case *container.AppTabs:
				tabs = c
			case *widget.RichText:
				if strings.Contains(c.String(), "Record a site") {
					rich = c
				}
			case *widget.Table:
				table = c
			}
		}
	}
	if tabs == nil || rich == nil {
		t.Fatal("the help dialog has no how-to")
	}
	if howto := rich.String(); !strings.Contains(howto, "Hand it on") || !strings.Contains(howto, "MGRS") || len(rich.Segments) < 8 {
		t.Errorf("the how-to reads %q", howto)
	}
	tabs.SelectIndex(1)
	for _, o := range w.win.Canvas().Overlays().List() {
		for _, c := range test.LaidOutObjects(o) {
			if tb, ok := c.(*widget.Table); ok {
				table = tb
			}
		}
	}
	if table == nil {
		t.Fatal("the help dialog lists no shortcuts")
	}
	keys := map[string]bool{}
	for _, r := range shortcutRows {
		keys[r[0]] = true
	}
	for _, k := range []string{"Ctrl+N", "Ctrl+Z", "Ctrl+F", "Ctrl+J", "Ctrl+0", "Ctrl+E", "Ctrl+I", "F1"} {
		if !keys[k] {
			t.Errorf("the shortcuts do not list %s", k)
		}
	}
	closeDialogs(w)
	w.mapView.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	if len(w.win.Canvas().Overlays().List()) == 0 {
		t.Error("F1 on the map opens no help")
	}
	closeDialogs(w)
	for _, o := range test.LaidOutObjects(w.win.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Icon != nil && b.Icon.Name() == theme.SearchIcon().Name() {
			t.Error("a toolbar button still wears the search magnifier")
		}
	}
}
