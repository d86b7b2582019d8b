package ui

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/site"
)

// siteForm edits the fields of one site. Every change is read back into a
// draft and validated at once; what is wrong is shown under its field, and
// onChange hears every draft so that the window can save the valid ones.
type siteForm struct {
	name, aliases, city, province, operator, workers *widget.Entry
	first, last, tags, notes, confNotes              *widget.Entry
	category                                         *widget.SelectEntry
	status, precision                                *valueSelect
	categoryOptions                                  []string // as the category dropdown offers them
	confidential                                     *widget.Check
	placeFields
	// onPlaced hears a position typed into the location field.
	onPlaced func(orb.Point)
	errors   map[string]*widget.Label
	banner   *widget.Label

	base     site.Site // the site as loaded: what the form does not edit comes from here
	loading  bool
	onChange func(draft site.Site, valid bool)
	content  fyne.CanvasObject
}

func newSiteForm(onChange func(site.Site, bool)) *siteForm {
	f := &siteForm{onChange: onChange, errors: map[string]*widget.Label{}}
	entry := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { f.changed() }
		return e
	}
	multi := func(placeholder string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.SetPlaceHolder(placeholder)
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.OnChanged = func(string) { f.changed() }
		return e
	}
	f.name = entry("Name of the site")
	f.aliases = multi("Other names, one per line (any script: 图们, 투먼)")
	f.aliases.SetMinRowsVisible(2)
	for _, c := range site.Categories {
		f.categoryOptions = append(f.categoryOptions, displayName(c))
	}
	f.category = widget.NewSelectEntry(f.categoryOptions)
	f.category.SetPlaceHolder("factory, mine… or your own")
	f.category.OnChanged = func(string) { f.changed() }
	f.status = newValueSelect("", stringsOf(site.Statuses), f.changed)
	f.precision = newValueSelect("(not set)", stringsOf(site.Precisions), f.changed)
	f.city = entry("City")
	f.province = entry("Province")
	f.newPlaceFields()
	f.operator = entry("Company or agency running it")
	f.workers = entry("Number of workers, if reported")
	f.first = entry("2017, 2017-05, May 2017, 2017年5月…")
	f.last = entry("2017, 2017-05, May 2017, 2017年5月…")
	f.tags = entry("Comma-separated tags")
	f.notes = multi("Notes")
	f.confNotes = multi("Who said what: never exported unless asked")
	f.confidential = widget.NewCheck("Confidential site (left out of exports)", func(bool) { f.changed() })
	// The banner is one line below the form, always there: when it came
	// and went above the form it pushed the field being typed out of view.
	f.banner = widget.NewLabel(bannerSaved)
	f.banner.Truncation = fyne.TextTruncateEllipsis
	f.banner.Importance = widget.LowImportance

	form := widget.NewForm()
	row := func(label, field string, w fyne.CanvasObject) {
		errLabel := widget.NewLabel("")
		errLabel.Wrapping = fyne.TextWrapWord
		errLabel.Importance = widget.DangerImportance
		errLabel.Hide()
		f.errors[field] = errLabel
		form.Append(label, container.NewVBox(w, errLabel))
	}
	row("Name", "name", f.name)
	row("Aliases", "aliases", f.aliases)
	row("Category", "category", f.category)
	row("Status", "status", f.status)
	row("Location", "geometry", container.NewVBox(f.location, f.locationNote))
	row("Precision", "precision", f.precision)
	row("City", "city", f.city)
	row("Province", "province", f.province)
	row("Country", "country", container.NewVBox(f.country, f.countryHint))
	row("Operator", "operator", f.operator)
	row("Workers (est.)", "workers_estimate", f.workers)
	row("First reported", "first_reported", f.first)
	row("Last reported", "last_reported", f.last)
	row("Tags", "tags", f.tags)
	row("Notes", "notes", f.notes)
	row("Confidential notes", "confidential_notes", f.confNotes)
	f.content = container.NewVBox(f.confidential, form)
	return f
}

// load shows s; draft, when not nil, is an unsaved edit of s to show
// instead (it had errors when the researcher left it).
func (f *siteForm) load(s site.Site, draft *site.Site) {
	f.loading = true
	defer func() { f.loading = false }()
	f.base = s
	shown := s
	if draft != nil {
		shown = *draft
	}
	f.name.SetText(shown.Name)
	f.aliases.SetText(strings.Join(shown.Aliases, "\n"))
	f.category.SetText(displayName(shown.Category))
	f.status.SetValue(string(shown.Status))
	f.precision.SetValue(string(shown.Precision))
	f.city.SetText(shown.City)
	f.province.SetText(shown.Province)
	f.loadPlace(&shown)
	f.operator.SetText(shown.Operator)
	if shown.WorkersEstimate != nil {
		f.workers.SetText(strconv.Itoa(*shown.WorkersEstimate))
	} else {
		f.workers.SetText("")
	}
	f.first.SetText(string(shown.FirstReported))
	f.last.SetText(string(shown.LastReported))
	f.tags.SetText(strings.Join(shown.Tags, ", "))
	f.notes.SetText(shown.Notes)
	f.confNotes.SetText(shown.ConfidentialNotes)
	f.confidential.SetChecked(shown.Confidential)
	f.showErrors(f.validate(shown, nil))
}

