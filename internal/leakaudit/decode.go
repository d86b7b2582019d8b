package leakaudit

import (
	"bytes"
	"unicode/utf8"
)

// triggerByte starts an escape of each encoding.
var triggerByte = [...]byte{encRaw: 0, encJSON: '\\', encXML: '&', encCSV: '"'}

// An encoding undoes one way formats write text, so that the secret can be
// searched for as itself. Each runs over the whole file (not only inside
// strings): a few more matches by chance are the price of not trusting the
// writer about where its strings are.
type encoding int

const (
	encRaw  encoding = iota // UTF-8 as is (CSV, GPX, KML text, SQLite pages)
	encJSON                 // \uXXXX (and surrogate pairs), \/, \", \\, \n…
	encXML                  // &amp; &lt; &#233; &#xE9; …
	encCSV                  // "" inside a quoted field
)

var encodingNames = [...]string{encRaw: "UTF-8", encJSON: "JSON-escaped", encXML: "XML entities", encCSV: "CSV-quoted"}

func (e encoding) String() string { return encodingNames[e] }

// lookahead is the most bytes one escape takes (a JSON surrogate pair:
// \uD83D\uDE00; "&#x10FFFF;" is 10).
const lookahead = 12

// decode appends to out the decoded bytes of in, and to offs the offset
// (base + index in in) each came from: an escape's bytes all come from its
// first byte. It stops before an escape that may be cut by the end of in
// unless final, and returns how much of in it consumed.
func (e encoding) decode(in []byte, base int64, final bool, out []byte, offs []int64) ([]byte, []int64, int) {
	i := 0
	emit := func(b []byte, at int) {
		for _, c := range b {
			out = append(out, c)
			offs = append(offs, base+int64(at))
		}
	}
	var rb [utf8.UTFMax]byte
	t := triggerByte[e]
	for i < len(in) {
		// Copy up to the next escape in one go.
		j := bytes.IndexByte(in[i:], t)
		if j < 0 {
			j = len(in) - i
		}
		if j > 0 {
			out = append(out, in[i:i+j]...)
			for k := i; k < i+j; k++ {
				offs = append(offs, base+int64(k))
			}
			i += j
			continue
		}
		c := in[i]
		if !final && len(in)-i < lookahead {
			return out, offs, i
		}
		var r rune
		n := 0
		switch e {
		case encJSON:
			r, n = jsonEscape(in[i:])
		case encXML:
			r, n = xmlEntity(in[i:])
		case encCSV:
			if i+1 < len(in) && in[i+1] == '"' {
				r, n = '"', 2
			}
		}
		if n == 0 {
			out = append(out, c)
			offs = append(offs, base+int64(i))
			i++
			continue
		}
		k := utf8.EncodeRune(rb[:], r)
		emit(rb[:k], i)
		i += n
	}
	return out, offs, i
}

// jsonEscape reads the escape at the start of b ('\\' first) and returns
// the rune and its length, or 0 when it is not one.
func jsonEscape(b []byte) (rune, int) {
	if len(b) < 2 {
		return 0, 0
	}
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		u, ok := hex4(b[2:])
		if !ok {
			return 0, 0
		}
		if 0xD800 <= u && u < 0xDC00 && len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
			if l, ok := hex4(b[8:]); ok && 0xDC00 <= l && l < 0xE000 {
				return 0x10000 + (u-0xD800)<<10 + (l - 0xDC00), 12
			}
		}
		if 0xD800 <= u && u < 0xE000 {
			return utf8.RuneError, 6
		}
		return u, 6
	}
	return 0, 0
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		d, ok := hexDigit(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | d
	}
	return r, true
}

func hexDigit(c byte) (rune, bool) {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0'), true
	case 'a' <= c && c <= 'f':
		return rune(c-'a') + 10, true
	case 'A' <= c && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

// xmlEntity reads the entity at the start of b ('&' first).
func xmlEntity(b []byte) (rune, int) {
	end := -1
	for i := 1; i < len(b) && i < lookahead; i++ {
		if b[i] == ';' {
			end = i
			break
		}
	}
	if end < 2 {
		return 0, 0
	}
	name := b[1:end]
	switch string(name) {
	case "amp":
		return '&', end + 1
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "quot":
		return '"', end + 1
	case "apos":
		return '\'', end + 1
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, 0
	}
	var r rune
	digits := name[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		digits = digits[1:]
		if len(digits) == 0 {
			return 0, 0
		}
		for _, c := range digits {
			d, ok := hexDigit(c)
			if !ok || r > 0x10FFFF {
				return 0, 0
			}
			r = r<<4 | d
		}
	} else {
		for _, c := range digits {
			if c < '0' || c > '9' || r > 0x10FFFF {
				return 0, 0
			}
			r = r*10 + rune(c-'0')
		}
	}
	if r > 0x10FFFF {
		return 0, 0
	}
	return r, end + 1
}
