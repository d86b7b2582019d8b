package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/numfmt"
	"github.com/siteatlas/siteatlas/internal/site"
)

// Export scopes offered in the dialog.
const (
	scopeAll      = "All sites"
	scopeFilter   = "Sites in the list"
	scopeSelected = "The selected site"
)

// exportChoice is what the export dialog asks.
type exportChoice struct {
	format       geoio.Format
	scope        string
	confidential bool
	// profile names the export profile (Public, Partner, Internal); ""
	// is the plain export, confidential left out unless confidential.
	profile string
	// passphrase, when set, encrypts the file with age (NAME.geojson.age).
	passphrase string
}

// protections are the export dialog's choices of what to protect, each
// with what it does in a line.
var protections = []struct{ label, profile string }{
	{"Public: positions moved 0.2–2 km, sources shown as “Source A”, notes and operators left out, dates to the month", "Public"},
	{"Partner: positions to about 100 m, sources kept, extra properties left out", "Partner"},
	{"Internal: everything, confidential items included", "Internal"},
	{"Plain: confidential items left out, everything else as stored", ""},
}

// exportFilter turns the chosen scope into a store filter.
func (w *Window) exportFilter(scope string) app.Filter {
	switch scope {
	case scopeFilter:
		return w.br.Query().StoreFilter()
	case scopeSelected:
		if s := w.details.Site(); s != nil {
			return app.Filter{IDs: []string{s.ID}}
		}
	}
	return app.Filter{}
}

// exportFormats are the formats the export dialog offers, with the file
// extension each gets.
var exportFormats = []struct {
	label  string
	format geoio.Format
	ext    string
}{
	{"GeoJSON (RFC 7946, for QGIS and web maps; lossless)", geoio.GeoJSON, ".geojson"},
	{"GeoPackage (for QGIS and GDAL; sources and observations as tables too)", geoio.GeoPackage, ".gpkg"},
	{"KML (for Google Earth)", geoio.KML, ".kml"},
	{"GPX (for GPS units; waypoints and tracks)", geoio.GPX, ".gpx"},
	{"CSV (UTF-8, for spreadsheets)", geoio.CSV, ".csv"},
}

func (w *Window) exportDialog() {
	// All sites by default: exporting the list is a choice, and the dialog
	// names the search and filters it would apply.
	choice := exportChoice{format: geoio.GeoJSON, scope: scopeAll, profile: "Public"}
	var labels []string
	for _, f := range exportFormats {
		labels = append(labels, f.label)
	}
	format := widget.NewRadioGroup(labels, func(s string) {
		for _, f := range exportFormats {
			if f.label == s {
				choice.format = f.format
			}
		}
	})
	format.SetSelected(format.Options[0])
	listLabel := fmt.Sprintf("%s: %s of %s (%s)", scopeFilter, numfmt.Count(w.br.Len()), numfmt.Count(w.br.Total()),
		listDescription(w.currentQuery()))
	scopeOf := map[string]string{scopeAll: scopeAll, listLabel: scopeFilter}
	scopes := []string{scopeAll, listLabel}
	if s := w.details.Site(); s != nil {
		selectedLabel := scopeSelected + ": " + s.Name
		scopeOf[selectedLabel] = scopeSelected
		scopes = append(scopes, selectedLabel)
	}
	leftOut := widget.NewLabel("")
	leftOut.Wrapping = fyne.TextWrapWord
	preview := widget.NewLabel("")
	preview.Wrapping = fyne.TextWrapWord
	count := func() {
		leftOut.SetText("Counting confidential data…")
		flt, include := w.exportFilter(choice.scope), choice.confidential || choice.profile == "Internal"
		profile := choice.profile
		go func() {
			r, err := w.ws.CountConfidential(context.Background(), flt)
			text := w.profilePreview(flt, profile)
			runOnUI(func() {
				leftOut.SetText(leftOutText(r, include, err))
				preview.SetText(text)
				w.emit("export-preview")
			})
		}()
	}
	scope := widget.NewRadioGroup(scopes, func(s string) {
		if s == "" {
			return
		}
		choice.scope = scopeOf[s]
		count()
	})
	scope.Required = true
	var labelsP []string
	for _, p := range protections {
		labelsP = append(labelsP, p.label)
	}
	protect := widget.NewSelect(labelsP, func(s string) {
		for _, p := range protections {
			if p.label == s {
				choice.profile = p.profile
			}
		}
		count()
	})
	scope.SetSelected(scopeAll)
	protect.SetSelected(protections[0].label)
	pass := widget.NewPasswordEntry()
	pass.SetPlaceHolder("Passphrase to encrypt the file with age (optional)")
	pass.OnChanged = func(s string) { choice.passphrase = s }
	content := container.NewVBox(
		widget.NewLabelWithStyle("Format", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), format,
		widget.NewLabelWithStyle("Sites", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), scope,
		widget.NewLabelWithStyle("Protect", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), protect,
		leftOut, preview, pass)
	d := dialog.NewCustomConfirm("Export sites", "Choose file…", "Cancel", content, func(ok bool) {
		if ok {
			w.exportSaveDialog(choice)
		}
	}, w.win)
	d.Resize(fyne.NewSize(660, 620))
	d.Show()
}

