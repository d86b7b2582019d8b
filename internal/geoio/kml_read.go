package geoio

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// The KML reader turns each Placemark into the GeoJSON Feature it stands
// for and hands it to the decoder the GeoJSON reader uses, as the CSV
// reader does, so that property mapping, leniency, validation and messages
// are the same for every format:
//
//   - the id attribute is the feature id; <name> is "name" and
//     <description> is "description" (which becomes notes when there are
//     none); Data and SimpleData are properties, with JSON arrays in our
//     list fields (aliases, tags, sources, observations) embedded as JSON
//     and <Data name="extra"> holding a JSON object spliced in, as our
//     writer writes them. A Data "name" or "description" beats the element.
//   - The description our writer made (the balloon summary) is recognised
//     by making it again from the site and dropped; any other description,
//     edited in Google Earth for instance, is kept.
//   - TimeSpan begin and end (or TimeStamp when) give first_reported and
//     last_reported when the data does not.
//   - The names of the Folders a Placemark is in become the property
//     "folder" ("Jilin / Tumen"), kept in Extra and written back: folders
//     are how people organise files in Google Earth, and tags are a
//     curated vocabulary we should not fill with them.
//   - gx:Track, gx:MultiTrack and Model are skipped with a warning
//     ("unsupported-geometry"); a Placemark left without geometry is
//     imported unplaced, keeping its name, description and data.
//   - Styles, overlays and network links are ignored.
//
// encoding/xml streams tokens, so memory holds one Placemark at a time.

// KML problem codes.
const (
	CodeInvalidXML          = "invalid-xml"
	CodeNotKML              = "not-kml"
	CodeUnsupportedGeometry = "unsupported-geometry"
)

// kmlMaxDepth bounds MultiGeometry nesting, which recursion follows.
const kmlMaxDepth = 16

type kmlReader struct {
	file      string
	x         *xml.Decoder
	dec       *decoder
	jw        jsonWriter
	p         parser // checks and splits JSON values in Data
	warn      warnings
	fatal     *Problem
	index     int
	rooted    bool
	stack     []kmlFrame
	ids       map[uint64]int
	skipUUIDs bool
	pm        placemark
	text      []byte
	charset   string // an encoding the file declares other than UTF-8
}

// kmlFrame is an open element outside Placemarks; folder names are kept.
type kmlFrame struct {
	local  string
	folder string
}

// placemark is what one Placemark said, before it becomes a feature.
type placemark struct {
	line         int
	id           string
	hasID        bool
	name, desc   string
	hasName      bool
	hasDesc      bool
	begin, end   string
	keys, values []string
	geom         orb.Geometry
	geomErr      string
	geomCode     string
	z            bool
	skipped      []string
}

func newKMLReader(name string, r io.Reader, opts ReaderOptions) (Reader, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	x := xml.NewDecoder(br)
	// Descriptions written by hand often use HTML entities (&nbsp;)
	// without CDATA; knowing them costs nothing.
	x.Entity = xml.HTMLEntity
	k := &kmlReader{file: name, x: x, dec: newDecoder(name, maphash.MakeSeed()),
		warn: warnings{file: name}, ids: map[uint64]int{}, skipUUIDs: opts.UUIDsCheckedByCaller}
	x.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		k.charset = charset
		return nil, errors.New("unsupported encoding")
	}
	return k, nil
}

func kmlWhere(index, line int) string {
	return "Placemark " + strconv.Itoa(index) + " (line " + strconv.Itoa(line) + ")"
}

// token returns the next XML token, or a fatal problem.
func (k *kmlReader) token() (xml.Token, *Problem) {
	t, err := k.x.Token()
	if err == nil {
		return t, nil
	}
	if err == io.EOF {
		return nil, nil
	}
	line, col := k.x.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := strings.TrimPrefix(se.Msg, "xml: ")
		if strings.Contains(msg, "invalid UTF-8") {
			msg += ": save the file as UTF-8 (it may be in GBK, EUC-KR, Shift-JIS or Latin-1)"
		}
		return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
			Code: CodeInvalidXML, Message: "malformed XML: " + msg}
	}
	if k.charset != "" {
		return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
			Code: CodeInvalidXML, Message: fmt.Sprintf("the file declares encoding %q: save it as UTF-8", k.charset)}
	}
	return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
		Code: CodeIO, Message: err.Error()}
}

