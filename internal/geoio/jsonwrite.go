package geoio

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// jsonWriter appends JSON to a byte slice. It writes every value one way
// only, so the same site always gives the same bytes.
type jsonWriter struct {
	b []byte
	p *parser // checks Extra values
	// keepWinding writes polygon rings as they are (the CSV reader uses the
	// writer to hand WKT to the decoder, which warns about winding itself).
	keepWinding bool
}

const hexDigits = "0123456789abcdef"

// str writes s as a JSON string. Non-ASCII text is written as UTF-8, not
// escaped, so 图们 stays readable; invalid UTF-8 becomes U+FFFD.
func (w *jsonWriter) str(s string) {
	b := append(w.b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\ufffd"...)
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.b = append(b, '"')
}

func (w *jsonWriter) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

// float writes the shortest decimal that reads back as the same float64,
// never in exponent form (coordinates read better that way), and 0 for -0.
func (w *jsonWriter) float(f float64) { w.b = appendFloat(w.b, f) }

func appendFloat(b []byte, f float64) []byte {
	if f == 0 {
		return append(b, '0')
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...) // never valid here; keeps the JSON well-formed
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

func formatFloat(f float64) string { return string(appendFloat(nil, f)) }

func (w *jsonWriter) key(k string) {
	w.str(k)
	w.b = append(w.b, ':')
}

func (w *jsonWriter) point(p orb.Point) {
	w.b = append(w.b, '[')
	w.float(p[0])
	w.b = append(w.b, ',')
	w.float(p[1])
	w.b = append(w.b, ']')
}

func (w *jsonWriter) points(ps []orb.Point) {
	w.b = append(w.b, '[')
	for i, p := range ps {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.point(p)
	}
	w.b = append(w.b, ']')
}

func (w *jsonWriter) polygon(p orb.Polygon) {
	w.b = append(w.b, '[')
	for i, r := range p {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		// RFC 7946: exterior counterclockwise, holes clockwise.
		want := orb.CCW
		if i > 0 {
			want = orb.CW
		}
		// An empty ring has no orientation (orb's Orientation panics on one).
		if len(r) > 0 && !w.keepWinding {
			if o := r.Orientation(); o != 0 && o != want {
				r = reversed(r)
			}
		}
		w.points(r)
	}
	w.b = append(w.b, ']')
}

func reversed(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}

// geometry writes g as a GeoJSON geometry object, or null.
func (w *jsonWriter) geometry(g orb.Geometry) {
	typ := func(t string) {
		w.b = append(w.b, `{"type":"`...)
		w.b = append(w.b, t...)
		w.b = append(w.b, `","coordinates":`...)
	}
	switch g := g.(type) {
	case nil:
		w.b = append(w.b, "null"...)
		return
	case orb.Point:
		typ("Point")
		w.point(g)
	case orb.MultiPoint:
		typ("MultiPoint")
		w.points(g)
	case orb.LineString:
		typ("LineString")
		w.points(g)
	case orb.MultiLineString:
		typ("MultiLineString")
		w.b = append(w.b, '[')
		for i, l := range g {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.points(l)
		}
		w.b = append(w.b, ']')
	case orb.Ring:
		typ("Polygon")
		w.polygon(orb.Polygon{g})
	case orb.Polygon:
		typ("Polygon")
		w.polygon(g)
	case orb.Bound:
		typ("Polygon")
		w.polygon(g.ToPolygon())
	case orb.MultiPolygon:
		typ("MultiPolygon")
		w.b = append(w.b, '[')
		for i, p := range g {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.polygon(p)
		}
		w.b = append(w.b, ']')
	case orb.Collection:
		w.b = append(w.b, `{"type":"GeometryCollection","geometries":[`...)
		for i, c := range g {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.geometry(c)
		}
		w.b = append(w.b, ']')
	default:
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '}')
}

func (w *jsonWriter) time(t time.Time) {
	w.b = append(w.b, '"')
	w.b = t.UTC().AppendFormat(w.b, time.RFC3339Nano)
	w.b = append(w.b, '"')
}

// fields writes "k":v pairs of an object in order, skipping empty ones; it
// tracks whether a comma is needed.
type fields struct {
	w     *jsonWriter
	first bool
}

func (f *fields) key(k string) {
	if !f.first {
		f.w.b = append(f.w.b, ',')
	}
	f.first = false
	f.w.key(k)
}

func (f *fields) str(k, v string) {
	if v != "" {
		f.key(k)
		f.w.str(v)
	}
}

func (f *fields) boolean(k string, v bool) {
	if v {
		f.key(k)
		f.w.b = append(f.w.b, "true"...)
	}
}

func (f *fields) list(k string, v []string) {
	if len(v) == 0 {
		return
	}
	f.key(k)
	f.w.list(v)
}

func (w *jsonWriter) list(v []string) {
	w.b = append(w.b, '[')
	for i, s := range v {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.str(s)
	}
	w.b = append(w.b, ']')
}

func (w *jsonWriter) sources(src []site.Source) {
	w.b = append(w.b, '[')
	for i, s := range src {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = append(w.b, '{')
		f := fields{w: w, first: true}
		f.str("id", s.ID)
		f.str("title", s.Title)
		f.str("publisher", s.Publisher)
		f.str("url", s.URL)
		f.str("published", string(s.Published))
		f.str("accessed", string(s.Accessed))
		f.str("excerpt", s.Excerpt)
		f.str("reliability", s.Reliability)
		if s.Credibility != 0 {
			f.key("credibility")
			w.int(s.Credibility)
		}
		f.boolean("confidential", s.Confidential)
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
}

func (w *jsonWriter) observations(obs []site.Observation) {
	w.b = append(w.b, '[')
	for i, o := range obs {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = append(w.b, '{')
		f := fields{w: w, first: true}
		f.str("id", o.ID)
		f.str("date", string(o.Date))
		f.str("status", string(o.Status))
		f.str("note", o.Note)
		f.str("source_id", o.SourceID)
		f.boolean("source_withheld", o.SourceWithheld)
		f.boolean("confidential", o.Confidential)
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
}
