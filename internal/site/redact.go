package site

// Redaction counts what an export left out to protect sources.
type Redaction struct {
	Sites             int
	Sources           int
	Observations      int
	Attachments       int
	ConfidentialNotes int
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
}

// Redact returns the part of s that may leave the database without
// confidential data, and what it left out. ok is false when the whole site is
// confidential. s itself is not changed. An observation that cites a
// confidential source keeps its note but loses the reference.
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
			o.SourceID = ""
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
	return out, left, true
}
