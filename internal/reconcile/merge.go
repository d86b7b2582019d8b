// Package reconcile is the three-way merge of a site: two copies of it
// (mine, here; theirs, from a colleague's file or the team store) merged
// field by field against the copy both started from (the base, the
// revision at which it was last exchanged). What only one side changed is
// taken from that side; what both changed differently is a Conflict that
// keeps mine until someone resolves it. Lists merge by member. Nothing the
// other side's file could not carry (Withheld) is removed by its absence.
//
// It is pure: no store, no files, no UI. An import and a team sync both
// call Merge and show the same conflicts.
package reconcile

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Options tune a merge.
type Options struct {
	// Withheld is what theirs could not carry.
	Withheld Withheld
	// NoBase says what to do when there is no base (a file from another
	// tool, or from before revisions).
	NoBase NoBasePolicy
}

// NoBasePolicy is how a merge without a base decides.
type NoBasePolicy int

const (
	// NoBaseConflicts keeps mine and makes every difference a conflict:
	// without a base nothing tells an edit from an old value.
	NoBaseConflicts NoBasePolicy = iota
	// NoBaseFill fills what mine lacks from theirs (an empty field, a
	// list member or extra property mine does not have) and makes the
	// other differences conflicts: nothing is removed and nothing of mine
	// is overwritten.
	NoBaseFill
)

// Withheld describes what theirs could not carry: what its export profile
// left out, or its format has no room for. A merge treats each such thing
// as unchanged by theirs, so theirs' absence never removes it.
type Withheld struct {
	// Field reports whether theirs could not carry the field of that
	// name: the site fields by their file names ("notes", "geometry" for
	// a profile that generalised positions, ...), the lists ("aliases",
	// "tags", "sources", "observations", "attachments") and "extra" for
	// every extra property. nil: theirs carried every field.
	Field func(name string) bool
	// Confidential says theirs was exported without confidential data:
	// confidential sources, observations and attachments, confidential
	// notes, the extra properties site.WithheldExtra reports and the
	// references to confidential sources are absent because withheld,
	// and a confidential site is absent altogether.
	Confidential bool
}

func (w Withheld) field(name string) bool { return w.Field != nil && w.Field(name) }

// NotCarried is a Withheld.Field for a file that carried the fields in
// carried (as site readers report them); attachments and extra properties
// count as carried only when also says so ("attachments", "extra").
func NotCarried(carried site.Fields, also ...string) func(string) bool {
	have := map[string]bool{}
	for _, n := range carried.Names() {
		have[n] = true
	}
	for _, n := range also {
		have[n] = true
	}
	return func(name string) bool {
		switch name {
		case "attachments", "extra":
			return !have[name]
		}
		for _, n := range (site.AllFields).Names() {
			if n == name {
				return !have[name]
			}
		}
		return false // a name site.Fields does not know: carried
	}
}

// Choice is how a conflict is resolved.
type Choice int

// The choices. Pending is an unresolved conflict.
const (
	Pending Choice = iota
	Mine
	Theirs
	Both
)

func (c Choice) String() string {
	return [...]string{"pending", "mine", "theirs", "both"}[c]
}

// Conflict is one thing both sides changed differently. The merged site
// holds Mine until it is resolved.
type Conflict struct {
	SiteID string
	// Field names what conflicts, as in files:
	//   "site"                    the site: deleted on one side, edited on the other
	//   "name", "notes", ...      a site field
	//   "aliases", "tags"         a whole list (only without a base)
	//   "sources[ID]"             a member: deleted on one side, edited on the other
	//   "sources[ID].title"       a field of a member ("observations[ID].note", ...)
	//   "extra.KEY"               an extra property
	// ID is the member's ID (see memberKey for members without one).
	Field string
	// Base, Mine and Theirs are the values: of the field's type (string,
	// site.Status, site.PartialDate, orb.Geometry, *int, bool, []string,
	// json.RawMessage), a *site.Site, *site.Source, *site.Observation or
	// *site.Attachment for a presence conflict (nil where absent: deleted
	// or never there); Base is nil without a base.
	Base, Mine, Theirs any
	// Label says what it is for people: "Notes", "Observation 2017-05 · note".
	Label string
	// Resolution is Pending until Resolve.
	Resolution Choice
	// Copy is what Both added beside mine's value, so that another choice
	// takes it out again: the ID of the observation added as theirs'
	// version (a date, status, source or confidentiality conflict), or
	// the alias added with theirs' name; "" else.
	Copy string
}

