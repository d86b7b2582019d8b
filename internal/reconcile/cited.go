package reconcile

import (
	"slices"
	"strings"

	"github.com/siteatlas/siteatlas/internal/site"
)

// A merge makes no dangling reference: a source one side removed (or a
// conflict's resolution removes) stays while an observation of the merged
// site cites it, and goes again when none does (a resolution removed the
// observation). The model rejects an observation that cites a source the
// site lacks, and removing a cited source is no removal the user meant.

// spareSources records which sources of base, mine and theirs the merge
// left out that fixCited may put back, and puts back the cited ones.
func (m *merger) spareSources(base, mine, theirs *site.Site) {
	r := m.res
	r.spare = map[string]site.Source{}
	// Left out by the merge rules: the base's copy (the keeping side left
	// it as in base, so every side's copy is this one).
	for _, s := range base.Sources {
		r.spare[s.ID] = s
	}
	// In a presence conflict: the one side's copy there is.
	for _, c := range r.Conflicts {
		if id, ok := sourcePresence(c.Field); ok {
			for _, v := range []any{c.Mine, c.Theirs} {
				if src, _ := v.(*site.Source); src != nil {
					r.spare[id] = *src
				}
			}
		}
	}
	delete(r.spare, "")
	before := len(r.Site.Sources)
	r.fixCited()
	for _, s := range r.Site.Sources[before:] {
		// Counted as removed by the side that lacks it: it is not.
		inMine := slices.ContainsFunc(mine.Sources, func(x site.Source) bool { return x.ID == s.ID })
		inTheirs := slices.ContainsFunc(theirs.Sources, func(x site.Source) bool { return x.ID == s.ID })
		switch {
		case inMine && !inTheirs:
			r.Summary.Theirs.Removed.Sources = max(r.Summary.Theirs.Removed.Sources-1, 0)
		case inTheirs && !inMine:
			r.Summary.Mine.Removed.Sources = max(r.Summary.Mine.Removed.Sources-1, 0)
		}
	}
}

// sourcePresence returns the ID of a "sources[ID]" conflict field.
func sourcePresence(field string) (string, bool) {
	rest, ok := strings.CutPrefix(field, "sources[")
	if !ok {
		return "", false
	}
	return strings.CutSuffix(rest, "]")
}

// fixCited puts back the spare sources the merged site's observations
// cite, and takes out again those it put back that none cites now.
func (r *Result) fixCited() {
	s := r.Site
	if s == nil || r.spare == nil {
		return
	}
	if r.restored == nil {
		r.restored = map[string]bool{}
	}
	cited := map[string]bool{}
	for _, o := range s.Observations {
		cited[o.SourceID] = true
	}
	s.Sources = slices.DeleteFunc(s.Sources, func(x site.Source) bool {
		if r.restored[x.ID] && !cited[x.ID] {
			delete(r.restored, x.ID)
			return true
		}
		return false
	})
	have := map[string]bool{}
	for _, x := range s.Sources {
		have[x.ID] = true
	}
	for _, o := range s.Observations {
		if src, ok := r.spare[o.SourceID]; ok && !have[o.SourceID] {
			s.Sources = append(s.Sources, src)
			have[o.SourceID] = true
			r.restored[o.SourceID] = true
		}
	}
}
