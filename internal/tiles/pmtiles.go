package tiles

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/paulmach/orb"
)

// PMTiles v3 constants (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md).
const (
	pmHeaderLen = 127
	pmMaxDepth  = 4 // root + leaves; the spec writers use at most one leaf level
)

// Compression of PMTiles directories, metadata and tiles.
const (
	pmCompUnknown = 0
	pmCompNone    = 1
	pmCompGzip    = 2
	pmCompBrotli  = 3
	pmCompZstd    = 4
)

// PMTiles tile types.
const (
	pmTypeUnknown = 0
	pmTypeMVT     = 1
	pmTypePNG     = 2
	pmTypeJPEG    = 3
	pmTypeWebP    = 4
	pmTypeAVIF    = 5
)

// pmHeader is the fixed 127-byte header of a PMTiles v3 file.
type pmHeader struct {
	rootOff, rootLen     uint64
	metaOff, metaLen     uint64
	leafOff, leafLen     uint64
	dataOff, dataLen     uint64
	addressed, entries   uint64
	contents             uint64
	clustered            bool
	internalComp         uint8
	tileComp, tileType   uint8
	minZoom, maxZoom     uint8
	minLon, minLat       float64
	maxLon, maxLat       float64
	centerZoom           uint8
	centerLon, centerLat float64
}

var errPMMagic = errors.New("not a PMTiles file (magic number not found)")

func parsePMHeader(b []byte) (pmHeader, error) {
	var h pmHeader
	if len(b) < 8 || string(b[:7]) != "PMTiles" {
		return h, errPMMagic
	}
	if b[7] != 3 {
		return h, fmt.Errorf("PMTiles version %d: only version 3 is supported", b[7])
	}
	if len(b) < pmHeaderLen {
		return h, fmt.Errorf("PMTiles header truncated (%d bytes)", len(b))
	}
	u := func(o int) uint64 { return binary.LittleEndian.Uint64(b[o:]) }
	e7 := func(o int) float64 { return float64(int32(binary.LittleEndian.Uint32(b[o:]))) / 1e7 }
	h = pmHeader{
		rootOff: u(8), rootLen: u(16), metaOff: u(24), metaLen: u(32),
		leafOff: u(40), leafLen: u(48), dataOff: u(56), dataLen: u(64),
		addressed: u(72), entries: u(80), contents: u(88),
		clustered: b[96] == 1, internalComp: b[97], tileComp: b[98], tileType: b[99],
		minZoom: b[100], maxZoom: b[101],
		minLon: e7(102), minLat: e7(106), maxLon: e7(110), maxLat: e7(114),
		centerZoom: b[118], centerLon: e7(119), centerLat: e7(123),
	}
	return h, nil
}

// pmEntry is one directory entry: a run of runLength tiles starting at
// tileID sharing the bytes at offset, or, with runLength 0, a leaf
// directory.
type pmEntry struct {
	tileID    uint64
	offset    uint64
	length    uint32
	runLength uint32
}

// maxDirEntries bounds a directory so that a corrupt count cannot make the
// decoder allocate without limit.
const maxDirEntries = 1 << 22

// decodeDirectory decodes an uncompressed PMTiles directory: the entry
// count, then the tile ids as deltas, the run lengths, the lengths and the
// offsets (0 meaning "right after the previous entry", else offset+1), all
// as unsigned varints.
func decodeDirectory(b []byte) ([]pmEntry, error) {
	pos := 0
	next := func() (uint64, error) {
		v, n := binary.Uvarint(b[pos:])
		if n <= 0 {
			return 0, fmt.Errorf("PMTiles directory: bad varint at byte %d", pos)
		}
		pos += n
		return v, nil
	}
	n, err := next()
	if err != nil {
		return nil, err
	}
	// Each entry takes at least four bytes.
	if n > maxDirEntries || n > uint64(len(b)-pos)/4+1 {
		return nil, fmt.Errorf("PMTiles directory: %d entries in %d bytes", n, len(b))
	}
	es := make([]pmEntry, n)
	var id uint64
	for i := range es {
		d, err := next()
		if err != nil {
			return nil, err
		}
		if i > 0 && d == 0 {
			return nil, fmt.Errorf("PMTiles directory: tile ids not increasing at entry %d", i)
		}
		id += d
		if id < d {
			return nil, fmt.Errorf("PMTiles directory: tile id overflow at entry %d", i)
		}
		es[i].tileID = id
	}
	for i := range es {
		v, err := next()
		if err != nil {
			return nil, err
		}
		if v > 1<<32-1 {
			return nil, fmt.Errorf("PMTiles directory: run length %d too large", v)
		}
		es[i].runLength = uint32(v)
	}
	for i := range es {
		v, err := next()
		if err != nil {
			return nil, err
		}
		if v > 1<<32-1 {
			return nil, fmt.Errorf("PMTiles directory: length %d too large", v)
		}
		es[i].length = uint32(v)
	}
	for i := range es {
		v, err := next()
		if err != nil {
			return nil, err
		}
		if v == 0 && i > 0 {
			es[i].offset = es[i-1].offset + uint64(es[i-1].length)
		} else if v == 0 {
			return nil, errors.New("PMTiles directory: first offset is 0")
		} else {
			es[i].offset = v - 1
		}
	}
	return es, nil
}

