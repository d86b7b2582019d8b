package geoio

import (
	crand "crypto/rand"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"strings"

	"github.com/siteatlas/siteatlas/internal/site"
)

// decoder turns one raw record into a site. Each worker owns one, so its
// parser arena is reused without locking.
type decoder struct {
	file string
	p    parser
	seed maphash.Seed
	geom geomState
	rng  *rand.ChaCha8
	// intern shares repeated short texts (see internText).
	intern map[string]string
	// per record
	rec    *rawRecord
	res    *result
	extra  map[string]json.RawMessage
	aside  [2][]byte // see putAside
	propID *node     // an "id" property, used when the feature has no id
}

func newDecoder(file string, seed maphash.Seed) *decoder {
	var key [32]byte
	crand.Read(key[:])
	return &decoder{file: file, seed: seed, rng: rand.NewChaCha8(key), intern: map[string]string{}}
}

// newID returns a random (version 4) UUID. It uses a ChaCha8 stream seeded
// from crypto/rand per decoder: IDs need to be unique, not secret, and
// reading crypto/rand for each of a million features is measurably slow.
func (d *decoder) newID() string {
	var u [16]byte
	d.rng.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	var b [36]byte
	j := 0
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = hexDigits[c>>4], hexDigits[c&0xf]
		j += 2
	}
	return string(b[:])
}

// maxIntern bounds the decoder's table of repeated short texts.
const maxIntern = 8192

// internText returns string node n's text, sharing one copy between the
// many sites that say "Tumen", "CN" or "2017-05": less garbage while
// reading, and less memory for whoever keeps the sites.
func (d *decoder) internText(n *node) string {
	v := d.p.view(n)
	if len(v) > 48 {
		return strings.Clone(v)
	}
	if s, ok := d.intern[v]; ok {
		return s
	}
	s := strings.Clone(v)
	if len(d.intern) < maxIntern {
		d.intern[s] = s
	}
	return s
}

// problem makes a feature-level problem for the current record.
func (d *decoder) problem(code, format string, args ...any) *Problem {
	return &Problem{File: d.file, Where: d.rec.where(), Index: d.rec.index, Code: code, Message: fmt.Sprintf(format, args...)}
}

// warn records a feature-level warning for the current record.
func (d *decoder) warn(code, format string, args ...any) {
	d.res.warns = append(d.res.warns, *d.problem(code, format, args...))
}

// decode decodes rec into *res.
func (d *decoder) decode(rec *rawRecord, res *result) {
	*res = result{}
	if rec.fatal != nil {
		res.err = rec.fatal
		return
	}
	if rec.warn != nil {
		res.warns = []Problem{*rec.warn}
		return
	}
	d.rec, d.res, d.extra, d.propID = rec, res, nil, nil
	d.aside = [2][]byte{}
	res.inFC, res.line = rec.inFC, rec.line
	res.item.Index = rec.index
	if err := d.p.parse(rec.data); err != nil {
		se := err.(*syntaxError)
		line, col := rec.position(se.off)
		if se.soft {
			res.err = d.problem(se.code, "line %d, column %d: %s", line, col, se.msg)
			return
		}
		res.err = &Problem{File: d.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1,
			Fatal: true, Code: CodeInvalidJSON, Message: se.msg}
		return
	}
	root := &d.p.nodes[0]
	if root.kind != kObject {
		what := "a GeoJSON object"
		if rec.inFC {
			what = "a feature"
		}
		res.err = d.problem(CodeWrongType, "%s must be an object, got %s", what, root.kind)
		return
	}
	if k := d.dupKey(root, "type", "id", "geometry", "properties", "coordinates", "geometries"); k != "" {
		res.err = d.problem(CodeDuplicateKey, "member %q appears twice; the file is ambiguous", k)
		return
	}
	t := d.p.get(root, "type")
	if t == nil {
		res.err = d.problem(CodeNotGeoJSON, `has no "type" member (expected "Feature")`)
		return
	}
	if t.kind != kString {
		res.err = d.problem(CodeWrongType, "type must be a string, got %s", t.kind)
		return
	}
	switch typ := d.p.view(t); typ {
	case "Feature":
		d.feature(root)
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection":
		d.bareGeometry(root)
	case "FeatureCollection":
		res.err = d.problem(CodeNotGeoJSON, "a FeatureCollection inside a FeatureCollection or sequence is not supported")
	default:
		res.err = d.problem(CodeNotGeoJSON, "type %q is not a GeoJSON type (expected \"Feature\")", strings.Clone(typ))
	}
	if res.err != nil {
		res.ok = false
	}
	d.rec, d.res, d.extra = nil, nil, nil
}

// dupKey returns the first of keys that appears more than once in object n.
func (d *decoder) dupKey(n *node, keys ...string) string {
	var seen uint32
	for i := 0; i+1 < int(n.n); i += 2 {
		k := d.p.child(n, i)
		for j, key := range keys {
			if d.p.keyIs(k, key) {
				if seen&(1<<j) != 0 {
					return key
				}
				seen |= 1 << j
			}
		}
	}
	return ""
}

