package geoio

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
)

// This file splits a GeoJSON stream into the raw bytes of one feature at a
// time without decoding them. It tracks only what it must to find where a
// value ends (strings, escapes, bracket nesting) and the line and column,
// so it runs at several hundred MB/s on one goroutine while workers decode
// the features it hands out. Memory holds one read buffer plus the largest
// single feature, never the file.

// rawRecord is one unit of work for a decoder: a feature's bytes, or a
// warning or fatal problem the scanner found between features.
type rawRecord struct {
	index int // feature or record index
	line  int // 1-based line of the first byte
	col   int // 1-based byte column of the first byte
	inFC  bool
	csv   bool // a CSV row: index is its line
	kml   bool // a KML Placemark: index is its Placemark index
	// noun, when set, is what the record is ("waypoint"): for messages
	// about it with no name or no geometry.
	noun    string
	nounNum int // its 1-based number among its kind: "Unnamed waypoint 3"
	data    []byte
	// segs maps offsets of a reassembled top-level object back to the file.
	segs  []segment
	warn  *Problem
	fatal *Problem
	// label, when set, names the record in messages instead (a GeoPackage
	// row: "sites: feature 12 (fid 13)").
	label string
}

// segment says that data[off:] came from the file at line, col.
type segment struct {
	off, line, col int
}

// where names the record in messages.
func (r *rawRecord) where() string {
	if r.label != "" {
		return r.label
	}
	if r.kml {
		return kmlWhere(r.index, r.line)
	}
	if r.inFC {
		return where(true, r.index)
	}
	return where(false, r.line)
}

// position converts an offset in r.data to a file line and column.
func (r *rawRecord) position(off int) (line, col int) {
	seg := segment{0, r.line, r.col}
	for _, s := range r.segs {
		if s.off <= off {
			seg = s
		}
	}
	if off > len(r.data) {
		off = len(r.data)
	}
	part := r.data[seg.off:off]
	nl := bytes.Count(part, []byte{'\n'})
	if nl == 0 {
		return seg.line, seg.col + len(part)
	}
	return seg.line + nl, len(part) - bytes.LastIndexByte(part, '\n')
}

type scanner struct {
	file   string
	r      io.Reader
	buf    []byte
	pos    int
	end    int
	base   int64 // file offset of buf[0]
	eof    bool
	rerr   error
	line   int
	lastNL int64 // file offset of the last newline before pos
	seq    bool
	depth  []byte
	p      parser // for the small top-level members
	emit   func(rawRecord) bool
}

type member struct {
	key        string
	rawKey     []byte
	raw        []byte
	line, col  int
	vline, vcl int
}

func newScanner(file string, r io.Reader, seq bool, emit func(rawRecord) bool) *scanner {
	return &scanner{file: file, r: r, buf: make([]byte, 256<<10), line: 1, lastNL: -1, seq: seq, emit: emit}
}

func (s *scanner) col() int { return int(s.base + int64(s.pos) - s.lastNL) }

