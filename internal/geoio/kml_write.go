package geoio

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// The KML writer is for sharing with Google Earth, and it is lossless too:
// every field goes into ExtendedData, so that reading the file back gives
// the sites that were written. The field values are the GeoJSON writer's
// properties, re-expressed rather than re-encoded: model text fields as
// plain text, lists, sources and observations as the GeoJSON writer's JSON,
// and everything else (Extra, and model fields holding a value kept
// verbatim, such as status 5) as one JSON object in <Data name="extra">,
// as the CSV writer does. Text that XML 1.0 cannot carry (control
// characters, U+FFFE) goes into that JSON object too, escaped.

// kmlNS is the OGC KML 2.2 namespace.
const kmlNS = "http://www.opengis.net/kml/2.2"

// kmlStyles are the shared styles, one per built-in category, in
// site.Categories order. Colours are KML's aabbggrr. Custom categories and
// sites without one share kmlDefaultStyle: styles must come before the
// Placemarks, and a streaming writer cannot know the categories ahead.
var kmlStyles = map[string]string{
	"factory":            "ff0000e0", // red
	"industrial_complex": "ff0080ff", // orange
	"restaurant":         "ff00a000", // green
	"construction":       "ff00d7ff", // yellow
	"mine":               "ff13458b", // brown
	"fishery":            "ffff901e", // blue
	"logging":            "ff006400", // dark green
	"farm":               "ff32cd9a", // yellow-green
	"dormitory":          "ffcc3299", // purple
	"other":              "ff808080", // grey
}

const kmlDefaultStyle = "cat-none"

// NewKMLWriter returns a Writer of an OGC KML 2.2 document: one Document
// named "Site Atlas export" with a style per category and one Placemark per
// site, with a readable description for Google Earth's balloon, a TimeSpan
// from the first and last reported dates, and ExtendedData holding every
// field so that NewReader gives the same sites back. Unplaced sites get a
// Placemark without geometry. The output is deterministic and streamed: it
// holds one site at a time. Attachments are not written.
func NewKMLWriter(w io.Writer) Writer {
	return &kmlWriter{out: bufio.NewWriterSize(w, 256<<10)}
}

type kmlWriter struct {
	out     *bufio.Writer
	jw      jsonWriter // the GeoJSON properties of the site being written
	p       parser     // splits them into Data elements
	b       []byte
	extra   []byte // the "extra" object being built
	started bool
	closed  bool
	err     error
}

func (k *kmlWriter) header() {
	b := append(k.b[:0], `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="`+kmlNS+`">
<Document>
<name>Site Atlas export</name>
`...)
	for _, c := range append(append([]string(nil), site.Categories...), "") {
		color, id := kmlStyles[c], "cat-"+c
		if c == "" {
			color, id = "ffc0c0c0", kmlDefaultStyle
		}
		// No <Icon>: the viewer's own pin, tinted. An icon URL would make
		// every viewer of a shared file fetch it from a server.
		b = append(b, `<Style id="`+id+`"><IconStyle><color>`+color+`</color></IconStyle>`+
			`<LineStyle><color>`+color+`</color><width>2</width></LineStyle><PolyStyle><color>66`+color[2:]+`</color></PolyStyle></Style>
`...)
	}
	k.b = b
}

// Write appends one Placemark.
func (k *kmlWriter) Write(s site.Site) error {
	if k.err != nil {
		return k.err
	}
	if k.closed {
		return errors.New("geoio: Write after Close")
	}
	k.b = k.b[:0]
	if !k.started {
		k.started = true
		k.header()
	}
	b := append(k.b, `<Placemark`...)
	if s.ID != "" {
		b = append(b, ` id="`...)
		b = appendXMLText(b, s.ID, true)
		b = append(b, '"')
	}
	b = append(b, ">\n"...)
	if s.Name != "" {
		b = append(b, "<name>"...)
		b = appendXMLText(b, s.Name, false)
		b = append(b, "</name>\n"...)
	}
	n := len(b)
	b = append(b, "<description><![CDATA["...)
	m := len(b)
	if b = kmlSummary(b, &s); len(b) == m {
		b = b[:n]
	} else {
		b = append(b, "]]></description>\n"...)
	}
	if validKMLDate(s.FirstReported) && s.FirstReported == s.LastReported {
		// One date: a TimeStamp, which Google Earth's time slider shows
		// as a moment rather than a span; the reader gives it back to
		// both first and last reported.
		b = append(b, "<TimeStamp><when>"+s.FirstReported+"</when></TimeStamp>\n"...)
	} else if validKMLDate(s.FirstReported) || validKMLDate(s.LastReported) {
		b = append(b, "<TimeSpan>"...)
		if validKMLDate(s.FirstReported) {
			b = append(b, "<begin>"+s.FirstReported+"</begin>"...)
		}
		if validKMLDate(s.LastReported) {
			b = append(b, "<end>"+s.LastReported+"</end>"...)
		}
		b = append(b, "</TimeSpan>\n"...)
	}
	style := kmlDefaultStyle
	if _, ok := kmlStyles[s.Category]; ok {
		style = "cat-" + s.Category
	}
	b = append(b, "<styleUrl>#"+style+"</styleUrl>\n"...)
	b = k.extendedData(b, &s)
	if s.Geometry != nil {
		b = kmlGeometry(b, exportGeometry(&s))
	}
	b = append(b, "</Placemark>\n"...)
	k.b = b
	_, k.err = k.out.Write(b)
	if cap(k.b) > 1<<20 {
		k.b = nil // one huge polygon should not pin memory for the rest
	}
	if cap(k.jw.b) > 1<<20 {
		k.jw.b = nil
	}
	return k.err
}

