package gazetteer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Script is the writing system of a name, as far as the gazetteer cares.
type Script uint8

// The scripts the asset keeps; Mixed marks a name with letters of more than
// one of them (except Han with kana, which is ordinary Japanese) and Other
// one with letters of none of them (Arabic, Thai, ...).
const (
	Other Script = iota
	Latin
	Han
	Hangul
	Kana
	Cyrillic
	Mixed
)

// scriptOrder is the order Place.Names lists other names in: the scripts a
// researcher of Chinese and Korean sites reads first.
var scriptOrder = [...]int{Han: 0, Hangul: 1, Kana: 2, Cyrillic: 3, Latin: 4, Other: 5, Mixed: 6}

// ScriptOf classifies s by its letters; digits, spaces and punctuation do
// not count. Japanese names mixing kanji and kana count as Kana.
func ScriptOf(s string) Script {
	var got Script
	han := false
	for _, r := range s {
		var sc Script
		switch {
		case r < 0x80:
			if !isASCIILetter(r) {
				continue
			}
			sc = Latin
		case unicode.Is(unicode.Han, r):
			han = true
			continue
		case unicode.Is(unicode.Hangul, r):
			sc = Hangul
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r), r == 'ー':
			sc = Kana
		case unicode.Is(unicode.Latin, r):
			sc = Latin
		case unicode.Is(unicode.Cyrillic, r):
			sc = Cyrillic
		case !unicode.IsLetter(r):
			continue // marks, punctuation, symbols
		default:
			sc = Other
		}
		if got != 0 && got != sc {
			return Mixed
		}
		got = sc
	}
	switch {
	case han && (got == 0 || got == Kana):
		if got == Kana {
			return Kana
		}
		return Han
	case han:
		return Mixed // Han with Latin, Hangul or Cyrillic: "Dandong - 丹东"
	}
	return got
}

func isASCIILetter(r rune) bool { return r|0x20 >= 'a' && r|0x20 <= 'z' }

// special maps the Latin letters that Unicode does not decompose to the
// base letters people type for them.
var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l",
	'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'œ': "oe",
	'Œ': "oe", 'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŧ': "t", 'Ŧ': "t", 'ŀ': "l",
	'ĸ': "k", 'ŉ': "n", 'ſ': "s",
}

// Fold turns a name or a query into the form the index is keyed by: lower
// case, Latin and Cyrillic diacritics removed (Sinŭiju -> sinuiju,
// Ürümqi -> urumqi), full-width forms made narrow, and spaces and the
// punctuation of names (- ' ’ . , ·) dropped, so that "옌지 시", "옌지시",
// "Hun-ch'un" and "hunchun" each have one key. Han, Hangul and kana keep
// their letters: Hangul syllables and kana voicing marks are not split.
func Fold(s string) string {
	if ascii(s) {
		return foldASCII(s)
	}
	// Invalid bytes (a pasted fragment) would stop norm from decomposing
	// what follows them; they cannot match a name anyway.
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	b.Grow(len(s))
	// NFKD splits é into e + U+0301 and makes full-width letters narrow;
	// NFC afterwards puts Hangul syllables and kana back together.
	d := norm.NFKD.String(s)
	var base rune
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			if base < 0x0530 || (base >= 0x1E00 && base <= 0x1EFF) {
				continue // a Latin, Greek or Cyrillic diacritic
			}
			b.WriteRune(r)
			continue
		}
		base = r
		if dropped(r) {
			continue
		}
		if rep, ok := special[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func foldASCII(s string) string { return string(appendFoldASCII(make([]byte, 0, len(s)), s)) }

// appendFoldASCII appends Fold(s) to b for an ASCII s.
func appendFoldASCII(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if dropped(rune(c)) {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// dropped reports the characters a key leaves out: spaces and the
// punctuation inside names, which people type in many ways or not at all.
func dropped(r rune) bool {
	switch r {
	case ' ', '-', '\'', '’', '‘', 'ʼ', 'ʻ', '`', '.', ',', '·', '・', '(', ')', '"', '_', '/', '\t', '\u00a0', '\u3000', '‐', '–', '—':
		return true
	}
	return unicode.IsSpace(r)
}

// Stem returns a folded Han or Hangul key without its administrative
// suffix (丹东市 -> 丹东, 단둥시 -> 단둥, 和龙县 -> 和龙) and true, or ""
// and false when the key has none or too little would be left. GeoNames
// often lists only the suffixed form (丹东市, 단둥 시), but people type the
// bare name and expect an exact match.
func Stem(key string) (string, bool) {
	r, size := utf8.DecodeLastRuneInString(key)
	switch r {
	case '市', '县', '縣', '镇', '鎮', '区', '區', '乡', '鄉', '시', '군', '구', '읍':
	default:
		return "", false
	}
	stem := key[:len(key)-size]
	if utf8.RuneCountInString(stem) < 2 {
		return "", false
	}
	return stem, true
}
