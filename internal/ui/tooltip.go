package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// tipButton is a toolbar button that explains itself in a tooltip when the
// pointer rests on it (Fyne's buttons have no tooltips of their own).
type tipButton struct {
	widget.Button
	tip   string
	popup *widget.PopUp
}

func newTipButton(label string, icon fyne.Resource, tip string, tapped func()) *tipButton {
	b := &tipButton{tip: tip}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn shows the tooltip under the button.
func (b *tipButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	if c == nil || b.tip == "" {
		return
	}
	if b.popup == nil {
		label := widget.NewLabel(b.tip)
		b.popup = widget.NewPopUp(label, c)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height+2))
	b.popup.ShowAtPosition(pos)
}

// MouseOut hides the tooltip.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	if b.popup != nil {
		b.popup.Hide()
	}
}

// Tapped hides the tooltip before acting.
func (b *tipButton) Tapped(ev *fyne.PointEvent) {
	if b.popup != nil {
		b.popup.Hide()
	}
	b.Button.Tapped(ev)
}
