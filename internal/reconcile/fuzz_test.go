package reconcile

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/siteatlas/siteatlas/internal/site"
)

// gen turns fuzz bytes into choices; past the end every choice is 0.
type gen struct{ b []byte }

func (g *gen) next() int {
	if len(g.b) == 0 {
		return 0
	}
	c := int(g.b[0])
	g.b = g.b[1:]
	return c
}

func (g *gen) pick(n int) int { return g.next() % n }

// pools of values per field: small, so that sides collide often.
var (
	stringPool   = []string{"", "a", "b", "图们"}
	datePool     = []site.PartialDate{"", "2017", "2017-05"}
	statusPool   = []site.Status{"", site.StatusReported, site.StatusClosed}
	extraKeys    = []string{"a", "b", "informant"}
	extraValues  = []json.RawMessage{json.RawMessage(`1`), json.RawMessage(` 1 `), json.RawMessage(`"x"`)}
	setPool      = []string{"x", "y", "z"}
	fuzzTaken    = time.Date(2018, 5, 14, 9, 30, 0, 0, time.UTC)
	fuzzIDs      = map[string][]string{"sources": {"s1", "s2", "s3", ""}, "observations": {"o1", "o2", "o3", ""}, "attachments": {"a1", "a2", ""}}
	sourceIDPool = []string{"", "s1", "s2"}
)

func scalarPool(name string) []any {
	v := scalarValues[name]
	pool := []any{v[0], v[1], v[2]}
	s := &site.Site{}
	for _, f := range siteFields {
		if f.name == name {
			pool = append(pool, f.get(s)) // the zero value
		}
	}
	return pool
}

func genSite(g *gen) *site.Site {
	s := &site.Site{ID: "S"}
	for _, f := range siteFields {
		pool := scalarPool(f.name)
		f.set(s, pool[g.pick(len(pool))])
	}
	s.Aliases = genSet(g)
	s.Tags = genSet(g)
	for n := g.pick(3); n > 0; n-- {
		if s.Extra == nil {
			s.Extra = map[string]json.RawMessage{}
		}
		s.Extra[extraKeys[g.pick(len(extraKeys))]] = extraValues[g.pick(len(extraValues))]
	}
	for range g.pick(4) {
		addMember(g, s, "sources")
	}
	for range g.pick(4) {
		addMember(g, s, "observations")
	}
	for range g.pick(3) {
		addMember(g, s, "attachments")
	}
	return s
}

func genSet(g *gen) []string {
	var out []string
	for _, x := range setPool {
		if g.pick(2) == 1 {
			out = append(out, x)
		}
	}
	return out
}

func listIDs(s *site.Site, list string) []string {
	var ids []string
	switch list {
	case "sources":
		for _, x := range s.Sources {
			ids = append(ids, x.ID)
		}
	case "observations":
		for _, x := range s.Observations {
			ids = append(ids, x.ID)
		}
	case "attachments":
		for _, x := range s.Attachments {
			ids = append(ids, x.ID)
		}
	}
	return ids
}

// addMember adds a member with an ID the list does not have yet (or none):
// IDs are unique in the model.
func addMember(g *gen, s *site.Site, list string) {
	pool := fuzzIDs[list]
	id := pool[g.pick(len(pool))]
	if id != "" && slices.Contains(listIDs(s, list), id) {
		return
	}
	switch list {
	case "sources":
		s.Sources = append(s.Sources, site.Source{ID: id, Title: stringPool[g.pick(4)], Excerpt: stringPool[g.pick(4)],
			Credibility: g.pick(3), Confidential: g.pick(3) == 0})
	case "observations":
		s.Observations = append(s.Observations, site.Observation{ID: id, Date: datePool[g.pick(3)],
			Status: statusPool[g.pick(3)], Note: stringPool[g.pick(4)], SourceID: sourceIDPool[g.pick(3)], Confidential: g.pick(3) == 0})
	case "attachments":
		a := site.Attachment{ID: id, FileName: stringPool[g.pick(4)], Caption: stringPool[g.pick(4)], Confidential: g.pick(3) == 0}
		if g.pick(2) == 1 {
			t := fuzzTaken
			a.TakenAt = &t
		}
		s.Attachments = append(s.Attachments, a)
	}
}

