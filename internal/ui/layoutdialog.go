package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/layout"
)

// papers are the page sizes the layout dialog offers, with their layout
// names.
var papers = []struct{ label, paper string }{
	{"A4 landscape", "a4-landscape"},
	{"A4 portrait", "a4"},
	{"A3 landscape", "a3-landscape"},
	{"Letter landscape", "letter-landscape"},
	{"Letter portrait", "letter"},
}

// layoutFormats are the files a layout is written as.
var layoutFormats = []struct{ label, ext string }{
	{"PDF (for print and reports)", ".pdf"},
	{"SVG (text stays editable)", ".svg"},
	{"PNG (an image)", ".png"},
}

// layoutScreen is File > Export map layout: a publication map of the area
// on screen and the sites of the list, with title, legend, labels, scale
// bar, north arrow, inset and credits, through an export profile.
type layoutScreen struct {
	w                                *Window
	title, subtitle, credit          *widget.Entry
	paper, format, protect           *widget.Select
	legend, labels, north, inset, gr *widget.Check
}

func (w *Window) layoutDialog() { w.newLayoutScreen().show() }

func (w *Window) newLayoutScreen() *layoutScreen {
	s := &layoutScreen{w: w, title: widget.NewEntry(), subtitle: widget.NewEntry(), credit: widget.NewEntry()}
	s.title.SetText("Reported sites")
	s.subtitle.SetPlaceHolder("Subtitle (optional)")
	s.credit.SetPlaceHolder("Source credit (optional), e.g. the report the sites come from")
	s.paper = widget.NewSelect(labelsOf(papers, func(p struct{ label, paper string }) string { return p.label }), nil)
	s.paper.SetSelectedIndex(0)
	s.format = widget.NewSelect(labelsOf(layoutFormats, func(f struct{ label, ext string }) string { return f.label }), nil)
	s.format.SetSelectedIndex(0)
	var protect []string
	for _, p := range protections[:3] {
		protect = append(protect, p.label)
	}
	s.protect = widget.NewSelect(protect, nil)
	s.protect.SetSelectedIndex(0)
	s.legend = widget.NewCheck("Legend", nil)
	s.legend.SetChecked(true)
	s.labels = widget.NewCheck("Site names", nil)
	s.labels.SetChecked(true)
	s.north = widget.NewCheck("North arrow and scale bar", nil)
	s.north.SetChecked(true)
	s.inset = widget.NewCheck("Locator inset", nil)
	s.inset.SetChecked(true)
	s.gr = widget.NewCheck("Graticule", nil)
	return s
}

func (s *layoutScreen) show() {
	form := widget.NewForm(
		widget.NewFormItem("Title", s.title),
		widget.NewFormItem("Subtitle", s.subtitle),
		widget.NewFormItem("Credit", s.credit),
		widget.NewFormItem("Paper", s.paper),
		widget.NewFormItem("File", s.format),
		widget.NewFormItem("Protect", s.protect))
	content := container.NewVBox(form,
		container.NewGridWithColumns(3, s.legend, s.labels, s.north, s.inset, s.gr),
		wrapped("The area on screen and the sites of the list, through the profile chosen; every text on the page is checked for withheld data before the file is kept."))
	d := dialog.NewCustomConfirm("Export map layout", "Choose file…", "Cancel", content, s.onConfirm, s.w.win)
	d.Resize(fyne.NewSize(680, 560))
	d.Show()
}

func labelsOf[T any](items []T, label func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = label(it)
	}
	return out
}

// spec is the layout the dialog describes, over the map's current view,
// filters and selection.
func (s *layoutScreen) spec() layout.Spec {
	w := s.w
	b := w.mapView.View().Bound()
	spec := layout.Spec{
		Paper:      papers[max(s.paper.SelectedIndex(), 0)].paper,
		Extent:     layout.Extent{BBox: []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}},
		Title:      strings.TrimSpace(s.title.Text),
		Subtitle:   strings.TrimSpace(s.subtitle.Text),
		Credit:     strings.TrimSpace(s.credit.Text),
		Legend:     s.legend.Checked,
		NorthArrow: s.north.Checked,
		Inset:      s.inset.Checked,
		Graticule:  s.gr.Checked,
		Date:       time.Now().Format("2 January 2006"),
		Profile:    protections[max(s.protect.SelectedIndex(), 0)].profile,
	}
	if s.labels.Checked {
		spec.Labels = layout.LabelsAll
	}
	q := w.br.Query()
	spec.Filter.Text = q.Text
	if q.Category != "" {
		spec.Filter.Categories = []string{q.Category}
	}
	if q.Status != "" {
		spec.Filter.Statuses = []string{string(q.Status)}
	}
	if sel := w.details.Site(); sel != nil {
		spec.Selected = []string{sel.ID}
	}
	for _, ml := range w.layers {
		// Online layers are not fetched for a layout: it draws offline.
		if ml.conf.Path != "" && !ml.conf.Hidden {
			spec.Tiles = append(spec.Tiles, ml.conf.Path)
		}
	}
	return spec
}

func (s *layoutScreen) onConfirm(ok bool) {
	if !ok {
		return
	}
	spec := s.spec()
	ext := layoutFormats[max(s.format.SelectedIndex(), 0)].ext
	s.w.askSavePath("Save the map layout", "map"+ext, ext, func(path string) { s.w.writeLayout(path, spec) })
}

// writeLayout renders the layout in the background with progress and
// Cancel, then says what it wrote and what the profile left out.
func (w *Window) writeLayout(path string, spec layout.Spec) {
	w.writeFile(fileJob{title: "Map layout", path: path, event: "layout", finished: "Map layout exported"}, func(ctx context.Context, progress app.Progress) (string, error) {
		sum, err := w.ws.RenderLayout(ctx, spec, path, progress)
		if err != nil {
			return "", err
		}
		msg := fmt.Sprintf("Wrote %s: %d site(s), profile %s.", path, sum.Sites, sum.Profile)
		if lines := sum.Redacted.Lines(); len(lines) > 0 {
			msg += "\n\n" + strings.Join(lines, ", ") + "."
		}
		return msg, nil
	})
}