// fill reads more input, keeping buf[pos:end]. It returns false at the end
// of input or on a read error.
func (s *scanner) fill() bool {
	if s.eof {
		return false
	}
	if s.pos > 0 {
		copy(s.buf, s.buf[s.pos:s.end])
		s.base += int64(s.pos)
		s.end -= s.pos
		s.pos = 0
	}
	if s.end == len(s.buf) {
		if 2*len(s.buf) > MaxValueBytes {
			// One value (a feature, a string) bigger than this is an
			// endless string from a pipe or a hostile file, not a site:
			// growing the buffer without a cap ran Go out of memory.
			s.eof = true
			s.rerr = &valueTooBigError{line: s.line}
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// peek returns the byte at pos, reading more if needed.
func (s *scanner) peek() (byte, bool) {
	if s.pos >= s.end && !s.fill() {
		return 0, false
	}
	return s.buf[s.pos], true
}

// advance moves past n bytes, counting lines.
func (s *scanner) advance(n int) {
	part := s.buf[s.pos : s.pos+n]
	if nl := bytes.Count(part, []byte{'\n'}); nl > 0 {
		s.line += nl
		s.lastNL = s.base + int64(s.pos+bytes.LastIndexByte(part, '\n'))
	}
	s.pos += n
}

func (s *scanner) skipWS() {
	for {
		for s.pos < s.end {
			switch s.buf[s.pos] {
			case '\n':
				s.line++
				s.lastNL = s.base + int64(s.pos)
			case ' ', '\t', '\r':
			case 0x1E:
				if !s.seq {
					return
				}
			default:
				return
			}
			s.pos++
		}
		if !s.fill() {
			return
		}
	}
}

// syntax returns a fatal invalid-JSON problem at the current position plus
// rel bytes (on the current line).
func (s *scanner) syntax(rel int, msg string) *Problem {
	if tb, ok := s.rerr.(*valueTooBigError); ok {
		return &Problem{File: s.file, Where: fmt.Sprintf("line %d", tb.line), Index: -1, Fatal: true, Code: CodeTooBig, Message: tb.Error()}
	}
	line, col := s.line, s.col()
	part := s.buf[s.pos:min(s.pos+rel, s.end)]
	if nl := bytes.Count(part, []byte{'\n'}); nl > 0 {
		line += nl
		col = len(part) - bytes.LastIndexByte(part, '\n')
	} else {
		col += len(part)
	}
	return &Problem{File: s.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1,
		Message: msg, Fatal: true, Code: CodeInvalidJSON}
}

// skipValue returns the length of the JSON value starting at pos, reading
// as much input as it needs. It checks only bracket matching; the decoder
// checks the rest.
func (s *scanner) skipValue() (int, *Problem) {
	c0, ok := s.peek()
	if !ok {
		return 0, s.syntax(0, "unexpected end of input, expected a value")
	}
	j := 0
	if c0 != '{' && c0 != '[' && c0 != '"' {
		for {
			for s.pos+j < s.end {
				switch s.buf[s.pos+j] {
				case ',', ']', '}', ' ', '\n', '\r', '\t', '{', '[', '"', ':':
					if j == 0 {
						return 0, s.syntax(0, "unexpected "+describeByte(s.buf[s.pos:s.end], 0)+", expected a value")
					}
					return j, nil
				}
				j++
			}
			if !s.fill() {
				return j, nil
			}
		}
	}
	depth := s.depth[:0]
	inStr, esc := false, false
	for {
		b := s.buf[s.pos:s.end]
		for ; j < len(b); j++ {
			c := b[j]
			if inStr {
				if esc {
					esc = false
					continue
				}
				// Most string bytes are plain: skip them in a tight loop.
				for c != '"' && c != '\\' && c != '\n' {
					j++
					if j == len(b) {
						break
					}
					c = b[j]
				}
				switch {
				case j == len(b):
					j-- // all plain up to the end; the loop's j++ makes it len(b)
				case c == '\\':
					esc = true
				case c == '"':
					inStr = false
					if len(depth) == 0 {
						return j + 1, nil
					}
				default:
					return 0, s.syntax(j, "line break inside a string (is a closing quote missing?)")
				}
				continue
			}
			switch c {
			case '"':
				inStr = true
			case '{':
				depth = append(depth, '}')
			case '[':
				depth = append(depth, ']')
			case '}', ']':
				if len(depth) == 0 || depth[len(depth)-1] != c {
					want := "end of input"
					if len(depth) > 0 {
						want = "'" + string(depth[len(depth)-1]) + "'"
					}
					return 0, s.syntax(j, "unexpected '"+string(c)+"', expected ',' or "+want)
				}
				depth = depth[:len(depth)-1]
				if len(depth) == 0 {
					s.depth = depth
					return j + 1, nil
				}
			}
			if len(depth) > maxDepth {
				return 0, s.syntax(j, "nested too deeply")
			}
		}
		if !s.fill() {
			s.depth = depth
			what := "object"
			if c0 == '[' {
				what = "array"
			} else if c0 == '"' {
				what = "string"
			}
			return 0, s.syntax(0, "this "+what+" is not closed before the end of the file")
		}
	}
}

// run scans the whole input, calling emit for every record, and returns
// when the input ends, a fatal problem is found, or emit returns false.
func (s *scanner) run() {
	if p := s.scan(); p != nil {
		s.emit(rawRecord{index: -1, fatal: p})
	}
}

func (s *scanner) scan() *Problem {
	if s.fill() && s.end >= 3 && bytes.Equal(s.buf[:3], utf8BOM) {
		s.pos = 3
		s.lastNL = 2
	}
	records := 0
	for {
		s.skipWS()
		c, ok := s.peek()
		if !ok {
			break
		}
		if records > 0 && !s.seq {
			return s.syntax(0, "unexpected "+describeByte(s.buf[s.pos:s.end], 0)+" after the end of the GeoJSON object")
		}
		if c != '{' {
			if s.seq {
				if p := s.record(records); p != nil {
					return p
				}
				records++
				continue
			}
			if c == '[' {
				return s.syntax(0, "the file is a JSON array; GeoJSON must be an object (a FeatureCollection, Feature or Geometry)")
			}
			return s.syntax(0, "unexpected "+describeByte(s.buf[s.pos:s.end], 0)+", expected '{' starting a GeoJSON object")
		}
		fc, p := s.topObject(records)
		if p != nil {
			return p
		}
		records++
		if !fc && !s.seq {
			// Several Features one after the other: a newline-delimited
			// file with a .geojson name. Read it as a sequence.
			s.skipWS()
			if c, ok := s.peek(); ok && (c == '{' || c == 0x1E) {
				s.seq = true
			}
		}
	}
	if tb, ok := s.rerr.(*valueTooBigError); ok {
		return &Problem{File: s.file, Where: fmt.Sprintf("line %d", tb.line), Index: -1, Fatal: true, Code: CodeTooBig, Message: tb.Error()}
	}
	if s.rerr != nil {
		return &Problem{File: s.file, Index: -1, Fatal: true, Code: CodeIO, Message: s.rerr.Error()}
	}
	if records == 0 {
		return &Problem{File: s.file, Index: -1, Fatal: true, Code: CodeEmpty, Message: "the file is empty"}
	}
	return nil
}

// record emits the value at pos as a record of a sequence.
func (s *scanner) record(index int) *Problem {
	line, col := s.line, s.col()
	n, p := s.skipValue()
	if p != nil {
		return p
	}
	rec := rawRecord{index: index, line: line, col: col, data: s.buf[s.pos : s.pos+n]}
	s.advance(n)
	if !s.emit(rec) {
		return errStopped
	}
	return nil
}

// errStopped ends scanning when the reader is closed; it is never shown.
var errStopped = &Problem{Fatal: true, Message: "stopped"}

// topObject reads a top-level object member by member. A "features" array
// is streamed element by element; any other object is reassembled and
// emitted as one record. It reports whether the object was a
// FeatureCollection.
func (s *scanner) topObject(index int) (bool, *Problem) {
	startLine, startCol := s.line, s.col()
	s.advance(1) // '{'
	var members []member
	streamed := false
	var typ string
	nfeat := 0
	for first := true; ; first = false {
		s.skipWS()
		c, ok := s.peek()
		if !ok {
			return false, s.syntax(0, "unexpected end of input: the object at line "+strconv.Itoa(startLine)+" is not closed")
		}
		if c == '}' && first {
			s.advance(1)
			break
		}
		if c != '"' {
			return false, s.syntax(0, "unexpected "+describeByte(s.buf[s.pos:s.end], 0)+", expected a quoted member name")
		}
		kline, kcol := s.line, s.col()
		n, p := s.skipValue()
		if p != nil {
			return false, p
		}
		rawKey := append([]byte(nil), s.buf[s.pos:s.pos+n]...)
		key := string(unescape(rawKey[1 : len(rawKey)-1]))
		s.advance(n)
		s.skipWS()
		if c, ok := s.peek(); !ok || c != ':' {
			return false, s.syntax(0, "unexpected "+describeByte(s.buf[s.pos:s.end], 0)+" after a member name, expected ':'")
		}
		s.advance(1)
		s.skipWS()
		if key == "features" && streamed {
			// Another reader would take the second list, or the first:
			// either way half the file would be lost without a word.
			p := s.fatal(CodeWrongType, "a second \"features\" member: the FeatureCollection has two lists of features; keep one")
			p.Where = fmt.Sprintf("line %d", s.line)
			return false, p
		}
		if c, ok := s.peek(); ok && c == '[' && key == "features" && !streamed {
			if typ != "" && typ != "FeatureCollection" {
				return false, s.fatal(CodeNotGeoJSON, fmt.Sprintf("the top-level object has type %q but a \"features\" array; expected \"FeatureCollection\"", typ))
			}
			streamed = true
			var p *Problem
			if nfeat, p = s.features(); p != nil {
				return false, p
			}
		} else {
			vline, vcol := s.line, s.col()
			n, p := s.skipValue()
			if p != nil {
				return false, p
			}
			m := member{key: key, rawKey: rawKey, raw: append([]byte(nil), s.buf[s.pos:s.pos+n]...),
				line: kline, col: kcol, vline: vline, vcl: vcol}
			s.advance(n)
			switch key {
			case "type":
				if err := s.p.parse(m.raw); err == nil && s.p.nodes[0].kind == kString {
					typ = s.p.text(&s.p.nodes[0])
				}
				if streamed && typ != "FeatureCollection" {
					return false, s.fatal(CodeNotGeoJSON, fmt.Sprintf("the top-level object has type %q but a \"features\" array; expected \"FeatureCollection\"", typ))
				}
			case "bbox":
				// The bbox is ours to compute on export, but a broken one
				// (NaN, text) is a broken file: refuse it where it is, or
				// warn that a well-formed but wrong one is ignored.
				if err := s.p.parse(m.raw); err != nil {
					return false, &Problem{File: s.file, Where: fmt.Sprintf("line %d, column %d", vline, vcol), Index: -1, Fatal: true,
						Code: CodeInvalidJSON, Message: "bbox is not valid JSON (" + quoteRaw(m.raw) + "): " + err.Error()}
				}
				if why := badBBox(&s.p); why != "" && !s.emit(rawRecord{index: -1, warn: &Problem{File: s.file, Where: fmt.Sprintf("line %d", vline), Index: -1,
					Code: CodeProperty, Message: "bbox " + why + ": ignored (Site Atlas computes its own)"}}) {
					return false, errStopped
				}
			case "crs":
				if w, p := checkCRS(s.file, &s.p, m.raw); p != nil {
					return false, p
				} else if w != nil && !s.emit(rawRecord{index: -1, warn: w}) {
					return false, errStopped
				}
			}
			if key != "crs" { // checked; not worth keeping
				members = append(members, m)
			}
		}
		s.skipWS()
		c, ok = s.peek()
		switch {
		case ok && c == ',':
			s.advance(1)
		case ok && c == '}':
			s.advance(1)
			goto done
		case !ok:
			return false, s.syntax(0, "unexpected end of input: the object at line "+strconv.Itoa(startLine)+" is not closed")
		default:
			return false, s.syntax(0, "unexpected "+describeByte(s.buf[s.pos:s.end], 0)+" in an object, expected ',' or '}'")
		}
	}
done:
	if streamed {
		if typ == "" {
			s.emit(rawRecord{index: -1, warn: &Problem{File: s.file, Index: -1, Code: CodeNotGeoJSON,
				Message: "the top-level object has no \"type\"; read as a FeatureCollection"}})
		}
		_ = nfeat
		return true, nil
	}
	if typ == "FeatureCollection" {
		for _, m := range members {
			if m.key == "features" {
				s.p.parse(m.raw)
				k := "invalid JSON"
				if len(s.p.nodes) > 0 {
					k = s.p.nodes[0].kind.String()
				}
				return false, &Problem{File: s.file, Where: fmt.Sprintf("line %d, column %d", m.vline, m.vcl), Index: -1, Fatal: true,
					Code: CodeWrongType, Message: "features must be an array, got " + k}
			}
		}
		return false, &Problem{File: s.file, Index: -1, Fatal: true, Code: CodeWrongType,
			Message: "the FeatureCollection has no \"features\" array"}
	}
	// A Feature or a bare Geometry: put the object back together.
	rec := rawRecord{index: index, line: startLine, col: startCol}
	data := []byte{'{'}
	for i, m := range members {
		if i > 0 {
			data = append(data, ',')
		}
		rec.segs = append(rec.segs, segment{len(data), m.line, m.col})
		data = append(data, m.rawKey...)
		data = append(data, ':')
		rec.segs = append(rec.segs, segment{len(data), m.vline, m.vcl})
		data = append(data, m.raw...)
	}
	rec.data = append(data, '}')
	if !s.emit(rec) {
		return false, errStopped
	}
	return false, nil
}

func (s *scanner) fatal(code, msg string) *Problem {
	return &Problem{File: s.file, Index: -1, Fatal: true, Code: code, Message: msg}
}

// features streams the elements of a "features" array starting at pos.
func (s *scanner) features() (int, *Problem) {
	startLine := s.line
	s.advance(1) // '['
	s.skipWS()
	if c, ok := s.peek(); ok && c == ']' {
		s.advance(1)
		return 0, nil
	}
	for i := 0; ; i++ {
		line, col := s.line, s.col()
		n, p := s.skipValue()
		if p != nil {
			return i, p
		}
		if !s.emit(rawRecord{index: i, line: line, col: col, inFC: true, data: s.buf[s.pos : s.pos+n]}) {
			return i, errStopped
		}
		s.advance(n)
		s.skipWS()
		c, ok := s.peek()
		switch {
		case ok && c == ',':
			s.advance(1)
			s.skipWS()
		case ok && c == ']':
			s.advance(1)
			return i + 1, nil
		case !ok:
			return i, s.syntax(0, "unexpected end of input: the features array that starts at line "+strconv.Itoa(startLine)+" is not closed")
		default:
			return i, s.syntax(0, "unexpected "+describeByte(s.buf[s.pos:s.end], 0)+" after features["+strconv.Itoa(i)+"], expected ',' or ']'")
		}
	}
}

// MaxValueBytes caps one JSON value the reader holds at once: a feature, or
// a string in it. A setting for the rare genuine file beyond it.
var MaxValueBytes = 256 << 20

// valueTooBigError is a value that outgrew MaxValueBytes.
type valueTooBigError struct{ line int }

func (e *valueTooBigError) Error() string {
	return fmt.Sprintf("a single value starting here is larger than %d MB: refused (an endless string, or a feature too big to be a site)", MaxValueBytes>>20)
}

// badBBox says what is wrong with the parsed bbox, or "".
func badBBox(p *parser) string {
	root := &p.nodes[0]
	if root.kind != kArray || (root.n != 4 && root.n != 6) {
		return "is not an array of 4 or 6 numbers"
	}
	for i := 0; i < int(root.n); i++ {
		if p.child(root, i).kind != kNumber {
			return "is not an array of 4 or 6 numbers"
		}
	}
	return ""
}
