// Package assets holds the files embedded in the binary: the offline world
// basemap written by cmd/nebuild and the label font. Both are generated at
// development time and committed, so building the app needs no network and
// no ../shared data.
package assets

import "embed"

// Basemap holds basemap/<level>.bin, one file per level of detail
// in the format of internal/basemap (see its codec.go). Use basemap.Load
// rather than reading it directly.
//
//go:embed basemap/*.bin
var Basemap embed.FS
