package geoio

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"
)

// decode makes the site of the feature just read (see gpx_read.go).
func (g *gpxReader) decode(f *gpxFeature) (Item, error) {
	where := gpxWhere(f.kind, f.n, f.line)
	if f.err != "" {
		return Item{}, &Problem{File: g.file, Where: where, Index: f.index, Code: f.code, Message: f.err}
	}
	// Our writer's fields first: they win over the GPX elements.
	g.props = dataProps(&g.p, f.saKeys, f.saValues, g.props[:0])
	has := func(key string) bool {
		for _, p := range g.props {
			if p.key == key {
				return true
			}
		}
		return false
	}
	w := &g.jw
	w.keepWinding = true
	w.b = append(w.b[:0], `{"type":"Feature"`...)
	if f.id != "" {
		w.b = append(w.b, `,"id":`...)
		w.str(f.id)
	}
	w.b = append(w.b, `,"geometry":`...)
	if f.saGeom != "" {
		// Checked here, so that a broken one is a problem of this
		// feature, not malformed JSON of the whole file.
		if err := g.p.parse([]byte(f.saGeom)); err != nil || g.p.nodes[0].kind != kObject {
			return Item{}, &Problem{File: g.file, Where: where, Index: f.index, Code: CodeBadGeometry,
				Message: "the siteatlas:geometry extension is not a GeoJSON geometry object"}
		}
		w.b = compact(w.b, []byte(f.saGeom))
	} else {
		w.geometry(g.geometry(f, where))
	}
	w.b = append(w.b, `,"properties":{`...)
	fl := fields{w: w, first: true}
	for i, key := range f.keys {
		if has(key) || strings.TrimSpace(f.values[i]) == "" && (key == "name" || key == "description") {
			continue
		}
		if dupKey(f.keys[:i], key) {
			continue // the first of repeated elements wins
		}
		fl.str(key, f.values[i])
	}
	if len(f.links) > 0 && !has("links") {
		fl.key("links")
		w.b = append(w.b, '[')
		for i, l := range f.links {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			lf := fields{w: w, first: true}
			w.b = append(w.b, '{')
			lf.str("href", l.href)
			if l.text != "" {
				lf.str("text", l.text)
			}
			if l.typ != "" {
				lf.str("type", l.typ)
			}
			w.b = append(w.b, '}')
		}
		w.b = append(w.b, ']')
	}
	for _, p := range g.props {
		fl.key(p.key)
		w.b = append(w.b, p.raw...)
	}
	if f.kind != gpxWpt && !has("coordinateProperties") {
		g.coordProps(&fl, f)
	}
	// Dates come from times only in files we did not write: ours carry
	// the reported dates (or their absence) in the fields.
	if f.id == "" {
		first, last := f.span()
		if !has("first_reported") {
			fl.str("first_reported", kmlDate(first))
		}
		if !has("last_reported") {
			fl.str("last_reported", kmlDate(last))
		}
	}
	w.b = append(w.b, "}}"...)
	rec := rawRecord{index: f.index, line: f.line, col: 1, inFC: true, label: where, noun: gpxNouns[f.kind], nounNum: f.n, data: w.b}
	var res result
	g.dec.decode(&rec, &res)
	if cap(w.b) > 1<<20 {
		w.b = nil
	}
	for _, w := range res.warns {
		g.warn.add(w)
	}
	if res.err != nil {
		res.err.Fatal = false
		return Item{}, res.err
	}
	if !res.ok {
		return Item{}, &Problem{File: g.file, Where: where, Index: f.index, Code: CodeBadGeometry, Message: "could not be read"}
	}
	if res.hasID && !(g.skipID && res.item.HasID) {
		if prev, dup := g.ids[res.idHash]; dup {
			return Item{}, &Problem{File: g.file, Where: where, Index: f.index, Code: CodeDuplicateID,
				Message: fmt.Sprintf("duplicate id %s: feature %d has the same id", res.idText, prev)}
		}
		g.ids[res.idHash] = f.index
	}
	return res.item, nil
}

