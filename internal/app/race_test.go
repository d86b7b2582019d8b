//go:build race

package app

// raceEnabled lets the memory tests skip under the race detector, which
// multiplies both their time and their memory.
const raceEnabled = true
