package geoio

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/siteatlas/siteatlas/internal/site"
)

// sources reads the "sources" array member by member. A member that does
// not fit the model (not an object, a member the model has no place for, a
// wrong type, a date that is not one) is kept as written in
// Extra["unread_sources"] with a warning: its confidentiality cannot be read
// with certainty, so it is treated as confidential (site.WithheldExtra) and
// never exported without confidential data, while the good members are read
// as sources. An array of sources that is not an array stays in Extra
// under "sources", withheld the same way.
func (d *decoder) sources(v *node) []site.Source {
	return readMembers(d, v, "sources", asideSources, d.source)
}

// readMembers reads the array v member by member with read, which returns
// a member's reason for not fitting the model. The members that fit are
// returned; each one that does not is put aside (which) with its reason.
// When none fits, the array stays whole under name in Extra, as written,
// where a round trip writes it back.
func readMembers[T any](d *decoder, v *node, name string, which int, read func(*node, int) (T, string)) []T {
	if v.kind != kArray {
		d.keepWhy(name, v, "is a "+v.kind.String()+", not an array of "+name)
		return nil
	}
	type unread struct {
		i   int
		why string
	}
	out := make([]T, 0, v.n)
	var bad []unread
	for i := 0; i < int(v.n); i++ {
		x, why := read(d.p.child(v, i), i)
		if why != "" {
			bad = append(bad, unread{i, why})
			continue
		}
		out = append(out, x)
	}
	if len(out) == 0 {
		if len(bad) > 0 {
			d.keepWhy(name, v, bad[0].why)
		}
		return nil
	}
	for _, u := range bad {
		d.putAside(which, d.p.raw(d.p.child(v, u.i)), u.why)
	}
	return out
}

func (d *decoder) source(o *node, i int) (site.Source, string) {
	var src site.Source
	if o.kind != kObject {
		return src, fmt.Sprintf("sources[%d] is a %s, not an object", i, o.kind)
	}
	for j := 0; j+1 < int(o.n); j += 2 {
		k, m := d.p.child(o, j), d.p.child(o, j+1)
		key := d.p.text(k)
		var why string
		switch key {
		case "id":
			why = d.strTo(&src.ID, m)
		case "title":
			why = d.strTo(&src.Title, m)
		case "publisher":
			why = d.strTo(&src.Publisher, m)
		case "url":
			why = d.strTo(&src.URL, m)
		case "excerpt":
			why = d.strTo(&src.Excerpt, m)
		case "published":
			why = d.dateTo(&src.Published, m)
		case "accessed":
			why = d.dateTo(&src.Accessed, m)
		case "reliability":
			why = d.strTo(&src.Reliability, m)
			src.Reliability = strings.ToUpper(strings.TrimSpace(src.Reliability))
		case "credibility":
			if m.kind != kNull {
				n, ok := d.integer(m)
				if !ok {
					why = "is not a whole number"
				}
				src.Credibility = n
			}
		case "confidential":
			src.Confidential = d.memberConfidential(m, fmt.Sprintf("sources[%d]", i))
		default:
			return src, fmt.Sprintf("sources[%d] has a member %s the model has no place for", i, quoteText(key))
		}
		if why != "" {
			return src, fmt.Sprintf("sources[%d].%s %s", i, key, why)
		}
	}
	return src, ""
}

// memberConfidential reads the confidential member of a source or
// observation: anything but true, false or null (1, "secret") fails
// closed, as confidential, with a warning.
func (d *decoder) memberConfidential(m *node, where string) bool {
	if m.kind == kNull {
		return false
	}
	b, ok := d.boolean(m)
	if !ok {
		d.warn(CodeConfidential, "properties.%s.confidential: %s is not true or false; treated as confidential", where, quoteRaw(d.p.raw(m)))
		return true
	}
	return b
}

// observations reads the "observations" array member by member, as
// sources does: what does not fit goes to Extra["unread_observations"].
func (d *decoder) observations(v *node) []site.Observation {
	return readMembers(d, v, "observations", asideObservations, d.observation)
}

