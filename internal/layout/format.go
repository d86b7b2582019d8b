package layout

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// The output formats.
const (
	PNG = "png"
	SVG = "svg"
	PDF = "pdf"
)

// FormatFor is the output format a file name asks for by its extension.
func FormatFor(path string) (string, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	case ".pdf":
		return PDF, nil
	default:
		return "", fmt.Errorf("%s: a map layout is written as .png, .svg or .pdf, not %q", path, ext)
	}
}

// Write writes the sheet in format (PNG, SVG or PDF).
func (sh *Sheet) Write(w io.Writer, format string) error {
	switch format {
	case PNG:
		return sh.WritePNG(w)
	case SVG:
		return sh.WriteSVG(w)
	case PDF:
		return sh.WritePDF(w)
	}
	return fmt.Errorf("layout: unknown format %q: use png, svg or pdf", format)
}
