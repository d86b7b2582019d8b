package basemap

import (
	"fmt"
	"sync"

	"github.com/siteatlas/siteatlas/assets"
)

// LevelFiles names the embedded level files, coarse to fine; World.Levels
// is in the same order.
var LevelFiles = []string{"110m", "50m", "10m"}

var (
	loadOnce  sync.Once
	loadWorld *World
	loadErr   error
)

// Load returns the embedded world, decoding it on the first call; later
// calls return the same *World, which callers must treat as read-only. It is
// safe for concurrent use. Levels are decoded in parallel because the app
// needs the map within its 1.5 s start budget.
func Load() (*World, error) {
	loadOnce.Do(func() { loadWorld, loadErr = decodeAll() })
	return loadWorld, loadErr
}

func decodeAll() (*World, error) {
	w := &World{Levels: make([]Level, len(LevelFiles))}
	errs := make([]error, len(LevelFiles))
	var wg sync.WaitGroup
	for i, name := range LevelFiles {
		wg.Go(func() {
			lvl, err := readLevel(name)
			if err != nil {
				errs[i] = err
				return
			}
			w.Levels[i] = *lvl
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return w, nil
}

// readLevel decodes one embedded level file. The files are not compressed:
// delta-coded varints leave gzip only ~11% to gain, and inflating took two
// thirds of the decode time.
func readLevel(name string) (*Level, error) {
	path := "basemap/" + name + ".bin"
	raw, err := assets.Basemap.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("basemap: %w", err)
	}
	lvl, err := DecodeLevel(raw)
	if err != nil {
		return nil, fmt.Errorf("basemap %s: %w", path, err)
	}
	return lvl, nil
}
