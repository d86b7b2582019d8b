package reconcile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Revision is where a site stands in its history: Counter goes up by one on
// every change saved, Hash is the ContentHash of the content saved. Two
// copies with the same Hash hold the same data whatever their counters say
// (two projects that made the same edit), so a merge decides "changed since
// the base" by content, and the counter only orders revisions for people.
type Revision struct {
	Counter int64
	Hash    string
}

// IsZero reports whether r is the zero revision (a site never saved, or a
// file from a tool that writes none).
func (r Revision) IsZero() bool { return r == Revision{} }

// Next is the revision after r for a site saved with content s: the counter
// one more than the larger of r's and also's (a merge result follows both
// sides it came from), the hash s's.
func Next(s site.Site, r Revision, also ...Revision) Revision {
	c := r.Counter
	for _, o := range also {
		c = max(c, o.Counter)
	}
	return Revision{Counter: c + 1, Hash: ContentHash(s)}
}

// HashLen is the length of a ContentHash in hex digits: 48 bits, so that
// two different contents of one site collide with odds of about 1 in 3e14,
// short enough to show and to write in every exported feature.
const HashLen = 12

// ContentHash returns the first HashLen hex digits of the SHA-256 of s's
// canonical encoding. The encoding covers everything a user recorded: the
// ID, every field of the model, each source, observation and attachment
// with all their fields, and Extra. It leaves out Created and Updated
// (saving the same content later is not a change), the revision itself,
// and Observation.SourceWithheld (a mark an export puts on, not data).
//
// It is stable: each value is written with a tag and its length, so no two
// contents encode alike; Extra is written in key order and its JSON values
// compacted; Aliases and Tags are written sorted and sources, observations
// and attachments in ID order, because the merge treats them as sets and
// members keyed by ID (a store that loads them in another order has not
// changed the site); a nil and an empty list or map encode alike; -0 and 0
// encode alike, as orb.Equal sees them.
func ContentHash(s site.Site) string {
	sum := sha256.Sum256(canonical(&s))
	return hex.EncodeToString(sum[:HashLen/2])
}

// Equal reports whether a and b have the same content: the same canonical
// encoding as ContentHash hashes, compared in full.
func Equal(a, b site.Site) bool { return bytes.Equal(canonical(&a), canonical(&b)) }

// encoder writes the canonical encoding. Every value is a tag byte, then
// its length as a uvarint, then its bytes.
type encoder struct{ b []byte }

func (e *encoder) bytes(tag byte, v []byte) {
	e.b = append(e.b, tag)
	e.b = binary.AppendUvarint(e.b, uint64(len(v)))
	e.b = append(e.b, v...)
}

func (e *encoder) str(tag byte, v string) { e.bytes(tag, []byte(v)) }

func (e *encoder) int(tag byte, v int64) { e.bytes(tag, binary.AppendVarint(nil, v)) }

func (e *encoder) bool(tag byte, v bool) {
	if v {
		e.bytes(tag, []byte{1})
	} else {
		e.bytes(tag, []byte{0})
	}
}

// nest writes what f encodes as one value of tag.
func (e *encoder) nest(tag byte, f func(*encoder)) {
	var in encoder
	f(&in)
	e.bytes(tag, in.b)
}

func (e *encoder) float(v float64) {
	if v == 0 {
		v = 0 // -0 is 0 to orb.Equal
	}
	e.b = binary.BigEndian.AppendUint64(e.b, math.Float64bits(v))
}

func (e *encoder) strings(tag byte, v []string) {
	sorted := slices.Clone(v)
	sort.Strings(sorted)
	e.nest(tag, func(in *encoder) {
		for _, s := range sorted {
			in.str('s', s)
		}
	})
}

func (e *encoder) time(tag byte, t *time.Time) {
	if t == nil {
		return
	}
	e.nest(tag, func(in *encoder) {
		in.int('s', t.Unix())
		in.int('n', int64(t.Nanosecond()))
	})
}

func (e *encoder) geometry(tag byte, g orb.Geometry) {
	if g == nil {
		return
	}
	e.nest(tag, func(in *encoder) { in.geom(g) })
}