// findEntry returns the entry covering tile id: the last entry whose id is
// at most id, if its run reaches id or it is a leaf directory.
func findEntry(es []pmEntry, id uint64) (pmEntry, bool) {
	i := sort.Search(len(es), func(i int) bool { return es[i].tileID > id }) - 1
	if i < 0 {
		return pmEntry{}, false
	}
	e := es[i]
	if e.runLength == 0 || id-e.tileID < uint64(e.runLength) {
		return e, true
	}
	return pmEntry{}, false
}

// PMTiles reads a local PMTiles v3 file.
type PMTiles struct {
	f    *os.File
	h    pmHeader
	meta Metadata
	root []pmEntry

	mu     sync.Mutex
	leaves map[uint64][]pmEntry // by offset in the leaf section
	order  []uint64             // leaves in load order, for eviction
}

const maxCachedLeaves = 64

// OpenPMTiles opens a PMTiles v3 file.
func OpenPMTiles(path string) (*PMTiles, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open PMTiles: %w", err)
	}
	p, err := newPMTiles(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open PMTiles %s: %w", filepath.Base(path), err)
	}
	return p, nil
}

func newPMTiles(f *os.File) (*PMTiles, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := uint64(st.Size())
	hb := make([]byte, pmHeaderLen)
	if n, err := f.ReadAt(hb, 0); err != nil && !(errors.Is(err, io.EOF) && n >= 8) {
		if st.Size() == 0 {
			return nil, errors.New("the file is empty")
		}
		if n < 8 || string(hb[:7]) != "PMTiles" {
			return nil, errPMMagic
		}
		return nil, fmt.Errorf("read header: %w", err)
	}
	h, err := parsePMHeader(hb)
	if err != nil {
		return nil, err
	}
	for _, s := range [][2]uint64{{h.rootOff, h.rootLen}, {h.metaOff, h.metaLen}, {h.leafOff, h.leafLen}, {h.dataOff, h.dataLen}} {
		if s[0] > size || s[1] > size-s[0] {
			return nil, fmt.Errorf("section at %d+%d runs past the end of the %d-byte file (truncated?)", s[0], s[1], size)
		}
	}
	if h.internalComp != pmCompNone && h.internalComp != pmCompGzip {
		return nil, fmt.Errorf("directory compression %s is not supported (gzip or none only)", compName(h.internalComp))
	}
	p := &PMTiles{f: f, h: h, leaves: map[uint64][]pmEntry{}}
	if p.root, err = p.readDir(h.rootOff, uint64(h.rootLen)); err != nil {
		return nil, fmt.Errorf("root directory: %w", err)
	}
	p.meta = Metadata{
		Format:  pmFormat(h.tileType),
		MinZoom: int(h.minZoom), MaxZoom: int(h.maxZoom),
		Bounds:     orb.Bound{Min: orb.Point{h.minLon, h.minLat}, Max: orb.Point{h.maxLon, h.maxLat}},
		Center:     orb.Point{h.centerLon, h.centerLat},
		CenterZoom: int(h.centerZoom),
	}
	if p.meta.Bounds.Min == p.meta.Bounds.Max {
		p.meta.Bounds = WorldBounds
	}
	if h.metaLen > 0 && h.metaLen < 16<<20 {
		raw, err := p.readSection(h.metaOff, h.metaLen, h.internalComp)
		if err == nil {
			parseJSONMetadata(raw, &p.meta)
		}
	}
	return p, nil
}

func compName(c uint8) string {
	switch c {
	case pmCompBrotli:
		return "brotli"
	case pmCompZstd:
		return "zstd"
	case pmCompUnknown:
		return "unknown"
	}
	return fmt.Sprintf("%d", c)
}

