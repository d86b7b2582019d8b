package ui

import (
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/site"
)

// working returns a copy of the shown site to change, with its own slices:
// the form's fields when they are valid (so a source added right after
// typing a name keeps the name), else the site as last saved.
func (d *Details) working() (site.Site, bool) {
	if d.current == nil {
		return site.Site{}, false
	}
	s := *d.current
	if draft, errs := d.form.read(); len(d.form.validate(draft, errs)) == 0 {
		s = draft
	}
	s.Sources = append([]site.Source(nil), s.Sources...)
	s.Observations = append([]site.Observation(nil), s.Observations...)
	return s, true
}

func (d *Details) saveNow(s site.Site, label string) {
	if d.OnEditNow != nil {
		d.OnEditNow(s, label)
	}
}

func partialDateValidator(text string) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	_, err := site.ReadDate(text)
	return err
}

// typedDate is the date a researcher typed ("May 2018", "2017年5月") as the
// model keeps it; what cannot be read stays as typed, for validation to
// explain.
func typedDate(text string) site.PartialDate {
	if d, err := site.ReadDate(text); err == nil {
		return d
	}
	return site.PartialDate(strings.TrimSpace(text))
}

func urlValidator(text string) error {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	u, err := url.Parse(strings.TrimSpace(text))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("write a web address starting with http:// or https://")
	}
	return nil
}

// gradeOptions are the choices of a grade select: "(not graded)" first.
func reliabilityOptions() []string {
	out := []string{"(not graded)"}
	for _, g := range []string{"A", "B", "C", "D", "E", "F"} {
		out = append(out, g+" — "+site.ReliabilityMeanings[g])
	}
	return out
}

func credibilityOptions() []string {
	out := []string{"(not graded)"}
	for g := 1; g <= 6; g++ {
		out = append(out, strconv.Itoa(g)+" — "+site.CredibilityMeanings[g])
	}
	return out
}

// editSource opens the source form for source i, or a new source (i < 0).
func (d *Details) editSource(i int) {
	s, ok := d.working()
	if !ok {
		return
	}
	src := site.Source{ID: site.NewID()}
	if i >= 0 && i < len(s.Sources) {
		src = s.Sources[i]
	}
	title := widget.NewEntry()
	title.SetText(src.Title)
	publisher := widget.NewEntry()
	publisher.SetText(src.Publisher)
	link := widget.NewEntry()
	link.SetText(src.URL)
	link.SetPlaceHolder("https://…")
	link.Validator = urlValidator
	published := widget.NewEntry()
	published.SetText(string(src.Published))
	published.SetPlaceHolder("YYYY, YYYY-MM or YYYY-MM-DD")
	published.Validator = partialDateValidator
	accessed := widget.NewEntry()
	accessed.SetText(string(src.Accessed))
	accessed.SetPlaceHolder("YYYY, YYYY-MM or YYYY-MM-DD")
	accessed.Validator = partialDateValidator
	excerpt := widget.NewMultiLineEntry()
	excerpt.Wrapping = fyne.TextWrapWord
	excerpt.SetText(src.Excerpt)
	reliability := widget.NewSelect(reliabilityOptions(), nil)
	reliability.SetSelectedIndex(0)
	if src.Reliability != "" {
		reliability.SetSelectedIndex(int(src.Reliability[0]-'A') + 1)
	}
	credibility := widget.NewSelect(credibilityOptions(), nil)
	credibility.SetSelectedIndex(src.Credibility)
	confidential := widget.NewCheck("Confidential (e.g. an informant: never exported unless asked)", nil)
	confidential.SetChecked(src.Confidential)
	items := []*widget.FormItem{
		{Text: "Title", Widget: title, HintText: "Article, report or person"},
		{Text: "Publisher", Widget: publisher},
		{Text: "Link", Widget: link},
		{Text: "Published", Widget: published},
		{Text: "Accessed", Widget: accessed},
		{Text: "Excerpt", Widget: excerpt},
		{Text: "Source reliability", Widget: reliability},
		{Text: "Information credibility", Widget: credibility},
		{Text: "", Widget: confidential},
	}
	verb := "Edit source"
	if i < 0 {
		verb = "Add source"
	}
	dlg := dialog.NewForm(verb, "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		src.Title = strings.TrimSpace(title.Text)
		src.Publisher = strings.TrimSpace(publisher.Text)
		src.URL = strings.TrimSpace(link.Text)
		src.Published = typedDate(published.Text)
		src.Accessed = typedDate(accessed.Text)
		src.Excerpt = excerpt.Text
		src.Reliability = ""
		if k := reliability.SelectedIndex(); k > 0 {
			src.Reliability = string(rune('A' + k - 1))
		}
		src.Credibility = max(0, credibility.SelectedIndex())
		src.Confidential = confidential.Checked
		label := "Edit source of " + app.Quote(s.Name)
		if i < 0 {
			s.Sources = append(s.Sources, src)
			label = "Add source to " + app.Quote(s.Name)
		} else {
			s.Sources[i] = src
		}
		d.saveNow(s, label)
	}, d.win)
	dlg.Resize(fyne.NewSize(620, 600))
	dlg.Show()
}