// mutate is a copy of base as one side edited it: nil (deleted) now and
// then, else fields set, members removed, edited and added.
func mutate(g *gen, base *site.Site) *site.Site {
	if base == nil {
		if g.pick(8) == 0 {
			return nil
		}
		return genSite(g)
	}
	if g.pick(10) == 0 {
		return nil
	}
	s := clone(base)
	for _, f := range siteFields {
		if g.pick(3) == 0 {
			pool := scalarPool(f.name)
			f.set(s, pool[g.pick(len(pool))])
		}
	}
	if g.pick(3) == 0 {
		s.Aliases = genSet(g)
	}
	if g.pick(3) == 0 {
		s.Tags = genSet(g)
	}
	if g.pick(3) == 0 {
		s.Extra = clone(genSite(&gen{b: []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(g.next()), byte(g.next()), byte(g.next()), byte(g.next()), byte(g.next())}})).Extra
	}
	s.Sources = mutateList(g, s.Sources, func(x *site.Source) {
		switch g.pick(4) {
		case 0:
			x.Title = stringPool[g.pick(4)]
		case 1:
			x.Excerpt = stringPool[g.pick(4)]
		case 2:
			x.Credibility = g.pick(3)
		default:
			x.Confidential = !x.Confidential
		}
	})
	s.Observations = mutateList(g, s.Observations, func(x *site.Observation) {
		switch g.pick(4) {
		case 0:
			x.Note = stringPool[g.pick(4)]
		case 1:
			x.Date = datePool[g.pick(3)]
		case 2:
			x.SourceID = sourceIDPool[g.pick(3)]
		default:
			x.Confidential = !x.Confidential
		}
	})
	s.Attachments = mutateList(g, s.Attachments, func(x *site.Attachment) {
		switch g.pick(2) {
		case 0:
			x.Caption = stringPool[g.pick(4)]
		default:
			x.Confidential = !x.Confidential
		}
	})
	for _, list := range []string{"sources", "observations", "attachments"} {
		for range g.pick(3) {
			addMember(g, s, list)
		}
	}
	return s
}

func mutateList[T any](g *gen, list []T, edit func(*T)) []T {
	var out []T
	for _, x := range list {
		switch g.pick(5) {
		case 0: // removed
			continue
		case 1, 2:
			edit(&x)
		}
		out = append(out, x)
	}
	return out
}

// withoutCited is got less the sources want lacks that got's observations
// cite: keepCited puts those back on purpose.
func withoutCited(got *site.Site, want *site.Site) *site.Site {
	if got == nil || want == nil {
		return got
	}
	g := clone(got)
	cited := map[string]bool{}
	for _, o := range g.Observations {
		cited[o.SourceID] = true
	}
	g.Sources = slices.DeleteFunc(g.Sources, func(s site.Source) bool {
		return cited[s.ID] && !slices.Contains(listIDs(want, "sources"), s.ID)
	})
	return g
}

// dedupe is s with copies of members without an ID left out: the merge
// counts them as one.
func dedupe(s *site.Site) *site.Site {
	if s == nil {
		return nil
	}
	s = clone(s)
	s.Sources = dropCopies(s.Sources, sourceKind)
	s.Observations = dropCopies(s.Observations, observationKind)
	s.Attachments = dropCopies(s.Attachments, attachmentKind)
	return s
}

func dropCopies[T any](list []T, k kind[T]) []T {
	var out []T
	for i, key := range memberKeys(list, k) {
		if key != "" {
			out = append(out, list[i])
		}
	}
	return out
}

func sameSite(a, b *site.Site) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return Equal(*a, *b)
}

func conflictSet(cs []Conflict) []string {
	out := fieldsOf(cs)
	slices.Sort(out)
	return out
}

