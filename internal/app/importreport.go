package app

import (
	"fmt"
	"slices"
	"strings"

	"github.com/siteatlas/siteatlas/internal/numfmt"
	"github.com/siteatlas/siteatlas/internal/site"
)

// Summary is a one-line account for a status bar or a terminal.
func (r *ImportReport) Summary() string {
	if !r.OK() {
		return fmt.Sprintf("import refused: %d problem(s), nothing was written", len(r.Problems)+r.MoreProblems)
	}
	s := fmt.Sprintf("%d added, %d updated", r.Added, r.Updated)
	if r.Unchanged > 0 {
		s += fmt.Sprintf(", %d unchanged", r.Unchanged)
	}
	s += fmt.Sprintf(", %d warning(s)", len(r.Warnings))
	if k := r.keptPhrase(); k != "" {
		s += "; " + k
	}
	return s
}

// Details are the lines that say field by field what the updates changed,
// what they kept and which sites they made public; empty when the import
// updated nothing.
func (r *ImportReport) Details() []string {
	var out []string
	if len(r.Changed) > 0 {
		out = append(out, "changed: "+countsPhrase(r.Changed))
	}
	if len(r.Kept) > 0 {
		out = append(out, "kept as stored (not in the file): "+countsPhrase(r.Kept))
	}
	if k := r.keptPhrase(); k != "" {
		out = append(out, k)
	}
	if len(r.MadePublic) > 0 {
		out = append(out, fmt.Sprintf("no longer confidential (the file says \"confidential\": false): %s", strings.Join(quoteAll(r.MadePublic), ", ")))
	}
	return out
}

func (r *ImportReport) keptPhrase() string {
	var parts []string
	if r.KeptSources > 0 {
		parts = append(parts, plural(r.KeptSources, "source", "sources"))
	}
	if r.KeptObservations > 0 {
		parts = append(parts, plural(r.KeptObservations, "observation", "observations"))
	}
	if len(parts) == 0 {
		return ""
	}
	return "kept " + strings.Join(parts, " and ") + " the file did not carry"
}

// countMerge adds what one merging update did to the report.
func (r *ImportReport) countMerge(name string, m site.Merged) {
	if r.Changed == nil {
		r.Changed, r.Kept = map[string]int{}, map[string]int{}
	}
	for _, n := range m.ChangedFields().Names() {
		r.Changed[n]++
	}
	if m.ExtraChanged() {
		r.Changed["extra"]++
	}
	for _, n := range m.Kept.Names() {
		r.Kept[n]++
	}
	if len(r.Kept) == 0 {
		r.Kept = nil
	}
	r.KeptSources += m.KeptSources
	r.KeptObservations += m.KeptObservations
	if m.MadePublic {
		r.MadePublic = append(r.MadePublic, name)
	}
}

// forgetWrites clears the counts of writes that a rollback undid.
func (r *ImportReport) forgetWrites() {
	r.Added, r.Updated, r.Unchanged = 0, 0, 0
	r.Changed, r.Kept, r.MadePublic = nil, nil, nil
	r.KeptSources, r.KeptObservations = 0, 0
}

// countsPhrase is "name 2, status 1", largest first, then by name.
func countsPhrase(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %s", k, numfmt.Count(m[k]))
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return numfmt.Count(n) + " " + many
}

func quoteAll(v []string) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
