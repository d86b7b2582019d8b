package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/places"
	"github.com/siteatlas/siteatlas/internal/site"
)

// saveDelay is how long typing must pause before the form is saved.
const saveDelay = 400 * time.Millisecond

// editState is what the window keeps of edits not yet in the database. UI
// goroutine only.
type editState struct {
	pending *site.Site // a valid draft waiting for a pause in typing
	timer   *time.Timer
	// invalid keeps, by site ID, drafts that do not validate: they are shown
	// again when their site is selected, and closing the window warns.
	invalid map[string]site.Site
}

// formEdited hears every change typed in the details form.
func (w *Window) formEdited(draft site.Site, valid bool) {
	if !valid {
		w.edits.invalid[draft.ID] = draft
		w.edits.pending = nil
		if w.edits.timer != nil {
			w.edits.timer.Stop()
		}
		return
	}
	delete(w.edits.invalid, draft.ID)
	w.edits.pending = &draft
	if w.edits.timer != nil {
		w.edits.timer.Stop()
	}
	w.edits.timer = time.AfterFunc(saveDelay, func() { runOnUI(w.flushEdit) })
}

// flushEdit saves the pending draft now: before the selection changes,
// before undo, and when the window closes, so nothing typed is lost.
func (w *Window) flushEdit() {
	if w.edits.timer != nil {
		w.edits.timer.Stop()
	}
	d := w.edits.pending
	if d == nil {
		return
	}
	w.edits.pending = nil
	label := "Edit " + app.Quote(d.Name)
	if before := w.details.Site(); before != nil && before.ID == d.ID {
		label = app.EditLabel(*before, *d)
	}
	w.save(*d, label, false)
}

// saveEditNow saves a change to sources or observations at once.
func (w *Window) saveEditNow(s site.Site, label string) {
	if w.edits.timer != nil {
		w.edits.timer.Stop()
	}
	w.edits.pending = nil
	w.save(s, label, true)
}

// save writes s in the background (saves are serialised in order), then
// brings the map, the list and, when reload, the panel up to date.
func (w *Window) save(s site.Site, label string, reload bool) {
	go func() {
		saved, ch, err := w.ws.Save(context.Background(), s, label)
		if err != nil {
			w.showError(fmt.Errorf("could not save %s: %w", app.Quote(s.Name), err))
			return
		}
		runOnUI(func() {
			w.changed(ch)
			if cur := w.details.Site(); cur != nil && cur.ID == saved.ID {
				if reload {
					w.details.SetSite(&saved, nil)
				} else {
					w.details.current = &saved // the form already shows it
				}
				w.loadHistory(saved.ID)
			}
			w.emit("saved")
		})
	}()
}

// changed brings the window up to what a change did (the workspace has
// already put it into the map's index and the list's catalog): the map
// redraws, the list reruns its query, the Edit menu names the new Undo. UI
// goroutine.
func (w *Window) changed(ch app.Changed) {
	w.mapView.Redraw()
	if ch.Reloaded {
		w.filterChanged()
	} else {
		w.refreshList()
	}
	w.refreshUndo()
}

func (w *Window) loadHistory(id string) {
	go func() {
		changes, err := w.ws.SiteHistory(context.Background(), id)
		if err != nil {
			return
		}
		runOnUI(func() {
			if cur := w.details.Site(); cur != nil && cur.ID == id {
				w.details.SetHistory(changes)
			}
		})
	}()
}

// startAdding arms the map: the next click adds a site there.
func (w *Window) startAdding() {
	w.mapView.SetAdding(true)
	w.hintLabel.SetText("Click the map where the new site is (Esc to cancel)")
	w.win.Canvas().Focus(w.mapView)
}

// startDrawing arms the map for drawing a compound's outline.
func (w *Window) startDrawing() {
	w.mapView.SetAdding(false)
	w.mapView.SetDrawing(drawPolygon)
	w.hintLabel.SetText("Click the corners of the compound; double-click or Enter to finish, Esc to cancel")
	w.win.Canvas().Focus(w.mapView)
}

// addSiteAt adds a site at p, selects it and puts the cursor in its name.
func (w *Window) addSiteAt(p orb.Point) { w.addSite(p) }

// addPolygon adds a site outlined by the polygon drawn.
func (w *Window) addPolygon(p orb.Polygon) { w.addSite(p) }