func dupKey(keys []string, key string) bool {
	for _, k := range keys {
		if k == key {
			return true
		}
	}
	return false
}

// geometry is the GeoJSON geometry the GPX element stands for; nil when it
// has no points. A line needs two points: a route or track of a single
// point (GPS units record them) is read as that point, and single-point
// segments beside real ones are dropped, each with a warning.
func (g *gpxReader) geometry(f *gpxFeature, where string) orb.Geometry {
	if f.kind == gpxWpt {
		return f.segs[0][0]
	}
	var ml orb.MultiLineString
	var lone []orb.Point
	for _, s := range f.segs {
		switch {
		case len(s) > 1:
			ml = append(ml, orb.LineString(s))
		case len(s) == 1:
			lone = append(lone, s[0])
		}
	}
	switch {
	case len(ml) == 0 && len(lone) == 1:
		g.warn.add(Problem{File: g.file, Where: where, Index: f.index, Code: CodeSinglePoint,
			Message: "has a single point; read as a point"})
		return lone[0]
	case len(lone) > 0:
		g.warn.add(Problem{File: g.file, Where: where, Index: f.index, Code: CodeSinglePoint,
			Message: fmt.Sprintf("%d segment(s) of a single point dropped: a line needs two", len(lone))})
	}
	switch len(ml) {
	case 0:
		return nil
	case 1:
		return ml[0]
	}
	return ml
}

// span is the waypoint's time, or a line's first and last point times.
func (f *gpxFeature) span() (first, last string) {
	if f.kind == gpxWpt {
		for i, k := range f.keys {
			if k == "time" {
				t := strings.TrimSpace(f.values[i])
				return t, t
			}
		}
		return "", ""
	}
	for _, ts := range f.times {
		for _, t := range ts {
			if t != "" {
				if first == "" {
					first = t
				}
				last = t
			}
		}
	}
	return first, last
}

// coordProps writes togeojson's coordinateProperties: point times and
// point extensions, an array per segment when there are several.
func (g *gpxReader) coordProps(fl *fields, f *gpxFeature) {
	var segs [][]string
	for _, ts := range f.times {
		if len(ts) > 0 {
			segs = append(segs, ts)
		}
	}
	anyTime := false
	for _, ts := range segs {
		for _, t := range ts {
			anyTime = anyTime || t != ""
		}
	}
	if !anyTime && len(f.ptExt) == 0 {
		return
	}
	w := fl.w
	fl.key("coordinateProperties")
	w.b = append(w.b, '{')
	cf := fields{w: w, first: true}
	// values writes one array per segment (or one array) of the values
	// at, over all points in order, "" as null.
	values := func(key string, at func(i int) string) {
		cf.key(key)
		multi := len(segs) > 1
		if multi {
			w.b = append(w.b, '[')
		}
		i := 0
		for si, s := range segs {
			if si > 0 {
				w.b = append(w.b, ',')
			}
			w.b = append(w.b, '[')
			for j := range s {
				if j > 0 {
					w.b = append(w.b, ',')
				}
				if v := at(i); v == "" {
					w.b = append(w.b, "null"...)
				} else {
					w.str(v)
				}
				i++
			}
			w.b = append(w.b, ']')
		}
		if multi {
			w.b = append(w.b, ']')
		}
	}
	if anyTime {
		var flat []string
		for _, ts := range segs {
			flat = append(flat, ts...)
		}
		values("times", func(i int) string { return flat[i] })
	}
	for _, e := range f.ptExt {
		values(e.key, func(i int) string {
			if i < len(e.vals) {
				return e.vals[i]
			}
			return ""
		})
	}
	w.b = append(w.b, '}')
}

// Warnings returns the warnings so far, in file order; the elevation count
// comes once the file has been read.
func (g *gpxReader) Warnings() []Problem { return g.warn.all() }

// Close has nothing to stop: the reader runs on the caller's goroutine.
func (g *gpxReader) Close() error { return nil }
