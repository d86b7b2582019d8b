package tiles_test

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time of the calling OS thread (hold
// runtime.LockOSThread), so that frame times can be measured on a machine
// shared with other work.
func threadCPU() (time.Duration, bool) {
	const rusageThread = 1 // RUSAGE_THREAD
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