func (w *Window) addSite(g orb.Geometry) { w.addNewSite(app.NewSiteAt(g)) }

// addNewSite stores s, its empty city, province and country filled from
// the nearest town, selects it and puts the cursor in its name.
func (w *Window) addNewSite(s site.Site) {
	w.hintLabel.SetText("")
	w.flushEdit()
	go func() {
		ctx := context.Background()
		places.FillAddress(&s)
		sum, ch, err := w.ws.Add(ctx, &s)
		if err != nil {
			w.showError(err)
			return
		}
		runOnUI(func() {
			w.changed(ch)
			w.selectRowThen(sum.Row, false, func() {
				w.details.FocusName(w.win.Canvas())
				w.emit("added")
			})
		})
	}()
}

// moveSelected moves the site at row by delta degrees (a point to where it
// was dropped; a shape keeps its form).
func (w *Window) moveSelected(row int64, delta orb.Point) {
	// The form's values (typed but maybe not saved yet) go with the move.
	cur, ok := w.details.working()
	if !ok || cur.Geometry == nil {
		return
	}
	w.moveTo(cur, translate(cur.Geometry, delta))
}

// moveTo gives s the geometry g, as one undoable move. s carries what the
// form shows, so a pending edit is not needed (and not saved separately).
func (w *Window) moveTo(s site.Site, g orb.Geometry) {
	if w.edits.timer != nil {
		w.edits.timer.Stop()
	}
	w.edits.pending = nil
	go func() {
		// A site moved to where it had no address gets one; what was
		// typed stays.
		if s.City == "" || s.Country == "" {
			moved := s
			moved.Geometry = g
			places.FillAddress(&moved)
			s.City, s.Province, s.Country = moved.City, moved.Province, moved.Country
		}
		saved, ch, err := w.ws.Move(context.Background(), s, g)
		if err != nil {
			w.showError(fmt.Errorf("could not move %s: %w", app.Quote(s.Name), err))
			return
		}
		runOnUI(func() {
			w.changed(ch)
			if c := w.details.Site(); c != nil && c.ID == saved.ID {
				w.details.SetSite(&saved, nil)
				w.loadHistory(saved.ID)
				w.mapView.SetSelectedShape(saved.Geometry)
			}
			w.emit("moved")
		})
	}()
}

// translate returns g with every position shifted by d.
func translate(g orb.Geometry, d orb.Point) orb.Geometry {
	return project.Geometry(orb.Clone(g), func(p orb.Point) orb.Point { return orb.Point{p[0] + d[0], p[1] + d[1]} })
}

// deleteSelected asks, then deletes the selected site with its sources,
// observations and photos, as one undoable change.
func (w *Window) deleteSelected() {
	cur := w.details.Site()
	if cur == nil {
		return
	}
	s := *cur
	msg := fmt.Sprintf("Delete %s with its %d source(s), %d observation(s) and %d photo(s)?\n\nEdit > Undo brings it back.",
		app.Quote(s.Name), len(s.Sources), len(s.Observations), len(s.Attachments))
	dialog.ShowConfirm("Delete site", msg, func(ok bool) {
		if ok {
			w.deleteSites(s)
		}
	}, w.win)
}

// deleteListed asks, then deletes every site the list shows (the current
// search and filters) as one undoable change.
func (w *Window) deleteListed() {
	rows := w.br.Rows()
	cat := w.br.Catalog()
	if len(rows) == 0 || cat == nil {
		return
	}
	ids := cat.IDs(rows)
	msg := fmt.Sprintf("Delete the %s sites in the list, with their sources, observations and photos?\n\nEdit > Undo brings them back.", formatCount(len(ids)))
	if w.br.Len() == w.br.Total() {
		msg = fmt.Sprintf("The list shows every site. Delete all %s sites of this database?\n\nEdit > Undo brings them back.", formatCount(len(ids)))
	}
	dialog.ShowConfirm("Delete sites", msg, func(ok bool) {
		if !ok {
			return
		}
		w.edits.pending = nil
		j, ctx := startQuietJob("Deleting sites", fmt.Sprintf("Deleting %s sites…", formatCount(len(ids))), w.win)
		go func() {
			ch, err := w.ws.DeleteIDs(ctx, "Delete "+formatCount(len(ids))+" sites", ids, j.progress)
			j.finish()
			if errors.Is(err, context.Canceled) {
				runOnUI(func() {
					showInfo("Delete cancelled", "The delete was cancelled. No site was deleted.", w.win)
					w.emit("cancelled")
				})
				return
			}
			if err != nil {
				w.showError(err)
				return
			}
			runOnUI(func() {
				if len(w.edits.invalid) > 0 {
					gone := make(map[string]bool, len(ids))
					for _, id := range ids {
						gone[id] = true
					}
					for id := range w.edits.invalid {
						if gone[id] {
							delete(w.edits.invalid, id)
						}
					}
				}
				w.selectRow(0, false)
				w.changed(ch)
				w.emit("deleted")
			})
		}()
	}, w.win)
}

