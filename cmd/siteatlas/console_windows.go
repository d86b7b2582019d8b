package main

import (
	"os"
	"syscall"
)

// The Windows build is a GUI-subsystem program, so that a double-click
// opens no console window; started with arguments from a console
// (`siteatlas.exe export ...`), it attaches to that console so that its
// output and errors are seen there.
func attachConsole() {
	if len(os.Args) < 2 || opensFile(os.Args[1]) {
		return
	}
	const attachParentProcess = ^uint32(0)
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if r, _, _ := attach.Call(uintptr(attachParentProcess)); r == 0 {
		return // not started from a console: nothing to write to
	}
	if out, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
		if fileIsInvalid(os.Stdout) {
			os.Stdout = out
		}
		if fileIsInvalid(os.Stderr) {
			os.Stderr = out
		}
	}
	if in, err := os.OpenFile("CONIN$", os.O_RDONLY, 0); err == nil && fileIsInvalid(os.Stdin) {
		os.Stdin = in
	}
}

// fileIsInvalid says whether f is not connected (a GUI program's standard
// handles), so that redirections such as `> out.geojson` are kept.
func fileIsInvalid(f *os.File) bool {
	if f == nil {
		return true
	}
	_, err := f.Stat()
	return err != nil
}
