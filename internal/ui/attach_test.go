package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/siteatlas/siteatlas/internal/app"
)

// TestAttachPhotoFromWindow: a photo dropped on the window while a site is
// selected is attached with its position and hash, shown in the Photos
// tab, removed with its button and brought back by Undo (issue 13).
func TestAttachPhotoFromWindow(t *testing.T) {
	w := newTestWindow(t)
	w.selectRow(w.br.Row(0), false)
	drainUntilQuiet(w)
	id := w.details.Site().ID
	w.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI("../photo/testdata/tumen_ne.jpg")})
	waitEvents(t, w, "attached")
	drainUntilQuiet(w)
	if text := overlayText(w); !strings.Contains(text, "tumen_ne.jpg: 42.9687") || !strings.Contains(text, "SHA-256 ") {
		t.Errorf("attaching says %q", text)
	}
	closeDialogs(w)
	s := w.details.Site()
	if s == nil || s.ID != id || len(s.Attachments) != 1 || s.Attachments[0].Position == nil {
		t.Fatalf("the site has attachments %+v", s.Attachments)
	}
	if text := deepText(w.details.photos); !strings.Contains(text, "tumen_ne.jpg") || !strings.Contains(text, "image/jpeg") {
		t.Errorf("the Photos tab shows %q", text)
	}
	w.detach(s.Attachments[0].ID)
	waitEvents(t, w, "detached")
	drainUntilQuiet(w)
	if n := len(w.details.Site().Attachments); n != 0 {
		t.Fatalf("after removing it the site has %d attachments", n)
	}
	w.undo()
	waitEvents(t, w, "replayed")
	drainUntilQuiet(w)
	if n := len(w.details.Site().Attachments); n != 1 {
		t.Errorf("undo brought back %d attachments", n)
	}
}

// TestReportFromWindow: File > Export report writes a PDF of the sites
// with the Public profile and says how many pages.
func TestReportFromWindow(t *testing.T) {
	w := newTestWindow(t)
	path := t.TempDir() + "/report.pdf"
	p, _ := app.ProfileByName("Public")
	w.writeReport(path, app.ReportOptions{Profile: p, Title: "Tumen and Hunchun", NoMaps: true})
	waitEvents(t, w, "report")
	if text := overlayText(w); !strings.Contains(text, "4 site(s) on") || !strings.Contains(text, "profile Public") {
		t.Errorf("the report says %q", text)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("no PDF written (%v)", err)
	}
}
