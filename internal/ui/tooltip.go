package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tipLayer shows one tooltip at a time in a layer over the window's
// content. It is not a Fyne pop-up on purpose: a pop-up is an overlay that
// takes the next click for itself, so a button under a tooltip needed two
// clicks. Nothing in this layer is tappable, so clicks go through.
type tipLayer struct {
	layer *fyne.Container
	back  *canvas.Rectangle
	text  *widget.Label
}

func newTipLayer() *tipLayer {
	t := &tipLayer{back: canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground)), text: widget.NewLabel("")}
	t.back.CornerRadius = 4
	t.back.StrokeColor = theme.Color(theme.ColorNameSeparator)
	t.back.StrokeWidth = 1
	t.layer = container.NewWithoutLayout(t.back, t.text)
	t.hide()
	return t
}

// show puts text at the absolute canvas position at.
func (t *tipLayer) show(text string, at fyne.Position) {
	t.setText(text)
	t.place(at.Subtract(fyne.CurrentApp().Driver().AbsolutePositionForObject(t.layer)))
}

// setText sets the tooltip's text and returns its size, for a caller that
// places it itself.
func (t *tipLayer) setText(text string) fyne.Size {
	t.text.SetText(text)
	size := t.text.MinSize()
	t.text.Resize(size)
	t.back.Resize(size)
	return size
}

// place shows the tooltip at pos, in the layer's own coordinates.
func (t *tipLayer) place(pos fyne.Position) {
	t.text.Move(pos)
	t.back.Move(pos)
	t.back.Show()
	t.text.Show()
}

func (t *tipLayer) hide() {
	t.back.Hide()
	t.text.Hide()
}

// tipButton is a toolbar button that explains itself in a tooltip when the
// pointer rests on it (Fyne's buttons have no tooltips of their own).
type tipButton struct {
	widget.Button
	tip  string
	tips *tipLayer
}

func newTipButton(tips *tipLayer, label string, icon fyne.Resource, tip string, tapped func()) *tipButton {
	b := &tipButton{tip: tip, tips: tips}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn shows the tooltip under the button.
func (b *tipButton) MouseIn(ev *desktop.MouseEvent) {
	b.Button.MouseIn(ev)
	if b.tip == "" || b.tips == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(b).Add(fyne.NewPos(0, b.Size().Height+2))
	b.tips.show(b.tip, pos)
}

// MouseOut hides the tooltip.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	if b.tips != nil {
		b.tips.hide()
	}
}

// Tapped hides the tooltip before acting.
func (b *tipButton) Tapped(ev *fyne.PointEvent) {
	if b.tips != nil {
		b.tips.hide()
	}
	b.Button.Tapped(ev)
}

// tipLabel is a one-line label that shows its whole text in a tooltip when
// the pointer rests on it and the text is cut off: the list's long site
// names ("Restaurant from which 13 North Korean workers defected").
type tipLabel struct {
	widget.Label
	tips *tipLayer
}

func newTipLabel(tips *tipLayer, style fyne.TextStyle) *tipLabel {
	l := &tipLabel{tips: tips}
	l.TextStyle = style
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// cut reports whether the text is wider than the label shows.
func (l *tipLabel) cut() bool {
	full := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.InnerPadding()
	return full > l.Size().Width
}

// MouseIn shows the whole text under the label when it is cut off.
func (l *tipLabel) MouseIn(*desktop.MouseEvent) {
	if l.tips == nil || !l.cut() {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l).Add(fyne.NewPos(0, l.Size().Height))
	l.tips.show(l.Text, pos)
}

// MouseMoved implements desktop.Hoverable.
func (l *tipLabel) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the tooltip.
func (l *tipLabel) MouseOut() {
	if l.tips != nil {
		l.tips.hide()
	}
}
