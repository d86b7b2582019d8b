package tiles_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time the process has used on all cores, so
// that frame costs can be measured on a machine shared with other work
// (frames are drawn in bands on all cores: a thread's time is not enough).
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