func (d *Details) removeSource(i int) {
	s, ok := d.working()
	if !ok || i < 0 || i >= len(s.Sources) {
		return
	}
	removed := s.Sources[i]
	s.Sources = append(s.Sources[:i], s.Sources[i+1:]...)
	// Observations citing it keep their text but no longer cite it.
	for k := range s.Observations {
		if s.Observations[k].SourceID == removed.ID {
			s.Observations[k].SourceID = ""
		}
	}
	d.saveNow(s, "Remove source from "+app.Quote(s.Name))
}

// editObservation opens the observation form for observation i, or a new
// one (i < 0).
func (d *Details) editObservation(i int) {
	s, ok := d.working()
	if !ok {
		return
	}
	obs := site.Observation{ID: site.NewID()}
	if i >= 0 && i < len(s.Observations) {
		obs = s.Observations[i]
	}
	date := widget.NewEntry()
	date.SetText(string(obs.Date))
	date.SetPlaceHolder("2017, 2017-05, 22 Dec 2017, 2017年5月; empty if undated")
	date.Validator = partialDateValidator
	status := newValueSelect("(no change)", stringsOf(site.Statuses), nil)
	status.SetValue(string(obs.Status))
	note := widget.NewMultiLineEntry()
	note.Wrapping = fyne.TextWrapWord
	note.SetMinRowsVisible(4)
	note.SetText(obs.Note)
	note.SetPlaceHolder("What was seen or reported")
	sourceNames := []string{"(none)"}
	for _, src := range s.Sources {
		sourceNames = append(sourceNames, sourceLabel(src))
	}
	source := widget.NewSelect(sourceNames, nil)
	source.SetSelectedIndex(0)
	for k, src := range s.Sources {
		if src.ID == obs.SourceID {
			source.SetSelectedIndex(k + 1)
		}
	}
	confidential := widget.NewCheck("Confidential (never exported unless asked)", nil)
	confidential.SetChecked(obs.Confidential)
	items := []*widget.FormItem{
		{Text: "Date", Widget: date},
		{Text: "Status then", Widget: status},
		{Text: "Observation", Widget: note},
		{Text: "Source", Widget: source},
		{Text: "", Widget: confidential},
	}
	verb := "Edit observation"
	if i < 0 {
		verb = "Add observation"
	}
	dlg := dialog.NewForm(verb, "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		obs.Date = typedDate(date.Text)
		obs.Status = site.Status(status.Value())
		obs.Note = note.Text
		obs.SourceID = ""
		if k := source.SelectedIndex(); k > 0 {
			obs.SourceID = s.Sources[k-1].ID
		}
		obs.Confidential = confidential.Checked
		label := "Edit observation of " + app.Quote(s.Name)
		if i < 0 {
			s.Observations = append(s.Observations, obs)
			label = "Add observation to " + app.Quote(s.Name)
		} else {
			s.Observations[i] = obs
		}
		d.saveNow(s, label)
	}, d.win)
	dlg.Resize(fyne.NewSize(600, 480))
	dlg.Show()
}

func (d *Details) removeObservation(i int) {
	s, ok := d.working()
	if !ok || i < 0 || i >= len(s.Observations) {
		return
	}
	s.Observations = append(s.Observations[:i], s.Observations[i+1:]...)
	d.saveNow(s, "Remove observation from "+app.Quote(s.Name))
}

func sourceLabel(src site.Source) string {
	t := src.Title
	if t == "" {
		t = src.URL
	}
	if t == "" {
		t = "(untitled source)"
	}
	if src.Published != "" {
		t += " (" + string(src.Published) + ")"
	}
	return t
}

// SetHistory shows the site's changes, newest first.
func (d *Details) SetHistory(changes []app.HistoryEntry) {
	if len(changes) == 0 {
		d.history.Objects = []fyne.CanvasObject{widget.NewLabel("No changes recorded.")}
		d.history.Refresh()
		return
	}
	sorted := append([]app.HistoryEntry(nil), changes...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Seq > sorted[j].Seq })
	objs := make([]fyne.CanvasObject, 0, len(sorted))
	for _, c := range sorted {
		objs = append(objs, d.historyEntry(c), widget.NewSeparator())
	}
	d.history.Objects = objs
	d.history.Refresh()
}
