package geoio

import (
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/google/uuid"
	"github.com/siteatlas/siteatlas/internal/site"
)

// Property mapping from GeoJSON properties (or CSV columns) to the model.
//
// The rule for a known property whose value does not fit the model (status
// 5, status "active", country "China", a date "May 2017") is: keep the value
// verbatim in Site.Extra under its own name and warn. The import goes on,
// nothing is lost, and since the model field stays empty the writer omits
// it and writes the Extra value back under the same name, so a round trip
// gives the file back. Only geometry problems stop a feature: a site that
// cannot be placed correctly must not be placed wrongly.

// prop numbers the properties the model knows.
type prop int

const (
	pName prop = iota
	pAliases
	pCategory
	pStatus
	pPrecision
	pCity
	pProvince
	pCountry
	pOperator
	pWorkers
	pFirstReported
	pLastReported
	pTags
	pNotes
	pConfidentialNotes
	pConfidential
	pSources
	pObservations
	pCreated
	pUpdated
	pID
	pDescription
	nProps
)

// propField is the model field each property fills; 0 for those that are
// not fields of their own.
var propField = [nProps]site.Field{
	pName: site.FieldName, pAliases: site.FieldAliases, pCategory: site.FieldCategory,
	pStatus: site.FieldStatus, pPrecision: site.FieldPrecision, pCity: site.FieldCity,
	pProvince: site.FieldProvince, pCountry: site.FieldCountry, pOperator: site.FieldOperator,
	pWorkers: site.FieldWorkers, pFirstReported: site.FieldFirstReported,
	pLastReported: site.FieldLastReported, pTags: site.FieldTags, pNotes: site.FieldNotes,
	pConfidentialNotes: site.FieldConfidentialNotes, pConfidential: site.FieldConfidential,
	pSources: site.FieldSources, pObservations: site.FieldObservations,
	pCreated: site.FieldCreated, pUpdated: site.FieldUpdated,
}

// nameKeys are the keys other tools use for a feature's name, most
// specific first; the first present wins and the others stay in Extra.
var nameKeys = []string{"name", "Name", "NAME", "title", "label"}

// nameRank returns key's index in nameKeys, or -1.
func nameRank(key string) int {
	switch key {
	case "name":
		return 0
	case "Name":
		return 1
	case "NAME":
		return 2
	case "title":
		return 3
	case "label":
		return 4
	}
	return -1
}

// lookupProp returns the model property called key. A switch, because
// it runs for every property of every feature and beats a map here.
func lookupProp(key string) (prop, bool) {
	switch key {
	case "name":
		return pName, true
	case "aliases":
		return pAliases, true
	case "category":
		return pCategory, true
	case "status":
		return pStatus, true
	case "precision":
		return pPrecision, true
	case "city":
		return pCity, true
	case "province":
		return pProvince, true
	case "country":
		return pCountry, true
	case "operator":
		return pOperator, true
	case "workers_estimate":
		return pWorkers, true
	case "first_reported":
		return pFirstReported, true
	case "last_reported":
		return pLastReported, true
	case "tags":
		return pTags, true
	case "notes":
		return pNotes, true
	case "confidential_notes":
		return pConfidentialNotes, true
	case "confidential":
		return pConfidential, true
	case "sources":
		return pSources, true
	case "observations":
		return pObservations, true
	case "created":
		return pCreated, true
	case "updated":
		return pUpdated, true
	case "id":
		return pID, true
	case "description":
		return pDescription, true
	}
	return 0, false
}

