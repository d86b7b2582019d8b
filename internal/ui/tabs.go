package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// detailTab is one tab of the details panel.
type detailTab struct {
	name  string
	icon  fyne.Resource
	count int // shown after the name; -1 for none
}

// title is the tab's full title: "Sources (2)".
func (t detailTab) title() string {
	if t.count < 0 {
		return t.name
	}
	return fmt.Sprintf("%s (%d)", t.name, t.count)
}

// tabLabelModes are the ways a tab can be labelled, widest first: the
// panel takes the first in which every tab fits, so that no tab hides
// behind "…" (at 1280 px Photos and History did).
// The narrowest modes name the open tab only: an icon alone does not say
// which tab is open.
var tabLabelModes = []func(t detailTab, open bool) (string, fyne.Resource){
	func(t detailTab, _ bool) (string, fyne.Resource) { return t.title(), nil },
	func(t detailTab, _ bool) (string, fyne.Resource) { return t.short(), nil },
	func(t detailTab, open bool) (string, fyne.Resource) {
		if open {
			return t.short(), t.icon
		}
		return t.countOnly(), t.icon
	},
	func(t detailTab, open bool) (string, fyne.Resource) {
		if open {
			return t.name, t.icon
		}
		return t.countOnly(), t.icon
	},
	func(t detailTab, _ bool) (string, fyne.Resource) { return t.countOnly(), t.icon },
}

// short is the tab's title without brackets: "Sources 2".
func (t detailTab) short() string {
	if t.count < 0 {
		return t.name
	}
	return fmt.Sprintf("%s %d", t.name, t.count)
}

// countOnly is what an icon-labelled tab says: its count, if any.
func (t detailTab) countOnly() string {
	if t.count <= 0 {
		return ""
	}
	return fmt.Sprint(t.count)
}

func (d *Details) newTabs() {
	d.tabInfo = []detailTab{
		{"Details", theme.DocumentIcon(), -1},
		{"Sources", theme.FileTextIcon(), 0},
		{"Timeline", theme.CalendarIcon(), 0},
		{"Photos", theme.MediaPhotoIcon(), 0},
		{"History", theme.HistoryIcon(), -1},
	}
}

// setTabCounts updates the counts shown on the Sources, Timeline and Photos
// tabs.
func (d *Details) setTabCounts(sources, observations, attachments int) {
	d.tabInfo[1].count, d.tabInfo[2].count, d.tabInfo[3].count = sources, observations, attachments
	d.fitTabs(d.Size().Width)
}

// tabTitle is the full title of tab i, whatever the panel shows for lack
// of room.
func (d *Details) tabTitle(i int) string { return d.tabInfo[i].title() }

// Resize implements fyne.Widget: the tab labels follow the panel's width.
func (d *Details) Resize(size fyne.Size) {
	d.BaseWidget.Resize(size)
	d.fitTabs(size.Width)
}

// fitTabs labels the tabs in the widest mode that fits width.
func (d *Details) fitTabs(width float32) {
	if d.tabs == nil || width <= 0 {
		return
	}
	pad := theme.Padding()
	textSize := theme.TextSize()
	for m, mode := range tabLabelModes {
		var need float32
		for i, t := range d.tabInfo {
			text, icon := mode(t, i == d.tabs.SelectedIndex())
			need += 4 * pad // the tab button's own padding
			if text != "" {
				need += fyne.MeasureText(text, textSize, fyne.TextStyle{Bold: true}).Width
			}
			if icon != nil {
				need += theme.IconInlineSize() + pad
			}
		}
		if need <= width-2*pad || m == len(tabLabelModes)-1 {
			changed := false
			for i, t := range d.tabInfo {
				text, icon := mode(t, i == d.tabs.SelectedIndex())
				if d.tabs.Items[i].Text != text || d.tabs.Items[i].Icon != icon {
					d.tabs.Items[i].Text, d.tabs.Items[i].Icon = text, icon
					changed = true
				}
			}
			if changed {
				d.tabs.Refresh()
			}
			return
		}
	}
}
