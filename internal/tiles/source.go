package tiles

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
)

// Format is the encoding of a source's tiles.
type Format string

// The tile formats Site Atlas draws.
const (
	FormatUnknown Format = ""
	FormatPNG     Format = "png"
	FormatJPEG    Format = "jpg"
	FormatWebP    Format = "webp"
	FormatMVT     Format = "pbf" // Mapbox Vector Tile (as MBTiles names it)
)

// Vector reports whether f is a vector format.
func (f Format) Vector() bool { return f == FormatMVT }

// Metadata describes a tile source.
type Metadata struct {
	Name        string
	Description string
	// Attribution is the credit the map must show while the source is on.
	Attribution string
	Format      Format
	// MinZoom and MaxZoom are the levels the source holds tiles for.
	MinZoom, MaxZoom int
	// Bounds is the area with tiles; the whole world when unknown.
	Bounds     orb.Bound
	Center     orb.Point
	CenterZoom int
	// VectorLayers are the layer names of a vector source, when known.
	VectorLayers []string
}

// WorldBounds is the extent of the Web Mercator world.
var WorldBounds = orb.Bound{Min: orb.Point{-180, -85.05112877980659}, Max: orb.Point{180, 85.05112877980659}}

// Source gives tiles by XYZ id. Tile returns the tile's bytes with any
// transfer compression (gzip) removed, or nil and a nil error when the
// source has no such tile. A Source is safe for concurrent use.
type Source interface {
	Metadata() Metadata
	Tile(ctx context.Context, t TileID) ([]byte, error)
	Close() error
}

// ErrNotTiles is returned by Open for a file that is neither MBTiles nor
// PMTiles.
var ErrNotTiles = errors.New("not an MBTiles or PMTiles file")

// Open opens a local MBTiles or PMTiles file, recognised by its content.
func Open(path string) (Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open tiles: %w", err)
	}
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PMTiles")):
		return OpenPMTiles(path)
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return OpenMBTiles(path)
	case n == 0:
		return nil, fmt.Errorf("open tiles %s: the file is empty: %w", filepath.Base(path), ErrNotTiles)
	}
	return nil, fmt.Errorf("open tiles %s: %w", filepath.Base(path), ErrNotTiles)
}

// sniffFormat guesses a tile's format from its first bytes.
func sniffFormat(b []byte) Format {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG")):
		return FormatPNG
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return FormatJPEG
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return FormatWebP
	case bytes.HasPrefix(b, []byte{0x1f, 0x8b}):
		return FormatMVT // gzip: vector tiles are the ones stored compressed
	case len(b) > 0 && b[0] == 0x1a: // field 3 (layers), length-delimited
		return FormatMVT
	}
	return FormatUnknown
}

// parseFormat reads a format name as MBTiles metadata and tile servers
// spell it.
func parseFormat(s string) Format {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "png":
		return FormatPNG
	case "jpg", "jpeg":
		return FormatJPEG
	case "webp":
		return FormatWebP
	case "pbf", "mvt", "vector":
		return FormatMVT
	}
	return FormatUnknown
}

// maxTileSize bounds a decompressed tile: a hostile or broken file must
// not make the app allocate gigabytes.
const maxTileSize = 64 << 20

// gunzipIf removes gzip compression when b has it.
func gunzipIf(b []byte) ([]byte, error) {
	if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		return b, nil
	}
	return gunzip(b)
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxTileSize+1))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if len(out) > maxTileSize {
		return nil, fmt.Errorf("gzip: tile larger than %d MB", maxTileSize>>20)
	}
	return out, nil
}
