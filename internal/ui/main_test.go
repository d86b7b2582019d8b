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
