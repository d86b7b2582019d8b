package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/coords"
	"github.com/siteatlas/siteatlas/internal/measure"
	"github.com/siteatlas/siteatlas/internal/site"
)

// placeFields are the form's location and country: both take their value
// when the researcher leaves the field or presses Enter, so that typing is
// never interrupted by an error for a value not finished yet.
type placeFields struct {
	location     *leaveEntry
	locationNote *widget.Label
	country      *countryEntry
	countryHint  *widget.Label

	geometry    orb.Geometry // the position as last committed
	locationErr string       // why the typed position was not taken
	typed       bool         // the position was typed, not dragged or clicked
	countryCode string       // the country as last committed
	countryErr  string       // why the typed country was not taken
}

// countryEntry is the country field: a dropdown of countries that narrows
// to the ones matching what is typed, completed when left.
type countryEntry struct {
	widget.SelectEntry
	onLeave func()
}

func newCountryEntry(options []string, onLeave func()) *countryEntry {
	e := &countryEntry{onLeave: onLeave}
	e.ExtendBaseWidget(e)
	e.SetOptions(options)
	e.OnSubmitted = func(string) { onLeave() }
	return e
}

// FocusLost implements fyne.Focusable.
func (e *countryEntry) FocusLost() {
	e.SelectEntry.FocusLost()
	e.onLeave()
}

func countryOptions() []string {
	var out []string
	for _, c := range app.Countries() {
		out = append(out, c.Name+" ("+c.Code+")")
	}
	return out
}

// countryMatches are the countries whose name or code starts with text, or
// whose name contains it as a word.
func countryMatches(text string) []string {
	t := strings.ToLower(strings.TrimSpace(text))
	if t == "" {
		return countryOptions()
	}
	var prefix, inner []string
	for _, c := range app.Countries() {
		name, label := strings.ToLower(c.Name), c.Name+" ("+c.Code+")"
		switch {
		case strings.HasPrefix(name, t) || strings.EqualFold(c.Code, t):
			prefix = append(prefix, label)
		case strings.Contains(name, " "+t):
			inner = append(inner, label)
		}
	}
	return append(prefix, inner...)
}

func (f *siteForm) newPlaceFields() {
	f.location = newLeaveEntry(f.locationLeft)
	f.location.SetPlaceHolder("42.9672, 129.8436 · 42°58′N 129°50′E · 52T 568500 4757826 · 8QJFXRCR+22")
	f.locationNote = widget.NewLabel("")
	f.locationNote.Wrapping = fyne.TextWrapWord
	f.locationNote.Importance = widget.LowImportance
	f.country = newCountryEntry(countryOptions(), f.countryLeft)
	f.country.SetPlaceHolder("Country name or code")
	f.country.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	f.countryHint = widget.NewLabel("")
	f.countryHint.Importance = widget.LowImportance
	f.countryHint.Hide()
	f.country.OnChanged = f.countryTyped
}

func (f *siteForm) loadPlace(s *site.Site) {
	f.geometry, f.locationErr, f.typed = s.Geometry, "", false
	f.countryCode, f.countryErr = s.Country, ""
	f.country.SetText(countryText(s.Country))
	f.country.SetOptions(countryOptions())
	f.countryHint.Hide()
	switch s.Geometry.(type) {
	case nil:
		f.location.Enable()
		f.location.SetText("")
		f.locationNote.SetText("Not placed yet: type a position and press Enter.")
	case orb.Point:
		f.location.Enable()
		f.location.SetText(positionText(s.Geometry.(orb.Point)))
		f.locationNote.SetText("Any notation; Enter to move. Or drag the marker.")
	default:
		f.location.SetText(locationText(s))
		f.location.Disable()
		note := "An outline: drag its corners on the map, drag a side's middle to add one, right-click a corner to remove it or to cut a hole."
		switch s.Geometry.(type) {
		case orb.LineString, orb.MultiLineString:
			note = "A line: drag its vertices on the map, drag a segment's middle to add one, right-click a vertex to remove it."
		}
		if fig := shapeFigures(s, measure.ImperialLocale(string(fyne.CurrentDevice().Locale()))); fig != "" {
			note = fig + ".\n" + note
		}
		f.locationNote.SetText(note)
	}
}

