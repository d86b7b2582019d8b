//go:build !linux

package tiles_test

import "time"

func threadCPU() (time.Duration, bool) { return 0, false }
