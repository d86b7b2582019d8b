package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestHistoryShowsFieldChanges: history lines said only "Edit details of
// 'X'". They now say which fields changed from what to what, and a line's
// button shows the whole before and after.
func TestHistoryShowsFieldChanges(t *testing.T) {
	w := newTestWindow(t)
	selectNamed(t, w, tumenComplex)
	w.details.form.status.SetValue("confirmed")
	waitEvents(t, w, "saved")
	drainUntilQuiet(w)
	text := deepText(w.details.history)
	if !strings.Contains(text, "Edit status of") || !strings.Contains(text, "Status: Reported → Confirmed") {
		t.Fatalf("the history reads:\n%s", text)
	}
	var show *widget.Button
	for _, o := range test.LaidOutObjects(w.details.history) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Before and after…" && show == nil {
			show = b
		}
	}
	if show == nil {
		t.Fatal("no way to see a change whole")
	}
	test.Tap(show)
	shown := overlayText(w)
	if !strings.Contains(shown, "Before") || !strings.Contains(shown, "Reported") || !strings.Contains(shown, "Confirmed") {
		t.Errorf("the change dialog reads %q", shown)
	}
}
