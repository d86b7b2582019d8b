package geoio

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/siteatlas/siteatlas/internal/site"
)

// sources reads the "sources" array. Any member that does not fit makes the
// whole array stay in Extra (why says what did not fit): half a source list
// would be worse than a verbatim one.
func (d *decoder) sources(v *node) ([]site.Source, string) {
	if v.kind != kArray {
		return nil, "is a " + v.kind.String() + ", not an array of sources"
	}
	out := make([]site.Source, 0, v.n)
	for i := 0; i < int(v.n); i++ {
		o := d.p.child(v, i)
		if o.kind != kObject {
			return nil, fmt.Sprintf("sources[%d] is a %s, not an object", i, o.kind)
		}
		var src site.Source
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
				if m.kind != kNull {
					b, ok := d.boolean(m)
					if !ok {
						why = "is not true or false"
					}
					src.Confidential = b
				}
			default:
				return nil, fmt.Sprintf("sources[%d] has a member %q the model has no place for", i, key)
			}
			if why != "" {
				return nil, fmt.Sprintf("sources[%d].%s %s", i, key, why)
			}
		}
		out = append(out, src)
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, ""
}

// observations reads the "observations" array, all or nothing like sources.
func (d *decoder) observations(v *node) ([]site.Observation, string) {
	if v.kind != kArray {
		return nil, "is a " + v.kind.String() + ", not an array of observations"
	}
	out := make([]site.Observation, 0, v.n)
	for i := 0; i < int(v.n); i++ {
		o := d.p.child(v, i)
		if o.kind != kObject {
			return nil, fmt.Sprintf("observations[%d] is a %s, not an object", i, o.kind)
		}
		var ob site.Observation
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
				if m.kind != kNull {
					b, ok := d.boolean(m)
					if !ok {
						why = "is not true or false"
					}
					ob.Confidential = b
				}
			default:
				return nil, fmt.Sprintf("observations[%d] has a member %q the model has no place for", i, key)
			}
			if why != "" {
				return nil, fmt.Sprintf("observations[%d].%s %s", i, key, why)
			}
		}
		out = append(out, ob)
	}
	if len(out) == 0 {
		return nil, ""
	}
	return out, ""
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
		for _, fe := range ve {
			top := fe.Field
			if i := strings.IndexAny(top, ".["); i >= 0 {
				top = top[:i]
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
		if !progress {
			d.res.err = d.problem(CodeProperty, "%v", err)
			return
		}
	}
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
	case "sources":
		w.sources(s.Sources)
		s.Sources = nil
	case "observations":
		w.observations(s.Observations)
		s.Observations = nil
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
