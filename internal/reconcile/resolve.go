package reconcile

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/siteatlas/siteatlas/internal/site"
)

// ErrNoBoth is returned by Resolve for Both on a conflict where keeping
// both values means nothing: a date, a status, a location.
var ErrNoBoth = errors.New("both sides cannot be kept for this field: choose mine or theirs")

// Resolve settles conflict i of r with choice, changing r.Site:
//
//   - Mine keeps mine's value (what the merged site holds already, unless
//     an earlier Resolve changed it) and Theirs takes theirs';
//   - Both keeps both sides' content where that means something: for a
//     text field (notes, confidential notes, a source's excerpt, an
//     observation's note, an attachment's caption) mine's text, a line
//     break, theirs' text (one of them when the other is empty or
//     contains it); for the name, mine's name with theirs' added to the
//     aliases; for an observation's date, status, source or
//     confidentiality, two observations: this one as mine has it and a
//     copy under a new ID (Conflict.Copy) as theirs has it; for aliases or tags, their union; for a site, member or
//     extra property deleted on one side and edited on the other, the
//     edited copy (nothing is deleted). Elsewhere it is ErrNoBoth.
//
// A source the choice removes stays while an observation cites it (see
// fixCited). A conflict may be resolved again with another choice. Resolve returns
// an error, and changes nothing, for an index out of range, Pending, or a
// conflict that no longer applies (its member or site is gone).
func Resolve(r *Result, i int, choice Choice) error {
	if i < 0 || i >= len(r.Conflicts) {
		return fmt.Errorf("conflict %d: no such conflict (%d in all)", i, len(r.Conflicts))
	}
	if choice != Mine && choice != Theirs && choice != Both {
		return fmt.Errorf("conflict %d: choose mine, theirs or both, not %s", i, choice)
	}
	c := &r.Conflicts[i]
	if c.Copy != "" && r.Site != nil {
		// An earlier Both added something: the new choice decides afresh.
		if c.Field == "name" {
			r.Site.Aliases = slices.DeleteFunc(r.Site.Aliases, func(a string) bool { return a == c.Copy })
		} else {
			r.Site.Observations = slices.DeleteFunc(r.Site.Observations, func(o site.Observation) bool { return o.ID == c.Copy })
		}
		c.Copy = ""
	}
	if id, ok := sourcePresence(c.Field); ok && r.restored[id] {
		// The choice decides now; fixCited keeps it if it is cited.
		delete(r.restored, id)
		if r.Site != nil {
			r.Site.Sources = slices.DeleteFunc(r.Site.Sources, func(x site.Source) bool { return x.ID == id })
		}
	}
	if err := apply(r, c, choice); err != nil {
		r.fixCited()
		return fmt.Errorf("conflict %d (%s): %w", i, c.Field, err)
	}
	c.Resolution = choice
	r.fixCited()
	return nil
}

// TakeAllTheirs resolves every conflict of r with Theirs, those resolved
// otherwise before included: the review's "take all of theirs".
func TakeAllTheirs(r *Result) error { return resolveAll(r, Theirs) }

// KeepAllMine resolves every conflict of r with Mine, those resolved
// otherwise before included: the review's "keep all mine".
func KeepAllMine(r *Result) error { return resolveAll(r, Mine) }

func resolveAll(r *Result, choice Choice) error {
	var errs []error
	for i := range r.Conflicts {
		errs = append(errs, Resolve(r, i, choice))
	}
	return errors.Join(errs...)
}

// pick is the value choice selects, for a presence conflict (Both: the
// copy that exists).
func pick(c *Conflict, choice Choice) any {
	switch choice {
	case Mine:
		return c.Mine
	case Theirs:
		return c.Theirs
	}
	if isNil(c.Mine) {
		return c.Theirs
	}
	return c.Mine
}

func isNil(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case *site.Site:
		return v == nil
	case *site.Source:
		return v == nil
	case *site.Observation:
		return v == nil
	case *site.Attachment:
		return v == nil
	case json.RawMessage:
		return v == nil
	}
	return false
}

