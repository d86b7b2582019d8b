package render

import "github.com/siteatlas/siteatlas/internal/raster"

// The renderer draws text and keeps labels apart with internal/raster's
// Fonts and Collider, the same ones the tile layers use (they receive the
// map's fonts and its collider's Place), so there is one font stack.
type (
	fontSet    = raster.Fonts
	textSprite = raster.TextSprite
	collider   = raster.Collider
)

// newFontSet parses the label fonts, in order of preference, with the
// Latin and Go Regular fallbacks after them (raster.NewFonts).
func newFontSet(labelFonts ...[]byte) (*fontSet, error) { return raster.NewFonts(labelFonts...) }

func newCollider(cell int) *collider { return raster.NewCollider(cell) }
