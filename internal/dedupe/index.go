// Package dedupe finds sites that are probably the same place recorded
// twice: near each other (within the larger of their precision radii) and
// named alike once names are folded across scripts, spellings and the
// common words every name shares. It knows nothing of the store or the
// window: the caller feeds entries and shows the candidates with their
// reasons.
package dedupe

import (
	"fmt"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"
)

// Entry is what duplicate detection needs of a site.
type Entry struct {
	ID        string
	Names     []string  // the name, then its aliases
	Point     orb.Point // a representative point (a polygon's centroid)
	Radius    float64   // metres the position may be off: exact ~50, approximate ~2000, city ~15000
	Precision string    // optional label for reasons ("approximate")
	Category  string
}

// Options tune Find. The zero value means the defaults.
type Options struct {
	Aliases  Aliases // place names across scripts; nil: none
	MinScore float64 // candidates below are dropped; default 0.5
	// MinJaccard is the share of distinctive words two names must have in
	// common to match by overlap; default 0.6, so "Huarong Seafood" and
	// "Huarong Garment" (1 of 3) do not match while "Tumen Huarong Seafood"
	// and "Huarong Seafood" (2 of 3) do.
	MinJaccard float64
}

func (o Options) withDefaults() Options {
	if o.MinScore == 0 {
		o.MinScore = 0.5
	}
	if o.MinJaccard == 0 {
		o.MinJaccard = 0.6
	}
	return o
}

// Candidate is a pair of sites that may be one place.
type Candidate struct {
	A, B    string // site IDs, A added before B
	Score   float64
	Reasons []string
}

// nameInfo is one folded name of an entry.
type nameInfo struct {
	full, dist uint64 // hashes of the sorted token ids: all, distinctive
	tokOff     uint32 // distinctive token ids in Index.toks
	tokLen     uint16
	kinds      uint16 // bit per kind word (#factory …)
	placeOnly  bool   // every distinctive token is a place
	numbers    bool   // has a number token
}

type entry struct {
	id        string
	names     []string
	pt        orb.Point
	radius    float64
	precision string
	cat       uint16 // interned category; 0 = none
	nameOff   uint32 // names in Index.names
	nameLen   uint16
}

// Index collects entries one at a time (as a store cursor yields them) and
// then finds candidates among all of them. It keeps the folded form of each
// name, not the text of other fields.
type Index struct {
	opts  Options
	norm  Normalizer
	norms []Normalizer // one per core, for AddBatch
	seed  maphash.Seed
	ents  []entry
	names []nameInfo
	toks  []uint32
	tokID map[string]uint32
	tokDF []uint32 // per token id: in how many names it occurs
	tokTx []string // per token id: its text, for reasons
	tokKd []tokKind
	kinds map[string]uint16
	cats  map[string]uint16
	catTx []string
	scr   []uint32
}

// NewIndex returns an empty index.
func NewIndex(opts Options) *Index {
	return &Index{
		opts:  opts.withDefaults(),
		norm:  Normalizer{Aliases: opts.Aliases},
		seed:  maphash.MakeSeed(),
		tokID: make(map[string]uint32),
		kinds: make(map[string]uint16),
		cats:  map[string]uint16{"": 0},
		catTx: []string{""},
	}
}

// Len returns the number of entries added.
func (x *Index) Len() int { return len(x.ents) }

// Add adds one entry. It fails on a position that is not a longitude and
// latitude or on a negative radius; the entry is then not added.
func (x *Index) Add(e Entry) error { return x.add(e, nil) }