func apply(r *Result, c *Conflict, choice Choice) error {
	if c.Field == "site" {
		s, _ := pick(c, choice).(*site.Site)
		r.Site = clone(s)
		return nil
	}
	if r.Site == nil {
		return errors.New("the site is deleted: resolve its deletion first")
	}
	s := r.Site
	for _, f := range siteFields {
		if f.name != c.Field {
			continue
		}
		switch {
		case choice != Both:
			f.set(s, pick(c, choice))
		case f.name == "name":
			s.Name = c.Mine.(string)
			if t := c.Theirs.(string); t != "" && t != s.Name && !slices.Contains(s.Aliases, t) {
				s.Aliases = append(s.Aliases, t)
				c.Copy = t
			}
		case f.both != nil:
			f.set(s, f.both(c.Mine, c.Theirs))
		default:
			return ErrNoBoth
		}
		return nil
	}
	switch c.Field {
	case "aliases", "tags":
		v := slices.Clone(pick(c, choice).([]string))
		if choice == Both {
			v = union(c.Mine.([]string), c.Theirs.([]string))
		}
		if c.Field == "aliases" {
			s.Aliases = v
		} else {
			s.Tags = v
		}
		return nil
	}
	if key, ok := strings.CutPrefix(c.Field, "extra."); ok {
		var v json.RawMessage
		if choice == Both && !isNil(c.Mine) && !isNil(c.Theirs) {
			return ErrNoBoth
		}
		if x := pick(c, choice); x != nil {
			v = slices.Clone(x.(json.RawMessage))
		}
		if v == nil {
			delete(s.Extra, key)
			if len(s.Extra) == 0 {
				s.Extra = nil
			}
			return nil
		}
		if s.Extra == nil {
			s.Extra = map[string]json.RawMessage{}
		}
		s.Extra[key] = v
		return nil
	}
	list, rest, ok := strings.Cut(c.Field, "[")
	if !ok {
		return errors.New("unknown field")
	}
	switch list {
	case "sources":
		return resolveMember(&s.Sources, sourceKind, sourceFields, rest, c, choice)
	case "observations":
		return resolveMember(&s.Observations, observationKind, observationFields, rest, c, choice)
	case "attachments":
		return resolveMember(&s.Attachments, attachmentKind, attachmentFields, rest, c, choice)
	}
	return errors.New("unknown field")
}

// resolveMember applies a choice to a member conflict; rest is the Field
// after "list[": "KEY]" (presence) or "KEY].field". Field names have no
// "]", so the last "]." splits them however the key is spelt.
func resolveMember[T any](list *[]T, k kind[T], fields []field[T], rest string, c *Conflict, choice Choice) error {
	at, _ := index(*list, k)
	if key, ok := strings.CutSuffix(rest, "]"); ok {
		v, _ := pick(c, choice).(*T)
		i, present := at[key]
		switch {
		case v == nil && present:
			*list = slices.Delete(*list, i, i+1)
		case v != nil && present:
			(*list)[i] = k.clone(*v)
		case v != nil:
			*list = append(*list, k.clone(*v))
		}
		return nil
	}
	cut := strings.LastIndex(rest, "].")
	if cut < 0 {
		return errors.New("unknown field")
	}
	key, name := rest[:cut], rest[cut+2:]
	i, present := at[key]
	if !present {
		return errors.New("the member is gone: resolve its deletion first")
	}
	for _, f := range fields {
		if f.name != name {
			continue
		}
		switch {
		case choice != Both:
			f.set(&(*list)[i], pick(c, choice))
		case f.both != nil:
			f.set(&(*list)[i], f.both(c.Mine, c.Theirs))
		case k.withID != nil:
			// Two members: this one as mine has the field, a copy under a
			// new ID as theirs has it.
			f.set(&(*list)[i], c.Mine)
			cp := k.withID(k.clone((*list)[i]), site.NewID())
			f.set(&cp, c.Theirs)
			*list = append(*list, cp)
			c.Copy = k.id(cp)
		default:
			return ErrNoBoth
		}
		return nil
	}
	return errors.New("unknown field")
}