// properties maps a properties object onto the site being decoded.
func (d *decoder) properties(obj *node) {
	s := &d.res.item.Site
	var known [nProps]*node
	nameAt, bestRank, nameKey := (*node)(nil), len(nameKeys), ""
	for i := 0; i+1 < int(obj.n); i += 2 {
		k, v := d.p.child(obj, i), d.p.child(obj, i+1)
		key := d.p.view(k)
		if r := nameRank(key); r > 0 && v.kind == kString {
			if r < bestRank {
				if nameAt != nil {
					d.setExtra(nameKey, nameAt)
				}
				nameAt, bestRank, nameKey = v, r, key
			} else {
				d.setExtra(key, v)
			}
			continue
		}
		if p, ok := lookupProp(key); ok {
			if known[p] != nil {
				d.warn(CodeDuplicateKey, "property %q appears twice; the last value is used", key)
			}
			known[p] = v
			continue
		}
		if _, dup := d.extra[key]; dup {
			d.warn(CodeDuplicateKey, "property %q appears twice; the last value is used", key)
		}
		d.setExtra(key, v)
		d.warnWithheld(key)
	}
	// "name" beats the other spellings; a wrong-typed name does not.
	if v := known[pName]; v != nil && v.kind == kString && strings.TrimSpace(d.p.view(v)) != "" {
		s.Name = d.p.text(v)
		if nameAt != nil {
			d.setExtra(nameKey, nameAt)
		}
	} else {
		if v != nil && v.kind != kNull {
			d.keep("name", v, "is not a text")
		}
		if nameAt != nil && strings.TrimSpace(d.p.text(nameAt)) != "" {
			s.Name = d.p.text(nameAt)
		} else if nameAt != nil {
			d.setExtra(nameKey, nameAt)
		}
	}
	if v := known[pDescription]; v != nil {
		if known[pNotes] == nil && v.kind == kString {
			s.Notes = d.p.text(v)
		} else {
			d.setExtra("description", v)
		}
	}
	d.textProp(&s.City, known[pCity], "city")
	d.textProp(&s.Province, known[pProvince], "province")
	d.textProp(&s.Operator, known[pOperator], "operator")
	d.textProp(&s.Notes, known[pNotes], "notes")
	d.textProp(&s.ConfidentialNotes, known[pConfidentialNotes], "confidential_notes")
	d.listProp(&s.Aliases, known[pAliases], "aliases", ";|")
	d.listProp(&s.Tags, known[pTags], "tags", ",;|")
	if v := d.strView(known[pCategory], "category"); v != "" {
		if site.IsCategory(v) {
			s.Category = d.internText(known[pCategory])
		} else if c := normWord(v); site.IsCategory(c) {
			s.Category = c
		} else {
			d.keep("category", known[pCategory], "is not a category (lowercase letters, digits and _)")
		}
	}
	if v := d.strView(known[pStatus], "status"); v != "" {
		if st, ok := matchStatus(v); ok {
			s.Status = st
		} else {
			d.keep("status", known[pStatus], "is not a status (reported, confirmed, suspected, closed or unknown)")
		}
	}
	if v := d.strView(known[pPrecision], "precision"); v != "" {
		if pr, ok := matchPrecision(v); ok {
			s.Precision = pr
		} else {
			d.keep("precision", known[pPrecision], "is not a precision (exact, approximate or city)")
		}
	}
	if v := d.strView(known[pCountry], "country"); v != "" {
		if len(v) == 2 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z' {
			s.Country = d.internText(known[pCountry])
		} else if c := strings.ToUpper(strings.TrimSpace(v)); len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' {
			s.Country = c
		} else {
			d.keep("country", known[pCountry], "is not an ISO 3166-1 alpha-2 code such as CN or KP")
		}
	}
	if v := known[pWorkers]; v != nil && v.kind != kNull {
		if n, ok := d.integer(v); ok && n >= 0 {
			s.WorkersEstimate = &n
		} else {
			d.keep("workers_estimate", v, "is not a whole number of workers")
		}
	}
	d.dateProp(&s.FirstReported, known[pFirstReported], "first_reported")
	d.dateProp(&s.LastReported, known[pLastReported], "last_reported")
	if v := known[pConfidential]; v != nil && v.kind != kNull {
		if b, ok := d.boolean(v); ok {
			s.Confidential = b
		} else {
			// Fails closed: a confidentiality that cannot be read with
			// certainty (1, "secret") makes the site confidential.
			s.Confidential = true
			d.warn(CodeConfidential, "properties.confidential: %s is not true or false; the site is treated as confidential (the value is kept as an extra property)", quoteRaw(d.p.raw(v)))
			d.setExtra("confidential", v)
		}
	}
	d.timeProp(&s.Created, known[pCreated], "created")
	d.timeProp(&s.Updated, known[pUpdated], "updated")
	if v := known[pSources]; v != nil && v.kind != kNull {
		s.Sources = d.sources(v)
	}
	if v := known[pObservations]; v != nil && v.kind != kNull {
		s.Observations = d.observations(v)
	}
	d.propID = known[pID]
	d.carry(&known)
}

