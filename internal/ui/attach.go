package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/siteatlas/siteatlas/internal/app"
)

// attachDialog asks for a file to attach to the selected site.
func (w *Window) attachDialog() {
	if w.details.Site() == nil {
		return
	}
	w.askPath(pathRequest{title: "Attach a photo or document", confirm: "Attach",
		done: func(path string) { w.attachFiles([]string{path}) }})
}

// attachFiles stores files with the selected site in the background, one
// undoable change each, and shows the site again with them.
func (w *Window) attachFiles(paths []string) {
	cur := w.details.Site()
	if cur == nil {
		return
	}
	id := cur.ID
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	j, ctx := startJob("Attaching", "Attaching "+strings.Join(names, ", ")+"…", w.win)
	go func() {
		done, _, err := w.ws.Attach(ctx, id, paths, app.AttachOptions{})
		j.finish()
		if err != nil {
			w.showError(err)
		}
		w.reshow(id)
		runOnUI(func() {
			if len(done) > 0 {
				var lines []string
				for _, a := range done {
					where := "no position"
					if p := a.Info.Position; p != nil {
						where = formatLatLon(p[1], p[0])
					}
					lines = append(lines, fmt.Sprintf("%s: %s, SHA-256 %s", a.Attachment.FileName, where, a.Info.SHA256))
				}
				showInfo("Attached", strings.Join(lines, "\n"), w.win)
			}
			w.emit("attached")
		})
	}()
}

// detach removes an attachment of the selected site (undoable).
func (w *Window) detach(id string) {
	cur := w.details.Site()
	if cur == nil {
		return
	}
	siteID := cur.ID
	go func() {
		if _, err := w.ws.Detach(context.Background(), siteID, id); err != nil {
			w.showError(err)
		}
		w.reshow(siteID)
		runOnUI(func() { w.emit("detached") })
	}()
}

// reshow loads the site with this ID again and shows it if it is still
// the one selected. Worker goroutine.
func (w *Window) reshow(id string) {
	saved, err := w.ws.Get(context.Background(), id)
	if err != nil {
		return
	}
	runOnUI(func() {
		if c := w.details.Site(); c != nil && c.ID == id {
			w.details.SetSite(&saved, nil)
			w.loadHistory(id)
		}
		w.refreshUndo()
	})
}
