package geoio

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// The GPX reader (GPX 1.0 and 1.1, with or without the namespace) turns
// each wpt, rte and trk into the GeoJSON Feature it stands for and hands it
// to the decoder the GeoJSON reader uses, as the KML reader does, so that
// property mapping, validation and messages are the same for every format:
//
//   - wpt is a Point, rte a LineString, trk a LineString (one trkseg) or a
//     MultiLineString; a rte or trk without points is an unplaced site
//     (with the decoder's null-geometry warning), never dropped, and one
//     of a single point is that point (with a warning).
//   - name is the name; desc is "description", which becomes notes; cmt,
//     src, sym, type, time and the other simple children (fix, sat, hdop,
//     magvar, number, GPX 1.0's course and speed…) are kept as properties
//     under their GPX names, as text. Links (1.1 <link>, 1.0 <url> and
//     <urlname>) are "links", an array of {"href","text","type"} as
//     togeojson writes it.
//   - A waypoint's time is kept as "time" and, like KML's TimeStamp, gives
//     first_reported and last_reported (its day) when the data does not; a
//     route's or track's point times give them from the first and last
//     time, and are kept as coordinateProperties.times, as togeojson does
//     (an array per segment when a track has several), null for a point
//     without one.
//   - Elevations are dropped, with one warning per file naming the count.
//   - Extensions (inside <extensions>, or any foreign-namespace child in
//     GPX 1.0) are flattened to key/values: each leaf element's text under
//     "prefix_local" (opencpn_guid, gpxx_DisplayColor, whatever wraps it),
//     its attributes under "prefix_local_attr", as togeojson names them; the
//     first of repeated keys wins. Values are kept as text. Point extensions
//     (Garmin's gpxtpx:hr…) become arrays in coordinateProperties, hr as
//     "heart" as togeojson names it.
//   - Our own writer's extensions (the siteatlas namespace) carry every
//     field as the KML writer's ExtendedData does, and the exact GeoJSON
//     geometry of a site GPX cannot draw (a polygon written as its rings):
//     they win over what the GPX elements say.
//   - A coordinate that is missing, not a number or out of range is a
//     problem of its feature, named with its place: "waypoint 3 (line 12):
//     lat 95 is out of range -90..90". Malformed XML is fatal. TCX files
//     are refused with a pointer to gpsbabel.
//
// Unlike the KML reader this one runs on the caller's goroutine: a GPX
// feature is cheap to scan and the decoder dominates, so a second stage
// would buy little. Memory holds one feature at a time.

// GPX problem codes.
const (
	CodeNotGPX = "not-gpx"
	// CodeSinglePoint: a route, track or segment of one point.
	CodeSinglePoint = "single-point"
)

// Namespaces.
const (
	gpx10NS = "http://www.topografix.com/GPX/1/0"
	gpx11NS = "http://www.topografix.com/GPX/1/1"
	// saNS is our writer's extension namespace.
	saNS = "https://siteatlas.github.io/xmlns/gpx/1"
)

// tcxMessage is what a TCX file gets; the issue fixes the words.
const tcxMessage = "TCX (a fitness format) is not supported; convert it with gpsbabel"

type gpxKind int

const (
	gpxWpt gpxKind = iota
	gpxRte
	gpxTrk
)

var gpxNouns = [...]string{"waypoint", "route", "track"}

// gpxFeature is what one wpt, rte or trk said, before it becomes a feature.
type gpxFeature struct {
	kind         gpxKind
	n            int // 1-based among its kind, for messages
	index        int // 0-based among all features: Item.Index
	line         int
	keys, values []string // text properties in file order
	saKeys       []string // our namespace's fields, as KML Data
	saValues     []string
	saGeom       string
	id           string // our writer's site ID
	links        []gpxLink
	segs         [][]orb.Point
	times        [][]string // per point, "" for none; parallel to segs
	ptExt        []gpxPtExt
	npts         int // points read so far (for aligning ptExt)
	err, code    string
}

type gpxLink struct{ href, text, typ string }

// gpxPtExt is one point extension's values, one per point ("" for none),
// over all segments in order.
type gpxPtExt struct {
	key  string
	vals []string
}

type gpxReader struct {
	sc     kmlScanner // token, readText, children and skip are KML's
	file   string
	dec    *decoder
	jw     jsonWriter
	p      parser
	warn   warnings
	fatal  *Problem
	ids    map[uint64]int
	skipID bool
	rooted bool
	done   bool
	counts [3]int
	index  int
	ele    int // points with an elevation
	prefix map[string]string
	f      gpxFeature
	props  []kmlProp
}

