package geoio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

// The CSV reader turns each row into the GeoJSON Feature it stands for and
// hands that to the same decoder the GeoJSON reader uses, so that property
// mapping, validation and messages are the same for both formats. CSV files
// are rarely big enough for this to matter for speed.

var (
	latNames = []string{"lat", "latitude", "y"}
	lonNames = []string{"lon", "lng", "long", "longitude", "x"}
	wktNames = []string{"wkt", "geometry", "the_geom", "geom"}
)

type csvReader struct {
	file    string
	r       *csv.Reader
	header  []string
	keys    []string // JSON property name per column ("" = special)
	lat     int
	lon     int
	wkt     int
	id      int
	extra   int // our CSV writer's "extra" column: a JSON object
	srcURLs int
	decimal bool // ';'-separated: accept 42,97 as 42.97
	ours    bool // the header is our CSV writer's: cells may carry its formula guard
	dec     *decoder
	warn    warnings
	fatal   *Problem
	jw      jsonWriter
}

func newCSVReader(file string, br *bufio.Reader) (Reader, error) {
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	head, _ := br.Peek(sniffSize)
	var src io.Reader = br
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		// Classic Mac line ends (CR only): read as one line, such a file
		// imported 0 sites with exit 0.
		src = crToLF{br}
		head = bytes.ReplaceAll(head, []byte{'\r'}, []byte{'\n'})
	}
	comma := sniffDelimiter(head)
	r := csv.NewReader(src)
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.LazyQuotes = true // real files have stray quotes; keep the text
	r.ReuseRecord = true
	c := &csvReader{file: file, r: r, lat: -1, lon: -1, wkt: -1, id: -1, extra: -1, srcURLs: -1,
		decimal: comma == ';', warn: warnings{file: file}}
	c.dec = newDecoder(file, seedForCSV)
	hdr, err := r.Read()
	if err == io.EOF {
		return nil, &Problem{File: file, Index: -1, Fatal: true, Code: CodeEmpty, Message: "the file is empty"}
	}
	if err != nil {
		return nil, c.csvError(err)
	}
	c.header = make([]string, len(hdr))
	c.keys = make([]string, len(hdr))
	for i, h := range hdr {
		if !utf8.ValidString(h) {
			return nil, &Problem{File: file, Where: "line 1", Index: 1, Fatal: true, Code: CodeInvalidUTF8,
				Message: "invalid UTF-8 in the header: save the file as UTF-8 (it may be in GBK, EUC-KR, Shift-JIS or Latin-1)"}
		}
		h = strings.TrimSpace(h)
		c.header[i] = h
		low := strings.ToLower(h)
		switch {
		case c.lat < 0 && contains(latNames, low):
			c.lat = i
		case c.lon < 0 && contains(lonNames, low):
			c.lon = i
		case c.wkt < 0 && contains(wktNames, low):
			c.wkt = i
		case c.id < 0 && low == "id":
			c.id = i
		case c.extra < 0 && low == "extra":
			c.extra = i
		case c.srcURLs < 0 && low == "source_urls":
			c.srcURLs = i
		default:
			// Known names match in any case ("Category"); the spellings
			// of "name" other tools use are kept as written.
			c.keys[i] = h
			if _, ok := lookupProp(low); ok && nameRank(h) < 0 {
				c.keys[i] = low
			}
		}
	}
	c.ours = slices.Equal(c.header, csvColumns)
	if (c.lat < 0) != (c.lon < 0) {
		have, want := "latitude", "longitude (lon, lng, long, longitude or x)"
		if c.lat < 0 {
			have, want = "longitude", "latitude (lat, latitude or y)"
		}
		return nil, &Problem{File: file, Where: "line 1", Index: 1, Fatal: true, Code: CodeCSV,
			Message: fmt.Sprintf("the header has a %s column but no %s column", have, want)}
	}
	if c.lat < 0 && c.wkt < 0 {
		c.warn.add(Problem{File: file, Where: "line 1", Index: 1, Code: CodeNullGeometry,
			Message: "no lat/lon or WKT column (looked for lat, latitude, y / lon, lng, long, longitude, x / wkt, geometry, the_geom); sites are imported unplaced"})
	}
	return c, nil
}

var seedForCSV = maphash.MakeSeed()

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// sniffDelimiter picks ',', ';' or TAB: whichever occurs most often outside
// quotes in the first line (',' on a tie).
func sniffDelimiter(head []byte) rune {
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	var n [3]int
	in := false
	for _, c := range head {
		switch c {
		case '"':
			in = !in
		case ',':
			if !in {
				n[0]++
			}
		case ';':
			if !in {
				n[1]++
			}
		case '\t':
			if !in {
				n[2]++
			}
		}
	}
	switch {
	case n[1] > n[0] && n[1] >= n[2]:
		return ';'
	case n[2] > n[0] && n[2] > n[1]:
		return '\t'
	}
	return ','
}

