package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/siteatlas/siteatlas/internal/app"
)

// job is a long task with a progress bar and a Cancel button. The task runs
// in a goroutine; progress reaches the bar through fyne.Do at most every
// 50 ms, so a fast importer does not flood the UI thread.
type job struct {
	dlg    dialog.Dialog
	bar    *widget.ProgressBar
	cancel context.CancelFunc
	last   atomic.Int64 // unix nanos of the last shown update
	done   atomic.Bool
}

// quietJobDelay is how long a usually quick task (an undo, a delete) runs
// before its progress dialog shows: a one-site undo should not flash one,
// undoing an import of a million sites takes minutes.
var quietJobDelay = 400 * time.Millisecond

func newJob(title, message string, win fyne.Window) (*job, context.Context) {
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{bar: widget.NewProgressBar(), cancel: cancel}
	cancelBtn := widget.NewButton("Cancel", func() { cancel() })
	content := container.NewVBox(widget.NewLabel(message), j.bar, container.NewCenter(cancelBtn))
	j.dlg = dialog.NewCustomWithoutButtons(title, content, win)
	j.dlg.Resize(fyne.NewSize(420, 160))
	return j, ctx
}

// startJob shows a job's dialog at once. UI goroutine only.
func startJob(title, message string, win fyne.Window) (*job, context.Context) {
	j, ctx := newJob(title, message, win)
	j.dlg.Show()
	return j, ctx
}

// startQuietJob is startJob for a task that is usually quick: its dialog
// shows only if the task is still running after quietJobDelay. UI goroutine
// only.
func startQuietJob(title, message string, win fyne.Window) (*job, context.Context) {
	j, ctx := newJob(title, message, win)
	time.AfterFunc(quietJobDelay, func() {
		runOnUI(func() {
			if !j.done.Load() {
				j.dlg.Show()
			}
		})
	})
	return j, ctx
}

// progress is an app.Progress that may be called from any goroutine.
func (j *job) progress(done, total int64) {
	now := time.Now().UnixNano()
	if prev := j.last.Load(); now-prev < int64(50*time.Millisecond) && done < total {
		return
	}
	j.last.Store(now)
	runOnUI(func() {
		if total > 0 {
			j.bar.SetValue(float64(done) / float64(total))
		}
	})
}

func (j *job) finish() {
	j.done.Store(true)
	j.cancel()
	runOnUI(j.dlg.Hide)
}

var importFilter = storage.NewExtensionFileFilter([]string{".geojson", ".json", ".geojsonl", ".geojsons", ".ndjson", ".csv", ".tsv", ".txt", ".kml", ".kmz", ".gpx", ".gpkg", ".shp", ".zip"})

func (w *Window) importDialog() {
	w.askPath(pathRequest{title: "Import a file", confirm: "Import", filter: importFilter,
		done: func(path string) { w.importFiles([]string{path}) }})
}

// dropped imports files dropped onto the window.
func (w *Window) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	// Geographic files are imported; photos and documents go to the
	// selected site.
	var imports, attach []string
	for _, p := range paths {
		if importFilter.Matches(storage.NewFileURI(p)) {
			imports = append(imports, p)
		} else {
			attach = append(attach, p)
		}
	}
	if len(attach) > 0 {
		if w.details.Site() != nil {
			w.attachFiles(attach)
		} else {
			w.showError(fmt.Errorf("select a site to attach %s to, then drop it again", strings.Join(attach, ", ")))
		}
	}
	if len(imports) > 0 {
		w.importFiles(imports)
	}
}

// importFiles imports paths in one transaction with progress and cancel,
// then shows what happened.
func (w *Window) importFiles(paths []string) {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = filepath.Base(p)
	}
	j, ctx := startJob("Importing", "Importing "+strings.Join(names, ", ")+"…", w.win)
	go func() {
		rep, ch, err := w.ws.Import(ctx, paths, j.progress)
		j.finish()
		runOnUI(func() {
			if err == nil {
				w.changed(ch)
			}
			w.importDone(rep, err)
			w.emit("import")
		})
	}()
}

func (w *Window) importDone(rep app.ImportReport, err error) {
	switch {
	case errors.Is(err, context.Canceled):
		showInfo("Import cancelled", "The import was cancelled. Nothing was imported; the database is unchanged.", w.win)
	case errors.Is(err, app.ErrProblems):
		w.showProblems("Import refused", "Nothing was imported: the database is unchanged. Fix these problems and import again.", rep)
	case err != nil:
		showError(fmt.Errorf("%w\n\nNothing was imported: the database is unchanged", err), w.win)
	default:
		w.showProblems("Import finished", rep.Summary()+".", rep)
	}
}

// showProblems shows a report with its problems and warnings in a scroller.
func (w *Window) showProblems(title, message string, rep app.ImportReport) {
	lines := rep.Details()
	for _, p := range rep.Problems {
		lines = append(lines, "Error: "+p.Error())
	}
	if rep.MoreProblems > 0 {
		lines = append(lines, fmt.Sprintf("…and %d more", rep.MoreProblems))
	}
	for _, p := range rep.Warnings {
		lines = append(lines, "Warning: "+p.Error())
	}
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	if len(lines) == 0 {
		dialog.ShowCustom(title, "OK", msg, w.win)
		return
	}
	detail := widget.NewLabel(strings.Join(lines, "\n"))
	detail.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(detail)
	scroll.SetMinSize(fyne.NewSize(560, 220))
	d := dialog.NewCustom(title, "OK", container.NewBorder(msg, nil, nil, nil, scroll), w.win)
	d.Resize(fyne.NewSize(640, 380))
	d.Show()
}

// reloadAll refreshes the list and the map after the data changed. Call it
// from a goroutine.
func (w *Window) reloadAll() {
	w.loadAll()
	// An import or the sample project is a new change: what Undo names
	// and whether Redo is still possible follow from it.
	w.refreshUndo()
}

// showError shows err as written. Fyne's error dialog upper-cases the first
// letter, which turns a quoted file name such as notes.db into "Notes.db", a
// file that does not exist.
func showError(err error, win fyne.Window) { newErrorDialog(err, win).Show() }

func newErrorDialog(err error, win fyne.Window) dialog.Dialog {
	text := widget.NewLabel(err.Error())
	text.Wrapping = fyne.TextWrapWord
	text.Selectable = true
	content := container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.ErrorIcon())), nil, text)
	d := dialog.NewCustom("Error", "OK", content, win)
	d.Resize(fyne.NewSize(min(520, win.Canvas().Size().Width), 0))
	return d
}

func showInfo(title, message string, win fyne.Window) { dialog.ShowInformation(title, message, win) }

// fileJob is writing one file in the background: title names the job,
// event is what tests hear when its result is shown.
type fileJob struct {
	title, path, event string
	finished           string // the title of the dialog saying it is done
}

// writeFile runs write with progress and Cancel, then says what it wrote
// (the message write returns), that it was cancelled and nothing was
// written, or why it failed.
func (w *Window) writeFile(fj fileJob, write func(ctx context.Context, progress app.Progress) (string, error)) {
	j, ctx := startJob(fj.title, "Writing "+fj.path+"…", w.win)
	go func() {
		msg, err := write(ctx, j.progress)
		j.finish()
		runOnUI(func() {
			defer w.emit(fj.event)
			switch {
			case errors.Is(err, context.Canceled):
				showInfo(fj.title+" cancelled", "It was cancelled; no file was written.", w.win)
			case err != nil:
				showError(err, w.win)
			default:
				showInfo(fj.finished, msg, w.win)
			}
		})
	}()
}