// Next returns the next Placemark as a site.
func (k *kmlReader) Next() (Item, error) {
	if k.fatal != nil {
		return Item{}, k.fatal
	}
	for {
		t, p := k.token()
		if p != nil {
			k.fatal = p
			return Item{}, p
		}
		if t == nil {
			if !k.rooted {
				k.fatal = &Problem{File: k.file, Index: -1, Fatal: true, Code: CodeEmpty, Message: "the file has no KML elements"}
				return Item{}, k.fatal
			}
			return Item{}, io.EOF
		}
		switch t := t.(type) {
		case xml.StartElement:
			if !k.rooted {
				if t.Name.Local != "kml" {
					k.fatal = &Problem{File: k.file, Index: -1, Fatal: true, Code: CodeNotKML,
						Message: fmt.Sprintf("not KML: the root element is <%s>, not <kml>", t.Name.Local)}
					return Item{}, k.fatal
				}
				k.rooted = true
				continue
			}
			switch t.Name.Local {
			case "Placemark":
				return k.placemark(t)
			case "Document", "Folder":
				k.stack = append(k.stack, kmlFrame{local: t.Name.Local})
			case "name":
				if n := len(k.stack); n > 0 && k.stack[n-1].local == "Folder" {
					s, p := k.readText()
					if p != nil {
						k.fatal = p
						return Item{}, p
					}
					k.stack[n-1].folder = strings.TrimSpace(s)
					continue
				}
				fallthrough
			default:
				if err := k.x.Skip(); err != nil {
					_, k.fatal = k.tokenErr(err)
					return Item{}, k.fatal
				}
			}
		case xml.EndElement:
			if n := len(k.stack); n > 0 && k.stack[n-1].local == t.Name.Local {
				k.stack = k.stack[:n-1]
			}
		}
	}
}

// tokenErr turns an error from Skip into the problem token would give.
func (k *kmlReader) tokenErr(err error) (xml.Token, *Problem) {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	line, col := k.x.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
			Code: CodeInvalidXML, Message: "malformed XML: " + strings.TrimPrefix(se.Msg, "xml: ")}
	}
	return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
		Code: CodeInvalidXML, Message: "malformed XML: " + err.Error()}
}

// readText returns the text inside the element just started, nested
// elements' text included, and consumes its end.
func (k *kmlReader) readText() (string, *Problem) {
	b, p := k.readBytes()
	return string(b), p
}

func (k *kmlReader) readBytes() ([]byte, *Problem) {
	k.text = k.text[:0]
	for depth := 1; ; {
		t, p := k.token()
		if p != nil {
			return nil, p
		}
		if t == nil {
			_, p := k.tokenErr(io.ErrUnexpectedEOF)
			return nil, p
		}
		switch t := t.(type) {
		case xml.CharData:
			k.text = append(k.text, t...)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth--; depth == 0 {
				return k.text, nil
			}
		}
	}
}

// skip consumes the rest of the element just started.
func (k *kmlReader) skip() *Problem {
	if err := k.x.Skip(); err != nil {
		_, p := k.tokenErr(err)
		return p
	}
	return nil
}

// children calls f for each child element of the element just started and
// consumes its end; f must consume the child (read, skip or recurse).
func (k *kmlReader) children(f func(xml.StartElement) *Problem) *Problem {
	for {
		t, p := k.token()
		if p != nil {
			return p
		}
		if t == nil {
			_, p := k.tokenErr(io.ErrUnexpectedEOF)
			return p
		}
		switch t := t.(type) {
		case xml.StartElement:
			if p := f(t); p != nil {
				return p
			}
		case xml.EndElement:
			return nil
		}
	}
}

// placemark reads one Placemark and decodes it.
func (k *kmlReader) placemark(start xml.StartElement) (Item, error) {
	pm := &k.pm
	line, _ := k.x.InputPos()
	*pm = placemark{line: line, keys: pm.keys[:0], values: pm.values[:0], skipped: pm.skipped[:0]}
	for _, a := range start.Attr {
		if a.Name.Local == "id" && a.Name.Space == "" {
			pm.id, pm.hasID = a.Value, true
		}
	}
	index := k.index
	k.index++
	p := k.children(func(t xml.StartElement) *Problem {
		var p *Problem
		switch t.Name.Local {
		case "name":
			pm.name, p = k.readText()
			pm.hasName = true
		case "description":
			pm.desc, p = k.readText()
			pm.hasDesc = true
		case "TimeSpan":
			p = k.children(func(t xml.StartElement) *Problem {
				var p *Problem
				switch t.Name.Local {
				case "begin":
					pm.begin, p = k.readText()
				case "end":
					pm.end, p = k.readText()
				default:
					p = k.skip()
				}
				return p
			})
		case "TimeStamp":
			p = k.children(func(t xml.StartElement) *Problem {
				if t.Name.Local != "when" {
					return k.skip()
				}
				var p *Problem
				pm.begin, p = k.readText()
				pm.end = pm.begin
				return p
			})
		case "ExtendedData":
			p = k.extendedData()
		case "Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Track", "MultiTrack", "Model":
			if pm.geom != nil || pm.geomErr != "" {
				pm.geomErr, pm.geomCode = "has more than one geometry (use a MultiGeometry)", CodeBadGeometry
				return k.skip()
			}
			g, err := k.geometry(t, 0)
			if err != nil {
				return err
			}
			pm.geom = g
		default:
			p = k.skip()
		}
		return p
	})
	if p != nil {
		k.fatal = p
		return Item{}, p
	}
	return k.decode(index)
}

