//go:build !windows

package main

// attachConsole is needed on Windows only, where the program is built for
// the GUI subsystem.
func attachConsole() {}
