package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/siteatlas/siteatlas/internal/app"
)

// newList returns the virtual site list: it creates widgets for the rows on
// screen only and asks the browser for those rows alone, so a million
// matches scroll as smoothly as ten.
func (w *Window) newList() *widget.List {
	l := widget.NewList(
		w.br.Len,
		func() fyne.CanvasObject {
			name := newTipLabel(w.tips, fyne.TextStyle{Bold: true})
			name.Text = "Site name"
			meta := widget.NewLabel("category · city · status")
			meta.Truncation = fyne.TextTruncateEllipsis
			meta.SizeName = theme.SizeNameCaptionText
			return container.NewVBox(name, meta)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			name, meta := box.Objects[0].(*tipLabel), box.Objects[1].(*widget.Label)
			s, ok := w.br.Peek(i)
			if !ok {
				name.SetText("…")
				meta.SetText("")
				w.fetchRow(i)
				return
			}
			title := s.Name
			if s.Confidential {
				title = "🔒 " + title
			}
			name.SetText(title)
			parts := []string{displayName(s.Category)}
			if s.City != "" {
				parts = append(parts, s.City)
			}
			if s.Status != "" {
				parts = append(parts, displayName(string(s.Status)))
			}
			if s.Geometry == nil {
				parts = append(parts, "not on map")
			}
			meta.SetText(strings.Join(parts, " · "))
		},
	)
	l.OnSelected = w.selectFromList
	return l
}

// fetchRow reads the page of the list around item i in the background,
// then redraws the list: scrolling through a million sites never waits for
// the store on the UI goroutine. Each page is asked for once per query
// result (a row deleted meanwhile stays "…" until the next), so a missing
// row cannot make the list refresh forever. UI goroutine only.
func (w *Window) fetchRow(i int) {
	page := i / 50
	if w.fetching[page] {
		return
	}
	w.fetching[page] = true
	gen := w.listGen
	go func() {
		w.br.At(context.Background(), i)
		runOnUI(func() {
			if w.listGen == gen {
				w.list.Refresh()
			}
		})
	}()
}

// newListPane is the list with, over it, what to do when it is empty: a new
// database invites adding or importing sites, a search that finds nothing
// says what to loosen.
func (w *Window) newListPane() fyne.CanvasObject {
	w.emptyHint = widget.NewLabel("")
	w.emptyHint.Wrapping = fyne.TextWrapWord
	w.emptyHint.Hide()
	return container.NewBorder(w.newPlaceResults(), nil, nil, nil, container.NewStack(w.list, container.NewVBox(w.emptyHint)))
}

// updateEmptyHint shows the hint when the list is empty. UI goroutine only.
func (w *Window) updateEmptyHint() {
	if w.br.Len() > 0 {
		w.emptyHint.Hide()
		return
	}
	q := w.currentQuery()
	switch {
	case w.br.Total() == 0:
		w.emptyHint.SetText("No sites yet.\n\nClick \"Add site\" (Ctrl+N), then the place on the map, or import a GeoJSON, CSV, KML, KMZ, GPX, GeoPackage or Shapefile file (Ctrl+I, or drop it on the window).")
	case q.Text != "":
		w.emptyHint.SetText(fmt.Sprintf("No site matches \"%s\"%s.\n\nWords match the start of words in names, aliases, cities, operators, tags and notes.", q.Text, filterNote(q.Category, string(q.Status))))
	default:
		w.emptyHint.SetText(fmt.Sprintf("No site%s.", filterNote(q.Category, string(q.Status))))
	}
	w.emptyHint.Show()
}

// filterNote names the category and status filters in force, if any.
func filterNote(category, status string) string {
	var parts []string
	if category != "" {
		parts = append(parts, fmt.Sprintf("in the category %q", humanize(category)))
	}
	if status != "" {
		parts = append(parts, fmt.Sprintf("with the status %q", displayName(status)))
	}
	if len(parts) == 0 {
		return ""
	}
	return " " + strings.Join(parts, " and ")
}

// listDescription names what narrows the list: the search and the filters,
// as the export dialog quotes them when the researcher exports the list.
func listDescription(q app.Query) string {
	var parts []string
	if q.Text != "" {
		parts = append(parts, "search “"+q.Text+"”")
	}
	if q.Category != "" {
		parts = append(parts, "category "+displayName(q.Category))
	}
	if q.Status != "" {
		parts = append(parts, "status "+displayName(string(q.Status)))
	}
	if len(parts) == 0 {
		return "no search or filter"
	}
	return strings.Join(parts, ", ")
}