// extendedData reads Data and SchemaData/SimpleData name-value pairs.
func (k *kmlReader) extendedData() *Problem {
	pm := &k.pm
	attr := func(t xml.StartElement) string {
		for _, a := range t.Attr {
			if a.Name.Local == "name" {
				return a.Value
			}
		}
		return ""
	}
	return k.children(func(t xml.StartElement) *Problem {
		switch t.Name.Local {
		case "Data":
			key, value := attr(t), ""
			p := k.children(func(t xml.StartElement) *Problem {
				if t.Name.Local != "value" {
					return k.skip()
				}
				var p *Problem
				value, p = k.readText()
				return p
			})
			if key != "" {
				pm.keys, pm.values = append(pm.keys, key), append(pm.values, value)
			}
			return p
		case "SchemaData":
			return k.children(func(t xml.StartElement) *Problem {
				if t.Name.Local != "SimpleData" {
					return k.skip()
				}
				key := attr(t)
				value, p := k.readText()
				if key != "" {
					pm.keys, pm.values = append(pm.keys, key), append(pm.values, value)
				}
				return p
			})
		}
		return k.skip()
	})
}

// geometry reads a geometry element. Problems with the geometry go in
// k.pm.geomErr; the returned *Problem is for malformed XML only.
func (k *kmlReader) geometry(t xml.StartElement, depth int) (orb.Geometry, *Problem) {
	pm := &k.pm
	bad := func(code, format string, args ...any) {
		if pm.geomErr == "" {
			pm.geomErr, pm.geomCode = fmt.Sprintf(format, args...), code
		}
	}
	coords := func(what string) ([]orb.Point, *Problem) {
		var ps []orb.Point
		p := k.children(func(c xml.StartElement) *Problem {
			if c.Name.Local != "coordinates" {
				return k.skip()
			}
			b, p := k.readBytes()
			if p != nil {
				return p
			}
			var z bool
			var err string
			ps, z, err = parseKMLCoords(b)
			pm.z = pm.z || z
			if err != "" {
				bad(CodeBadGeometry, "%s coordinates: %s", what, err)
			}
			return nil
		})
		return ps, p
	}
	switch t.Name.Local {
	case "Point":
		ps, p := coords("Point")
		switch {
		case p != nil:
			return nil, p
		case len(ps) == 0:
			bad(CodeMissingCoordinates, "Point has no coordinates")
			return nil, nil
		case len(ps) > 1:
			bad(CodeBadGeometry, "Point has %d positions; a point has one", len(ps))
			return nil, nil
		}
		return ps[0], nil
	case "LineString", "LinearRing":
		// A lone LinearRing is drawn as an outline, not an area.
		ps, p := coords(t.Name.Local)
		if p == nil && len(ps) == 0 {
			bad(CodeMissingCoordinates, "%s has no coordinates", t.Name.Local)
		}
		return orb.LineString(ps), p
	case "Polygon":
		var poly orb.Polygon
		outer := false
		p := k.children(func(c xml.StartElement) *Problem {
			isOuter := c.Name.Local == "outerBoundaryIs"
			if !isOuter && c.Name.Local != "innerBoundaryIs" {
				return k.skip()
			}
			return k.children(func(r xml.StartElement) *Problem {
				if r.Name.Local != "LinearRing" {
					return k.skip()
				}
				ps, p := coords("Polygon")
				if isOuter {
					if outer {
						bad(CodeBadGeometry, "Polygon has more than one outerBoundaryIs")
					}
					outer = true
					poly = append([]orb.Ring{ps}, poly...)
				} else {
					poly = append(poly, ps)
				}
				return p
			})
		})
		if p == nil && !outer {
			bad(CodeMissingCoordinates, "Polygon has no outerBoundaryIs")
		}
		return poly, p
	case "MultiGeometry":
		if depth >= kmlMaxDepth {
			bad(CodeBadGeometry, "MultiGeometry nested too deeply")
			return nil, k.skip()
		}
		var parts []orb.Geometry
		p := k.children(func(c xml.StartElement) *Problem {
			switch c.Name.Local {
			case "Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Track", "MultiTrack", "Model":
				g, p := k.geometry(c, depth+1)
				if g != nil {
					parts = append(parts, g)
				}
				return p
			}
			return k.skip()
		})
		return multiGeometry(parts), p
	}
	// Track, MultiTrack (Google's extensions), Model
	what := t.Name.Local
	if what != "Model" {
		what = "gx:" + what
	}
	pm.skipped = append(pm.skipped, what)
	return nil, k.skip()
}

