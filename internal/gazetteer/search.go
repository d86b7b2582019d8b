package gazetteer

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// Options tune a Search.
type Options struct {
	Limit int        // most results; 0 means DefaultLimit, more than MaxLimit means MaxLimit
	Near  *orb.Point // if set, places near it rank higher
	View  *orb.Bound // if set, places inside it rank higher (the map's view)
}

// DefaultLimit and MaxLimit bound the number of results.
const (
	DefaultLimit = 10
	MaxLimit     = 1000
)

// Match tiers, best first.
const (
	tierExact = iota
	tierPrefix
	tierFuzzy
)

// Search returns the places whose names match query, best first: exact
// names in any script, then names the query begins, then (for Latin
// queries of 4 letters or more) names one typo away ("Hunchum" ->
// Hunchun). Within a tier, larger places rank higher, and so do places in
// opts.View and near opts.Near. Case, diacritics, spaces and hyphens do
// not matter (see Fold). A province or country code after a comma narrows
// the search ("Tumen, Jilin", "Tumen, CN"; "Tumen Jilin" too when the
// whole matches nothing). It returns nil for an empty query or when the
// gazetteer cannot be loaded (see Load for the error).
func Search(query string, opts Options) []Place {
	ix, err := load()
	if err != nil {
		return nil
	}
	return ix.search(query, opts)
}

func (ix *index) search(query string, opts Options) []Place {
	// "Tumen, Jilin" and "Tumen, CN" name the province or country after a
	// comma; "Tumen Jilin" is tried that way when it matches nothing whole.
	if name, qual, ok := strings.Cut(query, ","); ok && Fold(qual) != "" {
		return ix.searchIn(name, Fold(qual), opts)
	}
	out := ix.searchIn(query, "", opts)
	if q := strings.TrimSpace(query); len(out) == 0 {
		if i := strings.LastIndexAny(q, " \u3000"); i > 0 {
			_, size := utf8.DecodeRuneInString(q[i:])
			out = ix.searchIn(q[:i], Fold(q[i+size:]), opts)
		}
	}
	return out
}

