package timeline

import (
	"fmt"
	"strings"
)

// SearchTerms splits what was typed in the search box into its time terms
// and the rest, the text for the full-text index. The terms:
//
//	reported:2017     evidence in 2017 (any span form: reported:2017-05/2018-02)
//	after:2018-03     evidence after March 2018 (from 2018-04-01)
//	before:2019       evidence before 2019 (up to 2018-12-31)
//
// Several terms narrow each other. after: and before: exclude the date they
// name, as the words say; the span forms (2018.., ..2018) include it.
func SearchTerms(text string) (rest string, r Range, err error) {
	var words []string
	for _, f := range strings.Fields(text) {
		key, val, ok := strings.Cut(f, ":")
		key = strings.ToLower(key)
		if !ok || (key != "reported" && key != "after" && key != "before") {
			words = append(words, f)
			continue
		}
		s, perr := Parse(val)
		if perr == nil && !s.Dated() {
			perr = fmt.Errorf("no date after %q", key+":")
		}
		if perr != nil {
			return "", Range{}, fmt.Errorf("search %s: %v", f, perr)
		}
		switch key {
		case "reported":
			r = r.Intersect(Range{Start: s.Start, End: s.End})
		case "after":
			r = r.Intersect(Range{}.After(s))
		case "before":
			r = r.Intersect(Range{}.Before(s))
		}
	}
	return strings.Join(words, " "), r, nil
}