// Result is a merge's outcome.
type Result struct {
	SiteID string
	// Site is the merged site, holding mine where conflicts are pending;
	// nil when the site is deleted.
	Site      *site.Site
	Conflicts []Conflict
	Summary   Summary

	// spare are the sources the merge (or a resolution) may leave out,
	// by ID, that fixCited puts back while an observation cites them;
	// restored are those it put back.
	spare    map[string]site.Source
	restored map[string]bool
}

// Pending is the number of unresolved conflicts.
func (r *Result) Pending() int {
	n := 0
	for _, c := range r.Conflicts {
		if c.Resolution == Pending {
			n++
		}
	}
	return n
}

// merger holds one merge's state.
type merger struct {
	opts   Options
	id     string
	noBase bool
	out    *site.Site
	res    *Result
}

// Merge merges mine and theirs against base, copies of one site: nil for a
// side where it does not exist (base nil: no common base; mine or theirs
// nil: deleted there, or never there when base is nil too). The inputs are
// not modified and the result shares no memory with them.
//
// Per field: changed only in theirs, it is taken; changed only in mine, or
// to the same value on both, it is kept; changed on both to different
// values, it is a Conflict and keeps mine. Aliases and tags merge as sets,
// sources, observations and attachments by ID with each member merged
// field by field, Extra by key (see mergeMembers). A site deleted on one
// side and not edited on the other is deleted; edited on the other, a
// "site" conflict that keeps mine (deleted if mine is nil).
//
// Theirs' copy of the position is unchanged when it is base's rounded as
// an export rounds it (site.RoundToPrecision). Created and Updated are
// mine's (theirs' for a site only theirs has): the caller stamps the save.
// A pass with nothing to merge returns mine as it was; Equal(*r.Site,
// *mine) tells whether there is anything to save.
func Merge(base, mine, theirs *site.Site, opts Options) Result {
	m := &merger{opts: opts, noBase: base == nil}
	for _, s := range []*site.Site{mine, theirs, base} {
		if s != nil {
			m.id = s.ID
			break
		}
	}
	res := Result{SiteID: m.id}
	m.res = &res
	theirs = normalizeTheirs(base, mine, theirs, opts.Withheld)
	switch {
	case mine == nil && theirs == nil:
		return res
	case mine == nil && base == nil:
		res.Site = clone(theirs)
		res.Summary.Theirs.SiteAdded = true
		return res
	case theirs == nil && base == nil:
		res.Site = clone(mine)
		res.Summary.Mine.SiteAdded = true
		return res
	case mine == nil:
		if Equal(*theirs, *base) {
			res.Summary.Mine.SiteDeleted = true
			return res
		}
		m.conflict("site", "Site (deleted here, edited there)", clone(base), nil, clone(theirs))
		return res
	case theirs == nil:
		if Equal(*mine, *base) {
			res.Summary.Theirs.SiteDeleted = true
			return res
		}
		res.Site = clone(mine)
		m.conflict("site", "Site (edited here, deleted there)", clone(base), clone(mine), nil)
		return res
	}
	m.out = clone(mine)
	res.Site = m.out
	b := base
	if b == nil {
		b = &site.Site{}
	}
	for _, f := range siteFields {
		m.scalar(f, b, mine, theirs)
	}
	m.out.Aliases = m.set("aliases", "Aliases", b.Aliases, mine.Aliases, theirs.Aliases)
	m.out.Tags = m.set("tags", "Tags", b.Tags, mine.Tags, theirs.Tags)
	m.out.Sources = mergeMembers(m, "sources", sourceFields, sourceKind, b.Sources, mine.Sources, theirs.Sources)
	m.out.Observations = mergeMembers(m, "observations", observationFields, observationKind, b.Observations, mine.Observations, theirs.Observations)
	m.out.Attachments = mergeMembers(m, "attachments", attachmentFields, attachmentKind, b.Attachments, mine.Attachments, theirs.Attachments)
	m.out.Extra = m.extra(b.Extra, mine.Extra, theirs.Extra)
	m.spareSources(b, mine, theirs)
	return res
}

