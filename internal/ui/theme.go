package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/siteatlas/siteatlas/assets"
)

// atlasTheme is Fyne's default theme (light or dark as the system says) with
// a font that has Chinese, Japanese and Korean glyphs: Fyne's own font has
// none, and site names in those scripts must never show as boxes, whatever
// fonts the machine has.
type atlasTheme struct {
	fyne.Theme
	font fyne.Resource
}

func newTheme() fyne.Theme {
	return &atlasTheme{
		Theme: theme.DefaultTheme(),
		font:  fyne.NewStaticResource("NotoSansCJK-subset.otf", assets.LabelFont),
	}
}

func (t *atlasTheme) Font(style fyne.TextStyle) fyne.Resource {
	if style.Monospace || style.Symbol {
		return t.Theme.Font(style)
	}
	return t.font
}

func (t *atlasTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, v)
}
