package dedupe

import (
	"slices"
	"strings"
)

// Aliases maps a folded token (lower case, simplified Han, no spaces or
// punctuation: "tumen", "图们", "투먼", "tumenshi") to the canonical key of
// the place it names. The lead backs it with the gazetteer's alternate
// names; NewAliases builds one from groups of names. Canonical keys should
// be folded Latin words ("tumen") that map to themselves, so that keys of
// keys are stable.
type Aliases func(token string) (canonical string, ok bool)

// NewAliases builds an Aliases lookup from groups of names for one place
// each: the first name of a group is folded into its canonical key, and every
// name is folded the way tokens are before lookup.
func NewAliases(groups [][]string) Aliases {
	f := newFolder()
	m := make(map[string]string)
	for _, g := range groups {
		if len(g) == 0 {
			continue
		}
		canon := squash(f.fold(g[0]))
		if canon == "" {
			continue
		}
		m[canon] = canon
		for _, n := range g[1:] {
			if k := squash(f.fold(n)); k != "" {
				if _, taken := m[k]; !taken {
					m[k] = canon
				}
			}
		}
	}
	return func(t string) (string, bool) { c, ok := m[t]; return c, ok }
}

// squash keeps the letters and digits of folded text, as token lookup sees
// it: "Tumen-shi" → "tumenshi", "Hong Kong" → "hongkong".
func squash(s string) string {
	var b strings.Builder
	for _, p := range split(s) {
		b.WriteString(p.text)
	}
	return b.String()
}

// Normalizer turns names into tokens and keys. The zero value works without
// place aliases. A Normalizer is not safe for concurrent use.
type Normalizer struct {
	Aliases Aliases
	f       *folder
	offs    []int
}

// token is one word of a name after folding.
type token struct {
	text string
	kind tokKind
}

func (n *Normalizer) alias(s string) (string, bool) {
	if n.Aliases == nil || s == "" {
		return "", false
	}
	return n.Aliases(s)
}

// tokens folds a name and cuts it into tokens: stop words dropped, kind
// words and concepts canonical, places canonical through Aliases.
func (n *Normalizer) tokens(name string) []token {
	if n.f == nil {
		n.f = newFolder()
	}
	pieces := split(n.f.fold(name))
	// Unspaced scripts are spaced at will ("华荣 水产", "화영수산 공장"):
	// join neighbouring Han pieces, and Hangul ones, before segmenting.
	var out []token
	for i := 0; i < len(pieces); {
		p := pieces[i]
		switch p.cl {
		case clDigit:
			out = append(out, token{strings.TrimLeft(p.text, "0"), tkNumber})
			if out[len(out)-1].text == "" {
				out[len(out)-1].text = "0"
			}
			i++
		case clWord:
			i = n.latin(pieces, i, &out)
		default:
			// A piece that is a stop word by itself ("(주)", "第") is left
			// out rather than glued to its neighbour.
			j := i
			var run strings.Builder
			for j < len(pieces) && pieces[j].cl == p.cl {
				if v, ok := vocabulary[pieces[j].text]; !ok || v.kind != tkStop {
					run.WriteString(pieces[j].text)
				}
				j++
			}
			out = n.cjk(run.String(), p.cl, out)
			i = j
		}
	}
	return out
}

// latin matches the longest phrase starting at pieces[i] (vocabulary first,
// so that a gazetteer's odd alternate name "Co" is never taken for a
// place), and returns the index after it.
func (n *Normalizer) latin(pieces []piece, i int, out *[]token) int {
	for l := maxLatinPhrase; l >= 1; l-- {
		if i+l > len(pieces) {
			continue
		}
		var b strings.Builder
		ok := true
		for _, p := range pieces[i : i+l] {
			if p.cl != clWord {
				ok = false
				break
			}
			b.WriteString(p.text)
		}
		if !ok {
			continue
		}
		s := b.String()
		if v, ok := vocabulary[s]; ok {
			if v.kind != tkStop {
				*out = append(*out, token{v.canon, v.kind})
			}
			return i + l
		}
		if c, ok := n.alias(s); ok {
			*out = append(*out, token{c, tkPlace})
			return i + l
		}
		// "Tumenshi", "Hunchunsi", "Tumencity" written as one word.
		for _, suf := range []string{"shi", "si", "city"} {
			if stem, cut := strings.CutSuffix(s, suf); cut && stem != "" {
				if c, ok := n.alias(stem); ok {
					*out = append(*out, token{c, tkPlace})
					return i + l
				}
			}
		}
	}
	*out = append(*out, token{pieces[i].text, tkWord})
	return i + 1
}

