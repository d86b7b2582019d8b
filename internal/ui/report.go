package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/siteatlas/siteatlas/internal/app"
)

// reportDialog asks for a PDF report's title, sites and profile, then
// where to save it.
func (w *Window) reportDialog() {
	title := widget.NewEntry()
	title.SetText("Reported sites")
	author := widget.NewEntry()
	author.SetPlaceHolder("Author (optional)")
	scope := widget.NewRadioGroup([]string{scopeAll, scopeFilter}, nil)
	scope.SetSelected(scopeAll)
	var labels []string
	for _, p := range protections[:3] {
		labels = append(labels, p.label)
	}
	protect := widget.NewSelect(labels, nil)
	protect.SetSelected(labels[0])
	content := container.NewVBox(widget.NewLabel("Title"), title, author,
		widget.NewLabelWithStyle("Sites", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), scope,
		widget.NewLabelWithStyle("Protect", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), protect,
		wrapped("One section per site with its locator map, fields, sources with grades, timeline and photos (without their metadata); the text is checked for withheld data before the file is kept."))
	d := dialog.NewCustomConfirm("Export report (PDF)", "Choose file…", "Cancel", content, func(ok bool) {
		if !ok {
			return
		}
		profile := "Public"
		for _, p := range protections {
			if p.label == protect.Selected {
				profile = p.profile
			}
		}
		p, err := app.ProfileByName(profile)
		if err != nil {
			showError(err, w.win)
			return
		}
		opts := app.ReportOptions{Filter: w.exportFilter(scope.Selected), Profile: p, Title: title.Text, Author: author.Text}
		w.askSavePath("Save the report", "report.pdf", ".pdf", func(path string) { w.writeReport(path, opts) })
	}, w.win)
	d.Resize(fyne.NewSize(620, 520))
	d.Show()
}

// writeReport writes the report in the background with progress and cancel.
func (w *Window) writeReport(path string, opts app.ReportOptions) {
	w.writeFile(fileJob{title: "Report", path: path, event: "report", finished: "Report finished"}, func(ctx context.Context, progress app.Progress) (string, error) {
		sum, err := w.ws.WriteReport(ctx, path, opts, progress)
		if err != nil {
			return "", err
		}
		msg := fmt.Sprintf("Wrote %s: %d site(s) on %d pages, profile %s.", path, sum.Sites, sum.Pages, sum.Profile)
		if lines := sum.Redacted.Lines(); len(lines) > 0 {
			msg += "\n\n" + strings.Join(lines, ", ") + "."
		}
		return msg, nil
	})
}
