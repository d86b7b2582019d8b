package dedupe

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// folder folds text the same way for names, aliases and gazetteer entries,
// so that whatever the user typed meets the gazetteer on equal terms. It
// holds a cases.Caser, which is not safe for concurrent use: one folder per
// goroutine.
type folder struct {
	caser cases.Caser
}

func newFolder() *folder { return &folder{caser: cases.Fold()} }

// special letters that have no decomposition but that romanisations write
// without the stroke (Đ, Ø, Ł) or as two letters (Æ, ß after folding is ss).
var latinSpecial = map[rune]string{
	'đ': "d", 'ø': "o", 'ł': "l", 'æ': "ae", 'œ': "oe", 'ı': "i", 'ħ': "h", 'þ': "th", 'ð': "d",
}

// fold applies NFKC, width folding, full case folding, removes diacritics
// from Latin, Greek and Cyrillic letters, and maps traditional Han
// characters to simplified ones. Punctuation is kept: tokenising decides.
func (f *folder) fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	s = norm.NFKC.String(s)
	s = width.Fold.String(s)
	s = f.caser.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r < 0x2000 || (r >= 0x1e00 && r <= 0x1eff):
			if sp, ok := latinSpecial[r]; ok {
				b.WriteString(sp)
				continue
			}
			// Decompose and keep the base letters: Lüshun, Tümen and
			// Tumen meet; combining marks of other scripts are kept.
			d := norm.NFD.String(string(r))
			for _, c := range d {
				if unicode.Is(unicode.Mn, c) && isLatinGreekCyrillicBase(d) {
					continue
				}
				b.WriteRune(c)
			}
		default:
			b.WriteRune(simplified(r))
		}
	}
	// Recompose what decomposition left (marks of other scripts) so that
	// folding twice gives the same text.
	return norm.NFKC.String(b.String())
}

func isLatinGreekCyrillicBase(d string) bool {
	r, _ := utf8.DecodeRuneInString(d)
	return unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// script classes that tokenising separates: a change of class ends a word,
// so "图们Tumen" and "图们 Tumen" tokenise alike.
type class uint8

const (
	clSep class = iota
	clWord
	clDigit
	clHan
	clHangul
)

func classOf(r rune) class {
	switch {
	case r < 0x80:
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			return clWord
		case r >= '0' && r <= '9':
			return clDigit
		}
		return clSep
	case unicode.Is(unicode.Han, r):
		return clHan
	case unicode.Is(unicode.Hangul, r):
		return clHangul
	case unicode.IsDigit(r):
		return clDigit
	case unicode.IsLetter(r), unicode.Is(unicode.Mn, r), unicode.Is(unicode.Mc, r):
		return clWord
	}
	return clSep
}

// piece is a run of one class in folded text.
type piece struct {
	text string
	cl   class
}

// split cuts folded text into runs of one class; separators are dropped.
// Marks continue the word they follow (Devanagari vowel signs), and a mark
// with no word before it is dropped, so that splitting is stable.
func split(s string) []piece {
	var out []piece
	start, cur := -1, clSep
	for i, r := range s {
		c := classOf(r)
		if c == clWord && cur != clWord && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)) {
			if cur == clSep {
				continue
			}
			c = cur // a mark after Han or Hangul stays with it
		}
		if c != cur {
			if cur != clSep {
				out = append(out, piece{s[start:i], cur})
			}
			start, cur = i, c
		}
	}
	if cur != clSep {
		out = append(out, piece{s[start:], cur})
	}
	return out
}