// outcome is what one field's three values decide.
type outcome int

const (
	keep     outcome = iota // mine stands (unchanged on both, theirs unchanged, or both alike)
	take                    // theirs changed it alone
	conflict                // both changed it differently
)

// decide is the three-way rule for one value. mineZero and theirsZero say
// whether a side's value is empty, for NoBaseFill.
func (m *merger) decide(noBase, baseMine, baseTheirs, mineTheirs, mineZero, theirsZero bool) outcome {
	switch {
	case mineTheirs:
		return keep
	case noBase:
		if m.opts.NoBase == NoBaseFill {
			if theirsZero {
				return keep
			}
			if mineZero {
				return take
			}
		}
		return conflict
	case baseMine:
		return take
	case baseTheirs:
		return keep
	}
	return conflict
}

func (m *merger) conflict(name, label string, base, mine, theirs any) {
	m.res.Conflicts = append(m.res.Conflicts, Conflict{
		SiteID: m.id, Field: name, Base: base, Mine: mine, Theirs: theirs, Label: label,
	})
	m.res.Summary.Conflicts++
}

func (m *merger) scalar(f field[site.Site], b, mine, theirs *site.Site) {
	switch m.decide(m.noBase, f.equal(b, mine), f.equal(b, theirs), f.equal(mine, theirs), f.zero(mine), f.zero(theirs)) {
	case take:
		f.set(m.out, f.get(theirs))
		m.res.Summary.Theirs.Fields = append(m.res.Summary.Theirs.Fields, f.name)
	case conflict:
		var bv any
		if !m.noBase {
			bv = f.get(b)
		}
		m.conflict(f.name, f.label, bv, f.get(mine), f.get(theirs))
	default:
		if !m.noBase && !f.equal(b, mine) {
			m.res.Summary.Mine.Fields = append(m.res.Summary.Mine.Fields, f.name)
		}
	}
}

// set merges a list of strings as a set: mine's members in mine's order,
// less those theirs removed from base (mine has them, so mine left them
// alone), then those theirs added, in theirs' order. Without a base a
// difference is a conflict on the whole list (NoBaseFill: the union).
func (m *merger) set(name, label string, base, mine, theirs []string) []string {
	inBase, inMine, inTheirs := setOf(base), setOf(mine), setOf(theirs)
	if m.noBase {
		if maps.Equal(inMine, inTheirs) {
			return slices.Clone(mine)
		}
		if m.opts.NoBase == NoBaseFill {
			out := union(mine, theirs)
			m.res.Summary.Theirs.add(name, "added", len(out)-len(mine))
			return out
		}
		m.conflict(name, label, nil, slices.Clone(mine), slices.Clone(theirs))
		return slices.Clone(mine)
	}
	var out []string
	for _, s := range mine {
		if inBase[s] && !inTheirs[s] {
			m.res.Summary.Theirs.add(name, "removed", 1)
			continue
		}
		if !inBase[s] && !inTheirs[s] {
			m.res.Summary.Mine.add(name, "added", 1)
		}
		out = append(out, s)
	}
	for s := range inBase {
		if !inMine[s] && inTheirs[s] {
			m.res.Summary.Mine.add(name, "removed", 1)
		}
	}
	seen := setOf(out)
	for _, s := range theirs {
		if !inBase[s] && !inMine[s] && !seen[s] {
			seen[s] = true
			out = append(out, s)
			m.res.Summary.Theirs.add(name, "added", 1)
		}
	}
	return out
}

