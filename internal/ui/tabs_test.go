package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestDetailTabsFit: at 1280 px Photos and History hid behind "…". Every
// tab of the details panel shows at 1280×800 and 1024×600.
func TestDetailTabsFit(t *testing.T) {
	w := newTestWindow(t)
	selectNamed(t, w, tumenComplex)
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1024, Height: 600}} {
		w.win.Resize(size)
		pump(50 * 1e6)
		for _, o := range test.LaidOutObjects(w.details.tabs) {
			if b, ok := o.(*widget.Button); ok && b.Visible() && b.Icon != nil && b.Icon.Name() == theme.MoreHorizontalIcon().Name() {
				t.Errorf("at %v×%v the details panel (%v wide) hides tabs behind …", size.Width, size.Height, w.details.Size().Width)
			}
		}
		// The open tab says its name, whatever the room.
		for i := range w.details.tabs.Items {
			w.details.tabs.SelectIndex(i)
			if got := w.details.tabs.Items[i].Text; got == "" || !strings.HasPrefix(w.details.tabTitle(i), strings.Fields(got)[0]) {
				t.Errorf("at %v wide the open tab %d is labelled %q", size.Width, i, got)
			}
		}
		w.details.tabs.SelectIndex(0)
	}
}

// TestLongNamesHaveTooltips: the list cut long names with no way to read
// them; resting the pointer on one shows it whole.
func TestLongNamesHaveTooltips(t *testing.T) {
	w := newTestWindow(t)
	var cut *tipLabel
	for _, o := range test.LaidOutObjects(w.list) {
		if l, ok := o.(*tipLabel); ok && l.Visible() && l.cut() {
			cut = l
		}
	}
	if cut == nil {
		t.Fatal("no site name is cut off in the list at 1280×800: the test needs one")
	}
	cut.MouseIn(nil)
	if !w.tips.text.Visible() || w.tips.text.Text != cut.Text {
		t.Errorf("resting on %q shows the tooltip %q (visible %v)", cut.Text, w.tips.text.Text, w.tips.text.Visible())
	}
	cut.MouseOut()
	if w.tips.text.Visible() {
		t.Error("the tooltip stays after the pointer left")
	}
}