// positionText is how the location field shows a point: latitude first, as
// researchers read and type it, to the metre.
func positionText(p orb.Point) string { return fmt.Sprintf("%.6f, %.6f", p[1], p[0]) }

// locationLeft takes the typed position. One reading moves the site, and
// makes it exact unless the researcher chose a precision; two readings
// ("40, 50") are both shown, and nothing moves until one is written out.
func (f *siteForm) locationLeft() {
	if f.loading || f.location.Disabled() {
		return
	}
	text := strings.TrimSpace(f.location.Text)
	if p, ok := f.geometry.(orb.Point); ok && text == positionText(p) || f.geometry == nil && text == "" {
		if f.locationErr != "" {
			f.locationErr = ""
			f.changed()
		}
		return
	}
	if text == "" {
		f.locationErr = "a placed site cannot be unplaced here: type a position, or undo"
		f.changed()
		return
	}
	readings, err := coords.Parse(text)
	switch {
	case err != nil:
		f.locationErr = err.Error()
	case len(readings) > 1:
		var ways []string
		for _, r := range readings {
			ways = append(ways, coords.Format(r.Point, coords.DMS))
		}
		f.locationErr = "reads two ways: " + strings.Join(ways, " or ") + "; add N/S/E/W to say which"
	default:
		f.locationErr = ""
		f.geometry, f.typed = readings[0].Point, true
		f.loading = true
		f.location.SetText(positionText(readings[0].Point))
		if f.precision.Value() == string(f.base.Precision) {
			f.precision.SetValue(string(site.PrecisionExact))
		}
		f.loading = false
		if f.onPlaced != nil {
			f.onPlaced(readings[0].Point)
		}
	}
	f.changed()
}

// countryTyped narrows the dropdown to the matches and names the first, to
// be taken on leaving; a value picked from the dropdown is taken at once.
func (f *siteForm) countryTyped(text string) {
	if f.loading {
		return
	}
	if f.countryErr != "" {
		// Typing on answers the question: it is asked again on leaving.
		f.countryErr = ""
		f.errors["country"].Hide()
	}
	for _, o := range countryOptions() {
		if o == text {
			f.countryHint.Hide()
			f.countryLeft()
			return
		}
	}
	m := countryMatches(text)
	f.country.SetOptions(m)
	switch {
	case strings.TrimSpace(text) == "":
		f.countryHint.Hide()
	case len(m) == 0:
		f.countryHint.SetText("No country matches; a two-letter ISO code works too.")
		f.countryHint.Show()
	default:
		more := ""
		if len(m) > 1 {
			more = fmt.Sprintf(" (%d matches: open the list)", len(m))
		}
		f.countryHint.SetText("Enter or Tab: " + m[0] + more)
		f.countryHint.Show()
	}
}

// countryLeft takes the country typed: a name, a code, or the start of one
// name only ("Chin" is China; "Chi" could be Chile too, and is asked).
func (f *siteForm) countryLeft() {
	if f.loading {
		return
	}
	f.countryHint.Hide()
	text := strings.TrimSpace(f.country.Text)
	code, why := countryCode(text), ""
	if text != "" && !knownCountry(code) {
		switch m := countryMatches(text); len(m) {
		case 0:
			why = fmt.Sprintf("no country is called %q: type its name or its two-letter ISO code", text)
		case 1:
			f.loading = true
			f.country.SetText(m[0])
			f.loading = false
			code = countryCode(m[0])
		default:
			if len(m) > 4 {
				m = append(m[:4], "…")
			}
			why = fmt.Sprintf("%q could be %s: type more, or pick one from the list", text, strings.Join(m, ", "))
		}
	}
	f.country.SetOptions(countryOptions())
	if why == "" && code == f.countryCode && f.countryErr == "" {
		return
	}
	f.countryErr = why
	if why == "" {
		f.countryCode = code
	}
	f.changed()
}

func knownCountry(code string) bool {
	for _, c := range app.Countries() {
		if c.Code == code {
			return true
		}
	}
	return false
}