// multiGeometry makes the GeoJSON geometry a MultiGeometry stands for: a
// Multi* when its parts are all of one simple kind, else a collection.
// (So a GeometryCollection of points only reads back as a MultiPoint.)
func multiGeometry(parts []orb.Geometry) orb.Geometry {
	if len(parts) == 0 {
		return nil
	}
	var mp orb.MultiPoint
	var ml orb.MultiLineString
	var mpoly orb.MultiPolygon
	for _, g := range parts {
		switch g := g.(type) {
		case orb.Point:
			mp = append(mp, g)
		case orb.LineString:
			ml = append(ml, g)
		case orb.Polygon:
			mpoly = append(mpoly, g)
		}
	}
	switch len(parts) {
	case len(mp):
		return mp
	case len(ml):
		return ml
	case len(mpoly):
		return mpoly
	}
	return orb.Collection(parts)
}

// parseKMLCoords parses "lon,lat[,alt]" tuples separated by whitespace. A
// space after a comma ("129.8, 42.9"), which hand-edited files have, is
// taken as part of the tuple.
func parseKMLCoords(b []byte) (ps []orb.Point, z bool, err string) {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	i := 0
	var tuple [4]float64
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return ps, z, ""
		}
		n := 0
		for {
			j := i
			for j < len(b) && !isSpace(b[j]) && b[j] != ',' {
				j++
			}
			tok := b[i:j]
			if len(tok) == 0 {
				return nil, z, fmt.Sprintf("position %d has an empty number", len(ps)+1)
			}
			f, ok := parseCoordNumber(tok)
			if !ok {
				return nil, z, fmt.Sprintf("%.40q is not a number (position %d)", tok, len(ps)+1)
			}
			if n < len(tuple) {
				tuple[n] = f
			}
			n++
			i = j
			k := i
			for k < len(b) && isSpace(b[k]) {
				k++
			}
			if k < len(b) && b[k] == ',' {
				i = k + 1
				for i < len(b) && isSpace(b[i]) {
					i++
				}
				continue
			}
			break
		}
		if n < 2 || n > 3 {
			return nil, z, fmt.Sprintf("position %d has %d number(s); expected longitude,latitude[,altitude]", len(ps)+1, n)
		}
		z = z || n == 3
		ps = append(ps, orb.Point{tuple[0], tuple[1]})
	}
}

// parseCoordNumber parses a finite decimal number; strconv alone would
// also take "NaN", "inf" and hexadecimal.
func parseCoordNumber(tok []byte) (float64, bool) {
	for _, c := range tok {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(string(tok), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// looksLikeKML: after an XML declaration, comments and whitespace, the
// root element is <kml> (possibly prefixed, <kml:kml>).
func looksLikeKML(body []byte) bool {
	for {
		body = bytes.TrimLeft(body, " \t\r\n")
		var end string
		switch {
		case bytes.HasPrefix(body, []byte("<?")):
			end = "?>"
		case bytes.HasPrefix(body, []byte("<!--")):
			end = "-->"
		case bytes.HasPrefix(body, []byte("<!DOCTYPE")):
			end = ">"
		default:
			for _, root := range []string{"<kml", "<kml:kml"} {
				if rest, ok := bytes.CutPrefix(body, []byte(root)); ok && (len(rest) == 0 || strings.IndexByte(" \t\r\n>/", rest[0]) >= 0) {
					return true
				}
			}
			return false
		}
		i := bytes.Index(body, []byte(end))
		if i < 0 {
			return false
		}
		body = body[i+len(end):]
	}
}
