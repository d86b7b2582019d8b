//go:build race

package main

// raceEnabled makes the smoke test build the program with -race too, so the
// build reuses the packages the test run already compiled.
const raceEnabled = true
