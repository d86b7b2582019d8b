package site

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Redaction counts what an export left out to protect sources.
type Redaction struct {
	Sites             int
	Sources           int
	Observations      int
	Attachments       int
	ConfidentialNotes int
	// Extra counts the other extra properties left out because they may
	// hold confidential material (see WithheldExtra).
	Extra int
}

// Any reports whether anything was left out.
func (r Redaction) Any() bool { return r != Redaction{} }

// Add accumulates o into r.
func (r *Redaction) Add(o Redaction) {
	r.Sites += o.Sites
	r.Sources += o.Sources
	r.Observations += o.Observations
	r.Attachments += o.Attachments
	r.ConfidentialNotes += o.ConfidentialNotes
	r.Extra += o.Extra
}

// Redact returns the part of s that may leave the database without
// confidential data, and what it left out. ok is false when the whole site is
// confidential. s itself is not changed. An observation that cites a
// confidential source keeps its note but loses the reference. Redaction
// covers Extra too: every member WithheldExtra reports is left out and
// counted (sources and observations kept there by number of members).
func Redact(s Site) (out Site, left Redaction, ok bool) {
	if s.Confidential {
		left.Sites = 1
		left.Sources = len(s.Sources)
		left.Observations = len(s.Observations)
		left.Attachments = len(s.Attachments)
		if s.ConfidentialNotes != "" {
			left.ConfidentialNotes = 1
		}
		return Site{}, left, false
	}
	out = s
	if s.ConfidentialNotes != "" {
		out.ConfidentialNotes = ""
		left.ConfidentialNotes = 1
	}
	hidden := map[string]bool{}
	out.Sources = nil
	for _, src := range s.Sources {
		if src.Confidential {
			hidden[src.ID] = true
			left.Sources++
			continue
		}
		out.Sources = append(out.Sources, src)
	}
	out.Observations = nil
	for _, o := range s.Observations {
		if o.Confidential {
			left.Observations++
			continue
		}
		if hidden[o.SourceID] {
			o.SourceID, o.SourceWithheld = "", true
		}
		out.Observations = append(out.Observations, o)
	}
	out.Attachments = nil
	for _, a := range s.Attachments {
		if a.Confidential {
			left.Attachments++
			continue
		}
		out.Attachments = append(out.Attachments, a)
	}
	out.Extra = nil
	for k, raw := range s.Extra {
		if !WithheldExtra(k, raw) {
			if out.Extra == nil {
				out.Extra = make(map[string]json.RawMessage, len(s.Extra))
			}
			out.Extra[k] = raw
			continue
		}
		switch strings.ToLower(k) {
		case "sources", UnreadSources:
			left.Sources += members(raw)
		case "observations", UnreadObservations:
			left.Observations += members(raw)
		case "attachments":
			left.Attachments += members(raw)
		case "confidential_notes":
			if s.ConfidentialNotes == "" {
				left.ConfidentialNotes++
			} else {
				left.Extra++
			}
		default:
			left.Extra++
		}
	}
	return out, left, true
}

// The Extra members where readers keep, as written, the members of a
// file's sources and observations arrays they could not read. Their
// confidentiality cannot be read with certainty, so they are treated as
// confidential.
const (
	UnreadSources      = "unread_sources"
	UnreadObservations = "unread_observations"
)

// withheldKeys are Extra names left out of every export without
// confidential data: the model fields that can hold confidential material,
// as a reader keeps them when it could not read them.
var withheldKeys = []string{"sources", "observations", "attachments", UnreadSources, UnreadObservations}

// withheldWords in an Extra name (in any case) mark it as confidential.
var withheldWords = []string{"confidential", "secret", "withheld", "private", "sensitive", "informant"}

// WithheldExtra reports whether the extra property key with value raw may
// hold confidential material, and so must be left out of an export without
// confidential data. It fails closed:
//
//   - the name is sources, observations, attachments, unread_sources or
//     unread_observations (a value a reader could not read: confidential
//     members may be inside), or contains confidential, secret, withheld,
//     private, sensitive or informant in any case (confidential and
//     confidential_notes included, and a "private_owner" column from
//     another tool too);
//   - or the value is an object or array with a member so named anywhere
//     inside whose value is not false or null ({"who": "A",
//     "confidential": true}), or is not valid JSON.
func WithheldExtra(key string, raw json.RawMessage) bool {
	if withheldName(key) {
		return true
	}
	b := bytes.TrimLeft(raw, " \t\r\n")
	if len(b) == 0 || (b[0] != '{' && b[0] != '[') || !mentionsWithheld(b) {
		return false
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return true
	}
	return nestedWithheld(v)
}

func withheldName(key string) bool {
	low := strings.ToLower(key)
	for _, k := range withheldKeys {
		if low == k {
			return true
		}
	}
	for _, w := range withheldWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// mentionsWithheld is a quick test before parsing: does one of
// withheldWords occur in b in any case, or an escape that could spell one?
func mentionsWithheld(b []byte) bool {
	low := bytes.ToLower(b)
	for _, w := range withheldWords {
		if bytes.Contains(low, []byte(w)) {
			return true
		}
	}
	return bytes.Contains(low, []byte(`\u`))
}

func nestedWithheld(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if withheldName(k) && x != nil && x != false {
				return true
			}
			if nestedWithheld(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if nestedWithheld(x) {
				return true
			}
		}
	}
	return false
}

// members returns the number of members of a JSON array, and 1 for any
// other value.
func members(raw json.RawMessage) int {
	var a []json.RawMessage
	if json.Unmarshal(raw, &a) == nil {
		return len(a)
	}
	return 1
}
