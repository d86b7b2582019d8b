package ui

import (
	"context"
	"errors"
	"io/fs"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
	"github.com/siteatlas/siteatlas/assets"
	"github.com/siteatlas/siteatlas/internal/app"
)

// AppID identifies Site Atlas to the system (preferences, storage).
const AppID = "org.siteatlas.siteatlas"

// Run opens the window on the database at path ("" for the last one used,
// else the default) and returns when the user closes it. When the database
// does not exist yet (the first run), it is created with the sample project,
// which a welcome dialog offers to remove.
func Run(path string, open []string) error {
	a := fyneapp.NewWithID(AppID)
	a.Settings().SetTheme(newTheme())
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	if path == "" {
		path = a.Preferences().StringWithFallback(prefLastDB, app.DefaultDBPath())
	}
	_, statErr := os.Stat(path)
	firstRun := errors.Is(statErr, fs.ErrNotExist)
	ws, err := app.OpenWorkspace(path)
	if err != nil {
		showStartupError(a, err)
		return err
	}
	rememberDB(a, path)
	sample := false
	if firstRun {
		if sample, _, err = ws.InstallSample(context.Background()); err != nil {
			fyne.LogError("sample project", err)
		}
	}
	w := NewWindow(a, ws)
	if sample {
		w.welcome()
	}
	if len(open) > 0 {
		w.offerImport(open)
	}
	w.ShowAndRun()
	return nil
}

// showStartupError explains why the database could not be opened in a
// window of its own, since there is no main window yet.
func showStartupError(a fyne.App, err error) {
	w := a.NewWindow("Site Atlas")
	w.SetContent(widget.NewLabel(""))
	w.Resize(fyne.NewSize(560, 240))
	d := newErrorDialog(err, w)
	d.SetOnClosed(a.Quit)
	d.Show()
	w.ShowAndRun()
}
