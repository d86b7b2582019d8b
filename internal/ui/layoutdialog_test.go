package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestExportMapLayout: File > Export map layout writes a PDF of the area on
// screen with the title typed, through the Public profile, and says so.
func TestExportMapLayout(t *testing.T) {
	w := newTestWindow(t)
	w.mapView.SetView(orb.Point{130.1, 42.9}, 9)
	waitFrame(t, w)
	s := w.newLayoutScreen()
	s.show()
	s.title.SetText("Tumen and Hunchun")
	spec := s.spec()
	if spec.Profile != "Public" || spec.Labels != "all" || !spec.Legend || len(spec.Extent.BBox) != 4 {
		t.Fatalf("the dialog's defaults give %+v", spec)
	}
	path := filepath.Join(t.TempDir(), "map.pdf")
	w.writeLayout(path, spec)
	waitEvents(t, w, "layout")
	if got := overlayText(w); !strings.Contains(got, "Map layout exported") {
		t.Fatalf("after the export the window reads %q", got)
	}
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		t.Fatalf("no PDF written: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (scripts/deps.sh test installs poppler-utils): the PDF's text is not checked")
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if text := string(out); !strings.Contains(text, "Tumen and Hunchun") || !strings.Contains(text, "Natural Earth") {
		t.Errorf("the PDF's text lacks the title or the credits:\n%s", text)
	}
}