func newGPXReader(name string, r io.Reader, opts ReaderOptions) (Reader, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	x := xml.NewDecoder(br)
	x.Entity = xml.HTMLEntity
	g := &gpxReader{file: name, dec: newDecoder(name, maphash.MakeSeed()), warn: warnings{file: name},
		ids: map[uint64]int{}, skipID: opts.UUIDsCheckedByCaller,
		prefix: map[string]string{saNS: "siteatlas"}}
	g.sc = kmlScanner{file: name, x: x}
	x.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		g.sc.charset = charset
		return nil, errors.New("unsupported encoding")
	}
	return g, nil
}

func gpxWhere(kind gpxKind, n, line int) string {
	return gpxNouns[kind] + " " + strconv.Itoa(n) + " (line " + strconv.Itoa(line) + ")"
}

// Next returns the next wpt, rte or trk as a site.
func (g *gpxReader) Next() (Item, error) {
	for {
		if g.fatal != nil {
			return Item{}, g.fatal
		}
		if g.done {
			return Item{}, io.EOF
		}
		ok, p := g.next()
		if p != nil {
			g.fatal = p
			continue
		}
		if !ok {
			g.done = true
			if g.ele > 0 {
				g.warn.add(Problem{File: g.file, Index: -1, Code: CodeZDropped,
					Message: fmt.Sprintf("elevations dropped from %d points: Site Atlas keeps longitude and latitude only", g.ele)})
			}
			continue
		}
		return g.decode(&g.f)
	}
}

// next reads up to the next feature into g.f; false at the end.
func (g *gpxReader) next() (bool, *Problem) {
	for {
		t, p := g.sc.token()
		if p != nil {
			return false, p
		}
		if t == nil {
			if !g.rooted {
				return false, &Problem{File: g.file, Index: -1, Fatal: true, Code: CodeEmpty, Message: "the file has no GPX elements"}
			}
			return false, nil
		}
		st, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		if !g.rooted {
			if p := g.root(st); p != nil {
				return false, p
			}
			continue
		}
		if !isGPXSpace(st.Name.Space) {
			if p := g.sc.skip(); p != nil {
				return false, p
			}
			continue
		}
		switch st.Name.Local {
		case "wpt":
			return true, g.feature(st, gpxWpt)
		case "rte":
			return true, g.feature(st, gpxRte)
		case "trk":
			return true, g.feature(st, gpxTrk)
		default:
			// metadata, GPX 1.0's file-level name, desc, time…
			if p := g.sc.skip(); p != nil {
				return false, p
			}
		}
	}
}

func isGPXSpace(ns string) bool { return ns == "" || ns == gpx10NS || ns == gpx11NS }

// root checks the root element and learns its namespace prefixes.
func (g *gpxReader) root(st xml.StartElement) *Problem {
	switch st.Name.Local {
	case "gpx":
	case "TrainingCenterDatabase":
		return &Problem{File: g.file, Index: -1, Fatal: true, Code: CodeUnknownFormat, Message: tcxMessage}
	default:
		return &Problem{File: g.file, Index: -1, Fatal: true, Code: CodeNotGPX,
			Message: fmt.Sprintf("not GPX: the root element is <%s>, not <gpx>", st.Name.Local)}
	}
	if !isGPXSpace(st.Name.Space) {
		g.warn.add(Problem{File: g.file, Index: -1, Code: CodeNotGPX,
			Message: fmt.Sprintf("the root element has the namespace %q, not GPX 1.0's or 1.1's; read as GPX", st.Name.Space)})
	}
	g.rooted = true
	g.learn(st)
	return nil
}

// learn remembers the prefixes an element declares, for extension keys.
func (g *gpxReader) learn(st xml.StartElement) {
	for _, a := range st.Attr {
		if a.Name.Space == "xmlns" && a.Value != "" {
			if _, ok := g.prefix[a.Value]; !ok {
				g.prefix[a.Value] = a.Name.Local
			}
		}
	}
}

// extKey names an extension element as togeojson does: "prefix_local".
func (g *gpxReader) extKey(n xml.Name) string {
	if p := g.prefix[n.Space]; p != "" {
		return p + "_" + n.Local
	}
	return n.Local
}

