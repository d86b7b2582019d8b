package reconcile

import (
	"bytes"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// field describes one scalar member of T (a site, a source, an
// observation, an attachment) to the merge: how to read a copy of it, set
// it, compare two values and, for text, join them ("both").
type field[T any] struct {
	name  string // as in files: "first_reported"
	label string // as people read it: "First reported"
	get   func(*T) any
	set   func(*T, any)
	equal func(a, b *T) bool
	zero  func(*T) bool
	// both joins mine and theirs; nil when "both" means nothing for the
	// field (a status, a date).
	both func(mine, theirs any) any
}

// text is a free-text field: "both" keeps both texts, mine first, on
// lines of their own (see Both).
func text[T any](name, label string, p func(*T) *string) field[T] {
	f := plain(name, label, p)
	f.both = func(m, t any) any { return joinText(m.(string), t.(string)) }
	return f
}

// plain is a field of a comparable type compared with ==.
func plain[T any, V comparable](name, label string, p func(*T) *V) field[T] {
	var zero V
	return field[T]{
		name:  name,
		label: label,
		get:   func(t *T) any { return *p(t) },
		set:   func(t *T, v any) { *p(t) = v.(V) },
		equal: func(a, b *T) bool { return *p(a) == *p(b) },
		zero:  func(t *T) bool { return *p(t) == zero },
	}
}

// custom is a field compared with eq and copied with clone (pointers,
// geometries).
func custom[T any, V any](name, label string, p func(*T) *V, eq func(a, b V) bool, clone func(V) V, isZero func(V) bool) field[T] {
	return field[T]{
		name:  name,
		label: label,
		get:   func(t *T) any { return clone(*p(t)) },
		set: func(t *T, v any) {
			if v == nil {
				var zero V
				*p(t) = zero
				return
			}
			*p(t) = clone(v.(V))
		},
		equal: func(a, b *T) bool { return eq(*p(a), *p(b)) },
		zero:  func(t *T) bool { return isZero(*p(t)) },
	}
}

// joinText is "both" for free text: mine, a line break, theirs; one of
// them alone when the other is empty or holds it already.
func joinText(mine, theirs string) string {
	switch {
	case theirs == "" || strings.Contains(mine, theirs):
		return mine
	case mine == "" || strings.Contains(theirs, mine):
		return theirs
	}
	return mine + "\n" + theirs
}

// siteFields are the scalar fields of a site, in model order. Name is
// plain here; "both" for a name is handled by Resolve (theirs becomes an
// alias).
var siteFields = []field[site.Site]{
	plain("name", "Name", func(s *site.Site) *string { return &s.Name }),
	plain("category", "Category", func(s *site.Site) *string { return &s.Category }),
	plain("status", "Status", func(s *site.Site) *site.Status { return &s.Status }),
	custom("geometry", "Location", func(s *site.Site) *orb.Geometry { return &s.Geometry },
		sameGeometry, cloneGeometry, func(g orb.Geometry) bool { return g == nil }),
	plain("precision", "Precision", func(s *site.Site) *site.Precision { return &s.Precision }),
	plain("city", "City", func(s *site.Site) *string { return &s.City }),
	plain("province", "Province", func(s *site.Site) *string { return &s.Province }),
	plain("country", "Country", func(s *site.Site) *string { return &s.Country }),
	plain("operator", "Operator", func(s *site.Site) *string { return &s.Operator }),
	custom("workers_estimate", "Workers (estimate)", func(s *site.Site) **int { return &s.WorkersEstimate },
		sameIntPtr, cloneIntPtr, func(p *int) bool { return p == nil }),
	plain("first_reported", "First reported", func(s *site.Site) *site.PartialDate { return &s.FirstReported }),
	plain("last_reported", "Last reported", func(s *site.Site) *site.PartialDate { return &s.LastReported }),
	text("notes", "Notes", func(s *site.Site) *string { return &s.Notes }),
	text("confidential_notes", "Confidential notes", func(s *site.Site) *string { return &s.ConfidentialNotes }),
	plain("confidential", "Confidential", func(s *site.Site) *bool { return &s.Confidential }),
}

var sourceFields = []field[site.Source]{
	plain("title", "title", func(s *site.Source) *string { return &s.Title }),
	plain("publisher", "publisher", func(s *site.Source) *string { return &s.Publisher }),
	plain("url", "URL", func(s *site.Source) *string { return &s.URL }),
	plain("published", "published", func(s *site.Source) *site.PartialDate { return &s.Published }),
	plain("accessed", "accessed", func(s *site.Source) *site.PartialDate { return &s.Accessed }),
	text("excerpt", "excerpt", func(s *site.Source) *string { return &s.Excerpt }),
	plain("reliability", "reliability", func(s *site.Source) *string { return &s.Reliability }),
	plain("credibility", "credibility", func(s *site.Source) *int { return &s.Credibility }),
	plain("confidential", "confidential", func(s *site.Source) *bool { return &s.Confidential }),
}

// observationFields leave out SourceWithheld: a mark an export puts on,
// not data (the merge keeps mine's).
var observationFields = []field[site.Observation]{
	plain("date", "date", func(o *site.Observation) *site.PartialDate { return &o.Date }),
	plain("status", "status", func(o *site.Observation) *site.Status { return &o.Status }),
	text("note", "note", func(o *site.Observation) *string { return &o.Note }),
	plain("source_id", "source", func(o *site.Observation) *string { return &o.SourceID }),
	plain("confidential", "confidential", func(o *site.Observation) *bool { return &o.Confidential }),
}

var attachmentFields = []field[site.Attachment]{
	plain("file_name", "file name", func(a *site.Attachment) *string { return &a.FileName }),
	plain("media_type", "media type", func(a *site.Attachment) *string { return &a.MediaType }),
	plain("size", "size", func(a *site.Attachment) *int64 { return &a.Size }),
	text("caption", "caption", func(a *site.Attachment) *string { return &a.Caption }),
	custom("taken_at", "time taken", func(a *site.Attachment) **time.Time { return &a.TakenAt },
		sameTimePtr, cloneTimePtr, func(t *time.Time) bool { return t == nil }),
	custom("position", "position", func(a *site.Attachment) **orb.Point { return &a.Position },
		samePointPtr, clonePointPtr, func(p *orb.Point) bool { return p == nil }),
	plain("confidential", "confidential", func(a *site.Attachment) *bool { return &a.Confidential }),
}

func sameGeometry(a, b orb.Geometry) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if orb.Equal(a, b) {
		return true
	}
	// orb.Equal says NaN differs from itself; the content hash does not,
	// and the merge must agree with it (a copy equals itself).
	var x, y encoder
	x.geom(a)
	y.geom(b)
	return bytes.Equal(x.b, y.b)
}

func cloneGeometry(g orb.Geometry) orb.Geometry {
	if g == nil {
		return nil
	}
	return orb.Clone(g)
}

func sameIntPtr(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func cloneIntPtr(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func sameTimePtr(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

func cloneTimePtr(p *time.Time) *time.Time {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func samePointPtr(a, b *orb.Point) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func clonePointPtr(p *orb.Point) *orb.Point {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