// carry records which fields the properties carried: every known property
// present, except one whose value did not fit the model and so went to
// Extra (the stored value must not be wiped by a value we could not read).
func (d *decoder) carry(known *[nProps]*node) {
	it := &d.res.item
	for p, v := range known {
		f := propField[p]
		if v == nil || f == 0 {
			continue
		}
		if _, kept := d.extra[fieldKey(f)]; kept && v.kind != kNull {
			continue
		}
		it.Carried |= f
	}
	if it.Site.Name != "" {
		it.Carried |= site.FieldName
	}
	if known[pDescription] != nil && known[pNotes] == nil && known[pDescription].kind == kString {
		it.Carried |= site.FieldNotes
	}
}

// fieldKey is the property name of a single field.
func fieldKey(f site.Field) string {
	if n := f.Names(); len(n) == 1 {
		return n[0]
	}
	return ""
}

// keep puts a known property that does not fit the model into Extra, with
// a warning that quotes the value.
func (d *decoder) keep(key string, v *node, why string) {
	d.keepWhy(key, v, quoteRaw(d.p.raw(v))+" "+why)
}

func (d *decoder) keepWhy(key string, v *node, why string) {
	d.setExtra(key, v)
	if site.WithheldExtra(key, d.extra[key]) {
		d.warn(CodeProperty, "properties.%s: %s; kept as an extra property and treated as confidential (left out of exports without confidential data)", key, why)
		return
	}
	d.warn(CodeProperty, "properties.%s: %s; kept as an extra property", key, why)
}

// warnWithheld says so when the extra property key, just kept, is one
// redaction leaves out (site.WithheldExtra).
func (d *decoder) warnWithheld(key string) {
	if raw := d.extra[key]; site.WithheldExtra(key, raw) {
		d.warn(CodeConfidential, "property %s may hold confidential material; kept as an extra property and treated as confidential (left out of exports without confidential data)", quoteText(key))
	}
}

// quoteRaw shortens a raw JSON value for a message.
func quoteRaw(b []byte) string {
	s := string(compact(nil, b))
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return s
}

// str returns the value of a text property, or "" (keeping a wrong-typed
// value in Extra).
func (d *decoder) str(v *node, key string) string {
	if v == nil || v.kind == kNull {
		return ""
	}
	if v.kind != kString {
		d.keep(key, v, "is a "+v.kind.String()+", not a text")
		return ""
	}
	return d.internText(v)
}

// strView is str without a copy (see parser.view).
func (d *decoder) strView(v *node, key string) string {
	if v == nil || v.kind == kNull {
		return ""
	}
	if v.kind != kString {
		d.keep(key, v, "is a "+v.kind.String()+", not a text")
		return ""
	}
	return d.p.view(v)
}

// matchStatus recognises a status, in any case and spacing.
func matchStatus(v string) (site.Status, bool) {
	for _, st := range site.Statuses {
		if v == string(st) {
			return st, true
		}
	}
	w := normWord(v)
	for _, st := range site.Statuses {
		if w == string(st) {
			return st, true
		}
	}
	return "", false
}

// matchPrecision recognises a precision, in any case and spacing.
func matchPrecision(v string) (site.Precision, bool) {
	w := v
	for range 2 {
		for _, p := range site.Precisions {
			if w == string(p) {
				return p, true
			}
		}
		w = normWord(v)
	}
	return "", false
}

func (d *decoder) textProp(dst *string, v *node, key string) {
	if v == nil || v.kind == kNull {
		return
	}
	if v.kind == kNumber && key != "notes" && key != "confidential_notes" {
		// City or operator written as a number by a spreadsheet: keep the
		// text as written rather than losing it.
		*dst = string(d.p.raw(v))
		return
	}
	*dst = d.str(v, key)
}

// listProp reads an array of strings or a delimited string.
func (d *decoder) listProp(dst *[]string, v *node, key, seps string) {
	if v == nil || v.kind == kNull {
		return
	}
	switch v.kind {
	case kString:
		*dst = splitList(d.p.text(v), seps)
		return
	case kArray:
		out := make([]string, 0, v.n)
		for i := 0; i < int(v.n); i++ {
			c := d.p.child(v, i)
			if c.kind != kString {
				d.keep(key, v, "is not a list of texts")
				return
			}
			out = append(out, d.p.text(c))
		}
		if len(out) > 0 {
			*dst = out
		}
		return
	}
	d.keep(key, v, "is not a list of texts")
}

