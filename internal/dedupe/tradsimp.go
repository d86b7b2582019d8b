package dedupe

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// OpenCC's traditional→simplified character table (Apache-2.0, see
// data/MANIFEST.md). Embedded verbatim so that updating it is a file copy.
//
//go:embed data/TSCharacters.txt
var tsCharacters string

var (
	tradOnce sync.Once
	tradMap  map[rune]rune
)

// simplified returns the simplified form of a traditional Han character, or
// r itself. Only single-character entries are used: OpenCC's phrase tables
// are for running text, while names are compared character by character.
func simplified(r rune) rune {
	if r < 0x3400 {
		return r // below CJK Extension A: nothing to convert
	}
	tradOnce.Do(loadTrad)
	if s, ok := tradMap[r]; ok {
		return s
	}
	return r
}

func loadTrad() {
	m := make(map[rune]rune, 4096)
	for line := range strings.Lines(tsCharacters) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		key, vals, ok := strings.Cut(line, "\t")
		if !ok || utf8.RuneCountInString(key) != 1 {
			continue
		}
		// The first value is OpenCC's default; later ones are alternatives.
		first, _, _ := strings.Cut(vals, " ")
		if utf8.RuneCountInString(first) != 1 {
			continue
		}
		t, _ := utf8.DecodeRuneInString(key)
		s, _ := utf8.DecodeRuneInString(first)
		if t != s {
			m[t] = s
		}
	}
	// A character that simplifies to another traditional character would
	// make folding depend on how many times it is applied; follow chains so
	// one step always reaches the end.
	for t, s := range m {
		seen := 0
		for {
			n, ok := m[s]
			if !ok || seen > 8 {
				break
			}
			s = n
			seen++
		}
		m[t] = s
	}
	tradMap = m
}
