package ui

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/siteatlas/siteatlas/internal/render"
)

// Start-up tracing for bench/firstframe.sh: with SITEATLAS_TRACE_FIRST_FRAME
// set, the app prints to standard error how long after the process started
// the map showed its first frame, and its first frame with sites in it.
var (
	traceStart       = time.Now() // package initialisation: the process start, give or take a few ms
	traceFirstFrame  = os.Getenv("SITEATLAS_TRACE_FIRST_FRAME") != ""
	traceFramesShown bool
	traceSitesShown  bool
	traceMu          sync.Mutex
)

// traceFrame is called on the UI goroutine each time a frame of m is shown.
func traceFrame(m *render.Map) {
	if !traceFirstFrame {
		return
	}
	traceMu.Lock()
	defer traceMu.Unlock()
	ms := float64(time.Since(traceStart).Microseconds()) / 1000
	if !traceFramesShown {
		traceFramesShown = true
		fmt.Fprintf(os.Stderr, "siteatlas trace: first frame shown %.0f ms after start\n", ms)
	}
	if idx := m.Index(); !traceSitesShown && idx != nil && idx.Len() > 0 {
		traceSitesShown = true
		fmt.Fprintf(os.Stderr, "siteatlas trace: first frame with %d sites shown %.0f ms after start\n", idx.Len(), ms)
	}
}