// FuzzMerge builds base, mine and theirs from bytes and checks the
// merge's invariants.
func FuzzMerge(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("a reported site, edited on both sides"))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 3, 3, 3, 3, 2, 2, 2, 1, 1, 1, 0, 0, 0, 7, 7, 7, 9, 9, 9, 1, 2, 1, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{b: data}
		var base *site.Site
		if g.pick(6) != 0 {
			base = genSite(g)
		}
		mine := mutate(g, base)
		theirs := mutate(g, base)
		if base != nil && !sameSite(dedupe(base), base) {
			return // a base is a stored copy: its members have IDs or differ
		}
		withheld := Options{Withheld: Withheld{Confidential: true}}

		// Identical sides merge to themselves, without conflicts.
		for _, opts := range []Options{{}, withheld, {NoBase: NoBaseFill}} {
			for _, x := range []*site.Site{mine, theirs} {
				r := Merge(base, x, clone(x), opts)
				if len(r.Conflicts) != 0 || !sameSite(withoutCited(r.Site, x), dedupe(x)) {
					t.Fatalf("merge(base, x, x) != x: conflicts %v", fieldsOf(r.Conflicts))
				}
			}
		}
		if base != nil {
			// One side unchanged: the other side's copy.
			r := Merge(base, clone(base), theirs, Options{})
			if len(r.Conflicts) != 0 || !sameSite(withoutCited(r.Site, theirs), dedupe(theirs)) {
				t.Fatalf("merge(base, base, theirs) != theirs: conflicts %v", fieldsOf(r.Conflicts))
			}
			r = Merge(base, mine, clone(base), Options{})
			if len(r.Conflicts) != 0 || !sameSite(withoutCited(r.Site, mine), dedupe(mine)) {
				t.Fatalf("merge(base, mine, base) != mine: conflicts %v", fieldsOf(r.Conflicts))
			}
			r = Merge(base, mine, clone(base), withheld)
			if len(r.Conflicts) != 0 || !sameSite(withoutCited(r.Site, mine), dedupe(mine)) {
				t.Fatalf("withheld: merge(base, mine, base) != mine: conflicts %v", fieldsOf(r.Conflicts))
			}
		}

		for _, opts := range []Options{{}, withheld, {NoBase: NoBaseFill}} {
			r := Merge(base, mine, theirs, opts)
			checkNothingLost(t, base, mine, theirs, r, opts)
			// Resolving every conflict either way gives a site, no panic.
			r2 := Merge(base, mine, theirs, opts)
			if err := TakeAllTheirs(&r2); err != nil {
				t.Fatalf("take all theirs: %v", err)
			}
			if err := KeepAllMine(&r2); err != nil {
				t.Fatalf("keep all mine: %v", err)
			}
			if !sameSite(r2.Site, r.Site) {
				t.Fatalf("keep all mine after take all theirs is not the merge as it was")
			}
			// Both where it means something, then mine: as it was too.
			for i := range r2.Conflicts {
				if err := Resolve(&r2, i, Both); err != nil && !errors.Is(err, ErrNoBoth) {
					t.Fatalf("both on %s: %v", r2.Conflicts[i].Field, err)
				}
			}
			if err := KeepAllMine(&r2); err != nil {
				t.Fatalf("keep all mine: %v", err)
			}
			if !sameSite(r2.Site, r.Site) {
				t.Fatalf("keep all mine after both is not the merge as it was")
			}
		}

		// Symmetry: swapping the sides swaps the conflicts' values, not
		// which fields conflict; without conflicts the sites are equal.
		a := Merge(base, mine, theirs, Options{})
		b := Merge(base, theirs, mine, Options{})
		if !slices.Equal(conflictSet(a.Conflicts), conflictSet(b.Conflicts)) {
			t.Fatalf("conflicts not symmetric: %v vs %v", conflictSet(a.Conflicts), conflictSet(b.Conflicts))
		}
		if len(a.Conflicts) == 0 && !sameSite(a.Site, b.Site) {
			t.Fatalf("merge without conflicts depends on the order of the sides")
		}
		if err := TakeAllTheirs(&a); err != nil {
			t.Fatal(err)
		}
		if err := KeepAllMine(&b); err != nil {
			t.Fatal(err)
		}
		if !sameSite(a.Site, b.Site) {
			t.Fatalf("taking all theirs is not keeping all mine with the sides swapped")
		}
		if a.Site != nil && ContentHash(*a.Site) != ContentHash(*b.Site) {
			t.Fatal("equal sites, different hashes")
		}
	})
}

