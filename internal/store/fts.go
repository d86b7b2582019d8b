package store

import (
	"database/sql/driver"
	"strings"
	"unicode"

	"modernc.org/sqlite"
)

func init() {
	// The full-text index's cjk column is computed in SQL at index time
	// (one INSERT ... SELECT for a whole import), so the bigram splitter is
	// registered as an SQL function on every connection the driver opens.
	sqlite.MustRegisterDeterministicScalarFunction("siteatlas_cjk", 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return cjkBigrams(v), nil
			case []byte:
				return cjkBigrams(string(v)), nil
			}
			return "", nil
		})
}

// isCJK reports whether r belongs to a script written without spaces between
// words (Han, kana) or whose place names are searched by syllable (Hangul).
func isCJK(r rune) bool {
	if r < 0x1100 { // below Hangul Jamo: Latin, Greek, Cyrillic… (the hot path)
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// cjkBigrams returns, for each run of CJK characters in s, its overlapping
// bigrams followed by its last character alone: "图们市" -> "图们 们市 市".
// A query for any substring of two or more characters is then the phrase of
// its own bigrams (consecutive tokens), and a single character is a prefix
// query; both work for the two-character names trigram cannot find.
func cjkBigrams(s string) string {
	var b strings.Builder
	var prev rune
	inRun := false
	for _, r := range s {
		if !isCJK(r) {
			if inRun {
				b.WriteRune(prev)
				b.WriteByte(' ')
			}
			inRun = false
			continue
		}
		if inRun {
			b.WriteRune(prev)
			b.WriteRune(r)
			b.WriteByte(' ')
		}
		prev, inRun = r, true
	}
	if inRun {
		b.WriteRune(prev)
	}
	return strings.TrimSpace(b.String())
}

// ftsQuery turns what a user typed into an FTS5 query: every word must
// match (AND). Latin, Cyrillic and other spaced words match as prefixes of
// words ("hunch" finds Hunchun, case and diacritics ignored); CJK runs match
// as substrings through the bigram column. It returns "" when the text has
// nothing searchable.
func ftsQuery(text string) string {
	// FTS5 reads its query as a C string: a NUL would end it inside a
	// quoted term ("unterminated string"). Control characters are never
	// part of a word, so they separate words like spaces.
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, text)
	var terms []string
	for _, field := range strings.Fields(text) {
		for _, seg := range splitScripts(field) {
			if seg.cjk {
				terms = append(terms, cjkTerm(seg.text))
			} else if hasWordChar(seg.text) {
				// No column filter: the cjk column holds CJK characters
				// only, so a word without them matches nothing there, and
				// FTS5 skips extracting the words column's entries (10 %).
				terms = append(terms, `"`+strings.ReplaceAll(seg.text, `"`, `""`)+`"*`)
			}
		}
	}
	return strings.Join(terms, " AND ")
}

// cjkTerm is the query for a CJK run. One or two characters are one term
// with no column filter, which FTS5 then need not apply (1 ms of 7 for
// 图们 in a million sites): the words column holds CJK runs as whole
// tokens, and a token that matches there is a run that holds the same
// characters, so its cjk column matches too. A phrase of bigrams keeps the
// filter: in the words column it could match runs separated by spaces.
func cjkTerm(run string) string {
	rs := []rune(run)
	switch len(rs) {
	case 1:
		return `"` + run + `"*`
	case 2:
		return `"` + run + `"`
	}
	parts := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		parts = append(parts, string(rs[i:i+2]))
	}
	return `cjk : "` + strings.Join(parts, " ") + `"`
}

type segment struct {
	text string
	cjk  bool
}

// splitScripts cuts a word into CJK and non-CJK runs: "Hunchun珲春" is
// searched as "hunchun"* AND 珲春.
func splitScripts(s string) []segment {
	var out []segment
	start, cur := 0, false
	for i, r := range s {
		c := isCJK(r)
		if i > start && c != cur {
			out = append(out, segment{s[start:i], cur})
			start = i
		}
		if i == start {
			cur = c
		}
	}
	if start < len(s) {
		out = append(out, segment{s[start:], cur})
	}
	return out
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
