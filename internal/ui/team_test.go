package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestWithoutPassword(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"postgres://ana:s3cret@db.example.org/field", "postgres://ana@db.example.org/field"},
		{"postgres://ana@db.example.org/field?sslmode=require", "postgres://ana@db.example.org/field?sslmode=require"},
		{"postgres://db.example.org/field", "postgres://db.example.org/field"},
		{"host=db user=ana", "host=db user=ana"},
	} {
		if got := withoutPassword(c.in); got != c.want {
			t.Errorf("withoutPassword(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTeamProjectDialog: File > Team project shows the status without any
// network request; with a test server, Sync sends the sample project and
// the status says when.
func TestTeamProjectDialog(t *testing.T) {
	w := newTestWindow(t)
	w.teamDialog()
	waitEvents(t, w, "team-status")
	if got := overlayText(w); !strings.Contains(got, "Not synced yet") {
		t.Fatalf("the Team project dialog reads %q, want the never-synced status", got)
	}
	dsn := os.Getenv("SITEATLAS_TEST_PG")
	if dsn == "" {
		t.Skip("SITEATLAS_TEST_PG is not set (scripts/test.sh starts a PostgreSQL server): the sync itself is not tested here")
	}
	ts := w.team
	ts.server.SetText(dsn)
	ts.project.SetText("ui_dialog_test")
	test.Tap(findButton(w, "Sync now"))
	waitEvents(t, w, "synced")
	if got := overlayText(w); !strings.Contains(got, "Sync finished") || !strings.Contains(got, "sent 4") {
		t.Fatalf("after the sync the window reads %q", got)
	}
	w.teamDialog()
	waitEvents(t, w, "team-status")
	if got := overlayText(w); !strings.Contains(got, "Last sync") || !strings.Contains(got, "0 local change(s) to send") {
		t.Errorf("the status after a sync reads %q", got)
	}
}
