package share

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/siteatlas/siteatlas/internal/site"
)

// protect replaces the protected words in every text the site carries:
// its own fields, its sources, observations and attachments, and every
// string (member names too) inside its extra properties.
func (x *Session) protect(s *site.Site, rep *Report) {
	if len(x.words.folded) == 0 {
		return
	}
	str := func(p *string) {
		if r, n := x.words.redact(*p); n > 0 {
			*p = r
			rep.WordsRedacted += n
		}
	}
	list := func(l []string) []string {
		out := slices.Clone(l)
		for i := range out {
			str(&out[i])
		}
		return out
	}
	str(&s.ID) // an imported ID can be any text
	str(&s.Name)
	s.Aliases = list(s.Aliases)
	str(&s.Category)
	str(&s.City)
	str(&s.Province)
	str(&s.Country)
	str(&s.Operator)
	s.Tags = list(s.Tags)
	str(&s.Notes)
	str(&s.ConfidentialNotes)
	s.Sources = slices.Clone(s.Sources)
	for i := range s.Sources {
		src := &s.Sources[i]
		str(&src.Title)
		str(&src.Publisher)
		str(&src.URL)
		str(&src.Excerpt)
	}
	s.Observations = slices.Clone(s.Observations)
	for i := range s.Observations {
		str(&s.Observations[i].Note)
	}
	s.Attachments = slices.Clone(s.Attachments)
	for i := range s.Attachments {
		a := &s.Attachments[i]
		str(&a.FileName)
		str(&a.Caption)
	}
	if len(s.Extra) > 0 {
		extra := make(map[string]json.RawMessage, len(s.Extra))
		for _, k := range slices.Sorted(maps.Keys(s.Extra)) {
			raw := s.Extra[k]
			rk, n := x.words.redact(k)
			rep.WordsRedacted += n
			rv, m := x.redactJSON(raw)
			rep.WordsRedacted += m
			if prev, dup := extra[rk]; dup {
				// Two names became one: keep both values, not the last.
				rv, _ = json.Marshal([]json.RawMessage{prev, rv})
			}
			extra[rk] = rv
		}
		s.Extra = extra
	}
}

// redactJSON replaces protected words in every string and member name of
// raw. A value that is not valid JSON is replaced by a redacted string of
// its text: it cannot be left as it was, and the writer must get JSON.
func (x *Session) redactJSON(raw json.RawMessage) (json.RawMessage, int) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		r, n := x.words.redact(string(raw))
		b, _ := json.Marshal(r)
		return b, n
	}
	n := 0
	var walk func(v any) any
	walk = func(v any) any {
		switch v := v.(type) {
		case string:
			r, k := x.words.redact(v)
			n += k
			return r
		case []any:
			for i := range v {
				v[i] = walk(v[i])
			}
			return v
		case map[string]any:
			out := make(map[string]any, len(v))
			for k, e := range v {
				rk, c := x.words.redact(k)
				n += c
				out[rk] = walk(e)
			}
			return out
		}
		return v
	}
	v = walk(v)
	if n == 0 {
		return raw, 0
	}
	b, err := json.Marshal(v)
	if err != nil {
		b, _ = json.Marshal(Redacted)
	}
	return b, n
}