// read returns the site as the form shows it, with the problems the form
// itself finds (a workers estimate that is not a number).
func (f *siteForm) read() (site.Site, site.ValidationError) {
	s := f.base
	var errs site.ValidationError
	s.Name = strings.TrimSpace(f.name.Text)
	s.Aliases = splitNonEmpty(f.aliases.Text, "\n")
	s.Category = storedName(f.category.Text)
	s.Status = site.Status(f.status.Value())
	s.Precision = site.Precision(f.precision.Value())
	s.City = strings.TrimSpace(f.city.Text)
	s.Province = strings.TrimSpace(f.province.Text)
	s.Country = f.countryCode
	s.Geometry = f.geometry
	if f.locationErr != "" {
		errs = append(errs, site.FieldError{Field: "geometry", Message: f.locationErr})
	}
	if f.countryErr != "" {
		errs = append(errs, site.FieldError{Field: "country", Message: f.countryErr})
	}
	s.Operator = strings.TrimSpace(f.operator.Text)
	s.WorkersEstimate = nil
	if t := strings.TrimSpace(f.workers.Text); t != "" {
		n, err := strconv.Atoi(strings.ReplaceAll(t, ",", ""))
		if err != nil {
			errs = append(errs, site.FieldError{Field: "workers_estimate", Message: "write a whole number such as 150"})
		} else {
			s.WorkersEstimate = &n
		}
	}
	for _, d := range []struct {
		field string
		text  string
		dst   *site.PartialDate
	}{{"first_reported", f.first.Text, &s.FirstReported}, {"last_reported", f.last.Text, &s.LastReported}} {
		v, err := site.ReadDate(d.text)
		if err != nil {
			// The reader's own message says what it could not read
			// ("day and month could be either way round").
			errs = append(errs, site.FieldError{Field: d.field, Message: err.Error()})
			*d.dst = site.PartialDate(strings.TrimSpace(d.text)) // kept as typed in the draft
			continue
		}
		*d.dst = v
	}
	s.Tags = splitNonEmpty(f.tags.Text, ",")
	s.Notes = f.notes.Text
	s.ConfidentialNotes = f.confNotes.Text
	s.Confidential = f.confidential.Checked
	return s, errs
}

func (f *siteForm) validate(s site.Site, formErrs site.ValidationError) site.ValidationError {
	errs := append(site.ValidationError(nil), formErrs...)
	if err := s.Validate(); err != nil {
		if v, ok := err.(site.ValidationError); ok {
			for _, e := range v {
				// A field the form already explained is not explained twice.
				if !slices.ContainsFunc(formErrs, func(f site.FieldError) bool { return f.Field == e.Field }) {
					errs = append(errs, e)
				}
			}
		} else {
			errs = append(errs, site.FieldError{Field: "name", Message: err.Error()})
		}
	}
	return errs
}

func (f *siteForm) changed() {
	if f.loading {
		return
	}
	draft, formErrs := f.read()
	errs := f.validate(draft, formErrs)
	f.showErrors(errs)
	if f.onChange != nil {
		f.onChange(draft, len(errs) == 0)
	}
}

// showErrors puts each message under its field; problems of fields the form
// does not show (sources, observations) go to the banner.
func (f *siteForm) showErrors(errs site.ValidationError) {
	byField := map[string][]string{}
	var other []string
	for _, e := range errs {
		if _, ok := f.errors[e.Field]; ok {
			byField[e.Field] = append(byField[e.Field], e.Message)
		} else {
			other = append(other, e.Error())
		}
	}
	for field, l := range f.errors {
		if msgs := byField[field]; len(msgs) > 0 {
			l.SetText(strings.Join(msgs, "; "))
			l.Show()
		} else if l.Visible() {
			l.Hide()
		}
	}
	if len(errs) > 0 {
		msg := "Not saved yet: fix the fields marked in red."
		if len(other) > 0 {
			msg += " " + strings.Join(other, "; ")
		}
		f.banner.Importance = widget.DangerImportance
		f.banner.SetText(msg)
	} else if f.banner.Text != bannerSaved {
		f.banner.Importance = widget.LowImportance
		f.banner.SetText(bannerSaved)
	}
}

const bannerSaved = "Saved as you type · Ctrl+Z undoes"

func splitNonEmpty(text, sep string) []string {
	var out []string
	for _, p := range strings.Split(text, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// countryCode turns what the country field shows ("North Korea (KP)", "kp",
// "North Korea") into the ISO code the site stores.
func countryCode(text string) string {
	t := strings.TrimSpace(text)
	if t == "" {
		return ""
	}
	if i := strings.LastIndex(t, "("); i >= 0 && strings.HasSuffix(t, ")") {
		return strings.ToUpper(strings.TrimSpace(t[i+1 : len(t)-1]))
	}
	for _, c := range app.Countries() {
		if strings.EqualFold(c.Name, t) || strings.EqualFold(c.Code, t) {
			return c.Code
		}
	}
	return t
}
