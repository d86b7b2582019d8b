package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const prefLastFolder = "lastFolder"

// pathRequest is what a path dialog asks.
type pathRequest struct {
	title, confirm string
	save           bool               // a file to write (else one to read)
	fresh          bool               // a save that must not name an existing file (a new database)
	name           string             // the file name suggested for a save
	filter         storage.FileFilter // what Browse… shows; nil for all
	done           func(path string)
}

// askPath asks for a file by a path typed or pasted into an entry, or
// picked with Browse… (Fyne's file dialog has no field to type a path in).
// A save starts in the last folder used when it can be written to, else in
// the home folder: saving into a read-only folder failed only at the end.
func (w *Window) askPath(req pathRequest) {
	entry := widget.NewEntry()
	entry.SetPlaceHolder("/home/you/Documents/report.geojson")
	folder := w.startFolder(req.save)
	if req.save {
		entry.SetText(filepath.Join(folder, req.name))
	}
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	var d dialog.Dialog
	browse := widget.NewButtonWithIcon("Browse…", theme.FolderOpenIcon(), func() {
		w.browse(req, entry, folder)
	})
	content := container.NewVBox(
		widget.NewLabel("Type or paste a path, or browse to the file:"),
		container.NewBorder(nil, nil, nil, browse, entry), problem)
	accept := func() {
		path, err := checkPath(entry.Text, req.save)
		if err != nil {
			problem.SetText(err.Error())
			problem.Show()
			return
		}
		finish := func() {
			d.Hide()
			w.app.Preferences().SetString(prefLastFolder, filepath.Dir(path))
			req.done(path)
		}
		if req.save {
			if _, err := os.Stat(path); err == nil && req.fresh {
				problem.SetText(fmt.Sprintf("“%s” exists: open it with File > Open database, or choose another name", path))
				problem.Show()
				return
			} else if err == nil {
				dialog.ShowConfirm("Replace file?", fmt.Sprintf("“%s” exists. Replace it?", path), func(ok bool) {
					if ok {
						finish()
					}
				}, w.win)
				return
			}
		}
		finish()
	}
	entry.OnSubmitted = func(string) { accept() }
	entry.OnChanged = func(string) { problem.Hide() }
	ok := widget.NewButtonWithIcon(req.confirm, theme.ConfirmIcon(), accept)
	ok.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(req.title, container.NewVBox(content, container.NewCenter(container.NewHBox(cancel, ok))), w.win)
	d.Resize(fyne.NewSize(min(640, w.win.Canvas().Size().Width-40), 0))
	d.Show()
	w.win.Canvas().Focus(entry)
}

// browse opens Fyne's file dialog in folder; the file picked fills entry.
func (w *Window) browse(req pathRequest, entry *widget.Entry, folder string) {
	var fd interface {
		SetLocation(fyne.ListableURI)
		SetFilter(storage.FileFilter)
		Resize(fyne.Size)
		Show()
	}
	if req.save {
		s := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
			if err == nil && wc != nil {
				entry.SetText(wc.URI().Path())
				wc.Close()
				// Fyne's save dialog creates the file; the export writes it.
				os.Remove(wc.URI().Path())
			}
		}, w.win)
		s.SetFileName(filepath.Base(entry.Text))
		fd = s
	} else {
		fd = dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err == nil && r != nil {
				entry.SetText(r.URI().Path())
				r.Close()
			}
		}, w.win)
	}
	if u, err := storage.ListerForURI(storage.NewFileURI(folder)); err == nil {
		fd.SetLocation(u)
	}
	if req.filter != nil {
		fd.SetFilter(req.filter)
	}
	fd.Resize(fyne.NewSize(800, 560))
	fd.Show()
}

// startFolder is the last folder used, when it still exists (and, for a
// save, can be written to), else the home folder.
func (w *Window) startFolder(save bool) string {
	home, _ := os.UserHomeDir()
	last := w.app.Preferences().String(prefLastFolder)
	if last == "" {
		return home
	}
	if fi, err := os.Stat(last); err != nil || !fi.IsDir() || save && !writable(last) {
		return home
	}
	return last
}

// writable reports whether a file can be created in dir.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".siteatlas-write-test-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// checkPath turns what was typed into a clean absolute path, or says why
// it will not do.
func checkPath(text string, save bool) (string, error) {
	p := strings.TrimSpace(text)
	p = strings.Trim(p, `"'`) // pasted from a file manager with quotes
	p = strings.TrimPrefix(p, "file://")
	if p == "" {
		return "", errors.New("type a path, or browse to the file")
	}
	if strings.HasPrefix(p, "~/") || p == "~" {
		home, _ := os.UserHomeDir()
		p = filepath.Join(home, strings.TrimPrefix(p, "~"))
	}
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(p)
	switch {
	case !save && err != nil:
		return "", fmt.Errorf("“%s” does not exist", p)
	case err == nil && fi.IsDir():
		return "", fmt.Errorf("“%s” is a folder: add the file's name", p)
	case save:
		dir := filepath.Dir(p)
		if di, err := os.Stat(dir); err != nil || !di.IsDir() {
			return "", fmt.Errorf("the folder “%s” does not exist", dir)
		}
		if !writable(dir) {
			return "", fmt.Errorf("the folder “%s” cannot be written to: choose another", dir)
		}
	}
	return p, nil
}
