package dedupe

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Blocking: two names can only match if they share a block. A block is a
// distinctive key (exact matches) or one of the rarest distinctive tokens
// other than places of a name (overlap matches: by prefix filtering, two token sets with a
// Jaccard of at least t share one of the first n-⌈t·n⌉+1 tokens of each,
// taken in one global order, rarest first). Within a block, a grid finds
// the pairs that are near enough; each pair is then scored on all its
// names. Common tokens ("tumen", "seafood") thus never make a block of
// their own unless a name has nothing rarer.

type posting struct {
	key uint64
	ent uint32
}

// match kinds, weakest last.
const (
	mFull      uint8 = iota + 1 // every token the same
	mDist                       // the same apart from kind words and concepts
	mOverlap                    // enough distinctive tokens in common
	mPlaceFull                  // only place, kind and concepts, all the same
	mPlaceOnly                  // named only by the place (and kind)
	mKindOnly                   // named only by the kind: "Factory" ~ "工厂"
)

type pairResult struct {
	a, b         uint32
	na, nb       uint16
	typ          uint8
	shared, uni  uint16
	score, metre float32
}

// Candidates returns the candidate pairs among everything added, best
// first. It may be called again after more entries are added.
func (x *Index) Candidates() []Candidate {
	posts := x.postings()
	slices.SortFunc(posts, func(p, q posting) int {
		if c := cmp.Compare(p.key, q.key); c != 0 {
			return c
		}
		return cmp.Compare(p.ent, q.ent)
	})
	// Groups are independent: share them among the cores.
	var bounds [][2]int
	for i := 0; i < len(posts); {
		j := i + 1
		for j < len(posts) && posts[j].key == posts[i].key {
			j++
		}
		if j-i > 1 {
			bounds = append(bounds, [2]int{i, j})
		}
		i = j
	}
	workers := min(runtime.GOMAXPROCS(0), 8)
	results := make([][]pairResult, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			j := &joiner{x: x}
			for g := w; g < len(bounds); g += workers {
				j.group(posts[bounds[g][0]:bounds[g][1]])
			}
			results[w] = j.out
		})
	}
	wg.Wait()
	all := slices.Concat(results...)
	// A pair shares several blocks (a key and a token, two names): keep one.
	slices.SortFunc(all, func(p, q pairResult) int {
		if c := cmp.Compare(p.a, q.a); c != 0 {
			return c
		}
		return cmp.Compare(p.b, q.b)
	})
	all = slices.CompactFunc(all, func(p, q pairResult) bool { return p.a == q.a && p.b == q.b })
	slices.SortStableFunc(all, func(p, q pairResult) int { return cmp.Compare(q.score, p.score) })
	out := make([]Candidate, len(all))
	for i, r := range all {
		out[i] = x.candidate(r)
	}
	return out
}

// postings lists each entry under its blocks, once per block.
func (x *Index) postings() []posting {
	t := x.opts.MinJaccard
	var posts []posting
	var keys, byRarity []uint64
	for ei := range x.ents {
		e := &x.ents[ei]
		keys = keys[:0]
		for _, n := range x.entNames(e) {
			if n.full == 0 && n.tokLen == 0 && n.dist == 0 {
				continue // an empty name
			}
			keys = append(keys, n.dist&^1) // even: an exact key
			// Overlap is measured on the words that are not places.
			byRarity = byRarity[:0]
			for _, id := range x.distToks(&n) {
				if !x.placeTok(id) {
					byRarity = append(byRarity, uint64(x.tokDF[id])<<32|uint64(id))
				}
			}
			slices.Sort(byRarity)
			p := len(byRarity) - int(math.Ceil(t*float64(len(byRarity)))) + 1
			for _, r := range byRarity[:min(p, len(byRarity))] {
				keys = append(keys, uint64(uint32(r))<<1|1) // odd: a token
			}
		}
		slices.Sort(keys)
		for _, k := range slices.Compact(keys) {
			posts = append(posts, posting{k, uint32(ei)})
		}
	}
	return posts
}

// joiner finds the near pairs in a block and scores them.
type joiner struct {
	x     *Index
	out   []pairResult
	cells []cellRef
	lv    []int8
}

type cellRef struct {
	cell uint64
	m    int32
}

const brute = 24 // below this many members, every pair is tried

func (j *joiner) group(ps []posting) {
	n := len(ps)
	if n <= brute {
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				j.pair(ps[a].ent, ps[b].ent)
			}
		}
		return
	}
	x := j.x
	// Levels: a radius of 2^L metres or less. A pair is found from the
	// member with the larger radius, in a grid of cells that size holding
	// every member of that level or below: a 3×3 look-up then sees all of
	// them within reach.
	j.lv = j.lv[:0]
	maxLat := 0.0
	var levels uint64
	for _, p := range ps {
		e := &x.ents[p.ent]
		l := int8(max(4, math.Ceil(math.Log2(max(e.radius, 1)))))
		l = min(l, 40)
		j.lv = append(j.lv, l)
		levels |= 1 << l
		maxLat = max(maxLat, math.Abs(e.pt[1]))
	}
	// Cells are measured conservatively: metres per degree of longitude at
	// the highest latitude in the block, of latitude at the equator, so a
	// cell is never smaller on the ground than its nominal size.
	mLon := 111320 * math.Cos(min(maxLat, 89)*math.Pi/180)
	const mLat = 110574
	for l := int8(0); l <= 40; l++ {
		if levels&(1<<l) == 0 {
			continue
		}
		size := math.Ldexp(1.01, int(l))
		j.cells = j.cells[:0]
		for i, p := range ps {
			if j.lv[i] <= l {
				j.cells = append(j.cells, cellRef{cellKey(x.ents[p.ent].pt, size, mLon, mLat, 0, 0), int32(i)})
			}
		}
		slices.SortFunc(j.cells, func(a, b cellRef) int { return cmp.Compare(a.cell, b.cell) })
		for i, p := range ps {
			if j.lv[i] != l {
				continue
			}
			pt := x.ents[p.ent].pt
			for dy := int64(-1); dy <= 1; dy++ {
				lo := cellKey(pt, size, mLon, mLat, -1, dy)
				hi := cellKey(pt, size, mLon, mLat, 1, dy)
				k, _ := slices.BinarySearchFunc(j.cells, lo, func(c cellRef, t uint64) int { return cmp.Compare(c.cell, t) })
				for ; k < len(j.cells) && j.cells[k].cell <= hi; k++ {
					m := int(j.cells[k].m)
					if m == i || (j.lv[m] == l && m < i) {
						continue // same member, or found from the other side
					}
					j.pair(p.ent, ps[m].ent)
				}
			}
		}
	}
}

// cellKey packs the cell of pt (shifted by dx, dy cells) as row<<32|column,
// so that one row's neighbouring columns are one range.
func cellKey(pt [2]float64, size, mLon, mLat float64, dx, dy int64) uint64 {
	cx := int64(math.Floor(pt[0]*mLon/size)) + dx
	cy := int64(math.Floor(pt[1]*mLat/size)) + dy
	return uint64(cy+1<<31)<<32 | uint64(uint32(cx+1<<31))
}

func (j *joiner) pair(a, b uint32) {
	if a > b {
		a, b = b, a
	}
	if r, ok := j.x.score(a, b); ok {
		j.out = append(j.out, r)
	}
}