func pmFormat(t uint8) Format {
	switch t {
	case pmTypeMVT:
		return FormatMVT
	case pmTypePNG:
		return FormatPNG
	case pmTypeJPEG:
		return FormatJPEG
	case pmTypeWebP:
		return FormatWebP
	}
	return FormatUnknown
}

// parseJSONMetadata fills m from a TileJSON-like metadata object.
func parseJSONMetadata(raw []byte, m *Metadata) {
	var j struct {
		Name         string `json:"name"`
		Description  string `json:"description"`
		Attribution  string `json:"attribution"`
		VectorLayers []struct {
			ID string `json:"id"`
		} `json:"vector_layers"`
	}
	if json.Unmarshal(raw, &j) != nil {
		return
	}
	m.Name, m.Description, m.Attribution = j.Name, j.Description, cleanAttribution(j.Attribution)
	for _, l := range j.VectorLayers {
		m.VectorLayers = append(m.VectorLayers, l.ID)
	}
}

// readSection reads n bytes at off and decompresses them.
func (p *PMTiles) readSection(off, n uint64, comp uint8) ([]byte, error) {
	if n > maxTileSize {
		return nil, fmt.Errorf("section of %d bytes is too large", n)
	}
	b := make([]byte, n)
	if _, err := p.f.ReadAt(b, int64(off)); err != nil {
		return nil, err
	}
	switch comp {
	case pmCompGzip:
		return gunzip(b)
	case pmCompNone, pmCompUnknown:
		return b, nil
	}
	return nil, fmt.Errorf("compression %s is not supported (gzip or none only)", compName(comp))
}

func (p *PMTiles) readDir(off, n uint64) ([]pmEntry, error) {
	b, err := p.readSection(off, n, p.h.internalComp)
	if err != nil {
		return nil, err
	}
	return decodeDirectory(b)
}

// leaf returns the leaf directory at off (relative to the leaf section).
func (p *PMTiles) leaf(off uint64, n uint32) ([]pmEntry, error) {
	p.mu.Lock()
	es, ok := p.leaves[off]
	p.mu.Unlock()
	if ok {
		return es, nil
	}
	if off > p.h.leafLen || uint64(n) > p.h.leafLen-off {
		return nil, fmt.Errorf("leaf directory at %d+%d is outside the leaf section", off, n)
	}
	es, err := p.readDir(p.h.leafOff+off, uint64(n))
	if err != nil {
		return nil, fmt.Errorf("leaf directory: %w", err)
	}
	p.mu.Lock()
	if len(p.order) >= maxCachedLeaves {
		delete(p.leaves, p.order[0])
		p.order = p.order[1:]
	}
	p.leaves[off] = es
	p.order = append(p.order, off)
	p.mu.Unlock()
	return es, nil
}

// Metadata returns the file's header and JSON metadata.
func (p *PMTiles) Metadata() Metadata { return p.meta }

// Tile returns the tile t, decompressed, or nil when the file lacks it.
func (p *PMTiles) Tile(ctx context.Context, t TileID) ([]byte, error) {
	if !t.Valid() || t.Z < int(p.h.minZoom) || t.Z > int(p.h.maxZoom) {
		return nil, nil
	}
	id := hilbertID(t)
	dir := p.root
	for depth := 0; depth < pmMaxDepth; depth++ {
		e, ok := findEntry(dir, id)
		if !ok {
			return nil, nil
		}
		if e.runLength > 0 {
			if e.offset > p.h.dataLen || uint64(e.length) > p.h.dataLen-e.offset {
				return nil, fmt.Errorf("PMTiles tile %s: data at %d+%d is outside the tile section", t, e.offset, e.length)
			}
			b, err := p.readSection(p.h.dataOff+e.offset, uint64(e.length), p.h.tileComp)
			if err != nil {
				return nil, fmt.Errorf("PMTiles tile %s: %w", t, err)
			}
			if p.h.tileComp == pmCompUnknown {
				if b, err = gunzipIf(b); err != nil {
					return nil, fmt.Errorf("PMTiles tile %s: %w", t, err)
				}
			}
			return b, nil
		}
		var err error
		if dir, err = p.leaf(e.offset, e.length); err != nil {
			return nil, fmt.Errorf("PMTiles tile %s: %w", t, err)
		}
	}
	return nil, fmt.Errorf("PMTiles tile %s: directories nested deeper than %d", t, pmMaxDepth)
}

// Close closes the file.
func (p *PMTiles) Close() error { return p.f.Close() }
