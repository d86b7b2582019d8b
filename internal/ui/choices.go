package ui

import (
	"strings"

	"fyne.io/fyne/v2/widget"
)

// displayName is how a stored value (a category, status or precision such as
// industrial_complex) is shown everywhere in the window: "Industrial
// complex". Dropdowns, the list and the panel all use it, so that a
// researcher never meets the raw form.
func displayName(value string) string { return humanize(value) }

// storedName turns what a researcher typed or picked back into a stored
// value: "Industrial complex" -> industrial_complex. It is the inverse of
// displayName for every valid value.
func storedName(text string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(text)), " ", "_")
}

// valueSelect is a dropdown that shows display names and reads stored
// values. An optional first option ("All categories", "(not set)") stands
// for no value.
type valueSelect struct {
	// Embedded by value and extended, so that the widget in the window is
	// the valueSelect itself: Select's pop-up looks for its canvas by it.
	widget.Select
	values []string // values[i] is option i; "" for the first option
}

func newValueSelect(none string, values []string, onChanged func()) *valueSelect {
	s := &valueSelect{}
	var labels []string
	if none != "" {
		labels = append(labels, none)
		s.values = append(s.values, "")
	}
	for _, v := range values {
		labels = append(labels, displayName(v))
		s.values = append(s.values, v)
	}
	s.Options = labels
	s.PlaceHolder = "(Select one)"
	s.OnChanged = func(string) {
		if onChanged != nil {
			onChanged()
		}
	}
	s.ExtendBaseWidget(s)
	return s
}

// Value is the stored value chosen, "" when none is.
func (s *valueSelect) Value() string {
	if i := s.SelectedIndex(); i >= 0 {
		return s.values[i]
	}
	return ""
}

// SetValue chooses v; "" chooses the first option when it stands for none,
// and clears the choice otherwise. A value not offered clears it too.
func (s *valueSelect) SetValue(v string) {
	for i, x := range s.values {
		if x == v {
			s.SetSelectedIndex(i)
			return
		}
	}
	s.ClearSelected()
}

func stringsOf[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