// feature reads one wpt, rte or trk into g.f.
func (g *gpxReader) feature(st xml.StartElement, kind gpxKind) *Problem {
	line, _ := g.sc.x.InputPos()
	g.counts[kind]++
	f := &g.f
	*f = gpxFeature{kind: kind, n: g.counts[kind], index: g.index, line: line,
		keys: f.keys[:0], values: f.values[:0], saKeys: f.saKeys[:0], saValues: f.saValues[:0],
		segs: f.segs[:0], times: f.times[:0]}
	g.index++
	g.learn(st)
	if kind == gpxWpt {
		pt, msg := gpxLatLon(st)
		if msg != "" {
			f.fail(CodeOutOfRange, msg)
		}
		f.segs = append(f.segs, []orb.Point{pt})
		f.times = append(f.times, nil)
	}
	return g.sc.children(func(c xml.StartElement) *Problem {
		if !isGPXSpace(c.Name.Space) {
			// GPX 1.0 puts extensions straight in the element.
			return g.extension(c, true, f, false)
		}
		switch c.Name.Local {
		case "rtept", "trkpt":
			if kind == gpxRte && c.Name.Local == "rtept" {
				if len(f.segs) == 0 {
					f.segs, f.times = append(f.segs, nil), append(f.times, nil)
				}
				return g.point(c, f, 0)
			}
			return g.sc.skip()
		case "trkseg":
			if kind != gpxTrk {
				return g.sc.skip()
			}
			f.segs, f.times = append(f.segs, nil), append(f.times, nil)
			seg := len(f.segs) - 1
			return g.sc.children(func(c xml.StartElement) *Problem {
				if c.Name.Local == "trkpt" && isGPXSpace(c.Name.Space) {
					return g.point(c, f, seg)
				}
				return g.sc.skip()
			})
		case "extensions":
			return g.sc.children(func(c xml.StartElement) *Problem { return g.extension(c, true, f, false) })
		case "ele":
			if kind != gpxWpt {
				return g.sc.skip()
			}
			s, p := g.sc.readText()
			if strings.TrimSpace(s) != "" {
				g.ele++
			}
			return p
		case "link":
			return g.link(c, f)
		case "url", "urlname":
			s, p := g.sc.readText()
			if len(f.links) == 0 {
				f.links = append(f.links, gpxLink{})
			}
			if c.Name.Local == "url" {
				f.links[0].href = strings.TrimSpace(s)
			} else {
				f.links[0].text = s
			}
			return p
		default:
			s, p := g.sc.readText()
			key := c.Name.Local
			if key == "desc" {
				key = "description"
			}
			f.keys, f.values = append(f.keys, key), append(f.values, s)
			return p
		}
	})
}

func (f *gpxFeature) fail(code, msg string) {
	if f.err == "" {
		f.err, f.code = msg, code
	}
}

// gpxLatLon reads a point's lat and lon attributes.
func gpxLatLon(st xml.StartElement) (orb.Point, string) {
	var pt orb.Point
	var has [2]bool
	for _, a := range st.Attr {
		if a.Name.Space != "" {
			continue
		}
		i, limit := 0, 90.0
		switch a.Name.Local {
		case "lat":
			i = 1
		case "lon":
			limit = 180
		default:
			continue
		}
		v, ok := parseCoordNumber([]byte(strings.TrimSpace(a.Value)))
		if !ok {
			return pt, fmt.Sprintf("%s %s is not a number", a.Name.Local, quoteText(a.Value))
		}
		if v < -limit || v > limit {
			return pt, fmt.Sprintf("%s %s is out of range %g..%g", a.Name.Local, formatFloat(v), -limit, limit)
		}
		pt[i], has[i] = v, true
	}
	switch {
	case !has[1]:
		return pt, "has no lat attribute"
	case !has[0]:
		return pt, "has no lon attribute"
	}
	return pt, ""
}

// point reads a rtept or trkpt into segment seg.
func (g *gpxReader) point(st xml.StartElement, f *gpxFeature, seg int) *Problem {
	pt, msg := gpxLatLon(st)
	if msg != "" {
		f.fail(CodeOutOfRange, fmt.Sprintf("point %d: %s", f.npts+1, msg))
	}
	f.segs[seg] = append(f.segs[seg], pt)
	f.times[seg] = append(f.times[seg], "")
	f.npts++
	t := &f.times[seg][len(f.times[seg])-1]
	return g.sc.children(func(c xml.StartElement) *Problem {
		if !isGPXSpace(c.Name.Space) {
			return g.extension(c, true, f, true)
		}
		switch c.Name.Local {
		case "time":
			s, p := g.sc.readText()
			*t = strings.TrimSpace(s)
			return p
		case "ele":
			s, p := g.sc.readText()
			if strings.TrimSpace(s) != "" {
				g.ele++
			}
			return p
		case "extensions":
			return g.sc.children(func(c xml.StartElement) *Problem { return g.extension(c, true, f, true) })
		}
		// A point's name, sym… describe the point, not the site.
		return g.sc.skip()
	})
}

