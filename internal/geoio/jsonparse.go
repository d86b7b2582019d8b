package geoio

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// This file is a small JSON parser that builds a flat tree of byte ranges.
// encoding/json decodes at ~12–15 MB/s, far too slow for a million features;
// this parser does one pass, allocates nothing per value once its arena has
// grown, and reports errors by byte offset so that we can say "line 3,
// column 12". It also tells apart the mistakes people really make (NaN,
// Infinity, invalid UTF-8) from plain syntax errors.

type kind uint8

const (
	kNull kind = iota
	kFalse
	kTrue
	kNumber
	kString
	kArray
	kObject
)

func (k kind) String() string {
	switch k {
	case kNull:
		return "null"
	case kFalse, kTrue:
		return "boolean"
	case kNumber:
		return "number"
	case kString:
		return "string"
	case kArray:
		return "array"
	case kObject:
		return "object"
	}
	return "?"
}

// node is one JSON value. For strings, start:end is the content without the
// quotes; for other kinds it is the whole value. Arrays and objects list
// their children in parser.kids[first:first+n]; an object's children are
// key, value, key, value….
type node struct {
	kind   kind
	esc    bool // string contains escapes
	start  int32
	end    int32
	first  int32
	n      int32
	rstart int32 // raw start (the opening quote for strings)
}

// syntaxError is a JSON error at a byte offset of the parsed input. soft
// errors (NaN, invalid UTF-8, a number out of range) spoil one feature but
// leave the structure of the file intact, so reading can go on.
type syntaxError struct {
	off  int
	msg  string
	soft bool
	code string
}

func (e *syntaxError) Error() string { return e.msg }

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 512

// parser parses one JSON document at a time, reusing its arena.
type parser struct {
	data  []byte
	nodes []node
	kids  []int32
	stack []int32
	err   *syntaxError
}

// parse parses data as exactly one JSON value and returns the root node's
// index (always 0).
func (p *parser) parse(data []byte) error {
	p.data = data
	p.nodes = p.nodes[:0]
	p.kids = p.kids[:0]
	p.stack = p.stack[:0]
	p.err = nil
	if len(data) > 1<<31-1 {
		return &syntaxError{off: 0, msg: "value larger than 2 GB"}
	}
	i := p.skipWS(0)
	i = p.value(i, 0)
	if p.err != nil {
		return p.err
	}
	i = p.skipWS(i)
	if i < len(data) {
		p.fail(i, "unexpected "+describeByte(data, i)+" after the end of the value")
		return p.err
	}
	return nil
}

func (p *parser) fail(off int, msg string) int {
	if p.err == nil {
		p.err = &syntaxError{off: off, msg: msg, code: "invalid-json"}
	}
	return len(p.data) + 1
}

func (p *parser) soft(off int, code, msg string) int {
	if p.err == nil {
		p.err = &syntaxError{off: off, msg: msg, soft: true, code: code}
	}
	return len(p.data) + 1
}

func (p *parser) skipWS(i int) int {
	for i < len(p.data) {
		switch p.data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// describeByte names the byte at i for an error message.
func describeByte(data []byte, i int) string {
	if i >= len(data) {
		return "end of input"
	}
	c := data[i]
	if c >= 0x20 && c < 0x7f {
		return strconv.Quote(string(c))
	}
	r, _ := utf8.DecodeRune(data[i:])
	if r == utf8.RuneError {
		return "byte 0x" + strconv.FormatUint(uint64(c), 16)
	}
	return strconv.QuoteRune(r)
}

func (p *parser) value(i, depth int) int {
	if p.err != nil {
		return i
	}
	if i >= len(p.data) {
		return p.fail(i, "unexpected end of input, expected a value")
	}
	if depth > maxDepth {
		return p.fail(i, "nested too deeply")
	}
	switch c := p.data[i]; c {
	case '{':
		return p.object(i, depth)
	case '[':
		return p.array(i, depth)
	case '"':
		return p.str(i)
	case 't':
		return p.literal(i, "true", kTrue)
	case 'f':
		return p.literal(i, "false", kFalse)
	case 'n':
		return p.literal(i, "null", kNull)
	case 'N':
		if hasPrefix(p.data[i:], "NaN") {
			return p.soft(i, "not-finite", "NaN is not a JSON number; coordinates must be finite numbers")
		}
	case 'I':
		if hasPrefix(p.data[i:], "Infinity") {
			return p.soft(i, "not-finite", "Infinity is not a JSON number; coordinates must be finite numbers")
		}
	case '-':
		if hasPrefix(p.data[i:], "-Infinity") {
			return p.soft(i, "not-finite", "-Infinity is not a JSON number; coordinates must be finite numbers")
		}
		return p.number(i)
	default:
		if c >= '0' && c <= '9' {
			return p.number(i)
		}
	}
	return p.fail(i, "unexpected "+describeByte(p.data, i)+", expected a value")
}

func hasPrefix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[:len(s)]) == s
}