// validKMLDate: a partial date is exactly an xsd:gYear, gYearMonth or date,
// which KML's TimeSpan takes; anything else stays out of the TimeSpan.
func validKMLDate(d site.PartialDate) bool {
	return d != "" && d.Validate() == nil
}

// extendedData writes the site's GeoJSON properties as Data elements.
func (k *kmlWriter) extendedData(b []byte, s *site.Site) []byte {
	w := &k.jw
	w.b = append(w.b[:0], '{')
	w.properties(s)
	w.b = append(w.b, '}')
	if err := k.p.parse(w.b); err != nil {
		return b // cannot happen: properties writes valid JSON
	}
	root := &k.p.nodes[0]
	k.extra = append(k.extra[:0], '{')
	open := false
	data := func(key string, text string, raw bool) {
		if !open {
			b = append(b, "<ExtendedData>\n"...)
			open = true
		}
		b = append(b, `<Data name="`...)
		b = appendXMLText(b, key, true)
		b = append(b, `"><value>`...)
		if raw {
			b = appendXMLJSON(b, text)
		} else {
			b = appendXMLText(b, text, false)
		}
		b = append(b, "</value></Data>\n"...)
	}
	for i := 0; i+1 < int(root.n); i += 2 {
		kn, v := k.p.child(root, i), k.p.child(root, i+1)
		// Views, not copies: nothing here outlives the parse.
		key := k.p.view(kn)
		p, known := lookupProp(key)
		switch {
		case known && p == pName && v.kind == kString && k.p.view(v) == s.Name && xmlSafe(s.Name):
			// in <name>
		case known && v.kind == kString && p != pName && p != pID && xmlSafe(k.p.view(v)):
			data(key, k.p.view(v), false)
		case known && p == pWorkers && v.kind == kNumber, known && p == pConfidential && (v.kind == kTrue || v.kind == kFalse):
			data(key, bytesView(k.p.raw(v)), false)
		case known && v.kind == kArray && (p == pAliases || p == pTags || p == pSources || p == pObservations):
			data(key, bytesView(k.p.raw(v)), true)
		default:
			if len(k.extra) > 1 {
				k.extra = append(k.extra, ',')
			}
			k.extra = append(k.extra, k.p.raw(kn)...)
			k.extra = append(k.extra, ':')
			k.extra = append(k.extra, k.p.raw(v)...)
		}
	}
	if len(k.extra) > 1 {
		k.extra = append(k.extra, '}')
		data("extra", bytesView(k.extra), true)
	}
	if open {
		b = append(b, "</ExtendedData>\n"...)
	}
	return b
}

// Close ends the document and flushes.
func (k *kmlWriter) Close() error {
	if k.closed {
		return k.err
	}
	k.closed = true
	if k.err != nil {
		return k.err
	}
	k.b = k.b[:0]
	if !k.started {
		k.header()
	}
	k.b = append(k.b, "</Document>\n</kml>\n"...)
	if _, k.err = k.out.Write(k.b); k.err == nil {
		k.err = k.out.Flush()
	}
	return k.err
}