// link reads a GPX 1.1 <link href>.
func (g *gpxReader) link(st xml.StartElement, f *gpxFeature) *Problem {
	var l gpxLink
	for _, a := range st.Attr {
		if a.Name.Local == "href" && a.Name.Space == "" {
			l.href = a.Value
		}
	}
	p := g.sc.children(func(c xml.StartElement) *Problem {
		var p *Problem
		switch c.Name.Local {
		case "text":
			l.text, p = g.sc.readText()
		case "type":
			l.typ, p = g.sc.readText()
		default:
			p = g.sc.skip()
		}
		return p
	})
	f.links = append(f.links, l)
	return p
}

// extension flattens one extension element (see the top of the file). Our
// own namespace's <field name> and <geometry> are read as our writer
// writes them.
func (g *gpxReader) extension(st xml.StartElement, top bool, f *gpxFeature, onPoint bool) *Problem {
	g.learn(st)
	if st.Name.Space == saNS && top && !onPoint {
		switch st.Name.Local {
		case "field":
			key := ""
			for _, a := range st.Attr {
				if a.Name.Local == "name" && a.Name.Space == "" {
					key = a.Value
				}
			}
			s, p := g.sc.readText()
			if key != "" {
				f.saKeys, f.saValues = append(f.saKeys, key), append(f.saValues, s)
			}
			return p
		case "geometry":
			var p *Problem
			f.saGeom, p = g.sc.readText()
			return p
		case "id":
			var p *Problem
			f.id, p = g.sc.readText()
			f.id = strings.TrimSpace(f.id)
			return p
		}
	}
	key := g.extKey(st.Name)
	if onPoint && (key == "gpxtpx_hr" || key == "hr") {
		key = "heart" // togeojson's name for Garmin's heart rate
	}
	put := func(k, v string) {
		if onPoint {
			f.pointExt(k, v)
		} else {
			f.keys, f.values = append(f.keys, k), append(f.values, v)
		}
	}
	for _, a := range st.Attr {
		if a.Name.Space != "xmlns" && a.Name.Local != "xmlns" {
			put(key+"_"+g.extKey(a.Name), a.Value)
		}
	}
	var text []byte
	leaf := true
	p := g.sc.children2(func(c xml.StartElement) *Problem {
		leaf = false
		return g.extension(c, false, f, onPoint)
	}, &text)
	if p != nil {
		return p
	}
	if leaf && (len(st.Attr) == 0 || len(bytes.TrimSpace(text)) > 0) {
		put(key, strings.TrimSpace(string(text)))
	}
	return nil
}

// pointExt records a point extension's value for the current point.
func (f *gpxFeature) pointExt(key, v string) {
	i := 0
	for i < len(f.ptExt) && f.ptExt[i].key != key {
		i++
	}
	if i == len(f.ptExt) {
		f.ptExt = append(f.ptExt, gpxPtExt{key: key})
	}
	e := &f.ptExt[i]
	for len(e.vals) < f.npts-1 {
		e.vals = append(e.vals, "")
	}
	if len(e.vals) < f.npts {
		e.vals = append(e.vals, v)
	}
}

// children2 is children that also collects the element's own text into
// text when it is not nil.
func (k *kmlScanner) children2(f func(xml.StartElement) *Problem, text *[]byte) *Problem {
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
		case xml.CharData:
			if text != nil {
				*text = append(*text, t...)
			}
		case xml.StartElement:
			if p := f(t); p != nil {
				return p
			}
		case xml.EndElement:
			return nil
		}
	}
}

// looksLikeGPX: after an XML declaration, comments and whitespace, the
// root element is <gpx> (possibly prefixed).
func looksLikeGPX(body []byte) bool { return xmlRootIs(body, "gpx") }

// looksLikeTCX: the root element is <TrainingCenterDatabase>.
func looksLikeTCX(body []byte) bool { return xmlRootIs(body, "TrainingCenterDatabase") }

func xmlRootIs(body []byte, local string) bool {
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
			rest, ok := bytes.CutPrefix(body, []byte("<"))
			if !ok {
				return false
			}
			if i := bytes.IndexAny(rest, " \t\r\n>/"); i >= 0 {
				rest = rest[:i]
			}
			if j := bytes.IndexByte(rest, ':'); j >= 0 {
				rest = rest[j+1:]
			}
			return string(rest) == local
		}
		i := bytes.Index(body, []byte(end))
		if i < 0 {
			return false
		}
		body = body[i+len(end):]
	}
}
