package share

import (
	"fmt"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Report counts what an export left out or changed, for the dialog
// ("12 positions generalised, 3 confidential sites left out") and the
// file's metadata.
type Report struct {
	// Written is the number of sites written.
	Written int
	// LeftOut is what site.Redact left out as confidential.
	LeftOut                    site.Redaction
	PositionsGeneralised       int
	SourcesPseudonymised       int
	SourcesDropped             int
	ObservationsSourceWithheld int
	// FieldsDropped counts the non-empty fields the profile's drop list
	// emptied (each note, operator, extra property… once).
	FieldsDropped       int
	WordsRedacted       int
	AttachmentsOmitted  int
	AttachmentsStripped int
	DatesCoarsened      int
	// Err is set by Apply when the profile or the env is not usable.
	Err error
}

// Add accumulates o into r (Err is kept from r, else taken from o).
func (r *Report) Add(o Report) {
	r.Written += o.Written
	r.LeftOut.Add(o.LeftOut)
	r.PositionsGeneralised += o.PositionsGeneralised
	r.SourcesPseudonymised += o.SourcesPseudonymised
	r.SourcesDropped += o.SourcesDropped
	r.ObservationsSourceWithheld += o.ObservationsSourceWithheld
	r.FieldsDropped += o.FieldsDropped
	r.WordsRedacted += o.WordsRedacted
	r.AttachmentsOmitted += o.AttachmentsOmitted
	r.AttachmentsStripped += o.AttachmentsStripped
	r.DatesCoarsened += o.DatesCoarsened
	if r.Err == nil {
		r.Err = o.Err
	}
}

// Lines says in words each thing that was left out or changed, in a fixed
// order, leaving out what did not happen: "12 positions generalised",
// "3 confidential sites left out", "5 sources pseudonymised".
func (r Report) Lines() []string {
	var out []string
	add := func(n int, one, many, what string) {
		switch {
		case n == 1:
			out = append(out, fmt.Sprintf("1 %s %s", one, what))
		case n > 1:
			out = append(out, fmt.Sprintf("%d %s %s", n, many, what))
		}
	}
	add(r.PositionsGeneralised, "position", "positions", "generalised")
	add(r.LeftOut.Sites, "confidential site", "confidential sites", "left out")
	add(r.LeftOut.Sources, "confidential source", "confidential sources", "left out")
	add(r.LeftOut.Observations, "confidential observation", "confidential observations", "left out")
	add(r.LeftOut.Attachments, "confidential attachment", "confidential attachments", "left out")
	add(r.LeftOut.ConfidentialNotes, "confidential note", "confidential notes", "left out")
	add(r.LeftOut.Extra, "extra property", "extra properties", "left out as possibly confidential")
	add(r.SourcesPseudonymised, "source", "sources", "pseudonymised")
	add(r.SourcesDropped, "source", "sources", "left out")
	add(r.ObservationsSourceWithheld, "observation's source", "observations' sources", "withheld")
	add(r.FieldsDropped, "text field", "text fields", "left out")
	add(r.WordsRedacted, "protected word", "protected words", "redacted")
	add(r.AttachmentsOmitted, "attachment", "attachments", "left out")
	add(r.AttachmentsStripped, "attachment", "attachments", "stripped of position and time")
	add(r.DatesCoarsened, "date", "dates", "coarsened")
	return out
}