// checkNothingLost: every member, set member and extra property of mine
// and theirs is in the result, or in a conflict, or the other side
// removed it from base where this side left it as it was. With
// confidential data withheld, every confidential member of mine stays.
func checkNothingLost(t *testing.T, base, mine, theirs *site.Site, r Result, opts Options) {
	t.Helper()
	// What theirs could not carry is not its edit: judge theirs as the
	// merge reads it (an observation's source reference an export dropped
	// is not a change).
	theirs = normalizeTheirs(base, mine, theirs, opts.Withheld)
	inConflict := map[string]bool{}
	for _, c := range r.Conflicts {
		inConflict[c.Field] = true
		// A member without an ID: by its content, as keyedMembers has it.
		if list, rest, ok := strings.Cut(c.Field, "[#"); ok && len(rest) > 16 {
			inConflict[list+"[#"+rest[:16]+"]"] = true
		}
	}
	if inConflict["site"] {
		return
	}
	if r.Site == nil {
		// Deleted: by a side that left nothing edited on the other.
		if mine != nil && theirs != nil {
			t.Fatal("site deleted though both sides have it")
		}
		return
	}
	b := base
	if b == nil {
		b = &site.Site{}
	}
	sides := [][2]*site.Site{{mine, theirs}, {theirs, mine}}
	for _, sd := range sides {
		this, other := sd[0], sd[1]
		if this == nil {
			continue
		}
		if other == nil {
			other = &site.Site{}
		}
		for _, list := range []string{"sources", "observations", "attachments"} {
			got := keysOf(r.Site, list)
			bk, ok := keyedMembers(b, list), keyedMembers(other, list)
			for key, v := range keyedMembers(this, list) {
				if got[key] || inConflict[list+"["+key+"]"] {
					continue
				}
				if bv, inBase := bk[key]; inBase && bv == v {
					if _, still := ok[key]; !still {
						continue // removed on the other side, untouched here
					}
				}
				t.Fatalf("%s %s of one side lost", list, key)
			}
		}
		for _, set := range []string{"aliases", "tags"} {
			pick := func(s *site.Site) []string {
				if set == "aliases" {
					return s.Aliases
				}
				return s.Tags
			}
			for _, x := range pick(this) {
				if slices.Contains(pick(r.Site), x) || inConflict[set] {
					continue
				}
				if slices.Contains(pick(b), x) && !slices.Contains(pick(other), x) {
					continue
				}
				t.Fatalf("%s %q of one side lost", set, x)
			}
		}
		for k, v := range this.Extra {
			if _, ok := r.Site.Extra[k]; ok || inConflict["extra."+k] {
				continue
			}
			if bv, ok := b.Extra[k]; ok && string(compactJSON(bv)) == string(compactJSON(v)) {
				if _, still := other.Extra[k]; !still {
					continue
				}
			}
			t.Fatalf("extra %q of one side lost", k)
		}
	}
	if opts.Withheld.Confidential && mine != nil {
		got := keysOf(r.Site, "sources")
		for i, key := range memberKeys(mine.Sources, sourceKind) {
			if key != "" && mine.Sources[i].Confidential && !got[key] && !inConflict["sources["+key+"]"] {
				t.Fatalf("confidential source %s of mine lost", key)
			}
		}
		got = keysOf(r.Site, "observations")
		for i, key := range memberKeys(mine.Observations, observationKind) {
			if key != "" && mine.Observations[i].Confidential && !got[key] && !inConflict["observations["+key+"]"] {
				t.Fatalf("confidential observation %s of mine lost", key)
			}
		}
	}
}

// keyedMembers maps a list's keys to their members' encodings. Members
// without an ID merge as a set of values: a second copy of one (key
// "#hash#2") is the same key here.
func keyedMembers(s *site.Site, list string) map[string]string {
	out := keyed{}
	switch list {
	case "sources":
		for i, k := range memberKeys(s.Sources, sourceKind) {
			out.set(k, string(memberBytes(s.Sources[i])))
		}
	case "observations":
		for i, k := range memberKeys(s.Observations, observationKind) {
			out.set(k, string(memberBytes(s.Observations[i])))
		}
	case "attachments":
		for i, k := range memberKeys(s.Attachments, attachmentKind) {
			out.set(k, string(memberBytes(s.Attachments[i])))
		}
	}
	return out
}

type keyed map[string]string

func (k keyed) set(key, v string) {
	if key == "" {
		return // a copy of a member without an ID: the same member
	}
	if strings.HasPrefix(key, "#") {
		key = key[:17]
	}
	k[key] = v
}

func keysOf(s *site.Site, list string) map[string]bool {
	out := map[string]bool{}
	for k := range keyedMembers(s, list) {
		out[k] = true
	}
	return out
}
