package reconcile

import (
	"encoding/json"

	"github.com/siteatlas/siteatlas/internal/site"
)

// normalizeTheirs returns theirs with what it could not carry put back as
// the base has it (mine, without a base), so that the merge sees those
// things as unchanged by theirs and keeps mine's. theirs is not modified.
//
//   - a withheld field or list takes the base's value;
//   - with Confidential withheld: empty confidential notes take the
//     base's; a source, observation or attachment absent from theirs
//     whose base or mine copy is confidential is put back as in base
//     (confidentiality fails closed: either copy marked is enough); an
//     observation whose source reference an export dropped (empty, where
//     base cites a confidential source or the copy says SourceWithheld)
//     gets base's reference back; an extra property absent from theirs
//     that site.WithheldExtra reports is put back; and a confidential
//     site absent altogether is not a deletion: theirs is base.
//   - a position that is base's rounded as an export rounds it is base's.
func normalizeTheirs(base, mine, theirs *site.Site, w Withheld) *site.Site {
	ref := base
	if ref == nil {
		ref = mine
	}
	if ref == nil {
		return theirs
	}
	if theirs == nil {
		if w.Confidential && (ref.Confidential || mine != nil && mine.Confidential) {
			return clone(ref)
		}
		return nil
	}
	t := clone(theirs)
	for _, f := range siteFields {
		if w.field(f.name) {
			f.set(t, f.get(ref))
		}
	}
	if w.field("aliases") {
		t.Aliases = ref.Aliases
	}
	if w.field("tags") {
		t.Tags = ref.Tags
	}
	if base != nil && roundedAlike(base.Geometry, t.Geometry, base.Precision, t.Precision) {
		t.Geometry = cloneGeometry(base.Geometry)
	}
	if w.Confidential && t.ConfidentialNotes == "" {
		t.ConfidentialNotes = ref.ConfidentialNotes
	}
	var mineS []site.Source
	var mineO []site.Observation
	var mineA []site.Attachment
	if mine != nil {
		mineS, mineO, mineA = mine.Sources, mine.Observations, mine.Attachments
	}
	t.Sources = restore(w, "sources", sourceKind, ref.Sources, mineS, t.Sources,
		func(s site.Source) bool { return s.Confidential })
	t.Observations = restore(w, "observations", observationKind, ref.Observations, mineO, t.Observations,
		func(o site.Observation) bool { return o.Confidential })
	t.Attachments = restore(w, "attachments", attachmentKind, ref.Attachments, mineA, t.Attachments,
		func(a site.Attachment) bool { return a.Confidential })
	if w.Confidential {
		restoreSourceRefs(ref, t)
	}
	switch {
	case w.field("extra"):
		t.Extra = clone(ref).Extra
	case w.Confidential:
		for k, v := range ref.Extra {
			if _, ok := t.Extra[k]; !ok && site.WithheldExtra(k, v) {
				if t.Extra == nil {
					t.Extra = map[string]json.RawMessage{}
				}
				t.Extra[k] = v
			}
		}
	}
	return t
}

// restore is theirs' list with what it could not carry put back from ref.
func restore[T any](w Withheld, list string, k kind[T], ref, mine, theirs []T, confidential func(T) bool) []T {
	if w.field(list) {
		out := make([]T, len(ref))
		for i, x := range ref {
			out[i] = k.clone(x)
		}
		return out
	}
	if !w.Confidential {
		return theirs
	}
	tAt, _ := index(theirs, k)
	mAt, _ := index(mine, k)
	_, rKeys := index(ref, k)
	for i, key := range rKeys {
		if _, ok := tAt[key]; ok || key == "" {
			continue
		}
		marked := confidential(ref[i])
		if j, ok := mAt[key]; ok {
			marked = marked || confidential(mine[j])
		}
		if marked {
			theirs = append(theirs, k.clone(ref[i]))
		}
	}
	return theirs
}

// restoreSourceRefs gives an observation of t whose source reference an
// export dropped the reference ref's copy has.
func restoreSourceRefs(ref, t *site.Site) {
	conf := map[string]bool{}
	for _, s := range ref.Sources {
		if s.Confidential {
			conf[s.ID] = true
		}
	}
	rAt, _ := index(ref.Observations, observationKind)
	_, tKeys := index(t.Observations, observationKind)
	for i, key := range tKeys {
		if key == "" {
			continue
		}
		o := &t.Observations[i]
		j, ok := rAt[key]
		if !ok || o.SourceID != "" {
			continue
		}
		r := ref.Observations[j]
		if r.SourceID != "" && (o.SourceWithheld || conf[r.SourceID]) {
			o.SourceID = r.SourceID
		}
	}
}
