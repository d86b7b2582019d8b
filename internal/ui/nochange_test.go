package ui

import (
	"context"
	"testing"
)

// TestRetypingASavedValueWritesNothing is issue 12's defect 3: erasing the
// last digit of "2018" and typing it again must not write a history entry,
// an undo step or a new Updated time.
func TestRetypingASavedValueWritesNothing(t *testing.T) {
	w := newTestWindow(t)
	orig := selectNamed(t, w, tumenComplex)
	before := stored(t, w, orig.ID)
	if before.FirstReported == "" {
		t.Fatal("the sample site has no first-reported date to retype")
	}
	ctx := context.Background()
	histBefore, err := w.ws.Store().SiteHistory(ctx, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	undoBefore := w.undoItem.Label
	f := w.details.form
	text := string(before.FirstReported)
	f.first.SetText(text[:len(text)-1])
	f.first.SetText(text)
	waitEvents(t, w, "saved")
	drainUntilQuiet(w)
	after := stored(t, w, orig.ID)
	if !after.Updated.Equal(before.Updated) {
		t.Errorf("Updated moved from %v to %v", before.Updated, after.Updated)
	}
	histAfter, _ := w.ws.Store().SiteHistory(ctx, orig.ID)
	if len(histAfter) != len(histBefore) {
		t.Errorf("history grew from %d to %d entries", len(histBefore), len(histAfter))
	}
	if w.undoItem.Label != undoBefore {
		t.Errorf("Undo now says %q, was %q", w.undoItem.Label, undoBefore)
	}
}