// searchIn searches for query among the places whose province (its
// GeoNames name, folded) begins with qual or whose country code is qual;
// any place if qual is "".
func (ix *index) searchIn(query, qual string, opts Options) []Place {
	q := Fold(query)
	if q == "" {
		return nil
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	t := top{ix: ix, opts: opts, limit: limit}
	if qual != "" {
		t.admin = make([]bool, len(ix.adminKey)+1)
		for i, k := range ix.adminKey {
			t.admin[i+1] = strings.HasPrefix(k, qual)
		}
		if len(qual) == 2 {
			t.country = qual
		}
		t.filter = true
	}
	if opts.View != nil {
		t.maxBonus += 2
	}
	if opts.Near != nil {
		v := unitVec(opts.Near.Lat(), opts.Near.Lon())
		t.near = &v
		t.maxBonus += 3
	}

	// Keys equal to q sort first among those starting with q.
	i := ix.lowerBound(q)
	for ; i < len(ix.kplace); i++ {
		k := ix.keyAt(i)
		if !strings.HasPrefix(k, q) {
			break
		}
		tier := tierPrefix
		if len(k) == len(q) {
			tier = tierExact
		}
		t.offer(i, tier)
	}
	if latinKey(q) && len(q) >= 4 && !t.settled() {
		for _, v := range oneEdit(q) {
			for j := ix.lowerBound(v); j < len(ix.kplace) && ix.keyAt(j) == v; j++ {
				t.offer(j, tierFuzzy)
			}
		}
	}
	out := make([]Place, len(t.c))
	for j, c := range t.c {
		out[j] = ix.place(int(c.place), int(c.key))
	}
	return out
}

// lowerBound is the first key >= s.
func (ix *index) lowerBound(s string) int {
	return sort.Search(len(ix.kplace), func(i int) bool { return ix.keyAt(i) >= s })
}

// oneEdit lists the distinct strings one deletion, transposition,
// substitution or insertion (of a-z) away from the ASCII string q. Looking
// each up in the sorted keys costs a few hundred binary searches, far less
// than comparing q with a million keys.
func oneEdit(q string) []string {
	const abc = "abcdefghijklmnopqrstuvwxyz"
	seen := map[string]bool{q: true}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	b := []byte(q)
	for i := range b {
		add(q[:i] + q[i+1:])
		if i+1 < len(b) && b[i] != b[i+1] {
			add(q[:i] + string([]byte{b[i+1], b[i]}) + q[i+2:])
		}
		for _, c := range []byte(abc) {
			if c != b[i] {
				add(q[:i] + string(c) + q[i+1:])
			}
		}
	}
	for i := 0; i <= len(b); i++ {
		for _, c := range []byte(abc) {
			add(q[:i] + string(c) + q[i:])
		}
	}
	return out
}

// candidate is one place in the running top list.
type candidate struct {
	place uint32
	key   uint32 // the key that matched
	tier  uint8
	score float64
	id    int32
}

// A candidate's score ranks it within its tier: log10(population + 10)
// (a city of 300,000 outranks a village of 500 by 2.8), +2 for a primary
// name (flagPrimary), +2 inside opts.View, and up to +3 near opts.Near
// (+1.5 at 50 km, +0.3 at 500 km).
//
// top keeps the best limit candidates, best first, one per place.
type top struct {
	ix       *index
	opts     Options
	near     *[3]float32 // opts.Near's unit vector
	maxBonus float64     // the most the view and near bonuses add
	filter   bool        // only places of admin[p.admin] or country
	admin    []bool
	country  string // folded ISO code, or ""
	limit    int
	c        []candidate
}

// better orders candidates: lower tier, then higher score, then lower id
// (so equal places come out in the same order every time).
func better(a, b *candidate) bool {
	if a.tier != b.tier {
		return a.tier < b.tier
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.id < b.id
}

// settled reports that the list is full of candidates no fuzzy match can
// beat.
func (t *top) settled() bool {
	return len(t.c) == t.limit && t.c[len(t.c)-1].tier < tierFuzzy
}

func (t *top) offer(keyIdx, tier int) {
	pi := t.ix.kplace[keyIdx]
	if t.filter {
		p := &t.ix.places[pi]
		if !t.admin[p.admin] && (t.country == "" || p.cc[0]|0x20 != t.country[0] || p.cc[1]|0x20 != t.country[1]) {
			return
		}
	}
	// Most keys of a short prefix lose: reject them on the best score they
	// could still reach before the next, dearer part of the score.
	var w *candidate
	if len(t.c) == t.limit {
		w = &t.c[len(t.c)-1]
		if uint8(tier) > w.tier {
			return
		}
		if uint8(tier) < w.tier {
			w = nil // beats the worst whatever its score
		}
	}
	s := float64(t.ix.logPop[pi])
	if t.ix.kflags[keyIdx]&flagPrimary != 0 {
		s += 2
	}
	if w != nil && s+t.maxBonus < w.score {
		return
	}
	p := &t.ix.places[pi]
	if v := t.opts.View; v != nil {
		lon, lat := float64(p.lon)/unit, float64(p.lat)/unit
		if lon >= v.Min[0] && lon <= v.Max[0] && lat >= v.Min[1] && lat <= v.Max[1] {
			s += 2
		}
	}
	if t.near != nil {
		if w != nil && s+3 < w.score {
			return
		}
		v := &t.ix.grid.vec[pi]
		dx, dy, dz := v[0]-t.near[0], v[1]-t.near[1], v[2]-t.near[2]
		s += 3 / (1 + chordMetres(float64(dx*dx+dy*dy+dz*dz))/50_000)
	}
	c := candidate{place: pi, key: uint32(keyIdx), tier: uint8(tier), score: s, id: p.id}
	if len(t.c) == t.limit && !better(&c, &t.c[len(t.c)-1]) {
		return
	}
	// A place reached by several keys keeps its first, best match: exact
	// keys come before prefixes, and prefixes before fuzzy ones.
	for i := range t.c {
		if t.c[i].place == c.place {
			return
		}
	}
	at := sort.Search(len(t.c), func(i int) bool { return better(&c, &t.c[i]) })
	if len(t.c) < t.limit {
		t.c = append(t.c, candidate{})
	}
	copy(t.c[at+1:], t.c[at:])
	t.c[at] = c
}