// splitList splits "a; b | c" on any of seps, trimming and dropping empties.
func splitList(s, seps string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (d *decoder) dateProp(dst *site.PartialDate, v *node, key string) {
	if v == nil || v.kind == kNull {
		return
	}
	var s string
	switch v.kind {
	case kString:
		s = strings.TrimSpace(d.p.view(v))
	case kNumber: // a year written as a number
		s = string(d.p.raw(v))
	}
	if pd, err := site.ParsePartialDate(s); err == nil && s != "" {
		if v.kind == kString && len(s) == int(v.end-v.start) {
			pd = site.PartialDate(d.internText(v))
		}
		*dst = pd
		return
	}
	d.keep(key, v, "is not a date like 2017, 2017-05 or 2017-05-14")
}

func (d *decoder) timeProp(dst *time.Time, v *node, key string) {
	if v == nil || v.kind == kNull {
		return
	}
	if v.kind == kString {
		if t, err := time.Parse(time.RFC3339Nano, d.p.text(v)); err == nil {
			*dst = t.UTC()
			return
		}
	}
	d.keep(key, v, "is not an RFC 3339 time like 2017-05-14T08:30:00Z")
}

// integer reads a whole number from a number or a numeric string.
func (d *decoder) integer(v *node) (int, bool) {
	var s string
	switch v.kind {
	case kNumber:
		b := d.p.raw(v)
		s = unsafe.String(unsafe.SliceData(b), len(b))
	case kString:
		s = strings.TrimSpace(d.p.view(v))
	default:
		return 0, false
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int(f)) || f > 1e15 || f < -1e15 {
		return 0, false
	}
	return int(f), true
}

// boolean reads true/false, and in CSV the usual spellings of them.
func (d *decoder) boolean(v *node) (bool, bool) {
	switch v.kind {
	case kTrue:
		return true, true
	case kFalse:
		return false, true
	case kString:
		switch strings.ToLower(strings.TrimSpace(d.p.text(v))) {
		case "true", "yes", "y", "1":
			return true, true
		case "false", "no", "n", "0":
			return false, true
		}
	}
	return false, false
}

// normWord turns "Industrial complex" into "industrial_complex".
//
// The result is always a copy: s is often a view of the reader's buffer,
// which the next record overwrites, and TrimSpace, ToLower and Map return
// (part of) their input when nothing changes (a padded "  factory" from a
// DBF became a later record's bytes).
func normWord(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Clone(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return r
	}, s))
}

// featureID sets the site ID from the feature id (or a UUID "id" property).
// A UUID becomes the site ID, so re-importing an export updates the same
// sites. Any other id gets a new UUID and is kept as "original_id", so it
// is written back and not lost.
func (d *decoder) featureID(id, props *node) {
	s := &d.res.item.Site
	pid := d.propID
	d.propID = nil
	if id == nil || id.kind == kNull {
		if pid != nil && pid.kind == kString {
			if u, ok := parseUUID(d.p.view(pid)); ok {
				s.ID = u
				d.res.item.HasID = true
				d.hashID(pid)
				d.hashText(u)
				return
			}
		}
		if pid != nil {
			d.setExtra("id", pid)
		}
		s.ID = d.newID()
		return
	}
	if pid != nil {
		d.setExtra("id", pid)
	}
	d.hashID(id)
	if id.kind == kString {
		if u, ok := parseUUID(d.p.view(id)); ok {
			s.ID = u
			d.res.item.HasID = true
			d.hashText(u) // the same UUID in another case is the same id
			return
		}
	} else if id.kind != kNumber {
		d.warn(CodeWrongType, "id must be a string or a number, got %s; kept as original_id", id.kind)
	}
	s.ID = d.newID()
	if _, taken := d.extra["original_id"]; taken {
		d.warn(CodeProperty, "feature id %s not kept: the properties already have an original_id", quoteRaw(d.p.raw(id)))
		return
	}
	d.setExtra("original_id", id)
}

// parseUUID accepts a UUID in canonical 36-character form (any case) and
// returns it in lower case.
func parseUUID(s string) (string, bool) {
	if len(s) != 36 {
		return "", false
	}
	u, err := uuid.Parse(s)
	if err != nil {
		return "", false
	}
	return u.String(), true
}