// kmlGeometry writes g as a KML geometry. Polygons are wound as the GeoJSON
// writer winds them (exterior counterclockwise), as KML also asks.
func kmlGeometry(b []byte, g orb.Geometry) []byte {
	switch g := g.(type) {
	case orb.Point:
		b = append(b, "<Point><coordinates>"...)
		b = appendCoord(b, g)
		b = append(b, "</coordinates></Point>\n"...)
	case orb.LineString:
		b = append(b, "<LineString><coordinates>"...)
		b = appendCoords(b, g)
		b = append(b, "</coordinates></LineString>\n"...)
	case orb.Ring:
		b = kmlGeometry(b, orb.Polygon{g})
	case orb.Bound:
		b = kmlGeometry(b, g.ToPolygon())
	case orb.Polygon:
		b = append(b, "<Polygon>"...)
		for i, r := range g {
			want := orb.CCW
			if i > 0 {
				want = orb.CW
			}
			// Orientation indexes r[0]; an empty ring is written as it is.
			if len(r) > 0 {
				if o := r.Orientation(); o != 0 && o != want {
					r = reversed(r)
				}
			}
			if i == 0 {
				b = append(b, "<outerBoundaryIs><LinearRing><coordinates>"...)
			} else {
				b = append(b, "<innerBoundaryIs><LinearRing><coordinates>"...)
			}
			b = appendCoords(b, r)
			if i == 0 {
				b = append(b, "</coordinates></LinearRing></outerBoundaryIs>"...)
			} else {
				b = append(b, "</coordinates></LinearRing></innerBoundaryIs>"...)
			}
		}
		b = append(b, "</Polygon>\n"...)
	case orb.MultiPoint:
		b = append(b, "<MultiGeometry>\n"...)
		for _, p := range g {
			b = kmlGeometry(b, p)
		}
		b = append(b, "</MultiGeometry>\n"...)
	case orb.MultiLineString:
		b = append(b, "<MultiGeometry>\n"...)
		for _, l := range g {
			b = kmlGeometry(b, l)
		}
		b = append(b, "</MultiGeometry>\n"...)
	case orb.MultiPolygon:
		b = append(b, "<MultiGeometry>\n"...)
		for _, p := range g {
			b = kmlGeometry(b, p)
		}
		b = append(b, "</MultiGeometry>\n"...)
	case orb.Collection:
		b = append(b, "<MultiGeometry>\n"...)
		for _, c := range g {
			b = kmlGeometry(b, c)
		}
		b = append(b, "</MultiGeometry>\n"...)
	}
	return b
}

func appendCoord(b []byte, p orb.Point) []byte {
	b = appendFloat(b, p[0])
	b = append(b, ',')
	return appendFloat(b, p[1])
}

func appendCoords(b []byte, ps []orb.Point) []byte {
	for i, p := range ps {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendCoord(b, p)
	}
	return b
}

// xmlAttention marks the bytes xmlSafe must look at:
// markup, control characters, and 0xEF, which starts U+FFFE and U+FFFF.
var xmlAttention = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	for _, c := range []byte{'&', '<', '>', '"', 0xEF} {
		t[c] = true
	}
	return t
}()

// isNonChar reports whether s[i:] starts with U+FFFE or U+FFFF.
func isNonChar(s string, i int) bool {
	return i+2 < len(s) && s[i] == 0xEF && s[i+1] == 0xBF && (s[i+2] == 0xBE || s[i+2] == 0xBF)
}

// xmlSafe reports whether s reads back from XML text exactly as it is.
func xmlSafe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if xmlAttention[c] && (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || isNonChar(s, i)) {
			return false
		}
	}
	return true
}

// appendXMLText escapes s for XML text (or an attribute value). A carriage
// return is written as a reference, since XML readers turn a literal one
// into a line feed; characters XML cannot carry become U+FFFD.
func appendXMLText(b []byte, s string, attr bool) []byte {
	if attr {
		return appendEscaped(b, s, &xmlAttrEscapes)
	}
	return appendEscaped(b, s, &xmlTextEscapes)
}

// escapes maps each byte to what appendEscaped writes in its place; ""
// copies the byte as it is.
type escapes [256]string

// newEscapes starts every table from what neither XML nor HTML may carry
// literally: markup, and control characters, which become U+FFFD.
func newEscapes(extra map[byte]string) (e escapes) {
	for c := 0; c < 0x20; c++ {
		e[c] = "\uFFFD"
	}
	e['&'], e['<'], e['>'] = "&amp;", "&lt;", "&gt;"
	for c, esc := range extra {
		e[c] = esc
	}
	return e
}

var (
	// Text keeps line feeds, tabs and quotes; an attribute value would
	// have its line feeds and tabs normalised to spaces by the reader.
	xmlTextEscapes = newEscapes(map[byte]string{'\r': "&#xD;", '\n': "", '\t': ""})
	xmlAttrEscapes = newEscapes(map[byte]string{'\r': "&#xD;", '\n': "&#xA;", '\t': "&#x9;", '"': "&quot;"})
	htmlEscapes    = newEscapes(map[byte]string{'\r': "&#13;", '\n': "<br>", '\t': "", '"': "&quot;", '\'': "&#39;"})
)

