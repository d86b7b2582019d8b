package share

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Protected words are matched as substrings, with no word boundaries: Han
// and Hangul text has no spaces between words, and a name inflected or
// followed by a particle (김철수는, Kim's) must go too. Matching is on the
// NFC form under full Unicode case folding (ß matches SS, Σ matches ς), so
// the case, the script's variant forms and composed or decomposed accents
// do not matter.

var (
	foldMu    sync.Mutex
	foldCache = map[rune]string{}
	folder    = cases.Fold()
)

// foldRune is the full case folding of r (one or more runes).
func foldRune(r rune) string {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return string(r)
	}
	foldMu.Lock()
	defer foldMu.Unlock()
	f, ok := foldCache[r]
	if !ok {
		f = folder.String(string(r))
		foldCache[r] = f
	}
	return f
}

// foldString is s in NFC, case folded.
func foldString(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		b.WriteString(foldRune(r))
	}
	return b.String()
}

// wordSet is a profile's protected words, folded, longest first, without
// duplicates, and the scratch space a session reuses for every text (an
// export redacts millions of them). Not safe for concurrent use.
type wordSet struct {
	folded []string
	*scratch
}

type scratch struct {
	buf    []byte
	origin []int32
	// bmp caches the folding of the Basic Multilingual Plane: 0 unknown, 1
	// the rune itself, else offset<<8|len in arena; a lock and a map per
	// rune was most of redacting Han and Hangul text.
	bmp   []uint32
	arena []byte
}

func (sc *scratch) fold(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	}
	if r >= 0x10000 {
		return append(dst, foldRune(r)...)
	}
	if sc.bmp == nil {
		sc.bmp = make([]uint32, 0x10000)
	}
	switch v := sc.bmp[r]; v {
	case 0:
		f := foldRune(r)
		if f == string(r) {
			sc.bmp[r] = 1
		} else {
			sc.bmp[r] = uint32(len(sc.arena))<<8 | uint32(len(f))
			sc.arena = append(sc.arena, f...)
		}
		return sc.fold(dst, r)
	case 1:
		return utf8.AppendRune(dst, r)
	default:
		return append(dst, sc.arena[v>>8:v>>8+v&0xff]...)
	}
}

func newWordSet(words []string) wordSet {
	seen := map[string]bool{}
	ws := wordSet{scratch: &scratch{}}
	for _, w := range words {
		f := foldString(strings.TrimSpace(w))
		if f == "" || seen[f] {
			continue
		}
		seen[f] = true
		ws.folded = append(ws.folded, f)
	}
	sort.Slice(ws.folded, func(i, j int) bool {
		if len(ws.folded[i]) != len(ws.folded[j]) {
			return len(ws.folded[i]) > len(ws.folded[j])
		}
		return ws.folded[i] < ws.folded[j]
	})
	return ws
}

// redact is redactOnce until nothing matches: a replacement can make a new
// occurrence with what follows it (words "Kim" and "]Lee" in "KimLee").
// After a few rounds the whole text goes, rather than risk a word.
func (ws wordSet) redact(s string) (string, int) {
	total := 0
	for range 8 {
		r, n := ws.redactOnce(s)
		if n == 0 {
			return r, total
		}
		s, total = r, total+n
	}
	return Redacted, total
}

// redactOnce returns s with every occurrence of a protected word replaced by
// Redacted, and the number of replacements. Overlapping or touching
// occurrences ("Kim" inside "Kim Chol", or "ab" and "bc" in "abc") become
// one "[redacted]", so that no part of either word is left. s is returned
// unchanged (not even normalised) when nothing matches.
func (ws wordSet) redactOnce(s string) (string, int) {
	if len(ws.folded) == 0 || s == "" {
		return s, 0
	}
	src := s
	if !norm.NFC.IsNormalString(src) {
		src = norm.NFC.String(src)
	}
	// folded is src folded rune by rune; origin[i] is the byte offset in
	// src of the rune that folded byte i came from, so a match maps back to
	// whole runes of src.
	fb, origin := ws.buf[:0], ws.origin[:0]
	for i, r := range src {
		n := len(fb)
		fb = ws.scratch.fold(fb, r)
		for range len(fb) - n {
			origin = append(origin, int32(i))
		}
	}
	ws.buf, ws.origin = fb, origin
	folded := unsafeString(fb)
	type span struct{ from, to int } // byte offsets in src
	var spans []span
	for _, w := range ws.folded {
		for at := 0; at <= len(folded)-len(w); {
			k := strings.Index(folded[at:], w)
			if k < 0 {
				break
			}
			start := at + k
			end := start + len(w) // exclusive, in folded
			from := int(origin[start])
			last := int(origin[end-1])
			_, size := utf8.DecodeRuneInString(src[last:])
			spans = append(spans, span{from, last + size})
			at = start + 1
		}
	}
	if len(spans) == 0 {
		return s, 0
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	var out strings.Builder
	n, prev := 0, 0
	for i := 0; i < len(spans); {
		cur := spans[i]
		for i++; i < len(spans) && spans[i].from <= cur.to; i++ {
			cur.to = max(cur.to, spans[i].to)
		}
		out.WriteString(src[prev:cur.from])
		out.WriteString(Redacted)
		prev = cur.to
		n++
	}
	out.WriteString(src[prev:])
	return out.String(), n
}

// unsafeString views b as a string without copying, for searching only:
// b is scratch space and must not change while the string is in use.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
