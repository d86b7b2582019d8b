package ui

import "fyne.io/fyne/v2/widget"

// leaveEntry is an entry whose value is taken when the researcher leaves it
// (Tab, a click elsewhere) or presses Enter, not at every keystroke: a
// position half typed ("42.97, 1") or a country half typed ("Chi") is not
// yet a value, and must neither move the site nor show an error.
type leaveEntry struct {
	widget.Entry
	onLeave func()
}

func newLeaveEntry(onLeave func()) *leaveEntry {
	e := &leaveEntry{onLeave: onLeave}
	e.ExtendBaseWidget(e)
	e.OnSubmitted = func(string) { e.leave() }
	return e
}

// FocusLost implements fyne.Focusable.
func (e *leaveEntry) FocusLost() {
	e.Entry.FocusLost()
	e.leave()
}

func (e *leaveEntry) leave() {
	if e.onLeave != nil {
		e.onLeave()
	}
}
