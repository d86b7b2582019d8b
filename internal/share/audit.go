package share

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"strings"

	"github.com/siteatlas/siteatlas/internal/leakaudit"
	"github.com/siteatlas/siteatlas/internal/site"
)

// auditSet gathers, while a session applies sites, what the written file
// must not contain and what it contains on purpose.
type auditSet struct {
	withheld []leakaudit.Secret
	// published holds a hash of each text the export writes, so that a
	// withheld text that is also written on purpose (the excerpt of a
	// confidential source that a public one has word for word) is not
	// taken for a leak. A hash, not the text: a million sites' texts would
	// not fit. Folded like the audit folds.
	published map[uint64]struct{}
	seed      maphash.Seed
}

// CollectSecrets makes the session gather, from every site it applies,
// the texts the profile withholds, for Secrets. Call it before the first
// Apply. It costs memory in proportion to the withheld texts plus 8 bytes
// or so for each distinct text written.
func (x *Session) CollectSecrets() {
	x.audit = &auditSet{published: map[uint64]struct{}{}, seed: maphash.MakeSeed()}
	if len(x.env.Salt) > 0 {
		// Written in any usual form, the salt undoes the displacement.
		for _, t := range []string{hex.EncodeToString(x.env.Salt), base64.StdEncoding.EncodeToString(x.env.Salt), base64.RawURLEncoding.EncodeToString(x.env.Salt)} {
			x.audit.withheld = append(x.audit.withheld, leakaudit.Secret{Field: "the database's secret salt", Text: t})
		}
	}
	for i, w := range x.p.ProtectedWords {
		x.audit.withheld = append(x.audit.withheld, leakaudit.Secret{Field: fmt.Sprintf("protected word %d", i+1), Text: w})
	}
}

// Secrets returns what the leak audit must search the written file for:
// the texts the profile withheld (confidential items, pseudonymised or
// dropped sources, dropped notes and operators, protected words), less
// those the export writes elsewhere on purpose, and what it does not
// search for and why. Nil when CollectSecrets was not called.
func (x *Session) Secrets() (*leakaudit.Secrets, []leakaudit.Skipped) {
	if x.audit == nil {
		return nil, nil
	}
	a := x.audit
	var kept []leakaudit.Secret
	var skipped []leakaudit.Skipped
	for _, w := range a.withheld {
		if !strings.HasPrefix(w.Field, "protected word") {
			if _, ok := a.published[a.hash(w.Text)]; ok {
				skipped = append(skipped, leakaudit.Skipped{Field: w.Field, Reason: "the same text is written in a field the export keeps"})
				continue
			}
		}
		kept = append(kept, w)
	}
	s, more := leakaudit.NewSecrets(kept, nil)
	return s, append(skipped, more...)
}

func (a *auditSet) hash(s string) uint64 {
	return maphash.String(a.seed, foldString(strings.TrimSpace(s)))
}

func (a *auditSet) withhold(field, text string) {
	if strings.TrimSpace(text) != "" {
		a.withheld = append(a.withheld, leakaudit.Secret{Field: field, Text: text, Word: true})
	}
}

func (a *auditSet) publish(text string) {
	if strings.TrimSpace(text) != "" {
		a.published[a.hash(text)] = struct{}{}
	}
}