func (p *parser) add(n node) int32 {
	p.nodes = append(p.nodes, n)
	return int32(len(p.nodes) - 1)
}

func (p *parser) literal(i int, word string, k kind) int {
	if !hasPrefix(p.data[i:], word) {
		return p.fail(i, "unexpected "+describeByte(p.data, i)+", expected a value")
	}
	p.add(node{kind: k, start: int32(i), end: int32(i + len(word)), rstart: int32(i)})
	return i + len(word)
}

func (p *parser) number(i int) int {
	d := p.data
	start := i
	if d[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(d) && d[i] == '0' {
		i++
	} else if !digits() {
		return p.fail(i, "unexpected "+describeByte(d, i)+" in a number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			return p.fail(i, "unexpected "+describeByte(d, i)+" in a number: expected a digit after '.'")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			return p.fail(i, "unexpected "+describeByte(d, i)+" in a number: expected a digit in the exponent")
		}
	}
	p.add(node{kind: kNumber, start: int32(start), end: int32(i), rstart: int32(start)})
	return i
}

func (p *parser) str(i int) int {
	d := p.data
	start := i
	i++
	esc := false
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			p.add(node{kind: kString, esc: esc, start: int32(start + 1), end: int32(i), rstart: int32(start)})
			return i + 1
		case c == '\\':
			esc = true
			if i+1 >= len(d) {
				return p.fail(i, "unexpected end of input in a string")
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= len(d) || !isHex(d[i+k]) {
						return p.fail(i, `invalid \u escape in a string: expected 4 hexadecimal digits`)
					}
				}
				i += 6
			default:
				return p.fail(i, "invalid escape \\"+string(rune(d[i+1]))+" in a string")
			}
		case c < 0x20:
			if c == '\n' {
				return p.fail(i, "line break inside a string (is a closing quote missing?)")
			}
			return p.fail(i, "control character 0x"+strconv.FormatUint(uint64(c), 16)+" inside a string (escape it)")
		case c < 0x80:
			i++
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 {
				return p.soft(i, "invalid-utf8", "invalid UTF-8 in a string: save the file as UTF-8 (it may be in GBK, EUC-KR, Shift-JIS or Latin-1)")
			}
			i += size
		}
	}
	return p.fail(start, "string is not closed")
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (p *parser) array(i, depth int) int {
	start := i
	self := p.add(node{kind: kArray, start: int32(i), rstart: int32(i)})
	base := len(p.stack)
	i = p.skipWS(i + 1)
	if i < len(p.data) && p.data[i] == ']' {
		i++
	} else {
		for {
			p.stack = append(p.stack, int32(len(p.nodes)))
			i = p.value(i, depth+1)
			if p.err != nil {
				return i
			}
			i = p.skipWS(i)
			if i >= len(p.data) {
				return p.fail(start, "array is not closed (expected ']')")
			}
			if p.data[i] == ',' {
				i = p.skipWS(i + 1)
				continue
			}
			if p.data[i] == ']' {
				i++
				break
			}
			return p.fail(i, "unexpected "+describeByte(p.data, i)+" in an array, expected ',' or ']'")
		}
	}
	p.close(self, base, i)
	return i
}

func (p *parser) close(self int32, base, end int) {
	n := &p.nodes[self]
	n.first = int32(len(p.kids))
	n.n = int32(len(p.stack) - base)
	n.end = int32(end)
	p.kids = append(p.kids, p.stack[base:]...)
	p.stack = p.stack[:base]
}

