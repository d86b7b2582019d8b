package site

import (
	"bytes"
	"reflect"
	"strings"

	"github.com/paulmach/orb"
)

// Field names one member of a Site that a file may or may not carry.
type Field uint32

// The fields a file can carry. A reader sets the ones a record gave a value
// (or an explicit null) for; an update from that record changes only those.
const (
	FieldName Field = 1 << iota
	FieldAliases
	FieldCategory
	FieldStatus
	FieldGeometry
	FieldPrecision
	FieldCity
	FieldProvince
	FieldCountry
	FieldOperator
	FieldWorkers
	FieldFirstReported
	FieldLastReported
	FieldTags
	FieldNotes
	FieldConfidentialNotes
	FieldConfidential
	FieldSources
	FieldObservations
	FieldCreated
	FieldUpdated
	fieldEnd
)

// Fields is a set of Field.
type Fields = Field

// AllFields is every field: a record that carries the whole site.
const AllFields Fields = fieldEnd - 1

// Has reports whether every field of x is in f.
func (f Fields) Has(x Field) bool { return f&x == x }

// fieldNames are the property names the files use, in Field order.
var fieldNames = []string{
	"name", "aliases", "category", "status", "geometry", "precision", "city",
	"province", "country", "operator", "workers_estimate", "first_reported",
	"last_reported", "tags", "notes", "confidential_notes", "confidential",
	"sources", "observations", "created", "updated",
}

