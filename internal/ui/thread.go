package ui

import "fyne.io/fyne/v2"

// runOnUI hands f to the UI goroutine: fyne.Do. Background work reaches
// widgets only through it. Tests replace it with a queue that the test
// goroutine drains, because Fyne's test driver runs fyne.Do at once on the
// calling goroutine, which would race with the test's own widget calls.
var runOnUI = fyne.Do
