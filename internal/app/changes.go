package app

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/siteatlas/siteatlas/internal/coords"
	"github.com/siteatlas/siteatlas/internal/site"
)

// FieldChange is one field a change to a site changed, as the history shows
// it: "Status: Reported → Confirmed".
type FieldChange struct {
	Field         string // as the form names it: "Status", "Location"
	Before, After string // "" for none
}

// String is the change on one line, long values shortened.
func (c FieldChange) String() string {
	return c.Field + ": " + short(orNone(c.Before)) + " → " + short(orNone(c.After))
}

func orNone(v string) string {
	if v == "" {
		return "(none)"
	}
	return v
}

func short(v string) string {
	v = strings.Join(strings.Fields(v), " ")
	if utf8.RuneCountInString(v) > 48 {
		return string([]rune(v)[:47]) + "…"
	}
	return v
}

// FieldChanges lists what changed from before to after, field by field, in
// the form's order; a nil before is a site created, a nil after one
// deleted.
func FieldChanges(before, after *site.Site) []FieldChange {
	var b, a site.Site
	if before != nil {
		b = *before
	}
	if after != nil {
		a = *after
	}
	var out []FieldChange
	add := func(field, x, y string) {
		if x != y {
			out = append(out, FieldChange{field, x, y})
		}
	}
	add("Name", b.Name, a.Name)
	add("Aliases", strings.Join(b.Aliases, ", "), strings.Join(a.Aliases, ", "))
	add("Category", Display(b.Category), Display(a.Category))
	add("Status", Display(string(b.Status)), Display(string(a.Status)))
	add("Location", placeText(b), placeText(a))
	add("Precision", Display(string(b.Precision)), Display(string(a.Precision)))
	add("City", b.City, a.City)
	add("Province", b.Province, a.Province)
	add("Country", b.Country, a.Country)
	add("Operator", b.Operator, a.Operator)
	add("Workers (est.)", intText(b.WorkersEstimate), intText(a.WorkersEstimate))
	add("First reported", string(b.FirstReported), string(a.FirstReported))
	add("Last reported", string(b.LastReported), string(a.LastReported))
	add("Tags", strings.Join(b.Tags, ", "), strings.Join(a.Tags, ", "))
	add("Notes", b.Notes, a.Notes)
	add("Confidential notes", b.ConfidentialNotes, a.ConfidentialNotes)
	add("Confidential", yesNo(b.Confidential, before), yesNo(a.Confidential, after))
	add("Sources", sourcesText(b.Sources), sourcesText(a.Sources))
	add("Timeline", observationsText(b.Observations), observationsText(a.Observations))
	add("Photos and documents", attachmentsText(b.Attachments), attachmentsText(a.Attachments))
	if len(b.Extra) != len(a.Extra) || !sameExtra(b, a) {
		add("Other properties", strconv.Itoa(len(b.Extra))+" properties", strconv.Itoa(len(a.Extra))+" properties")
	}
	return out
}

// Display is how a stored value (industrial_complex) reads: "Industrial
// complex".
func Display(v string) string {
	if v == "" {
		return ""
	}
	v = strings.ReplaceAll(v, "_", " ")
	return strings.ToUpper(v[:1]) + v[1:]
}

func placeText(s site.Site) string {
	if s.Geometry == nil {
		return ""
	}
	c := s.Geometry.Bound().Center()
	t := coords.Format(c, coords.Decimal)
	if s.Geometry.GeoJSONType() != "Point" {
		t += " (" + s.Geometry.GeoJSONType() + ")"
	}
	return t
}

func intText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func yesNo(b bool, s *site.Site) string {
	switch {
	case s == nil:
		return ""
	case b:
		return "yes"
	}
	return "no"
}

func sourcesText(srcs []site.Source) string {
	var parts []string
	for _, s := range srcs {
		t := s.Title
		if t == "" {
			t = s.URL
		}
		if s.Confidential {
			t += " (confidential)"
		}
		parts = append(parts, t)
	}
	return countAnd(len(srcs), "source", parts)
}

func observationsText(obs []site.Observation) string {
	var parts []string
	for _, o := range site.InTimelineOrder(obs) {
		t := strings.TrimSpace(string(o.Date) + " " + Display(string(o.Status)))
		if o.Note != "" {
			t = strings.TrimSpace(t + " " + o.Note)
		}
		parts = append(parts, t)
	}
	return countAnd(len(obs), "observation", parts)
}

func attachmentsText(as []site.Attachment) string {
	var parts []string
	for _, a := range as {
		parts = append(parts, a.FileName)
	}
	return countAnd(len(as), "file", parts)
}

func countAnd(n int, noun string, parts []string) string {
	if n == 0 {
		return ""
	}
	if n != 1 {
		noun += "s"
	}
	return fmt.Sprintf("%d %s: %s", n, noun, strings.Join(parts, "; "))
}

func sameExtra(a, b site.Site) bool {
	for k, v := range a.Extra {
		if string(b.Extra[k]) != string(v) {
			return false
		}
	}
	return true
}