func (d *decoder) observation(o *node, i int) (site.Observation, string) {
	var ob site.Observation
	if o.kind != kObject {
		return ob, fmt.Sprintf("observations[%d] is a %s, not an object", i, o.kind)
	}
	for j := 0; j+1 < int(o.n); j += 2 {
		k, m := d.p.child(o, j), d.p.child(o, j+1)
		key := d.p.text(k)
		var why string
		switch key {
		case "id":
			why = d.strTo(&ob.ID, m)
		case "date":
			why = d.dateTo(&ob.Date, m)
		case "status":
			var st string
			why = d.strTo(&st, m)
			ob.Status = site.Status(normWord(st))
		case "note":
			why = d.strTo(&ob.Note, m)
		case "source_id":
			why = d.strTo(&ob.SourceID, m)
		case "confidential":
			ob.Confidential = d.memberConfidential(m, fmt.Sprintf("observations[%d]", i))
		case "source_withheld":
			if b, ok := d.boolean(m); ok {
				ob.SourceWithheld = b
			} else if m.kind != kNull {
				why = "is not true or false"
			}
		default:
			return ob, fmt.Sprintf("observations[%d] has a member %s the model has no place for", i, quoteText(key))
		}
		if why != "" {
			return ob, fmt.Sprintf("observations[%d].%s %s", i, key, why)
		}
	}
	return ob, ""
}

// Which array putAside keeps a member in.
const (
	asideSources = iota
	asideObservations
)

var asideKeys = [2]string{site.UnreadSources, site.UnreadObservations}

// putAside keeps raw, a member of the sources or observations array that
// does not fit the model, for Extra["unread_sources"] or
// Extra["unread_observations"] (see keepAside), and warns.
func (d *decoder) putAside(which int, raw []byte, why string) {
	d.warn(CodeProperty, "properties.%s; kept as written in %s and treated as confidential (left out of exports without confidential data)", why, asideKeys[which])
	b := d.aside[which]
	if len(b) == 0 {
		b = append(b, '[')
	} else {
		b = append(b, ',')
	}
	d.aside[which] = compact(b, raw)
}

// keepAside puts the members putAside kept into Extra: under "sources" or
// "observations" when the model has none of them left, so that a round trip
// writes the array back as it was, else under "unread_sources" or
// "unread_observations", after any the file already had there (a file we
// exported with confidential data). Both names are withheld from exports.
func (d *decoder) keepAside(s *site.Site) {
	for which, b := range d.aside {
		if len(b) == 0 {
			continue
		}
		key := asideKeys[which]
		plain, empty := "sources", len(s.Sources) == 0
		if which == asideObservations {
			plain, empty = "observations", len(s.Observations) == 0
		}
		if d.extra == nil {
			d.extra = map[string]json.RawMessage{}
		}
		if _, taken := d.extra[plain]; empty && !taken {
			key = plain
		}
		if old := d.extra[key]; len(old) > 2 && old[0] == '[' && old[len(old)-1] == ']' {
			b = append(append(append([]byte(nil), old[:len(old)-1]...), ','), b[1:]...)
		} else if len(old) > 0 && !(len(old) == 2 && old[0] == '[') {
			// Something else under that name: keep it in the list.
			b = append(append(b, ','), old...)
		}
		d.extra[key] = append(b, ']')
		d.aside[which] = nil
	}
}

func (d *decoder) strTo(dst *string, v *node) string {
	switch v.kind {
	case kNull:
		return ""
	case kString:
		*dst = d.p.text(v)
		return ""
	}
	return "is a " + v.kind.String() + ", not a text"
}

func (d *decoder) dateTo(dst *site.PartialDate, v *node) string {
	var s string
	if why := d.strTo(&s, v); why != "" {
		return why
	}
	pd, err := site.ParsePartialDate(strings.TrimSpace(s))
	if err != nil {
		return "is not a date like 2017, 2017-05 or 2017-05-14"
	}
	*dst = pd
	return ""
}