// collect records what applying the profile to in (giving out, or leaving
// it out when !ok) withheld and wrote.
func (x *Session) collect(in, out site.Site, ok bool) {
	a := x.audit
	p := x.p
	excl := !p.IncludeConfidential
	if excl && in.Confidential {
		a.withhold("id of a confidential site", in.ID)
		a.withhold("name of a confidential site", in.Name)
		for _, al := range in.Aliases {
			a.withhold("alias of a confidential site", al)
		}
		a.withhold("notes of a confidential site", in.Notes)
		a.withhold("operator of a confidential site", in.Operator)
	}
	if excl {
		a.withhold("confidential notes", in.ConfidentialNotes)
	}
	for _, src := range in.Sources {
		switch {
		case excl && (src.Confidential || in.Confidential):
			a.withhold("id of a confidential source", src.ID)
			a.withhold("title of a confidential source", src.Title)
			a.withhold("publisher of a confidential source", src.Publisher)
			a.withhold("URL of a confidential source", src.URL)
			a.withhold("excerpt of a confidential source", src.Excerpt)
		case p.Sources != SourcesKeep:
			// A publisher ("Reuters") is no secret of its own; the record is.
			a.withhold("id of a withheld source", src.ID)
			a.withhold("title of a withheld source", src.Title)
			a.withhold("URL of a withheld source", src.URL)
			a.withhold("excerpt of a withheld source", src.Excerpt)
		}
	}
	for _, o := range in.Observations {
		switch {
		case excl && (o.Confidential || in.Confidential):
			a.withhold("id of a confidential observation", o.ID)
			a.withhold("note of a confidential observation", o.Note)
		case p.Drops(FieldNotes):
			a.withhold("observation note", o.Note)
		}
	}
	for _, at := range in.Attachments {
		switch {
		case excl && (at.Confidential || in.Confidential):
			a.withhold("id of a confidential attachment", at.ID)
			a.withhold("file name of a confidential attachment", at.FileName)
			a.withhold("caption of a confidential attachment", at.Caption)
		case p.Attachments == AttachmentsOmit:
			a.withhold("file name of an omitted attachment", at.FileName)
			a.withhold("caption of an omitted attachment", at.Caption)
		case p.Drops(FieldNotes):
			a.withhold("attachment caption", at.Caption)
		}
	}
	if excl {
		for k, raw := range in.Extra {
			if in.Confidential || site.WithheldExtra(k, raw) {
				for _, t := range jsonStrings(raw) {
					a.withhold("extra property of confidential data", t)
				}
			}
		}
	}
	if !(excl && in.Confidential) {
		if p.Drops(FieldNotes) {
			a.withhold("notes", in.Notes)
		}
		if p.Drops(FieldOperator) {
			a.withhold("operator", in.Operator)
		}
	}
	if ok {
		x.published(out)
	}
}

// published records every text out carries.
func (x *Session) published(s site.Site) {
	a := x.audit
	for _, t := range [...]string{s.ID, s.Name, s.Category, s.City, s.Province, s.Country, s.Operator, s.Notes, s.ConfidentialNotes} {
		a.publish(t)
	}
	for _, t := range s.Aliases {
		a.publish(t)
	}
	for _, t := range s.Tags {
		a.publish(t)
	}
	for _, src := range s.Sources {
		for _, t := range [...]string{src.ID, src.Title, src.Publisher, src.URL, src.Excerpt} {
			a.publish(t)
		}
	}
	for _, o := range s.Observations {
		a.publish(o.ID)
		a.publish(o.Note)
	}
	for _, at := range s.Attachments {
		a.publish(at.ID)
		a.publish(at.FileName)
		a.publish(at.Caption)
	}
	for _, raw := range s.Extra {
		for _, t := range jsonStrings(raw) {
			a.publish(t)
		}
	}
}

// jsonStrings returns the strings inside a JSON value, or the value's
// text when it is not valid JSON.
func jsonStrings(raw json.RawMessage) []string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return []string{string(raw)}
	}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// PositionRule is what p promises of the positions written for a site of
// precision prec, for leakaudit.CheckPositions on the positions read back
// from the file: no more decimals than the mode and the precision allow
// and, for displacement, between MinDisplaceFraction·R and R from the
// stored position (a polygon's from its centroid).
func PositionRule(p Profile, prec site.Precision) leakaudit.PositionRule {
	maxDec := precisionDecimals(prec)
	r := leakaudit.PositionRule{MaxDecimals: maxDec}
	switch p.Positions.Mode {
	case PositionsStored:
		r.MaxDecimals = site.CoordinateDecimals(prec)
	case PositionsRound:
		r.MaxDecimals = min(p.Positions.Decimals, maxDec)
	case PositionsGrid:
		r.MaxDecimals = min(gridDecimals, maxDec)
	case PositionsCity:
		r.MaxDecimals = min(cityDecimals, maxDec)
	case PositionsDisplace:
		d := min(displaceDecimals(p.Positions.Decimals), maxDec)
		r.MaxDecimals = d
		r.MinDistanceKm = MinDisplaceFraction * p.Positions.RadiusKm
		r.MaxDistanceKm = p.Positions.RadiusKm
		if slack := slackKm(p.Positions.RadiusKm, d); slack > 0 {
			// Positions too coarse for the radius (see displace): only the
			// decimals and a looser bound are promised.
			r.MinDistanceKm = 0
			r.MaxDistanceKm += slack
		}
	}
	return r
}