// add adds e with the tokens of its names when they were folded already.
func (x *Index) add(e Entry, folded [][]token) error {
	lon, lat := e.Point[0], e.Point[1]
	switch {
	case math.IsNaN(lon) || math.IsNaN(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90:
		return fmt.Errorf("site %s: position %v is not a longitude in [-180, 180] and latitude in [-90, 90]", e.ID, e.Point)
	case math.IsNaN(e.Radius) || e.Radius < 0 || math.IsInf(e.Radius, 0):
		return fmt.Errorf("site %s: radius %v m is not a distance", e.ID, e.Radius)
	case len(x.ents) >= math.MaxUint32:
		return fmt.Errorf("site %s: more than %d sites", e.ID, uint32(math.MaxUint32))
	}
	cat, ok := x.cats[e.Category]
	if !ok {
		cat = uint16(len(x.catTx))
		if len(x.catTx) < math.MaxUint16 {
			x.cats[e.Category] = cat
			x.catTx = append(x.catTx, e.Category)
		} else {
			cat = math.MaxUint16 // more categories than any project has: share one slot
		}
	}
	en := entry{id: e.ID, names: e.Names, pt: e.Point, radius: e.Radius, precision: e.Precision, cat: cat,
		nameOff: uint32(len(x.names))}
	for i, name := range e.Names {
		if en.nameLen == math.MaxUint16 {
			break
		}
		var ts []token
		if folded != nil {
			ts = folded[i]
		} else {
			ts = x.norm.tokens(name)
		}
		ni, ok := x.fold(ts)
		if !ok {
			ni = nameInfo{tokOff: uint32(len(x.toks))} // keep positions aligned with e.Names
		}
		x.names = append(x.names, ni)
		en.nameLen++
	}
	x.ents = append(x.ents, en)
	return nil
}

// fold turns the tokens of a name into its nameInfo, interning them.
func (x *Index) fold(ts []token) (nameInfo, bool) {
	if len(ts) == 0 {
		return nameInfo{}, false
	}
	all := x.scr[:0]
	ni := nameInfo{tokOff: uint32(len(x.toks))}
	for _, t := range ts {
		id := x.intern(t.text, t.kind)
		all = append(all, id)
		switch {
		case t.kind.distinctive():
			x.toks = append(x.toks, id)
			ni.tokLen++
			ni.numbers = ni.numbers || t.kind == tkNumber
		case t.kind == tkKind:
			ni.kinds |= x.kindBit(t.text)
		}
	}
	x.scr = all
	slices.Sort(all)
	all = slices.Compact(all)
	ni.full = x.hashIDs(all)
	dist := x.toks[ni.tokOff:]
	slices.Sort(dist)
	dist = slices.Compact(dist)
	x.toks = x.toks[:int(ni.tokOff)+len(dist)]
	ni.tokLen = uint16(len(dist))
	if len(dist) == 0 {
		ni.dist = ni.full // nothing distinctive: "Factory" matches "工厂" by its kind alone
	} else {
		ni.dist = x.hashIDs(dist) ^ 0x9e3779b97f4a7c15
	}
	ni.placeOnly = len(dist) > 0
	for _, id := range dist {
		x.tokDF[id]++
		if x.tokKd[id] != tkPlace {
			ni.placeOnly = false
		}
	}
	return ni, true
}

func (x *Index) intern(s string, k tokKind) uint32 {
	if id, ok := x.tokID[s]; ok {
		return id
	}
	id := uint32(len(x.tokTx))
	x.tokID[s] = id
	x.tokTx = append(x.tokTx, s)
	x.tokDF = append(x.tokDF, 0)
	x.tokKd = append(x.tokKd, k)
	return id
}

func (x *Index) kindBit(k string) uint16 {
	b, ok := x.kinds[k]
	if !ok {
		if len(x.kinds) >= 16 {
			return 0
		}
		b = 1 << len(x.kinds)
		x.kinds[k] = b
	}
	return b
}

func (x *Index) hashIDs(ids []uint32) uint64 {
	var h maphash.Hash
	h.SetSeed(x.seed)
	var b [4]byte
	for _, id := range ids {
		b[0], b[1], b[2], b[3] = byte(id), byte(id>>8), byte(id>>16), byte(id>>24)
		h.Write(b[:])
	}
	return h.Sum64()
}

func (x *Index) distToks(n *nameInfo) []uint32 { return x.toks[n.tokOff : n.tokOff+uint32(n.tokLen)] }

func (x *Index) entNames(e *entry) []nameInfo {
	return x.names[e.nameOff : e.nameOff+uint32(e.nameLen)]
}

// AddBatch adds entries as Add does, folding their names on every core; a
// store cursor can feed it a few thousand rows at a time. It returns the
// errors of the entries it could not add (nil if none).
func (x *Index) AddBatch(entries []Entry) []error {
	workers := min(runtime.GOMAXPROCS(0), 8)
	if len(x.norms) != workers {
		x.norms = make([]Normalizer, workers)
		for i := range x.norms {
			x.norms[i] = Normalizer{Aliases: x.opts.Aliases}
		}
	}
	folded := make([][][]token, len(entries))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(entries); i += workers {
				ts := make([][]token, len(entries[i].Names))
				for k, name := range entries[i].Names {
					ts[k] = x.norms[w].tokens(name)
				}
				folded[i] = ts
			}
		})
	}
	wg.Wait()
	// Interning is sequential, in the order given.
	var errs []error
	for i, e := range entries {
		if err := x.add(e, folded[i]); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// Find returns the candidate duplicates among sites, best first. Sites whose
// position or radius is unusable are left out; use an Index to hear why.
func Find(sites []Entry, opts Options) []Candidate {
	x := NewIndex(opts)
	x.ents = make([]entry, 0, len(sites))
	x.names = make([]nameInfo, 0, len(sites)*3/2)
	x.toks = make([]uint32, 0, len(sites)*4)
	const chunk = 4096
	for lo := 0; lo < len(sites); lo += chunk {
		_ = x.AddBatch(sites[lo:min(lo+chunk, len(sites))]) // documented: unusable entries are skipped
	}
	return x.Candidates()
}