func setOf(list []string) map[string]bool {
	s := make(map[string]bool, len(list))
	for _, x := range list {
		s[x] = true
	}
	return s
}

// union is mine then the members of theirs mine lacks.
func union(mine, theirs []string) []string {
	out := slices.Clone(mine)
	seen := setOf(mine)
	for _, s := range theirs {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// extra merges the extra properties by key, as members without fields:
// a key added, changed or removed on one side only follows that side;
// changed differently on both (or removed on one side and changed on the
// other) it is an "extra.KEY" conflict whose values are json.RawMessage
// (nil: absent). Values are compared without insignificant white space.
func (m *merger) extra(base, mine, theirs map[string]json.RawMessage) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	keys := map[string]bool{}
	for _, mp := range []map[string]json.RawMessage{base, mine, theirs} {
		for k := range mp {
			keys[k] = true
		}
	}
	same := func(a, b json.RawMessage, okA, okB bool) bool {
		return okA == okB && (!okA || bytes.Equal(compactJSON(a), compactJSON(b)))
	}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		b, okB := base[k]
		mv, okM := mine[k]
		t, okT := theirs[k]
		name := "extra." + k
		switch m.decide(m.noBase, same(b, mv, okB, okM), same(b, t, okB, okT), same(mv, t, okM, okT), !okM, !okT) {
		case take:
			if okT {
				out[k] = slices.Clone(t)
			}
			m.res.Summary.Theirs.Fields = append(m.res.Summary.Theirs.Fields, name)
		case conflict:
			m.conflict(name, "Extra property “"+k+"”", rawOrNil(b, okB), rawOrNil(mv, okM), rawOrNil(t, okT))
			if okM {
				out[k] = slices.Clone(mv)
			}
		default:
			if okM {
				out[k] = slices.Clone(mv)
			}
			if !m.noBase && !same(b, mv, okB, okM) {
				m.res.Summary.Mine.Fields = append(m.res.Summary.Mine.Fields, name)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func rawOrNil(v json.RawMessage, ok bool) any {
	if !ok {
		return nil
	}
	return slices.Clone(v)
}

// clone is a deep copy of s.
func clone(s *site.Site) *site.Site {
	if s == nil {
		return nil
	}
	c := *s
	c.Aliases = slices.Clone(s.Aliases)
	c.Tags = slices.Clone(s.Tags)
	c.Geometry = cloneGeometry(s.Geometry)
	c.WorkersEstimate = cloneIntPtr(s.WorkersEstimate)
	if s.Extra != nil {
		c.Extra = make(map[string]json.RawMessage, len(s.Extra))
		for k, v := range s.Extra {
			c.Extra[k] = slices.Clone(v)
		}
	}
	c.Sources = slices.Clone(s.Sources)
	c.Observations = slices.Clone(s.Observations)
	c.Attachments = make([]site.Attachment, len(s.Attachments))
	for i, a := range s.Attachments {
		c.Attachments[i] = cloneAttachment(a)
	}
	if s.Attachments == nil {
		c.Attachments = nil
	}
	return &c
}

func cloneAttachment(a site.Attachment) site.Attachment {
	a.TakenAt = cloneTimePtr(a.TakenAt)
	a.Position = clonePointPtr(a.Position)
	return a
}

// roundedAlike reports whether t is b as an export writes it: rounded to
// the decimals b's precision (or t's) supports.
func roundedAlike(b, t orb.Geometry, bp, tp site.Precision) bool {
	if b == nil || t == nil {
		return false
	}
	return sameGeometry(site.RoundToPrecision(b, bp), t) || sameGeometry(site.RoundToPrecision(b, tp), t)
}
