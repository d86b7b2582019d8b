package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// offerImport asks before importing the files the window was opened with
// (a double-click in a file manager, or `siteatlas FILE...`): opening a file
// must not change the database unasked, and the researcher sees which
// database it would go into.
func (w *Window) offerImport(paths []string) {
	var ok, problems []string
	for _, p := range paths {
		p = strings.TrimPrefix(p, "file://")
		if fi, err := os.Stat(p); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", filepath.Base(p), err))
		} else if fi.IsDir() {
			problems = append(problems, filepath.Base(p)+" is a folder")
		} else {
			ok = append(ok, p)
		}
	}
	if len(ok) == 0 {
		w.showError(fmt.Errorf("cannot open %s", strings.Join(problems, "; ")))
		return
	}
	names := make([]string, len(ok))
	for i, p := range ok {
		names[i] = filepath.Base(p)
	}
	msg := fmt.Sprintf("Import %s into %s?\n\nSites already in the database are updated with what the file carries; the import is one change that Edit > Undo reverts.",
		strings.Join(names, ", "), filepath.Base(w.ws.Path()))
	if len(problems) > 0 {
		msg += "\n\nLeft out: " + strings.Join(problems, "; ")
	}
	d := dialog.NewConfirm("Import "+countNoun(len(ok), "file", "files"), msg, func(yes bool) {
		if yes {
			w.importFiles(ok)
		}
	}, w.win)
	d.SetConfirmText("Import")
	d.SetDismissText("Cancel")
	d.Resize(fyne.NewSize(520, 220))
	d.Show()
	w.importOffer = d
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatCount(n) + " " + many
}
