package share

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Env is what Apply needs from outside the profile.
type Env struct {
	// Salt is the database's own secret (at least MinSaltBytes, kept in the
	// database, never exported): it seeds displacement and pseudonym IDs so
	// that nobody without it can recompute them.
	Salt []byte
	// CityCentre returns the centre of the site's city (from the
	// gazetteer); nil or false falls back to rounding to 2 decimals.
	CityCentre func(s site.Site) (orb.Point, bool)
}

// MinSaltBytes is the shortest salt accepted.
const MinSaltBytes = 16

// Session applies one profile to the sites of one export, in order. It
// holds what must stay the same across the export's sites: the pseudonym
// each source got ("Source A" is the same source on every site that cites
// it) and the counts of what was changed. Not safe for concurrent use.
type Session struct {
	p      Profile
	env    Env
	words  wordSet
	labels map[string]string // "id:…" / "url:…" -> "A"
	next   int
	rep    Report
	audit  *auditSet
	ids    map[string]string // label -> pseudonym ID
}

// NewSession checks p and env and starts an export.
func NewSession(p Profile, env Env) (*Session, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if len(env.Salt) < MinSaltBytes && (p.Positions.Mode == PositionsDisplace || p.Sources == SourcesPseudonymise) {
		return nil, fmt.Errorf("profile %q: the database's secret salt is missing or shorter than %d bytes: displacement and pseudonyms need it", p.Name, MinSaltBytes)
	}
	return &Session{p: p, env: env, words: newWordSet(p.ProtectedWords), labels: map[string]string{}, ids: map[string]string{}}, nil
}

// Report returns what the session has changed or left out so far.
func (x *Session) Report() Report { return x.rep }

// Profile returns the session's profile.
func (x *Session) Profile() Profile { return x.p }

// Apply returns s as the export writes it, and false when s is left out
// (a confidential site under a profile without confidential data). s itself
// is not changed.
func (x *Session) Apply(s site.Site) (site.Site, bool) {
	var rep Report
	out, ok := x.apply(s, &rep)
	x.rep.Add(rep)
	if x.audit != nil {
		x.collect(s, out, ok)
	}
	return out, ok
}

// Apply applies p to one site on its own, for the dialog's preview: the
// pseudonyms start from "Source A". Report.Written is 0 when s is left out;
// an invalid profile or env leaves s out too, with the error in Report.Err.
func Apply(p Profile, s site.Site, env Env) (site.Site, Report) {
	x, err := NewSession(p, env)
	if err != nil {
		return site.Site{}, Report{Err: err}
	}
	out, _ := x.Apply(s)
	return out, x.Report()
}

func (x *Session) apply(s site.Site, rep *Report) (site.Site, bool) {
	p := x.p
	if !p.IncludeConfidential {
		var left site.Redaction
		var ok bool
		s, left, ok = site.Redact(s)
		rep.LeftOut.Add(left)
		if !ok {
			return site.Site{}, false
		}
	}
	rep.Written = 1
	// Slices and maps are copied before they change: s shares them with
	// the caller.
	g := generalise(p.Positions, p.Name, s, x.env)
	if !sameGeometry(g, s.Geometry) {
		rep.PositionsGeneralised++
	}
	s.Geometry = g

	x.dropFields(&s, rep)
	x.sources(&s, rep)
	x.attachments(&s, rep)
	x.dates(&s, rep)
	x.protect(&s, rep)
	return s, true
}

func (x *Session) dropFields(s *site.Site, rep *Report) {
	p := x.p
	if p.Drops(FieldNotes) {
		if s.Notes != "" {
			rep.FieldsDropped++
		}
		s.Notes = ""
		obs := make([]site.Observation, len(s.Observations))
		for i, o := range s.Observations {
			if o.Note != "" {
				rep.FieldsDropped++
			}
			o.Note = ""
			obs[i] = o
		}
		s.Observations = obs
		atts := make([]site.Attachment, len(s.Attachments))
		for i, a := range s.Attachments {
			if a.Caption != "" {
				rep.FieldsDropped++
			}
			a.Caption = ""
			atts[i] = a
		}
		s.Attachments = atts
	}
	if p.Drops(FieldOperator) && s.Operator != "" {
		s.Operator = ""
		rep.FieldsDropped++
	}
	if p.Drops(FieldWorkersEstimate) && s.WorkersEstimate != nil {
		s.WorkersEstimate = nil
		rep.FieldsDropped++
	}
	if p.Drops(FieldTags) && len(s.Tags) > 0 {
		s.Tags = nil
		rep.FieldsDropped++
	}
	if p.Drops(FieldExtra) && len(s.Extra) > 0 {
		rep.FieldsDropped += len(s.Extra)
		s.Extra = nil
	}
}

