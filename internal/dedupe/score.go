package dedupe

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb/geo"
)

// Scores by how the names match, before distance and category: an exact
// match of every token is near certain; a name that is only a place and a
// kind ("图们 工厂") matches many sites and is weak.
var baseScore = [...]float64{mFull: 1.0, mDist: 0.9, mPlaceFull: 0.75, mPlaceOnly: 0.65, mKindOnly: 0.6}

// category agreement of two entries.
const (
	catUnknown = iota
	catSame
	catDiffer
)

// score decides whether entries a < b are candidates and how strong.
func (x *Index) score(a, b uint32) (pairResult, bool) {
	ea, eb := &x.ents[a], &x.ents[b]
	reach := max(ea.radius, eb.radius)
	d := geo.Distance(ea.pt, eb.pt)
	if d > reach {
		return pairResult{}, false
	}
	agree := x.categories(ea, eb)
	best := pairResult{a: a, b: b}
	bestBase := 0.0
	for i, na := range x.entNames(ea) {
		for k, nb := range x.entNames(eb) {
			typ, shared, uni, base := x.names2(&na, &nb)
			if typ == 0 {
				continue
			}
			// A factory inside an industrial complex shares its place and
			// often its words: across categories only the very same name
			// is a candidate, and a place alone needs the same kind.
			switch {
			case agree == catDiffer && typ != mFull:
				continue
			case agree == catDiffer && (na.placeOnly || na.tokLen == 0):
				continue
			case agree != catSame && (typ == mPlaceFull || typ == mPlaceOnly || typ == mKindOnly):
				continue
			}
			if base > bestBase {
				bestBase = base
				best.na, best.nb, best.typ, best.shared, best.uni = uint16(i), uint16(k), typ, shared, uni
			}
		}
	}
	if bestBase == 0 {
		return pairResult{}, false
	}
	s := bestBase
	switch agree {
	case catSame:
		s += 0.05
	case catDiffer:
		s *= 0.6
	}
	if reach > 0 {
		s *= 1 - 0.3*d/reach // nearer is likelier
	}
	s = min(s, 1)
	if s < x.opts.MinScore {
		return pairResult{}, false
	}
	best.score, best.metre = float32(s), float32(d)
	return best, true
}

// names2 compares two folded names.
func (x *Index) names2(na, nb *nameInfo) (typ uint8, shared, uni uint16, base float64) {
	if na.full == 0 && na.tokLen == 0 || nb.full == 0 && nb.tokLen == 0 {
		return 0, 0, 0, 0
	}
	switch {
	case na.tokLen == 0 || nb.tokLen == 0:
		if na.full == nb.full {
			return mKindOnly, 0, 0, baseScore[mKindOnly]
		}
		return 0, 0, 0, 0
	case na.placeOnly && nb.placeOnly:
		if na.full == nb.full {
			return mPlaceFull, na.tokLen, na.tokLen, baseScore[mPlaceFull]
		}
		if na.dist == nb.dist {
			return mPlaceOnly, na.tokLen, na.tokLen, baseScore[mPlaceOnly]
		}
		return 0, 0, 0, 0
	case na.full == nb.full:
		return mFull, na.tokLen, na.tokLen, baseScore[mFull]
	case na.dist == nb.dist:
		return mDist, na.tokLen, na.tokLen, baseScore[mDist]
	}
	// Overlap of the words that are not places: a shared place is not a
	// shared name, and two names with places must share one.
	ta, tb := x.distToks(na), x.distToks(nb)
	var inter, strong, nA, nB int
	numShared, placeA, placeB, placeShared := false, false, false, false
	i, k := 0, 0
	for i < len(ta) || k < len(tb) {
		switch {
		case i < len(ta) && k < len(tb) && ta[i] == tb[k]:
			if x.placeTok(ta[i]) {
				placeA, placeB, placeShared = true, true, true
			} else {
				inter, nA, nB = inter+1, nA+1, nB+1
				if x.isNumber(ta[i]) {
					numShared = true
				} else {
					strong++
				}
			}
			i++
			k++
		case k >= len(tb) || (i < len(ta) && ta[i] < tb[k]):
			if x.placeTok(ta[i]) {
				placeA = true
			} else {
				nA++
			}
			i++
		default:
			if x.placeTok(tb[k]) {
				placeB = true
			} else {
				nB++
			}
			k++
		}
	}
	u := nA + nB - inter
	if u == 0 {
		return 0, 0, 0, 0
	}
	jac := float64(inter) / float64(u)
	// "No. 3" and "No. 5" of one brand are two sites.
	if jac < x.opts.MinJaccard || strong == 0 || (na.numbers && nb.numbers && !numShared) ||
		(placeA && placeB && !placeShared) {
		return 0, 0, 0, 0
	}
	return mOverlap, uint16(inter), uint16(u), 0.4 + 0.5*jac
}

