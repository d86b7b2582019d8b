package tiles

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"slices"

	"github.com/paulmach/orb"
)

// PMTilesWriter writes a PMTiles v3 file: tiles are collected in memory
// (this is for generated test and sample files, not planet builds),
// identical tiles are stored once, and consecutive ids with the same
// content become runs. Directories are gzip-compressed.
type PMTilesWriter struct {
	path  string
	md    Metadata
	tiles map[uint64][]byte
	// LeafSize is the number of entries per leaf directory. 0 writes
	// leaves only when the root would not fit the spec's 16 KiB; a small
	// value forces leaves (for tests of the reader).
	LeafSize int
	// TileCompression of the stored bytes: "gzip" for vector tiles by
	// default, "none" for images.
	TileCompression string
}

// NewPMTilesWriter starts a PMTiles file at path with metadata md.
func NewPMTilesWriter(path string, md Metadata) *PMTilesWriter {
	tc := "none"
	if md.Format.Vector() {
		tc = "gzip"
	}
	return &PMTilesWriter{path: path, md: md, tiles: map[uint64][]byte{}, TileCompression: tc}
}

// Put adds tile t (uncompressed bytes; compressed on Close as configured).
func (w *PMTilesWriter) Put(t TileID, data []byte) error {
	if !t.Valid() {
		return fmt.Errorf("tile %s is outside the pyramid", t)
	}
	w.tiles[hilbertID(t)] = data
	return nil
}

