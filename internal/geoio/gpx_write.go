package geoio

import (
	"bufio"
	"errors"
	"io"
	"time"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// The GPX writer is for loading sites into a GPS unit, and it is lossless
// for Site Atlas, as the KML writer is:
//
//   - a Point is a <wpt> with <name>, <desc> (the notes) and, when the
//     site has a "time" property holding an xsd:dateTime (a GPX import
//     keeps one), <time>; cmt, src, sym and type properties (text) become
//     their GPX elements too, and a togeojson-style "links" array <link>s
//     (which stays in the fields as well);
//   - a LineString or MultiLineString is a <trk> with a <trkseg> per line,
//     its points with the times of coordinateProperties.times when that
//     matches them (a GPX import keeps them there);
//   - a Polygon or MultiPolygon is a <trk> with a <trkseg> per ring, so a
//     GPS unit draws its outline; a MultiPoint is a <rte> through its
//     points; a GeometryCollection a <trk> of its parts' lines and rings.
//     These carry the exact GeoJSON geometry in <siteatlas:geometry>, which
//     our reader prefers, so a polygon comes back a polygon. No site is
//     skipped: an unplaced site is a <trk> without segments (valid GPX,
//     which GPS units show as nothing).
//   - every other field goes in <extensions> as <siteatlas:field name>
//     elements, valued as the KML writer's <Data> (text as text, lists
//     as JSON, the rest in one JSON object named "extra"), and the site ID
//     as <siteatlas:id>. GPS units ignore extensions they do not know.
//
// Like every writer it writes what it is given: the caller redacts (see
// site.Redact), so confidential data never reaches it unless asked.

// NewGPXWriter returns a Writer of a GPX 1.1 document, streamed and
// deterministic. Attachments are not written.
func NewGPXWriter(w io.Writer) Writer {
	return &gpxWriter{out: bufio.NewWriterSize(w, 256<<10)}
}

type gpxWriter struct {
	out     *bufio.Writer
	jw      jsonWriter
	p       parser
	b       []byte
	extra   []byte
	gj      jsonWriter // the GeoJSON geometry
	started bool
	closed  bool
	err     error
}

const gpxHeader = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Site Atlas" xmlns="` + gpx11NS + `" xmlns:siteatlas="` + saNS + `">
<metadata><name>Site Atlas export</name></metadata>
`

// gpxText are the properties written as GPX elements (when they are text
// XML can carry), in the schema's order after name.
var gpxText = []string{"cmt", "desc", "src", "sym", "type"}

// Write appends one wpt, rte or trk.
func (g *gpxWriter) Write(s site.Site) error {
	if g.err != nil {
		return g.err
	}
	if g.closed {
		return errors.New("geoio: Write after Close")
	}
	b := g.b[:0]
	if !g.started {
		g.started = true
		b = append(b, gpxHeader...)
	}
	elem := "trk"
	switch s.Geometry.(type) {
	case orb.Point:
		elem = "wpt"
	case orb.MultiPoint:
		elem = "rte"
	}
	b = append(b, '<')
	b = append(b, elem...)
	if pt, ok := s.Geometry.(orb.Point); ok {
		b = append(b, ` lat="`...)
		b = appendFloat(b, pt[1])
		b = append(b, `" lon="`...)
		b = appendFloat(b, pt[0])
		b = append(b, '"')
	}
	b = append(b, ">\n"...)
	b = g.body(b, &s, elem)
	b = append(b, "</"...)
	b = append(b, elem...)
	b = append(b, ">\n"...)
	g.b = b
	_, g.err = g.out.Write(b)
	if cap(g.b) > 1<<20 {
		g.b = nil // one huge track should not pin memory for the rest
	}
	if cap(g.jw.b) > 1<<20 {
		g.jw.b = nil
	}
	return g.err
}