func (c *csvReader) csvError(err error) *Problem {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Problem{File: c.file, Where: fmt.Sprintf("line %d, column %d", pe.Line, pe.Column), Index: pe.Line,
			Fatal: true, Code: CodeCSV, Message: pe.Err.Error()}
	}
	return &Problem{File: c.file, Index: -1, Fatal: true, Code: CodeIO, Message: err.Error()}
}

// Next returns the next row as a site.
func (c *csvReader) Next() (Item, error) {
	if c.fatal != nil {
		return Item{}, c.fatal
	}
	for {
		row, err := c.r.Read()
		if err == io.EOF {
			return Item{}, io.EOF
		}
		if err != nil {
			c.fatal = c.csvError(err)
			return Item{}, c.fatal
		}
		line, _ := c.r.FieldPos(0)
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue // blank line
		}
		if last := row[len(row)-1]; len(row) < len(c.header) && strings.Contains(last, "\n") {
			// A quote opened and never closed swallows every following
			// row into one value: 100,002 rows read as one site.
			at, col := c.r.FieldPos(len(row) - 1)
			c.fatal = &Problem{File: c.file, Where: fmt.Sprintf("line %d, column %q", at, c.header[len(row)-1]), Index: at, Fatal: true, Code: CodeCSV,
				Message: fmt.Sprintf("a quote opened at character %d is never closed: the %d lines after it would be read as one value. Close the quote, or double a quote meant as text (\"\")", col, strings.Count(last, "\n"))}
			return Item{}, c.fatal
		}
		if c.ours {
			for i, v := range row {
				row[i] = restoreFormula(v)
			}
		}
		rec, p := c.feature(row, line)
		if p != nil {
			return Item{}, p
		}
		var res result
		c.dec.decode(rec, &res)
		if res.z {
			c.warn.addOnce(Problem{File: c.file, Index: -1, Code: CodeZDropped, Message: "Z values dropped: Site Atlas keeps longitude and latitude only"})
		}
		for _, w := range res.warns {
			if w.Code == CodeNullGeometry && c.lat < 0 && c.wkt < 0 {
				continue // said once for the whole file
			}
			c.warn.add(w)
		}
		if res.err != nil {
			res.err.Fatal = false
			return Item{}, res.err
		}
		return res.item, nil
	}
}

func (c *csvReader) rowProblem(line int, col, format string, args ...any) *Problem {
	where := fmt.Sprintf("line %d", line)
	if col != "" {
		where += fmt.Sprintf(", column %q", col)
	}
	return &Problem{File: c.file, Where: where, Index: line, Code: CodeBadNumber, Message: fmt.Sprintf(format, args...)}
}

// feature builds the GeoJSON Feature a row stands for.
func (c *csvReader) feature(row []string, line int) (*rawRecord, *Problem) {
	if len(row) > len(c.header) {
		return nil, &Problem{File: c.file, Where: fmt.Sprintf("line %d", line), Index: line, Code: CodeCSV,
			Message: fmt.Sprintf("has %d fields, the header has %d", len(row), len(c.header))}
	}
	for i, v := range row {
		if !utf8.ValidString(v) {
			p := c.rowProblem(line, c.header[i], "invalid UTF-8: save the file as UTF-8 (it may be in GBK, EUC-KR, Shift-JIS or Latin-1)")
			p.Code = CodeInvalidUTF8
			return nil, p
		}
	}
	cell := func(i int) string {
		if i < 0 || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(row[i])
	}
	w := &c.jw
	w.keepWinding = true
	w.b = append(w.b[:0], `{"type":"Feature"`...)
	if id := cell(c.id); id != "" {
		w.b = append(w.b, `,"id":`...)
		w.str(id)
	}
	w.b = append(w.b, `,"geometry":`...)
	switch {
	case c.lat >= 0 && (cell(c.lat) != "" || cell(c.lon) != ""):
		lat, p := c.number(row, c.lat, line)
		if p != nil {
			return nil, p
		}
		lon, p := c.number(row, c.lon, line)
		if p != nil {
			return nil, p
		}
		w.geometry(orb.Point{lon, lat})
	case c.wkt >= 0 && cell(c.wkt) != "":
		g, err := parseWKT(cell(c.wkt))
		if err != nil {
			p := c.rowProblem(line, c.header[c.wkt], "%v", err)
			p.Code = CodeBadGeometry
			return nil, p
		}
		w.geometry(g)
	default:
		w.b = append(w.b, "null"...)
	}
	w.b = append(w.b, `,"properties":{`...)
	f := fields{w: w, first: true}
	var urls []string
	if c.srcURLs >= 0 && c.srcURLs < len(row) {
		// Split before trimming: a last source without a URL ends the
		// cell in " | ", and trimming first would glue "|" to the URL.
		urls = strings.Split(row[c.srcURLs], " | ")
	}
	for i, key := range c.keys {
		v := cell(i)
		if key == "" || v == "" {
			continue
		}
		if key == "sources" {
			f.key(key)
			c.sources(v, urls)
			continue
		}
		if key == "observations" && !strings.HasPrefix(v, "[") {
			f.key(key)
			c.observations(v)
			continue
		}
		f.str(key, v)
	}
	if x := cell(c.extra); x != "" {
		if c.dec.p.parse([]byte(x)) != nil || c.dec.p.nodes[0].kind != kObject {
			f.str("extra", x)
		} else if inner := compact(nil, []byte(x)); len(inner) > 2 {
			if !f.first {
				w.b = append(w.b, ',')
			}
			f.first = false
			w.b = append(w.b, inner[1:len(inner)-1]...)
		}
	}
	w.b = append(w.b, "}}"...)
	return &rawRecord{index: line, line: line, col: 1, csv: true, data: w.b}, nil
}

