//go:build !linux

package tiles_test

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