// body writes the children of the site's element.
func (g *gpxWriter) body(b []byte, s *site.Site, elem string) []byte {
	w := &g.jw
	w.b = append(w.b[:0], '{')
	w.properties(s)
	w.b = append(w.b, '}')
	if err := g.p.parse(w.b); err != nil {
		return b // cannot happen: properties writes valid JSON
	}
	root := &g.p.nodes[0]
	str := func(key string) (string, bool) {
		for i := 0; i+1 < int(root.n); i += 2 {
			if kn, v := g.p.child(root, i), g.p.child(root, i+1); g.p.view(kn) == key {
				if v.kind == kString && xmlSafe(g.p.view(v)) {
					return g.p.view(v), true
				}
				return "", false
			}
		}
		return "", false
	}
	simple := func(b []byte, tag, text string) []byte {
		b = append(b, '<')
		b = append(b, tag...)
		b = append(b, '>')
		b = appendXMLText(b, text, false)
		b = append(b, "</"...)
		b = append(b, tag...)
		return append(b, ">\n"...)
	}
	// Elements in the schema's order: time (wpt only), name, cmt, desc,
	// src, sym, type; each property so written is left out of the fields.
	var inElem [8]string
	n := 0
	if t, ok := str("time"); ok && elem == "wpt" && gpxTime(t) {
		b = simple(b, "time", t)
		inElem[n], n = "time", n+1
	}
	if t, ok := str("name"); ok {
		b = simple(b, "name", t)
		inElem[n], n = "name", n+1
	}
	// desc is the notes, which a reader takes back as notes; a "desc" or
	// "description" property of the site's own then goes in the fields.
	for _, tag := range gpxText {
		if tag == "desc" {
			if t, ok := str("notes"); ok && !hasKey(&g.p, root, "description") {
				b = simple(b, "desc", t)
				inElem[n], n = "notes", n+1
			}
			continue
		}
		if t, ok := str(tag); ok {
			b = simple(b, tag, t)
			inElem[n], n = tag, n+1
		}
		if tag == "src" {
			b = g.links(b, root)
		}
	}
	b = append(b, "<extensions>\n"...)
	if s.ID != "" {
		b = append(b, "<siteatlas:id>"...)
		b = appendXMLText(b, s.ID, false)
		b = append(b, "</siteatlas:id>\n"...)
	}
	if needsGeoJSON(s.Geometry) {
		g.gj.b = g.gj.b[:0]
		g.gj.geometry(s.Geometry)
		b = append(b, "<siteatlas:geometry>"...)
		b = appendXMLJSON(b, bytesView(g.gj.b))
		b = append(b, "</siteatlas:geometry>\n"...)
	}
	g.extra = append(g.extra[:0], '{')
	field := func(key, text string, raw bool) {
		b = append(b, `<siteatlas:field name="`...)
		b = appendXMLText(b, key, true)
		b = append(b, `">`...)
		if raw {
			b = appendXMLJSON(b, text)
		} else {
			b = appendXMLText(b, text, false)
		}
		b = append(b, "</siteatlas:field>\n"...)
	}
outer:
	for i := 0; i+1 < int(root.n); i += 2 {
		kn, v := g.p.child(root, i), g.p.child(root, i+1)
		key := g.p.view(kn)
		for _, e := range inElem[:n] {
			if e == key {
				continue outer
			}
		}
		p, known := lookupProp(key)
		switch {
		case known && v.kind == kString && p != pName && p != pID && xmlSafe(g.p.view(v)):
			field(key, g.p.view(v), false)
		case known && p == pWorkers && v.kind == kNumber, known && p == pConfidential && (v.kind == kTrue || v.kind == kFalse):
			field(key, bytesView(g.p.raw(v)), false)
		case known && v.kind == kArray && (p == pAliases || p == pTags || p == pSources || p == pObservations):
			field(key, bytesView(g.p.raw(v)), true)
		default:
			if len(g.extra) > 1 {
				g.extra = append(g.extra, ',')
			}
			g.extra = append(g.extra, g.p.raw(kn)...)
			g.extra = append(g.extra, ':')
			g.extra = append(g.extra, g.p.raw(v)...)
		}
	}
	if len(g.extra) > 1 {
		g.extra = append(g.extra, '}')
		field("extra", bytesView(g.extra), true)
	}
	b = append(b, "</extensions>\n"...)
	return gpxPoints(b, s.Geometry, g.pointTimes(root, s.Geometry))
}

// pointTimes finds togeojson's coordinateProperties.times (which our GPX
// reader keeps) when it matches the line's points one for one, so that a
// track imported from a GPS unit goes back to one with its times. Times
// that are not RFC 3339 are left out, point by point.
func (g *gpxWriter) pointTimes(root *node, geom orb.Geometry) [][]string {
	var lens []int
	switch geom := geom.(type) {
	case orb.LineString:
		lens = []int{len(geom)}
	case orb.MultiLineString:
		if len(geom) < 2 {
			return nil
		}
		for _, l := range geom {
			lens = append(lens, len(l))
		}
	default:
		return nil
	}
	var times *node
	for i := 0; i+1 < int(root.n); i += 2 {
		if kn, v := g.p.child(root, i), g.p.child(root, i+1); g.p.view(kn) == "coordinateProperties" && v.kind == kObject {
			for j := 0; j+1 < int(v.n); j += 2 {
				if g.p.view(g.p.child(v, j)) == "times" {
					times = g.p.child(v, j+1)
				}
			}
		}
	}
	if times == nil || times.kind != kArray {
		return nil
	}
	seg := func(a *node, n int) []string {
		if a.kind != kArray || int(a.n) != n {
			return nil
		}
		out := make([]string, n)
		for i := range out {
			if v := g.p.child(a, i); v.kind == kString && gpxTime(g.p.view(v)) {
				out[i] = g.p.text(v)
			}
		}
		return out
	}
	if len(lens) == 1 {
		if ts := seg(times, lens[0]); ts != nil {
			return [][]string{ts}
		}
		return nil
	}
	if int(times.n) != len(lens) {
		return nil
	}
	out := make([][]string, len(lens))
	for i, n := range lens {
		if out[i] = seg(g.p.child(times, i), n); out[i] == nil {
			return nil
		}
	}
	return out
}

