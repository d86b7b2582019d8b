package ui

import (
	"os"
	"testing"
	"time"
)

// uiQueue holds what background work hands to the UI goroutine; the test
// goroutine runs it (pump, waitEvents, waitFrame), so that widgets are only
// ever touched by one goroutine, as in the real app.
var uiQueue = make(chan func(), 100000)

func TestMain(m *testing.M) {
	runOnUI = func(f func()) { uiQueue <- f }
	os.Exit(m.Run())
}

// pump runs what background work queued for the UI for d.
// waitSelected runs what reaches the UI goroutine until the newest
// selection's site is shown in the panel (it is read in the background).
func waitSelected(t *testing.T, w *Window) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for w.shownGen != w.selectGen.Load() {
		select {
		case f := <-uiQueue:
			f()
		case <-deadline:
			t.Fatal("timed out waiting for the selected site to be shown")
		}
	}
}

func pump(d time.Duration) {
	deadline := time.After(d)
	for {
		select {
		case f := <-uiQueue:
			f()
		case <-deadline:
			return
		}
	}
}