func (p *parser) object(i, depth int) int {
	start := i
	self := p.add(node{kind: kObject, start: int32(i), rstart: int32(i)})
	base := len(p.stack)
	i = p.skipWS(i + 1)
	if i < len(p.data) && p.data[i] == '}' {
		i++
	} else {
		for {
			if i >= len(p.data) {
				return p.fail(start, "object is not closed (expected '}')")
			}
			if p.data[i] != '"' {
				return p.fail(i, "unexpected "+describeByte(p.data, i)+" in an object, expected a quoted member name")
			}
			p.stack = append(p.stack, int32(len(p.nodes)))
			i = p.str(i)
			if p.err != nil {
				return i
			}
			i = p.skipWS(i)
			if i >= len(p.data) || p.data[i] != ':' {
				return p.fail(i, "unexpected "+describeByte(p.data, i)+" after a member name, expected ':'")
			}
			i = p.skipWS(i + 1)
			p.stack = append(p.stack, int32(len(p.nodes)))
			i = p.value(i, depth+1)
			if p.err != nil {
				return i
			}
			i = p.skipWS(i)
			if i >= len(p.data) {
				return p.fail(start, "object is not closed (expected '}')")
			}
			if p.data[i] == ',' {
				i = p.skipWS(i + 1)
				continue
			}
			if p.data[i] == '}' {
				i++
				break
			}
			return p.fail(i, "unexpected "+describeByte(p.data, i)+" in an object, expected ',' or '}'")
		}
	}
	p.close(self, base, i)
	return i
}

// child returns the i-th child of node n.
func (p *parser) child(n *node, i int) *node {
	return &p.nodes[p.kids[int(n.first)+i]]
}

// raw returns the bytes of n as they appear in the input (with quotes for
// strings).
func (p *parser) raw(n *node) []byte {
	if n.kind == kString {
		return p.data[n.rstart : n.end+1]
	}
	return p.data[n.start:n.end]
}

// keyIs reports whether string node n equals s.
func (p *parser) keyIs(n *node, s string) bool {
	if !n.esc {
		return string(p.data[n.start:n.end]) == s
	}
	return p.text(n) == s
}

// get returns the value of member key in object n, or nil.
func (p *parser) get(n *node, key string) *node {
	for i := 0; i+1 < int(n.n); i += 2 {
		if p.keyIs(p.child(n, i), key) {
			return p.child(n, i+1)
		}
	}
	return nil
}

// view returns string node n's value without copying when it has no
// escapes. The result is valid only while the parsed input is: use it for
// comparisons and lookups, never store it.
func (p *parser) view(n *node) string {
	if n.esc {
		return p.text(n)
	}
	b := p.data[n.start:n.end]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// text returns the decoded string value of string node n.
func (p *parser) text(n *node) string {
	b := p.data[n.start:n.end]
	if !n.esc {
		return string(b)
	}
	return string(unescape(b))
}

// float parses number node n. The input has passed the JSON number grammar,
// so ParseFloat fails only on range.
func (p *parser) float(n *node) (float64, bool) {
	b := p.data[n.start:n.end]
	f, err := strconv.ParseFloat(unsafe.String(unsafe.SliceData(b), len(b)), 64)
	return f, err == nil
}

// unescape decodes the JSON escapes in b; invalid surrogates become U+FFFD
// as in encoding/json.
func unescape(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			break
		}
		switch b[i+1] {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(b[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(b) && b[i] == '\\' && b[i+1] == 'u' {
					if r2 := utf16.DecodeRune(r, hex4(b[i+2:])); r2 != utf8.RuneError {
						i += 6
						out = utf8.AppendRune(out, r2)
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default: // '"', '\\', '/'
			out = append(out, b[i+1])
		}
		i += 2
	}
	return out
}

func hex4(b []byte) rune {
	var r rune
	for k := 0; k < 4 && k < len(b); k++ {
		c := b[k]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// compact appends raw JSON (already validated) to dst without insignificant
// whitespace, so that values kept in Site.Extra are written back the same
// way whatever the input's indentation.
func compact(dst, raw []byte) []byte {
	in := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if in {
			dst = append(dst, c)
			if c == '\\' && i+1 < len(raw) {
				i++
				dst = append(dst, raw[i])
			} else if c == '"' {
				in = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			in = true
		}
		dst = append(dst, c)
	}
	return dst
}