// validate runs the model's own validation on what the mapping produced.
// Whatever it still objects to (a grade G, an observation citing a source
// that is not there, last reported before first reported) is moved to
// Extra as written, with the model's message as the warning.
func (d *decoder) validate(s *site.Site) {
	g := s.Geometry
	s.Geometry = nil // checked already, and faster
	defer func() { s.Geometry = g }()
	moved := map[string]bool{}
	// Moving one field aside can spoil another (observations citing
	// sources that were set aside), so validate again until nothing is
	// left; each round moves at least one field or gives up.
	for {
		err := s.Validate()
		if err == nil {
			break
		}
		var ve site.ValidationError
		if !errors.As(err, &ve) {
			d.res.err = d.problem(CodeProperty, "%v", err)
			return
		}
		progress := false
		var srcAside, obsAside []int
		for _, fe := range ve {
			top := fe.Field
			if i := strings.IndexAny(top, ".["); i >= 0 {
				top = top[:i]
			}
			// A source or observation the model objects to (credibility 9,
			// a source_id citing no source) is put aside alone.
			if n, ok := memberIndex(fe.Field, "sources["); ok && n < len(s.Sources) && !slices.Contains(srcAside, n) {
				srcAside = append(srcAside, n)
				d.putAside(asideSources, d.memberJSON(s, asideSources, n), fe.Field+": "+fe.Message)
				progress = true
				continue
			}
			if n, ok := memberIndex(fe.Field, "observations["); ok && n < len(s.Observations) && !slices.Contains(obsAside, n) {
				obsAside = append(obsAside, n)
				d.putAside(asideObservations, d.memberJSON(s, asideObservations, n), fe.Field+": "+fe.Message)
				progress = true
				continue
			}
			if moved[top] {
				continue
			}
			moved[top] = true
			if !d.unset(s, top) {
				d.res.err = d.problem(CodeProperty, "properties.%s: %s", fe.Field, fe.Message)
				return
			}
			progress = true
			d.warn(CodeProperty, "properties.%s: %s; kept as an extra property", fe.Field, fe.Message)
		}
		s.Sources = removeAt(s.Sources, srcAside)
		s.Observations = removeAt(s.Observations, obsAside)
		if !progress {
			d.res.err = d.problem(CodeProperty, "%v", err)
			return
		}
	}
	d.keepAside(s)
	if len(d.extra) > 0 {
		s.Extra = d.extra
	}
}

// unset moves model field top back to Extra in the form the writer would
// have written it, and clears it. It returns false for fields that cannot
// be set aside (name, geometry).
func (d *decoder) unset(s *site.Site, top string) bool {
	var w jsonWriter
	switch top {
	case "last_reported":
		w.str(string(s.LastReported))
		s.LastReported = ""
	case "first_reported":
		w.str(string(s.FirstReported))
		s.FirstReported = ""
	case "workers_estimate":
		if s.WorkersEstimate != nil {
			w.int(*s.WorkersEstimate)
		}
		s.WorkersEstimate = nil
	case "category":
		w.str(s.Category)
		s.Category = ""
	case "country":
		w.str(s.Country)
		s.Country = ""
	default:
		return false
	}
	if len(w.b) > 0 {
		if d.extra == nil {
			d.extra = map[string]json.RawMessage{}
		}
		d.extra[top] = w.b
	}
	return true
}

// memberIndex reads n from a field name "sources[n]…" when it starts with
// prefix.
func memberIndex(field, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(field, prefix)
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(rest[:end])
	return n, err == nil && n >= 0
}

// memberJSON writes source or observation n as the writer writes it.
func (d *decoder) memberJSON(s *site.Site, which, n int) []byte {
	var w jsonWriter
	if which == asideSources {
		w.sources(s.Sources[n : n+1])
	} else {
		w.observations(s.Observations[n : n+1])
	}
	return w.b[1 : len(w.b)-1]
}

// removeAt returns list without the members at the given indices.
func removeAt[T any](list []T, at []int) []T {
	if len(at) == 0 {
		return list
	}
	out := list[:0:0]
	for i, x := range list {
		if !slices.Contains(at, i) {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
