// Package assets holds the files embedded in the Site Atlas binary: the
// application icon, the offline basemap and the label font.
package assets

import _ "embed"

// Icon is the application icon (PNG, 512×512).
//
//go:embed icon.png
var Icon []byte