// cjk segments an unspaced Han or Hangul run: at each position the longest
// vocabulary word or alias, else one character of residue. The residue of
// a run is one token (the distinctive part: "华荣水产" of "图们华荣水产厂").
func (n *Normalizer) cjk(run string, cl class, out []token) []token {
	// Byte offsets of the runes, so that candidate words are substrings of
	// run (no allocation per look-up).
	offs := n.offs[:0]
	for i := range run {
		offs = append(offs, i)
	}
	offs = append(offs, len(run))
	n.offs = offs
	var residue strings.Builder
	nr := len(offs) - 1
	for p := 0; p < nr; {
		l, t, ok := n.cjkMatch(run, offs[p:], cl)
		if !ok {
			residue.WriteString(run[offs[p]:offs[p+1]])
			p++
			continue
		}
		if t.kind != tkStop {
			out = append(out, t)
		}
		p += l
	}
	if residue.Len() == 0 {
		return out
	}
	r := residue.String()
	if v, ok := vocabulary[r]; ok { // a stop word standing alone: "号", "시"
		if v.kind != tkStop {
			out = append(out, token{v.canon, v.kind})
		}
		return out
	}
	if slices.Contains(hanSuffixes, r) {
		return out
	}
	return append(out, token{r, tkWord})
}

// cjkMatch finds the longest word at the start of run[offs[0]:], where offs
// are the byte offsets of the following runes and the end. Single
// characters match only as Han kind words (厂, 矿): single-character stop
// words such as 市 or 시 are too often part of a longer word, so they are
// dropped only when they stand alone or follow a place.
func (n *Normalizer) cjkMatch(run string, offs []int, cl class) (int, token, bool) {
	for l := min(maxHanWord, len(offs)-1); l >= 1; l-- {
		s := run[offs[0]:offs[l]]
		if v, ok := vocabulary[s]; ok && (l > 1 || (cl == clHan && v.kind == tkKind)) {
			return l, token{v.canon, v.kind}, true
		}
		if l < 2 || n.Aliases == nil {
			continue
		}
		if c, ok := n.alias(s); ok {
			return l, token{c, tkPlace}, true
		}
		if l < 3 {
			continue // a stem needs two characters
		}
		last := run[offs[l-1]:offs[l]]
		if slices.Contains(hanSuffixes, last) {
			if c, ok := n.alias(run[offs[0]:offs[l-1]]); ok {
				return l, token{c, tkPlace}, true
			}
		}
	}
	return 0, token{}, false
}

// distinctive reports whether a token tells sites apart (a brand, a
// number, a place) rather than saying what kind of site it is.
func (k tokKind) distinctive() bool { return k == tkWord || k == tkNumber || k == tkPlace }

// keysOf formats tokens as the full key and the distinctive key: each the
// sorted, de-duplicated token texts joined by single spaces.
func keysOf(ts []token) (full, dist string) {
	all := make([]string, 0, len(ts))
	var d []string
	for _, t := range ts {
		all = append(all, t.text)
		if t.kind.distinctive() {
			d = append(d, t.text)
		}
	}
	slices.Sort(all)
	slices.Sort(d)
	return strings.Join(slices.Compact(all), " "), strings.Join(slices.Compact(d), " ")
}

// NameKeys returns the keys of a name: first the full key (every token,
// kind words and concepts as "#factory", "#kp"), then, when it differs and
// is not empty, the distinctive key (kind words and concepts left out).
// Keys are sorted tokens joined by one space, so word order does not
// matter; punctuation and other spacing is gone. A key is its own key:
// NameKeys(k)[0] == k for the full key k. An empty or all-punctuation name
// has no keys.
func (n *Normalizer) NameKeys(name string) []string {
	full, dist := keysOf(n.tokens(name))
	// Re-reading a key can find a phrase its sorting brought together
	// ("kong hong" → "hong kong"); read until stable so keys are fixed points.
	for range 4 {
		f2, d2 := keysOf(n.tokens(full))
		if f2 == full {
			break
		}
		full, dist = f2, d2
	}
	switch {
	case full == "":
		return nil
	case dist == "" || dist == full:
		return []string{full}
	}
	return []string{full, dist}
}

// NameKeys returns the keys of a name without place aliases; see
// Normalizer.NameKeys.
func NameKeys(name string) []string { return (&Normalizer{}).NameKeys(name) }