// links writes a "links" property of togeojson's form (which our reader
// makes) as <link> elements for GPS units; the property itself stays in
// the fields, which our reader prefers, so odd members are not lost.
func (g *gpxWriter) links(b []byte, root *node) []byte {
	for i := 0; i+1 < int(root.n); i += 2 {
		kn, v := g.p.child(root, i), g.p.child(root, i+1)
		if g.p.view(kn) != "links" || v.kind != kArray {
			continue
		}
		for j := range int(v.n) {
			l := g.p.child(v, j)
			if l.kind != kObject {
				continue
			}
			var m [3]string // href, text, type
			for k := 0; k+1 < int(l.n); k += 2 {
				key, val := g.p.view(g.p.child(l, k)), g.p.child(l, k+1)
				if val.kind != kString || !xmlSafe(g.p.view(val)) {
					continue
				}
				switch key {
				case "href":
					m[0] = g.p.view(val)
				case "text":
					m[1] = g.p.view(val)
				case "type":
					m[2] = g.p.view(val)
				}
			}
			if m[0] == "" {
				continue // href is required
			}
			b = append(b, `<link href="`...)
			b = appendXMLText(b, m[0], true)
			b = append(b, `">`...)
			if m[1] != "" {
				b = append(b, "<text>"...)
				b = appendXMLText(b, m[1], false)
				b = append(b, "</text>"...)
			}
			if m[2] != "" {
				b = append(b, "<type>"...)
				b = appendXMLText(b, m[2], false)
				b = append(b, "</type>"...)
			}
			b = append(b, "</link>\n"...)
		}
	}
	return b
}

func hasKey(p *parser, root *node, key string) bool {
	for i := 0; i+1 < int(root.n); i += 2 {
		if p.view(p.child(root, i)) == key {
			return true
		}
	}
	return false
}

// gpxTime: GPX's time is an xsd:dateTime; RFC 3339 is the form in use.
func gpxTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// needsGeoJSON: the geometry is not what its GPX element reads back as.
func needsGeoJSON(g orb.Geometry) bool {
	switch g := g.(type) {
	case nil, orb.Point, orb.LineString:
		return false
	case orb.MultiLineString:
		// An empty line would be dropped on reading.
		for _, l := range g {
			if len(l) == 0 {
				return true
			}
		}
		return len(g) < 2
	}
	return true
}

// gpxPoints writes the rtept or trkseg elements of a line-like geometry,
// with point times when times gives them (a line's segments' points).
func gpxPoints(b []byte, g orb.Geometry, times [][]string) []byte {
	pt := func(b []byte, tag string, p orb.Point, time string) []byte {
		b = append(b, '<')
		b = append(b, tag...)
		b = append(b, ` lat="`...)
		b = appendFloat(b, p[1])
		b = append(b, `" lon="`...)
		b = appendFloat(b, p[0])
		if time == "" {
			return append(b, `"/>`+"\n"...)
		}
		b = append(b, `"><time>`...)
		b = appendXMLText(b, time, false)
		b = append(b, "</time></"...)
		b = append(b, tag...)
		return append(b, ">\n"...)
	}
	nseg := 0
	seg := func(b []byte, ps []orb.Point) []byte {
		var ts []string
		if nseg < len(times) {
			ts = times[nseg]
		}
		nseg++
		b = append(b, "<trkseg>\n"...)
		for i, p := range ps {
			t := ""
			if i < len(ts) {
				t = ts[i]
			}
			b = pt(b, "trkpt", p, t)
		}
		return append(b, "</trkseg>\n"...)
	}
	switch g := g.(type) {
	case orb.MultiPoint:
		for _, p := range g {
			b = pt(b, "rtept", p, "")
		}
	case orb.LineString:
		b = seg(b, g)
	case orb.Ring:
		b = seg(b, g)
	case orb.Bound:
		b = seg(b, g.ToRing())
	case orb.MultiLineString:
		for _, l := range g {
			b = seg(b, l)
		}
	case orb.Polygon:
		for _, r := range g {
			b = seg(b, r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				b = seg(b, r)
			}
		}
	case orb.Collection:
		for _, c := range g {
			if p, ok := c.(orb.Point); ok {
				b = seg(b, []orb.Point{p})
				continue
			}
			if mp, ok := c.(orb.MultiPoint); ok {
				b = seg(b, mp)
				continue
			}
			b = gpxPoints(b, c, nil)
		}
	}
	return b
}

// Close ends the document and flushes.
func (g *gpxWriter) Close() error {
	if g.closed {
		return g.err
	}
	g.closed = true
	if g.err != nil {
		return g.err
	}
	b := g.b[:0]
	if !g.started {
		b = append(b, gpxHeader...)
	}
	b = append(b, "</gpx>\n"...)
	if _, g.err = g.out.Write(b); g.err == nil {
		g.err = g.out.Flush()
	}
	return g.err
}