func (d *decoder) bareGeometry(root *node) {
	g, ok := d.geometryMember(root, "geometry")
	if !ok {
		return
	}
	s := &d.res.item.Site
	s.Geometry = g
	d.res.item.Carried = site.FieldGeometry
	s.ID = d.newID()
	d.finish(s)
}

func (d *decoder) feature(root *node) {
	s := &d.res.item.Site
	var geom, props, id *node
	hasGeom, hasProps := false, false
	for i := 0; i+1 < int(root.n); i += 2 {
		k, v := d.p.child(root, i), d.p.child(root, i+1)
		switch {
		case d.p.keyIs(k, "type"), d.p.keyIs(k, "bbox"):
			// bbox is derived from the geometry; we write our own.
		case d.p.keyIs(k, "geometry"):
			geom, hasGeom = v, true
		case d.p.keyIs(k, "properties"):
			props, hasProps = v, true
		case d.p.keyIs(k, "id"):
			id = v
		default:
			d.foreign(k, v)
		}
	}
	if !hasProps {
		d.warn(CodeMissingProperties, `has no "properties" member (RFC 7946 requires one); read as empty`)
	} else if props.kind != kNull && props.kind != kObject {
		d.res.err = d.problem(CodeWrongType, "properties must be an object, got %s", props.kind)
		return
	}
	switch {
	case !hasGeom:
		d.warn(CodeNullGeometry, `has no "geometry" member; imported as an unplaced site`)
	case geom.kind == kNull && (d.rec.kml || d.rec.noun != ""):
		d.warn(CodeNullGeometry, "has no geometry; imported as an unplaced site")
	case geom.kind == kNull && d.rec.csv:
		d.warn(CodeNullGeometry, "has no coordinates; imported as an unplaced site")
	case geom.kind == kNull:
		d.warn(CodeNullGeometry, "geometry is null; imported as an unplaced site")
	case geom.kind != kObject:
		d.res.err = d.problem(CodeWrongType, "geometry must be an object or null, got %s", geom.kind)
		return
	default:
		g, ok := d.geometryMember(geom, "geometry")
		if !ok {
			return
		}
		s.Geometry = g
		// A null geometry is not carried: an update never unplaces a site.
		d.res.item.Carried |= site.FieldGeometry
	}
	if props != nil && props.kind == kObject {
		d.properties(props)
	}
	d.featureID(id, props)
	d.finish(s)
}

// foreign keeps a foreign member of a Feature (RFC 7946 section 6.1) as a
// property, since the model has nowhere else to put it.
func (d *decoder) foreign(k, v *node) {
	key := d.p.view(k)
	d.warn(CodeForeignMember, "foreign member %q kept as a property", key)
	d.setExtra(key, v)
	d.warnWithheld(key)
}

// setExtra keeps v verbatim (compacted) under key in Site.Extra.
func (d *decoder) setExtra(key string, v *node) {
	if d.extra == nil {
		d.extra = map[string]json.RawMessage{}
	}
	if _, ok := d.extra[key]; !ok {
		key = strings.Clone(key) // key may be a view of the input
	}
	d.extra[key] = compact(nil, d.p.raw(v))
}

// finish applies the checks every site gets and completes the item.
func (d *decoder) finish(s *site.Site) {
	if d.res.err != nil {
		return
	}
	if len(d.extra) > 0 {
		s.Extra = d.extra
	}
	if s.Name == "" {
		what := "feature"
		if d.rec.csv {
			what = "row"
		} else if d.rec.kml {
			what = "placemark"
		} else if d.rec.noun != "" {
			what = d.rec.noun
		} else if !d.rec.inFC {
			what = "record"
		}
		n := d.rec.index
		if d.rec.noun != "" {
			n = d.rec.nounNum
		}
		s.Name = fmt.Sprintf("Unnamed %s %d", what, n)
		d.warn(CodeUnnamed, "has no name; named %q", s.Name)
	}
	if s.Geometry != nil && !d.checkGeometry(s) {
		return
	}
	d.validate(s)
	d.res.ok = true
}

// hashID hashes the id as written (kind and text), so that "1" and 1 are
// different ids, as they are in JSON. A 64-bit hash keeps the duplicate
// check at a few bytes per feature; a false match has odds of about 1 in
// 10^13 for a million features.
func (d *decoder) hashID(v *node) {
	var h maphash.Hash
	h.SetSeed(d.seed)
	h.WriteByte(byte(v.kind))
	if v.kind == kString {
		h.WriteString(d.p.view(v))
	} else {
		h.Write(d.p.raw(v))
	}
	d.res.idHash = h.Sum64()
	d.res.hasID = true
	d.res.idText = string(compact(nil, d.p.raw(v)))
}

// hashText replaces the id hash with one of canonical text u (a UUID).
func (d *decoder) hashText(u string) {
	var h maphash.Hash
	h.SetSeed(d.seed)
	h.WriteByte(byte(kString))
	h.WriteString(u)
	d.res.idHash = h.Sum64()
}