func (w *Window) deleteSites(sites ...site.Site) {
	w.edits.pending = nil
	go func() {
		ch, err := w.ws.Delete(context.Background(), sites...)
		if err != nil {
			w.showError(err)
			return
		}
		runOnUI(func() {
			for _, s := range sites {
				delete(w.edits.invalid, s.ID)
			}
			w.selectRow(0, false)
			w.changed(ch)
			w.emit("deleted")
		})
	}()
}

// undo and redo replay the history kept in the database, so they work
// across restarts. The few sites an edit changed are updated in the views;
// after an import or a delete of many, the views are reloaded.
func (w *Window) undo() { w.replay(true) }
func (w *Window) redo() { w.replay(false) }

func (w *Window) replay(undo bool) {
	w.flushEdit()
	keep := w.selected
	title, what := "Undo", w.undoItem.Label
	if !undo {
		title, what = "Redo", w.redoItem.Label
	}
	j, ctx := startQuietJob(title, what+"…", w.win)
	go func() {
		do := w.ws.Redo
		if undo {
			do = w.ws.Undo
		}
		ch, err := do(ctx, j.progress)
		j.finish()
		if errors.Is(err, context.Canceled) {
			runOnUI(func() {
				showInfo(title+" cancelled", "Nothing was changed.", w.win)
				w.emit("cancelled")
			})
			return
		}
		if err != nil {
			w.showError(err)
			return
		}
		runOnUI(func() {
			w.changed(ch)
			w.selectRowThen(ch.RowAfter(keep), false, func() { w.emit("replayed") })
		})
	}()
}

// refreshUndo names what Undo and Redo would do in the Edit menu.
func (w *Window) refreshUndo() {
	go func() {
		st, err := w.ws.UndoState(context.Background())
		if err != nil {
			return
		}
		u, canUndo, r, canRedo := st.Undo, st.CanUndo, st.Redo, st.CanRedo
		runOnUI(func() {
			w.undoItem.Label, w.undoItem.Disabled = "Undo", !canUndo
			if canUndo {
				w.undoItem.Label = "Undo " + lowerFirst(u)
			}
			w.redoItem.Label, w.redoItem.Disabled = "Redo", !canRedo
			if canRedo {
				w.redoItem.Label = "Redo " + lowerFirst(r)
			}
			if mm := w.win.MainMenu(); mm != nil {
				mm.Refresh()
			}
			w.emit("undo-menu")
		})
	}()
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+('a'-'A')) + s[1:]
}

// confirmClose saves what is pending and, when some edits could not be
// saved because they are invalid, asks before closing.
func (w *Window) confirmClose() {
	w.flushEdit()
	if len(w.edits.invalid) == 0 {
		w.win.Close()
		return
	}
	var first site.Site
	for _, d := range w.edits.invalid {
		first = d
		break
	}
	msg := fmt.Sprintf("%d site(s) have changes that are not valid and so are not saved, such as %s.\n\nClose anyway and lose them?",
		len(w.edits.invalid), app.Quote(first.Name))
	dialog.ShowCustomConfirm("Unsaved changes", "Close and lose them", "Go back", widgetLabel(msg), func(closeAnyway bool) {
		if closeAnyway {
			w.edits.invalid = map[string]site.Site{}
			w.win.Close()
			return
		}
		if sum, err := w.ws.SummaryOf(context.Background(), first.ID); err == nil {
			w.selectRow(sum.Row, true)
		}
	}, w.win)
}

func widgetLabel(text string) fyne.CanvasObject {
	l := wrapped(text)
	return l
}

// showTypedPosition centres the map on a position typed into the location
// field, close enough in to see the site among its neighbours.
func (w *Window) showTypedPosition(p orb.Point) {
	w.mapView.SetView(p, max(w.mapView.View().Zoom, 14))
}