// Names lists the fields of f by their file names, in model order.
func (f Fields) Names() []string {
	var out []string
	for i, n := range fieldNames {
		if f&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// Merged says what MergeUpdate did to one stored site.
type Merged struct {
	// Changed are the fields whose stored value the file changed.
	Changed Fields
	// Kept are fields with a stored value that the file did not carry (or
	// carried empty where empty cannot be told from withheld: the
	// confidential notes) and that stay as they were.
	Kept Fields
	// KeptSources and KeptObservations count the stored children the file
	// did not mention and that stay; KeptExtra the extra properties.
	KeptSources, KeptObservations, KeptExtra int
	// MadePublic is true when the file said "confidential": false
	// explicitly of a site stored as confidential.
	MadePublic bool
}

// Unchanged reports whether the update leaves the stored site as it was.
func (m Merged) Unchanged() bool { return m.Changed == 0 }

// MergeUpdate returns the stored site old updated from in, a record of the
// same site read from a file that carried the fields in carried. Nothing
// the file could not carry is lost:
//
//   - a field the file did not carry keeps its stored value;
//   - empty confidential notes never clear stored ones (an export without
//     confidential data leaves them out);
//   - the site becomes public only when the file carries "confidential":
//     false; a confidential record always makes it confidential;
//   - sources and observations are matched by ID (or, lacking a stored ID,
//     by content); the file's version of a matched one wins, except that a
//     confidential child stays confidential and an observation keeps the
//     source it cited when the file's copy cites none (the export dropped
//     a confidential source's reference); stored children the file does not
//     mention stay;
//   - extra properties are merged by name, the file's value winning;
//   - attachments and Created stay (Created unless the file carries it).
//
// Updated is the file's when carried and something changed, else the
// stored one: an update that changes nothing changes nothing.
func MergeUpdate(old, in Site, carried Fields) (Site, Merged) {
	var m Merged
	out := old
	take := func(f Field, changed bool, set func()) {
		switch {
		case carried.Has(f):
			if changed {
				set()
				m.Changed |= f
			}
		case !isZeroField(old, f):
			m.Kept |= f
		}
	}
	take(FieldName, old.Name != in.Name && in.Name != "", func() { out.Name = in.Name })
	take(FieldAliases, !sameStrings(old.Aliases, in.Aliases), func() { out.Aliases = in.Aliases })
	take(FieldCategory, old.Category != in.Category, func() { out.Category = in.Category })
	take(FieldStatus, old.Status != in.Status, func() { out.Status = in.Status })
	// An export writes no more decimals than the precision supports: the
	// stored position rounded as the export rounded it is no change.
	take(FieldGeometry, !sameGeometry(old.Geometry, in.Geometry) &&
		!sameGeometry(RoundToPrecision(old.Geometry, old.Precision), in.Geometry) &&
		!sameGeometry(RoundToPrecision(old.Geometry, in.Precision), in.Geometry), func() { out.Geometry = in.Geometry })
	take(FieldPrecision, old.Precision != in.Precision, func() { out.Precision = in.Precision })
	take(FieldCity, old.City != in.City, func() { out.City = in.City })
	take(FieldProvince, old.Province != in.Province, func() { out.Province = in.Province })
	take(FieldCountry, old.Country != in.Country, func() { out.Country = in.Country })
	take(FieldOperator, old.Operator != in.Operator, func() { out.Operator = in.Operator })
	take(FieldWorkers, !sameIntPtr(old.WorkersEstimate, in.WorkersEstimate), func() { out.WorkersEstimate = in.WorkersEstimate })
	take(FieldFirstReported, old.FirstReported != in.FirstReported, func() { out.FirstReported = in.FirstReported })
	take(FieldLastReported, old.LastReported != in.LastReported, func() { out.LastReported = in.LastReported })
	take(FieldTags, !sameStrings(old.Tags, in.Tags), func() { out.Tags = in.Tags })
	take(FieldNotes, old.Notes != in.Notes, func() { out.Notes = in.Notes })
	if in.ConfidentialNotes == "" {
		carried &^= FieldConfidentialNotes
	}
	take(FieldConfidentialNotes, old.ConfidentialNotes != in.ConfidentialNotes, func() { out.ConfidentialNotes = in.ConfidentialNotes })
	switch {
	case in.Confidential && !old.Confidential:
		out.Confidential = true
		m.Changed |= FieldConfidential
	case carried.Has(FieldConfidential) && !in.Confidential && old.Confidential:
		out.Confidential = false
		m.Changed |= FieldConfidential
		m.MadePublic = true
	}
	if carried.Has(FieldCreated) && !in.Created.IsZero() && !in.Created.Equal(old.Created) {
		out.Created = in.Created
		m.Changed |= FieldCreated
	}
	if carried.Has(FieldSources) {
		var changed bool
		out.Sources, changed, m.KeptSources = mergeSources(old.Sources, in.Sources)
		if changed {
			m.Changed |= FieldSources
		}
	} else {
		m.KeptSources = len(old.Sources)
	}
	if carried.Has(FieldObservations) {
		var changed bool
		out.Observations, changed, m.KeptObservations = mergeObservations(old.Observations, in.Observations)
		if changed {
			m.Changed |= FieldObservations
		}
	} else {
		m.KeptObservations = len(old.Observations)
	}
	var extraChanged bool
	out.Extra, extraChanged, m.KeptExtra = mergeExtra(old.Extra, in.Extra)
	if extraChanged {
		m.Changed |= fieldEnd // not a model field, but a change all the same
	}
	if m.Changed != 0 && carried.Has(FieldUpdated) && !in.Updated.IsZero() {
		out.Updated = in.Updated
	}
	return out, m
}

// ExtraChanged reports whether the file changed an extra property.
func (m Merged) ExtraChanged() bool { return m.Changed&fieldEnd != 0 }

// ChangedFields are the model fields the update changed.
func (m Merged) ChangedFields() Fields { return m.Changed &^ fieldEnd }

func isZeroField(s Site, f Field) bool {
	switch f {
	case FieldName:
		return s.Name == ""
	case FieldAliases:
		return len(s.Aliases) == 0
	case FieldCategory:
		return s.Category == ""
	case FieldStatus:
		return s.Status == ""
	case FieldGeometry:
		return s.Geometry == nil
	case FieldPrecision:
		return s.Precision == ""
	case FieldCity:
		return s.City == ""
	case FieldProvince:
		return s.Province == ""
	case FieldCountry:
		return s.Country == ""
	case FieldOperator:
		return s.Operator == ""
	case FieldWorkers:
		return s.WorkersEstimate == nil
	case FieldFirstReported:
		return s.FirstReported == ""
	case FieldLastReported:
		return s.LastReported == ""
	case FieldTags:
		return len(s.Tags) == 0
	case FieldNotes:
		return s.Notes == ""
	case FieldConfidentialNotes:
		return s.ConfidentialNotes == ""
	}
	return true
}

func mergeSources(old, in []Source) (out []Source, changed bool, kept int) {
	used := make([]bool, len(old))
	for _, src := range in {
		i := findSource(old, used, src)
		if i < 0 {
			out = append(out, src)
			changed = true
			continue
		}
		used[i] = true
		src = fillSource(src, old[i])
		if src != old[i] {
			changed = true
		}
		out = append(out, src)
	}
	for i, src := range old {
		if !used[i] {
			out = append(out, src)
			kept++
		}
	}
	if !changed && len(out) == len(old) {
		// Same members, perhaps in another order: keep the stored order.
		return old, false, kept
	}
	return out, changed, kept
}

func findSource(old []Source, used []bool, s Source) int {
	for i, o := range old {
		if !used[i] && s.ID != "" && o.ID == s.ID {
			return i
		}
	}
	// Formats that carry only some members of a source (CSV: title and
	// URL) match on those.
	for i, o := range old {
		if !used[i] && o.Title == s.Title && (s.URL == "" || o.URL == s.URL) &&
			(s.Published == "" || o.Published == s.Published) {
			return i
		}
	}
	return -1
}

// fillSource is the file's copy in of the stored source old: its members
// win, except that what it leaves empty stays as stored (a format that
// carries only some members must not clear the others) and a confidential
// source stays confidential.
func fillSource(in, old Source) Source {
	in.ID = old.ID
	fill(&in.Title, old.Title)
	fill(&in.Publisher, old.Publisher)
	fill(&in.URL, old.URL)
	fill(&in.Published, old.Published)
	fill(&in.Accessed, old.Accessed)
	fill(&in.Excerpt, old.Excerpt)
	fill(&in.Reliability, old.Reliability)
	if in.Credibility == 0 {
		in.Credibility = old.Credibility
	}
	in.Confidential = in.Confidential || old.Confidential
	return in
}

func fill[T ~string](dst *T, old T) {
	if *dst == "" {
		*dst = old
	}
}

func mergeObservations(old, in []Observation) (out []Observation, changed bool, kept int) {
	used := make([]bool, len(old))
	for _, o := range in {
		i := findObservation(old, used, o)
		if i < 0 {
			out = append(out, o)
			changed = true
			continue
		}
		used[i] = true
		// As for sources; an empty source reference is what an export
		// leaves of a confidential source's.
		o.ID = old[i].ID
		fill(&o.Status, old[i].Status)
		fill(&o.SourceID, old[i].SourceID)
		// The mark an export puts on a withheld source is not data.
		o.SourceWithheld = old[i].SourceWithheld
		o.Confidential = o.Confidential || old[i].Confidential
		if o != old[i] {
			changed = true
		}
		out = append(out, o)
	}
	for i, o := range old {
		if !used[i] {
			out = append(out, o)
			kept++
		}
	}
	if !changed && len(out) == len(old) {
		return old, false, kept
	}
	return out, changed, kept
}

func findObservation(old []Observation, used []bool, o Observation) int {
	for i, x := range old {
		if !used[i] && o.ID != "" && x.ID == o.ID {
			return i
		}
	}
	for i, x := range old {
		if !used[i] && x.Date == o.Date && x.Note == o.Note {
			return i
		}
	}
	// A file without observation ids (a CSV) whose note was edited: the
	// one stored observation of that date and status is the one edited,
	// rather than a new one beside it. Two or more of them: a new one.
	if o.ID == "" && o.Date != "" {
		found := -1
		for i, x := range old {
			if !used[i] && x.Date == o.Date && x.Status == o.Status {
				if found >= 0 {
					return -1
				}
				found = i
			}
		}
		return found
	}
	return -1
}

func mergeExtra[M ~map[string]V, V ~[]byte](old, in M) (out M, changed bool, kept int) {
	if len(in) == 0 {
		return old, false, len(old)
	}
	out = make(M, len(old)+len(in))
	for k, v := range old {
		out[k] = v
	}
	for k, v := range in {
		if ov, ok := old[k]; !ok || !bytes.Equal(ov, v) {
			changed = true
		}
		out[k] = v
	}
	for k := range old {
		if _, ok := in[k]; !ok {
			kept++
		}
	}
	if !changed {
		return old, false, kept
	}
	return out, true, kept
}

// SameContent reports whether a and b hold the same data, ignoring the
// Updated time and the difference between an empty and a missing list: a
// save of SameContent writes nothing.
func SameContent(a, b Site) bool {
	if a.ID != b.ID || a.Name != b.Name || !sameStrings(a.Aliases, b.Aliases) || a.Category != b.Category ||
		a.Status != b.Status || !sameGeometry(a.Geometry, b.Geometry) || a.Precision != b.Precision ||
		a.City != b.City || a.Province != b.Province || a.Country != b.Country || a.Operator != b.Operator ||
		!sameIntPtr(a.WorkersEstimate, b.WorkersEstimate) || a.FirstReported != b.FirstReported ||
		a.LastReported != b.LastReported || !sameStrings(a.Tags, b.Tags) || a.Notes != b.Notes ||
		a.ConfidentialNotes != b.ConfidentialNotes || a.Confidential != b.Confidential ||
		!a.Created.Equal(b.Created) {
		return false
	}
	if len(a.Extra) != len(b.Extra) {
		return false
	}
	for k, v := range a.Extra {
		if w, ok := b.Extra[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return sameList(a.Sources, b.Sources) && sameList(a.Observations, b.Observations) &&
		sameAttachments(a.Attachments, b.Attachments)
}

func sameList[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sameAttachments(a, b []Attachment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !reflect.DeepEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Compare(a[i], b[i]) != 0 {
			return false
		}
	}
	return true
}

func sameIntPtr(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func sameGeometry(a, b orb.Geometry) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return orb.Equal(a, b)
}
