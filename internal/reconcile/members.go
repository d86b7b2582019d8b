package reconcile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/siteatlas/siteatlas/internal/site"
)

// kind is what mergeMembers needs to know of a member type beyond its
// fields.
type kind[T any] struct {
	id    func(T) string
	clone func(T) T
	// label names a member for people: "Source “Daily NK, 2017-05”".
	label func(T) string
	// withID is a copy of a member under another ID, for a kind where
	// "both" on a field that cannot hold two values keeps two members
	// (observations: two dated reports); nil for the others (a second
	// source record would split the citations, an attachment's bytes are
	// stored under its ID).
	withID func(T, string) T
}

var sourceKind = kind[site.Source]{
	id:    func(s site.Source) string { return s.ID },
	clone: func(s site.Source) site.Source { return s },
	label: func(s site.Source) string { return "Source “" + orID(s.Title, s.ID) + "”" },
}

var observationKind = kind[site.Observation]{
	id:    func(o site.Observation) string { return o.ID },
	clone: func(o site.Observation) site.Observation { return o },
	label: func(o site.Observation) string { return "Observation " + orID(string(o.Date), o.ID) },
	withID: func(o site.Observation, id string) site.Observation {
		o.ID = id
		return o
	},
}

var attachmentKind = kind[site.Attachment]{
	id:    func(a site.Attachment) string { return a.ID },
	clone: cloneAttachment,
	label: func(a site.Attachment) string { return "Attachment “" + orID(a.FileName, a.ID) + "”" },
}

func orID(s, id string) string {
	if s != "" {
		return s
	}
	if id != "" {
		return id
	}
	return "(no id)"
}

// memberKeys returns each member's key: its ID; for a member without one,
// "#" and a hash of its content, so that such members merge as a set of
// values (an edit is a removal and an addition, and two alike are one:
// a later copy gets the key "", which the merge skips); for a second
// member of one ID (IDs should be unique, but a file may repeat one), the
// ID and "#2", "#3"...
func memberKeys[T any](list []T, k kind[T]) []string {
	keys := make([]string, len(list))
	seen := map[string]int{}
	for i, x := range list {
		key := k.id(x)
		if key == "" {
			sum := sha256.Sum256(memberBytes(x))
			key = "#" + hex.EncodeToString(sum[:8])
			if seen[key] > 0 {
				continue // a copy of a member without an ID: the same member
			}
		}
		seen[key]++
		if n := seen[key]; n > 1 {
			key += "#" + strconv.Itoa(n)
		}
		keys[i] = key
	}
	return keys
}

// index maps keys to positions (the skipped copies left out) and returns
// the keys too.
func index[T any](list []T, k kind[T]) (map[string]int, []string) {
	keys := memberKeys(list, k)
	at := make(map[string]int, len(keys))
	for i, key := range keys {
		if key != "" {
			at[key] = i
		}
	}
	return at, keys
}

func sameMember(a, b any) bool { return bytes.Equal(memberBytes(a), memberBytes(b)) }

// mergeMembers merges a list of members keyed by ID (memberKeys):
//
//   - on both sides: merged field by field against base's copy (without
//     one, as without a base: added on both sides with one ID), a field
//     changed differently on both a "list[ID].field" conflict;
//   - only in mine: added by mine, kept; or in base too, removed by
//     theirs: removed if mine left it as in base, else a "list[ID]"
//     conflict that keeps it;
//   - only in theirs: added by theirs, taken; or in base too, removed by
//     mine: stays removed if theirs left it as in base, else a conflict
//     that leaves it out;
//   - without a base, a member on one side only is a conflict
//     (NoBaseFill: kept or taken).
//
// The result has mine's members in mine's order, then theirs' additions
// in theirs' order; of members without an ID alike, one.
func mergeMembers[T any](m *merger, list string, fields []field[T], k kind[T], base, mine, theirs []T) []T {
	bAt, _ := index(base, k)
	mAt, mKeys := index(mine, k)
	tAt, tKeys := index(theirs, k)
	var out []T
	sum := &m.res.Summary
	presence := func(key string, label string, b, mv, t *T) {
		ptr := func(p *T) any {
			if p == nil {
				return nil
			}
			c := k.clone(*p)
			return &c
		}
		m.conflict(list+"["+key+"]", label, ptr(b), ptr(mv), ptr(t))
	}
	for i, key := range mKeys {
		if key == "" {
			continue
		}
		mv := mine[i]
		bi, okB := bAt[key]
		ti, okT := tAt[key]
		switch {
		case okT:
			var b *T
			if okB {
				b = &base[bi]
			}
			out = append(out, mergeMember(m, list, key, fields, k, b, &mv, &theirs[ti]))
		case okB:
			if sameMember(base[bi], mv) {
				sum.Theirs.add(list, "removed", 1)
				continue
			}
			presence(key, k.label(mv)+" (edited here, deleted there)", &base[bi], &mv, nil)
			out = append(out, k.clone(mv))
		case m.noBase && m.opts.NoBase == NoBaseConflicts:
			presence(key, k.label(mv)+" (only here)", nil, &mv, nil)
			out = append(out, k.clone(mv))
		default:
			if !m.noBase {
				sum.Mine.add(list, "added", 1)
			}
			out = append(out, k.clone(mv))
		}
	}
	for i, key := range tKeys {
		if _, ok := mAt[key]; ok || key == "" {
			continue
		}
		t := theirs[i]
		bi, okB := bAt[key]
		switch {
		case okB:
			if sameMember(base[bi], t) {
				sum.Mine.add(list, "removed", 1)
				continue
			}
			presence(key, k.label(t)+" (deleted here, edited there)", &base[bi], nil, &t)
		case m.noBase && m.opts.NoBase == NoBaseConflicts:
			presence(key, k.label(t)+" (only there)", nil, nil, &t)
		default:
			sum.Theirs.add(list, "added", 1)
			out = append(out, k.clone(t))
		}
	}
	return out
}

// mergeMember merges one member present on both sides, field by field; b
// is nil when base has no copy of it (then every differing field is a
// conflict, or per NoBaseFill).
func mergeMember[T any](m *merger, list, key string, fields []field[T], k kind[T], b, mv, t *T) T {
	out := k.clone(*mv)
	noBase := b == nil
	if noBase {
		var zero T
		b = &zero
	}
	var took, kept bool
	for _, f := range fields {
		switch m.decide(noBase, f.equal(b, mv), f.equal(b, t), f.equal(mv, t), f.zero(mv), f.zero(t)) {
		case take:
			f.set(&out, f.get(t))
			took = true
		case conflict:
			var bv any
			if !noBase {
				bv = f.get(b)
			}
			m.conflict(list+"["+key+"]."+f.name, k.label(*mv)+" · "+f.label, bv, f.get(mv), f.get(t))
		default:
			if !noBase && !f.equal(b, mv) {
				kept = true
			}
		}
	}
	if took {
		m.res.Summary.Theirs.add(list, "updated", 1)
	}
	if kept {
		m.res.Summary.Mine.add(list, "updated", 1)
	}
	return out
}