// Close writes the file.
func (w *PMTilesWriter) Close() error {
	if len(w.tiles) == 0 {
		return errors.New("write PMTiles: no tiles")
	}
	ids := make([]uint64, 0, len(w.tiles))
	for id := range w.tiles {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	// Tile data, deduplicated by content.
	var data bytes.Buffer
	type stored struct {
		off uint64
		n   uint32
	}
	byHash := map[uint64][]struct {
		b []byte
		s stored
	}{}
	var entries []pmEntry
	contents := uint64(0)
	minZ, maxZ := MaxZoom, 0
	for _, id := range ids {
		t, _ := tileOfID(id)
		minZ, maxZ = min(minZ, t.Z), max(maxZ, t.Z)
		raw := w.tiles[id]
		h := fnv.New64a()
		h.Write(raw)
		key := h.Sum64()
		var s stored
		found := false
		for _, c := range byHash[key] {
			if bytes.Equal(c.b, raw) {
				s, found = c.s, true
				break
			}
		}
		if !found {
			b := raw
			if w.TileCompression == "gzip" {
				b = gzipBytes(raw)
			}
			s = stored{uint64(data.Len()), uint32(len(b))}
			data.Write(b)
			byHash[key] = append(byHash[key], struct {
				b []byte
				s stored
			}{raw, s})
			contents++
		}
		if n := len(entries); n > 0 {
			last := &entries[n-1]
			if last.offset == s.off && last.tileID+uint64(last.runLength) == id {
				last.runLength++
				continue
			}
		}
		entries = append(entries, pmEntry{tileID: id, offset: s.off, length: s.n, runLength: 1})
	}

	root, leaves, err := buildDirectories(entries, w.LeafSize)
	if err != nil {
		return fmt.Errorf("write PMTiles: %w", err)
	}
	meta := map[string]any{"name": w.md.Name, "description": w.md.Description, "attribution": w.md.Attribution}
	if len(w.md.VectorLayers) > 0 {
		var vl []map[string]any
		for _, l := range w.md.VectorLayers {
			vl = append(vl, map[string]any{"id": l, "fields": map[string]any{}})
		}
		meta["vector_layers"] = vl
	}
	mj, _ := json.Marshal(meta)
	metaZ := gzipBytes(mj)

	b := w.md.Bounds
	if b == (orb.Bound{}) {
		b = WorldBounds
	}
	c := w.md.Center
	if c == ([2]float64{}) {
		c = b.Center()
	}
	h := make([]byte, pmHeaderLen)
	copy(h, "PMTiles")
	h[7] = 3
	put := func(o int, v uint64) { binary.LittleEndian.PutUint64(h[o:], v) }
	e7 := func(o int, v float64) { binary.LittleEndian.PutUint32(h[o:], uint32(int32(math.Round(v*1e7)))) }
	rootOff := uint64(pmHeaderLen)
	metaOff := rootOff + uint64(len(root))
	leafOff := metaOff + uint64(len(metaZ))
	dataOff := leafOff + uint64(len(leaves))
	put(8, rootOff)
	put(16, uint64(len(root)))
	put(24, metaOff)
	put(32, uint64(len(metaZ)))
	put(40, leafOff)
	put(48, uint64(len(leaves)))
	put(56, dataOff)
	put(64, uint64(data.Len()))
	put(72, uint64(len(ids)))
	put(80, uint64(len(entries)))
	put(88, contents)
	h[96] = 1 // clustered: tile data is in id order
	h[97] = pmCompGzip
	h[98] = pmCompNone
	if w.TileCompression == "gzip" {
		h[98] = pmCompGzip
	}
	h[99] = pmTypeOf(w.md.Format)
	h[100], h[101] = uint8(minZ), uint8(maxZ)
	e7(102, b.Min[0])
	e7(106, b.Min[1])
	e7(110, b.Max[0])
	e7(114, b.Max[1])
	h[118] = uint8(max(minZ, min(maxZ, w.md.CenterZoom)))
	e7(119, c[0])
	e7(123, c[1])

	var out bytes.Buffer
	out.Write(h)
	out.Write(root)
	out.Write(metaZ)
	out.Write(leaves)
	out.Write(data.Bytes())
	if err := os.WriteFile(w.path, out.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write PMTiles: %w", err)
	}
	return nil
}

func pmTypeOf(f Format) uint8 {
	switch f {
	case FormatMVT:
		return pmTypeMVT
	case FormatPNG:
		return pmTypePNG
	case FormatJPEG:
		return pmTypeJPEG
	case FormatWebP:
		return pmTypeWebP
	}
	return pmTypeUnknown
}

// buildDirectories returns the compressed root directory and the leaf
// section: everything in the root if it fits, else leaves of leafSize.
func buildDirectories(entries []pmEntry, leafSize int) (root, leaves []byte, err error) {
	const maxRoot = 16384 - pmHeaderLen
	if leafSize <= 0 {
		root = gzipBytes(encodeDirectory(entries))
		if len(root) <= maxRoot {
			return root, nil, nil
		}
		leafSize = 4096
	}
	for {
		var rootEntries []pmEntry
		var lb bytes.Buffer
		for i := 0; i < len(entries); i += leafSize {
			chunk := entries[i:min(len(entries), i+leafSize)]
			z := gzipBytes(encodeDirectory(chunk))
			rootEntries = append(rootEntries, pmEntry{tileID: chunk[0].tileID, offset: uint64(lb.Len()), length: uint32(len(z))})
			lb.Write(z)
		}
		root = gzipBytes(encodeDirectory(rootEntries))
		if len(root) <= maxRoot {
			return root, lb.Bytes(), nil
		}
		if leafSize > 1<<20 {
			return nil, nil, errors.New("too many tiles for one level of leaf directories")
		}
		leafSize *= 2
	}
}

// encodeDirectory is the inverse of decodeDirectory.
func encodeDirectory(es []pmEntry) []byte {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(es)))
	var last uint64
	for _, e := range es {
		b = binary.AppendUvarint(b, e.tileID-last)
		last = e.tileID
	}
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.runLength))
	}
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.length))
	}
	for i, e := range es {
		if i > 0 && e.offset == es[i-1].offset+uint64(es[i-1].length) {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, e.offset+1)
		}
	}
	return b
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}