func (x *Session) sources(s *site.Site, rep *Report) {
	if x.p.Sources != SourcesKeep {
		// What a reader kept of a file's sources and observations arrays
		// it could not read may name a source.
		for k := range s.Extra {
			switch strings.ToLower(k) {
			case "sources", site.UnreadSources, "observations", site.UnreadObservations:
				s.Extra = maps.Clone(s.Extra)
				delete(s.Extra, k)
				rep.FieldsDropped++
			}
		}
	}
	switch x.p.Sources {
	case SourcesDrop:
		rep.SourcesDropped += len(s.Sources)
		withheld := map[string]bool{}
		for _, src := range s.Sources {
			withheld[src.ID] = true
		}
		s.Sources = nil
		obs := make([]site.Observation, len(s.Observations))
		for i, o := range s.Observations {
			if o.SourceID != "" && withheld[o.SourceID] {
				o.SourceID, o.SourceWithheld = "", true
				rep.ObservationsSourceWithheld++
			}
			obs[i] = o
		}
		s.Observations = obs
	case SourcesPseudonymise:
		ids := map[string]string{}
		srcs := make([]site.Source, len(s.Sources))
		for i, src := range s.Sources {
			label := x.label(src)
			ps := site.Source{
				ID:           x.pseudonymID(label),
				Title:        "Source " + label,
				Reliability:  src.Reliability,
				Credibility:  src.Credibility,
				Confidential: src.Confidential,
			}
			ids[src.ID] = ps.ID
			srcs[i] = ps
			rep.SourcesPseudonymised++
		}
		s.Sources = srcs
		obs := make([]site.Observation, len(s.Observations))
		for i, o := range s.Observations {
			// The observation still cites its source, now by pseudonym: the
			// reader sees which grade backs it, not who.
			if id, ok := ids[o.SourceID]; ok && o.SourceID != "" {
				o.SourceID = id
			}
			obs[i] = o
		}
		s.Observations = obs
	}
}

// label is the pseudonym letter(s) of src in this export: the same source
// record, or another record of the same URL, gets the same letters.
func (x *Session) label(src site.Source) string {
	var keys []string
	if src.ID != "" {
		keys = append(keys, "id:"+src.ID)
	}
	if src.URL != "" {
		keys = append(keys, "url:"+src.URL)
	}
	if len(keys) == 0 {
		keys = append(keys, "title:"+src.Title+"\x00"+src.Publisher)
	}
	label := ""
	for _, k := range keys {
		if l, ok := x.labels[k]; ok {
			label = l
			break
		}
	}
	if label == "" {
		label = letters(x.next)
		x.next++
	}
	for _, k := range keys {
		x.labels[k] = label
	}
	return label
}

// letters is the n-th label: A … Z, AA, AB, … as spreadsheet columns.
func letters(n int) string {
	var b []byte
	for n++; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

// pseudonymID is the ID a pseudonymised source is written with: a UUID
// from the salt, the profile and the label, so that it links to nothing in
// the database and the export stays deterministic.
func (x *Session) pseudonymID(label string) string {
	if id, ok := x.ids[label]; ok {
		return id
	}
	id := x.newPseudonymID(label)
	x.ids[label] = id
	return id
}

func (x *Session) newPseudonymID(label string) string {
	h := hmac.New(sha256.New, x.env.Salt)
	h.Write([]byte("source-pseudonym\x00" + x.p.Name + "\x00" + label))
	b := h.Sum(nil)[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func (x *Session) attachments(s *site.Site, rep *Report) {
	switch x.p.Attachments {
	case AttachmentsOmit:
		rep.AttachmentsOmitted += len(s.Attachments)
		s.Attachments = nil
	case AttachmentsStripped:
		atts := make([]site.Attachment, len(s.Attachments))
		for i, a := range s.Attachments {
			a.Position, a.TakenAt = nil, nil
			atts[i] = a
			rep.AttachmentsStripped++
		}
		s.Attachments = atts
	}
}

func (x *Session) dates(s *site.Site, rep *Report) {
	mode := x.p.Dates
	if mode == DatesStored {
		return
	}
	d := func(pd *site.PartialDate) {
		if c := CoarsenDate(*pd, mode); c != *pd {
			*pd = c
			rep.DatesCoarsened++
		}
	}
	d(&s.FirstReported)
	d(&s.LastReported)
	obs := make([]site.Observation, len(s.Observations))
	for i, o := range s.Observations {
		d(&o.Date)
		obs[i] = o
	}
	s.Observations = obs
	srcs := make([]site.Source, len(s.Sources))
	for i, src := range s.Sources {
		d(&src.Published)
		d(&src.Accessed)
		srcs[i] = src
	}
	s.Sources = srcs
	// When a record was made says when someone learned of the site.
	s.Created = coarsenTime(s.Created, mode)
	s.Updated = coarsenTime(s.Updated, mode)
	atts := make([]site.Attachment, len(s.Attachments))
	for i, a := range s.Attachments {
		if a.TakenAt != nil {
			t := coarsenTime(*a.TakenAt, mode)
			a.TakenAt = &t
		}
		atts[i] = a
	}
	s.Attachments = atts
}

// CoarsenDate returns d with no more than the month (DatesMonth) or the
// year (DatesYear); a malformed date is left out rather than cut.
func CoarsenDate(d site.PartialDate, mode DateMode) site.PartialDate {
	if d == "" || mode == DatesStored || mode == "" {
		return d
	}
	if d.Validate() != nil {
		return ""
	}
	n := 7
	if mode == DatesYear {
		n = 4
	}
	if len(d) > n {
		return d[:n]
	}
	return d
}

func coarsenTime(t time.Time, mode DateMode) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.UTC()
	switch mode {
	case DatesMonth:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	case DatesYear:
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}

func sameGeometry(a, b orb.Geometry) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return orb.Equal(a, b)
}

// NewSalt makes a database's secret salt (32 random bytes), to be made
// once and kept in the database. It must never leave it (no export, no
// bundle, no log): with the salt, a displaced export and the profile's
// name, anyone can compute each site's offset and undo the displacement.
// CollectSecrets has the audit search for it.
func NewSalt() ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("share: making the salt: %w", err)
	}
	return b, nil
}