func leftOutText(r site.Redaction, include bool, err error) string {
	switch {
	case err != nil:
		return "Could not count confidential data: " + err.Error()
	case !r.Any():
		return "Nothing in these sites is marked confidential."
	case include:
		return "⚠ Confidential data WILL be written: " + strings.TrimPrefix(app.LeftOutDescription(r), "left out as confidential: ") + "."
	default:
		return "Will be left out as confidential: " + strings.TrimPrefix(app.LeftOutDescription(r), "left out as confidential: ") + "."
	}
}

func (w *Window) exportSaveDialog(choice exportChoice) {
	ext := ".geojson"
	for _, f := range exportFormats {
		if f.format == choice.format {
			ext = f.ext
		}
	}
	if choice.passphrase != "" {
		ext += ".age"
	}
	w.askSavePath("Export to", "sites"+ext, ext, func(path string) { w.exportTo(path, choice) })
}

// askSavePath asks where to save a file, suggesting name, and calls save
// with the path chosen; ext ("" for any) filters the files Browse… shows.
func (w *Window) askSavePath(title, name, ext string, save func(path string)) {
	req := pathRequest{title: title, confirm: "Save", save: true, name: name, done: save}
	if ext != "" {
		req.filter = storage.NewExtensionFileFilter([]string{ext})
	}
	w.askPath(req)
}

// exportTo writes the export in the background with progress and cancel.
func (w *Window) exportTo(path string, choice exportChoice) {
	opts := app.ExportOptions{Format: app.FormatForFile(path), Filter: w.exportFilter(choice.scope), IncludeConfidential: choice.confidential,
		Passphrase: choice.passphrase}
	if choice.scope == scopeFilter {
		opts.Time = w.br.Query().EffectiveTime() // the time bar's range goes with "the list"
	}
	if !strings.HasSuffix(strings.ToLower(path), ".age") && choice.passphrase == "" {
		opts.Format = choice.format
	}
	if choice.profile != "" {
		p, err := app.ProfileByName(choice.profile)
		if err != nil {
			showError(err, w.win)
			return
		}
		opts.Profile = &p
	}
	w.writeFile(fileJob{title: "Export", path: path, event: "export", finished: "Export finished"}, func(ctx context.Context, progress app.Progress) (string, error) {
		rep, err := w.ws.ExportFile(ctx, path, opts, progress)
		if err != nil {
			return "", err
		}
		msg := fmt.Sprintf("Wrote %s site(s) to %s.", formatCount(rep.Written), path)
		if d := app.LeftOutDescription(rep.LeftOut); d != "" {
			msg += "\n\n" + strings.ToUpper(d[:1]) + d[1:] + "."
		}
		if opts.Profile != nil {
			if len(rep.Changed) > 0 {
				msg += "\n\nProfile " + opts.Profile.Name + ": " + strings.Join(rep.Changed, ", ") + "."
			}
			msg += fmt.Sprintf("\n\nRead back before it was kept: none of the %s withheld texts is in the file.", formatCount(rep.Audited))
		}
		if opts.Passphrase != "" {
			msg += "\n\nEncrypted with age: open it with Site Atlas or `age -d` and the passphrase."
		}
		return msg, nil
	})
}
