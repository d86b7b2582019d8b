package reconcile

import (
	"fmt"
	"strings"
)

// Summary says what a merge took from each side, for an import or sync
// report: "3 fields taken from theirs, 1 observation added from theirs,
// 1 conflict".
type Summary struct {
	Mine, Theirs Changes
	// Conflicts is the number of conflicts found (resolved or not).
	Conflicts int
}

// Changes is what one side brought into the merged site.
type Changes struct {
	// SiteAdded: the site is new on this side (no base, absent on the
	// other).
	SiteAdded bool
	// SiteDeleted: this side deleted the site and the other left it alone.
	SiteDeleted bool
	// Fields are the site fields (file names) and extra properties
	// ("extra.KEY") whose merged value is this side's change.
	Fields []string
	// Added, Removed and Updated count the list members this side added,
	// removed or changed (a member counts once however many of its fields
	// changed).
	Added, Removed, Updated Counts
}

// Counts counts members per list.
type Counts struct {
	Aliases, Tags, Sources, Observations, Attachments int
}

func (c *Counts) of(list string) *int {
	switch list {
	case "aliases":
		return &c.Aliases
	case "tags":
		return &c.Tags
	case "sources":
		return &c.Sources
	case "observations":
		return &c.Observations
	case "attachments":
		return &c.Attachments
	}
	panic("reconcile: no list " + list)
}

func (c *Changes) add(list, what string, n int) {
	switch what {
	case "added":
		*c.Added.of(list) += n
	case "removed":
		*c.Removed.of(list) += n
	case "updated":
		*c.Updated.of(list) += n
	}
}

// Any reports whether the side brought anything.
func (c Changes) Any() bool {
	return c.SiteAdded || c.SiteDeleted || len(c.Fields) > 0 || c.Added != Counts{} || c.Removed != Counts{} || c.Updated != Counts{}
}

var listWords = []struct{ list, one, many string }{
	{"aliases", "alias", "aliases"},
	{"tags", "tag", "tags"},
	{"sources", "source", "sources"},
	{"observations", "observation", "observations"},
	{"attachments", "attachment", "attachments"},
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Describe lists what the side brought, each part ending "from side":
// "site added from theirs", "3 fields taken from theirs", "1 observation
// added from theirs".
func (c Changes) Describe(side string) []string {
	var out []string
	if c.SiteAdded {
		out = append(out, "site added from "+side)
	}
	if c.SiteDeleted {
		out = append(out, "site deleted in "+side)
	}
	if n := len(c.Fields); n > 0 {
		out = append(out, plural(n, "field", "fields")+" taken from "+side)
	}
	for _, what := range []struct {
		verb string
		c    Counts
	}{{"added", c.Added}, {"removed", c.Removed}, {"updated", c.Updated}} {
		for _, w := range listWords {
			cc := what.c
			if n := *cc.of(w.list); n > 0 {
				out = append(out, plural(n, w.one, w.many)+" "+what.verb+" from "+side)
			}
		}
	}
	return out
}

// String is the report line for an import: what came from theirs and the
// conflicts, e.g. "3 fields taken from theirs, 1 observation added from
// theirs, 1 conflict"; "no change from theirs" when there is nothing.
func (s Summary) String() string {
	parts := s.Theirs.Describe("theirs")
	if s.Conflicts > 0 {
		parts = append(parts, plural(s.Conflicts, "conflict", "conflicts"))
	}
	if len(parts) == 0 {
		return "no change from theirs"
	}
	return strings.Join(parts, ", ")
}

// Add accumulates o into s, for a report over many sites. Fields become
// the union of names with one entry per site and field.
func (s *Summary) Add(o Summary) {
	for _, p := range []struct{ dst, src *Changes }{{&s.Mine, &o.Mine}, {&s.Theirs, &o.Theirs}} {
		p.dst.Fields = append(p.dst.Fields, p.src.Fields...)
		addCounts(&p.dst.Added, p.src.Added)
		addCounts(&p.dst.Removed, p.src.Removed)
		addCounts(&p.dst.Updated, p.src.Updated)
	}
	s.Conflicts += o.Conflicts
}

func addCounts(d *Counts, o Counts) {
	d.Aliases += o.Aliases
	d.Tags += o.Tags
	d.Sources += o.Sources
	d.Observations += o.Observations
	d.Attachments += o.Attachments
}