// sources writes the "sources" column (titles joined by " | ", as the CSV
// writer writes it) as source objects, with URLs from "source_urls".
func (c *csvReader) sources(v string, urls []string) {
	w := &c.jw
	w.b = append(w.b, '[')
	for i, t := range strings.Split(v, " | ") {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		f := fields{w: w, first: true}
		w.b = append(w.b, '{')
		f.str("title", strings.TrimSpace(t))
		if i < len(urls) {
			f.str("url", strings.TrimSpace(urls[i]))
		}
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
}

// observations writes the "observations" column as the CSV writer writes it
// ("date status: note" joined by " | ") as observation objects, so that
// importing our own CSV export and exporting again gives the same bytes.
// A part without ": " is a note alone.
func (c *csvReader) observations(v string) {
	w := &c.jw
	w.b = append(w.b, '[')
	for i, part := range strings.Split(v, " | ") {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		head, note, ok := strings.Cut(part, ": ")
		if !ok {
			head, note = "", part
			if h, ok := strings.CutSuffix(part, ":"); ok {
				head, note = h, ""
			}
		}
		head, withheld := strings.CutSuffix(strings.TrimSpace(head), csvSourceWithheld)
		date, status := "", strings.TrimSpace(head)
		if d, rest, _ := strings.Cut(status, " "); len(d) >= 4 && d[0] >= '0' && d[0] <= '9' {
			date, status = d, strings.TrimSpace(rest)
		}
		f := fields{w: w, first: true}
		w.b = append(w.b, '{')
		f.str("date", date)
		f.str("status", status)
		f.str("note", strings.TrimSpace(note))
		f.boolean("source_withheld", withheld)
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
}

// number parses a coordinate cell.
func (c *csvReader) number(row []string, i, line int) (float64, *Problem) {
	s := ""
	if i < len(row) {
		s = strings.TrimSpace(row[i])
	}
	if s == "" {
		return 0, c.rowProblem(line, c.header[i], "is empty, but the other coordinate is given")
	}
	t := s
	if c.decimal && strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, c.rowProblem(line, c.header[i], "%q is not a number", s)
	}
	return f, nil
}

// parseWKT parses a WKT geometry with orb, which panics on some malformed
// input; a panic here becomes an error.
func parseWKT(s string) (g orb.Geometry, err error) {
	defer func() {
		if r := recover(); r != nil {
			g, err = nil, fmt.Errorf("not valid WKT: %.40q", s)
		}
	}()
	g, err = wkt.Unmarshal(s)
	if err != nil {
		return nil, fmt.Errorf("not valid WKT (%v): %.40q", err, s)
	}
	if g == nil {
		return nil, fmt.Errorf("not valid WKT: %.40q", s)
	}
	return g, nil
}

// Warnings returns the warnings so far.
func (c *csvReader) Warnings() []Problem { return c.warn.all() }

// Close does nothing: the CSV reader has no background work.
func (c *csvReader) Close() error { return nil }

// crToLF reads CR-only line ends as LF.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}