func (x *Index) isNumber(id uint32) bool { return x.tokKd[id] == tkNumber }

// placeTok reports whether a token is a place: the alias lookup knew it.
func (x *Index) placeTok(id uint32) bool { return x.tokKd[id] == tkPlace }

func (x *Index) categories(a, b *entry) int {
	if a.cat != 0 && b.cat != 0 {
		if a.cat == b.cat {
			return catSame
		}
		return catDiffer
	}
	// Without a category, the kind words of the names stand in for it.
	ka, kb := x.kindsOf(a), x.kindsOf(b)
	switch {
	case ka == 0 || kb == 0:
		return catUnknown
	case ka&kb != 0:
		return catSame
	}
	return catDiffer
}

func (x *Index) kindsOf(e *entry) uint16 {
	var k uint16
	for _, n := range x.entNames(e) {
		k |= n.kinds
	}
	if e.cat != 0 {
		if b, ok := x.kinds["#"+x.catTx[e.cat]]; ok {
			k |= b
		}
	}
	return k
}

// candidate writes the reasons a user reads.
func (x *Index) candidate(r pairResult) Candidate {
	ea, eb := &x.ents[r.a], &x.ents[r.b]
	nameA, nameB := ea.names[r.na], eb.names[r.nb]
	var why []string
	switch r.typ {
	case mFull:
		why = append(why, fmt.Sprintf("names match after folding: %s ~ %s", nameA, nameB))
	case mPlaceFull:
		why = append(why, fmt.Sprintf("names match after folding: %s ~ %s", nameA, nameB),
			"the names give only place and kind ("+x.sharedWords(&x.names[ea.nameOff+uint32(r.na)], &x.names[eb.nameOff+uint32(r.nb)])+")")
	case mDist:
		why = append(why, fmt.Sprintf("names match apart from common words: %s ~ %s", nameA, nameB))
	case mOverlap:
		words := x.sharedWords(&x.names[ea.nameOff+uint32(r.na)], &x.names[eb.nameOff+uint32(r.nb)])
		if r.shared == r.uni {
			why = append(why, fmt.Sprintf("names match apart from places and common words (%s): %s ~ %s", words, nameA, nameB))
		} else {
			why = append(why, fmt.Sprintf("names share %d of %d words (%s): %s ~ %s", r.shared, r.uni, words, nameA, nameB))
		}
	case mPlaceOnly:
		why = append(why, fmt.Sprintf("both named only by place and kind (%s): %s ~ %s",
			x.sharedWords(&x.names[ea.nameOff+uint32(r.na)], &x.names[eb.nameOff+uint32(r.nb)]), nameA, nameB))
	case mKindOnly:
		why = append(why, fmt.Sprintf("both named only by what they are: %s ~ %s", nameA, nameB))
	}
	why = append(why, x.distanceReason(float64(r.metre), ea, eb))
	switch x.categories(ea, eb) {
	case catSame:
		if ea.cat != 0 {
			why = append(why, "same category ("+x.catTx[ea.cat]+")")
		} else {
			why = append(why, "same kind of site by name")
		}
	case catDiffer:
		why = append(why, fmt.Sprintf("different categories (%s, %s)", orNone(x.catTx[ea.cat]), orNone(x.catTx[eb.cat])))
	}
	return Candidate{A: ea.id, B: eb.id, Score: float64(r.score), Reasons: why}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func (x *Index) sharedWords(na, nb *nameInfo) string {
	ta, tb := x.distToks(na), x.distToks(nb)
	var w []string
	for _, id := range ta {
		for _, o := range tb {
			if id == o && (!x.placeTok(id) || na.placeOnly) {
				w = append(w, x.tokTx[id])
			}
		}
	}
	return strings.Join(w, ", ")
}

func (x *Index) distanceReason(d float64, a, b *entry) string {
	wide := a
	if b.radius > a.radius || (b.radius == a.radius && a.precision == "") {
		wide = b
	}
	within := "within precision radius " + metres(wide.radius)
	if wide.precision != "" {
		within = "within " + wide.precision + " precision radius " + metres(wide.radius)
	}
	return metres(d) + " apart, " + within
}

// metres writes a distance the way a reader says it: "312 m", "2 km",
// "1.5 km".
func metres(d float64) string {
	switch {
	case d < 1000:
		return fmt.Sprintf("%.0f m", d)
	case d < 10000:
		s := fmt.Sprintf("%.1f", d/1000)
		return strings.TrimSuffix(s, ".0") + " km"
	}
	return fmt.Sprintf("%.0f km", d/1000)
}