// geom writes a geometry as its type letter and its parts; points as two
// floats.
func (e *encoder) geom(g orb.Geometry) {
	points := func(tag byte, ps []orb.Point) {
		e.nest(tag, func(in *encoder) {
			for _, p := range ps {
				in.float(p[0])
				in.float(p[1])
			}
		})
	}
	switch g := g.(type) {
	case orb.Point:
		points('P', []orb.Point{g})
	case orb.MultiPoint:
		points('M', g)
	case orb.LineString:
		points('L', g)
	case orb.Ring:
		points('R', g)
	case orb.MultiLineString:
		e.nest('N', func(in *encoder) {
			for _, l := range g {
				in.geom(l)
			}
		})
	case orb.Polygon:
		e.nest('Y', func(in *encoder) {
			for _, r := range g {
				in.geom(r)
			}
		})
	case orb.MultiPolygon:
		e.nest('Z', func(in *encoder) {
			for _, p := range g {
				in.geom(p)
			}
		})
	case orb.Collection:
		e.nest('C', func(in *encoder) {
			for _, x := range g {
				in.geom(x)
			}
		})
	case orb.Bound:
		points('B', []orb.Point{g.Min, g.Max})
	default:
		// Not an orb type: its GeoJSON type name at least, so that it
		// differs from nil.
		e.str('?', g.GeoJSONType())
	}
}

func canonical(s *site.Site) []byte {
	e := &encoder{b: make([]byte, 0, 512)}
	e.str('i', s.ID)
	e.str('a', s.Name)
	e.strings('b', s.Aliases)
	e.str('c', s.Category)
	e.str('d', string(s.Status))
	e.geometry('e', s.Geometry)
	e.str('f', string(s.Precision))
	e.str('g', s.City)
	e.str('h', s.Province)
	e.str('j', s.Country)
	e.str('k', s.Operator)
	if s.WorkersEstimate != nil {
		e.int('l', int64(*s.WorkersEstimate))
	}
	e.str('m', string(s.FirstReported))
	e.str('n', string(s.LastReported))
	e.strings('o', s.Tags)
	e.str('p', s.Notes)
	e.str('q', s.ConfidentialNotes)
	e.bool('r', s.Confidential)
	keys := make([]string, 0, len(s.Extra))
	for k := range s.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e.nest('x', func(in *encoder) {
			in.str('k', k)
			in.bytes('v', compactJSON(s.Extra[k]))
		})
	}
	for _, src := range sortedByID(s.Sources, func(x site.Source) string { return x.ID }) {
		e.nest('S', func(in *encoder) { encodeSource(in, src) })
	}
	for _, o := range sortedByID(s.Observations, func(x site.Observation) string { return x.ID }) {
		e.nest('O', func(in *encoder) { encodeObservation(in, o) })
	}
	for _, a := range sortedByID(s.Attachments, func(x site.Attachment) string { return x.ID }) {
		e.nest('A', func(in *encoder) { encodeAttachment(in, a) })
	}
	return e.b
}

func encodeSource(e *encoder, s site.Source) {
	e.str('i', s.ID)
	e.str('t', s.Title)
	e.str('p', s.Publisher)
	e.str('u', s.URL)
	e.str('d', string(s.Published))
	e.str('a', string(s.Accessed))
	e.str('x', s.Excerpt)
	e.str('r', s.Reliability)
	e.int('c', int64(s.Credibility))
	e.bool('k', s.Confidential)
}

func encodeObservation(e *encoder, o site.Observation) {
	e.str('i', o.ID)
	e.str('d', string(o.Date))
	e.str('s', string(o.Status))
	e.str('n', o.Note)
	e.str('r', o.SourceID)
	e.bool('k', o.Confidential)
}

func encodeAttachment(e *encoder, a site.Attachment) {
	e.str('i', a.ID)
	e.str('f', a.FileName)
	e.str('m', a.MediaType)
	e.int('z', a.Size)
	e.str('c', a.Caption)
	e.time('t', a.TakenAt)
	if a.Position != nil {
		e.geometry('p', *a.Position)
	}
	e.bool('k', a.Confidential)
}

// sortedByID returns the members of list in ID order; members of one ID
// (none should share one) in the order of their encodings, so that the
// result does not depend on the order of list.
func sortedByID[T any](list []T, id func(T) string) []T {
	out := slices.Clone(list)
	sort.SliceStable(out, func(i, j int) bool { return id(out[i]) < id(out[j]) })
	// Equal IDs: order by full encoding.
	for i := 0; i < len(out); {
		j := i + 1
		for j < len(out) && id(out[j]) == id(out[i]) {
			j++
		}
		if j-i > 1 {
			group := out[i:j]
			sort.SliceStable(group, func(a, b int) bool {
				return bytes.Compare(memberBytes(group[a]), memberBytes(group[b])) < 0
			})
		}
		i = j
	}
	return out
}

func memberBytes(m any) []byte {
	var e encoder
	switch m := m.(type) {
	case site.Source:
		encodeSource(&e, m)
	case site.Observation:
		encodeObservation(&e, m)
	case site.Attachment:
		encodeAttachment(&e, m)
	}
	return e.b
}

// compactJSON is raw without insignificant white space, so that a value a
// reader kept with other spacing is the same value; raw itself when it is
// not valid JSON.
func compactJSON(raw json.RawMessage) []byte {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}