// appendEscaped appends s to b escaped by table e, and U+FFFE and U+FFFF,
// which neither XML nor HTML may carry, as U+FFFD. Most text needs nothing,
// so it is scanned byte by byte and copied in runs.
func appendEscaped(b []byte, s string, e *escapes) []byte {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		esc, n := e[c], 1
		if c == 0xEF && isNonChar(s, i) {
			esc, n = "\uFFFD", 3
		}
		if esc == "" {
			continue
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		i += n - 1
		start = i + 1
	}
	return append(b, s[start:]...)
}

// appendXMLJSON writes valid JSON text as XML text. Outside strings JSON is
// plain ASCII; inside, the only characters XML cannot carry that JSON
// leaves unescaped are U+FFFE and U+FFFF, written as JSON escapes.
func appendXMLJSON(b []byte, s string) []byte {
	if strings.Contains(s, "\uFFFE") || strings.Contains(s, "\uFFFF") {
		s = strings.NewReplacer("\uFFFE", `\ufffe`, "\uFFFF", `\uffff`).Replace(s)
	}
	return appendXMLText(b, s, false)
}

// kmlSummary writes the HTML shown in Google Earth's balloon. User text is
// escaped, so "]]>" cannot occur and the whole can go in one CDATA section;
// carriage returns become references so that the text reads back
// unchanged, which lets the reader recognise the summary and drop it.
func kmlSummary(b []byte, s *site.Site) []byte {
	start := len(b)
	row := func(label, v string) {
		if v == "" {
			return
		}
		b = append(b, "<b>"+label+":</b> "...)
		b = appendHTML(b, v)
		b = append(b, "<br>\n"...)
	}
	row("Category", s.Category)
	row("Status", string(s.Status))
	if s.City != "" || s.Province != "" || s.Country != "" {
		b = append(b, "<b>Place:</b> "...)
		b = appendJoinedHTML(b, s.City, s.Province, s.Country)
		b = append(b, "<br>\n"...)
	}
	row("Operator", s.Operator)
	if s.FirstReported != "" || s.LastReported != "" {
		row("Reported", string(s.FirstReported)+" – "+string(s.LastReported))
	}
	if s.Notes != "" {
		b = append(b, "<p>"...)
		b = appendHTML(b, s.Notes)
		b = append(b, "</p>\n"...)
	}
	if len(s.Sources) > 0 {
		b = append(b, "<p><b>Sources</b></p><ol>\n"...)
		for _, src := range s.Sources {
			b = append(b, "<li>"...)
			n := len(b)
			b = appendJoinedHTML(b, src.Title, src.Publisher, string(src.Published))
			if src.URL != "" {
				if len(b) > n {
					b = append(b, ' ')
				}
				// Only web links become links: a javascript: URL in a
				// shared file must not run in someone's balloon.
				low := strings.ToLower(src.URL)
				if strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "http://") {
					b = append(b, `<a href="`...)
					b = appendHTML(b, src.URL)
					b = append(b, `">`...)
					b = appendHTML(b, src.URL)
					b = append(b, "</a>"...)
				} else {
					b = appendHTML(b, src.URL)
				}
			}
			b = append(b, "</li>\n"...)
		}
		b = append(b, "</ol>\n"...)
	}
	if len(s.Observations) > 0 {
		b = append(b, "<p><b>Observations</b></p><ul>\n"...)
		for _, o := range site.InTimelineOrder(s.Observations) {
			b = append(b, "<li>"...)
			b = appendHTML(b, string(o.Date))
			if o.Date != "" && o.Status != "" {
				b = append(b, ' ')
			}
			b = appendHTML(b, string(o.Status))
			if o.SourceWithheld {
				if o.Date != "" || o.Status != "" {
					b = append(b, ' ')
				}
				b = append(b, csvSourceWithheld...)
			}
			if o.Note != "" {
				b = append(b, ": "...)
				b = appendHTML(b, o.Note)
			}
			b = append(b, "</li>\n"...)
		}
		b = append(b, "</ul>\n"...)
	}
	if len(b) > start && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	return b
}

// appendJoinedHTML writes the non-empty ones of a, b, c joined by ", ".
func appendJoinedHTML(out []byte, a, b, c string) []byte {
	sep := false
	for _, v := range [3]string{a, b, c} {
		if v == "" {
			continue
		}
		if sep {
			out = append(out, ", "...)
		}
		out = appendHTML(out, v)
		sep = true
	}
	return out
}

// appendHTML escapes s for HTML inside a CDATA section, line breaks as <br>.
func appendHTML(b []byte, s string) []byte {
	return appendEscaped(b, s, &htmlEscapes)
}

// bytesView returns b as a string without copying; b must not change while
// the string is in use.
func bytesView(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
