package main

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWindowSmoke starts the real program under a virtual X display, waits
// for its window and checks that a screenshot of it shows a drawn map and
// interface, not a blank or single-colour screen.
func TestWindowSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real window: skipped with -short")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install xvfb xdotool imagemagick): cannot look at the real window", tool)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "siteatlas")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, ".")...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	display := freeDisplay()
	xvfb := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	if err := xvfb.Start(); err != nil {
		t.Fatalf("Xvfb: %v", err)
	}
	defer func() { xvfb.Process.Kill(); xvfb.Wait() }()
	env := append(os.Environ(), "DISPLAY="+display, "HOME="+dir, "XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "SITEATLAS_DB=")
	waitFor(t, 10*time.Second, func() bool {
		cmd := exec.Command("xdotool", "getmouselocation")
		cmd.Env = env
		return cmd.Run() == nil
	})

	var log strings.Builder
	prog := exec.Command(bin)
	prog.Env = env
	prog.Stdout, prog.Stderr = &log, &log
	if err := prog.Start(); err != nil {
		t.Fatalf("start: %v", err)
	}
	defer prog.Process.Kill()

	// One search at a time, polled: xdotool exits with an X error (status 1)
	// when a window it is looking at goes away mid-search, which happens
	// while the toolkit sets up its windows, so a failed search only means
	// "not yet".
	exited := make(chan error, 1)
	go func() { exited <- prog.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	var lastErr string
	for {
		search := exec.Command("xdotool", "search", "--onlyvisible", "--name", "Site Atlas")
		search.Env = env
		out, err := search.CombinedOutput()
		if err == nil && len(strings.TrimSpace(string(out))) > 0 {
			break
		}
		lastErr = fmt.Sprintf("%v %s", err, out)
		select {
		case err := <-exited:
			t.Fatalf("the program ended before showing its window: %v\n%s", err, log.String())
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window within 60 s (last search: %s)\n%s", lastErr, log.String())
		}
	}
	time.Sleep(3 * time.Second) // let the first frame of the map arrive

	shot := filepath.Join(dir, "shot.png")
	imp := exec.Command("import", "-window", "root", shot)
	imp.Env = env
	if out, err := imp.CombinedOutput(); err != nil {
		t.Fatalf("screenshot: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if n := distinctColours(img, 64); n < 16 {
		t.Errorf("the screenshot has %d distinct colours: the window looks blank\n%s", n, log.String())
	}
	if os.Getenv("SITEATLAS_KEEP_SHOT") != "" {
		data, _ := os.ReadFile(shot)
		os.WriteFile(os.Getenv("SITEATLAS_KEEP_SHOT"), data, 0o644)
	}
}

func freeDisplay() string {
	for d := 120; ; d++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", d)); os.IsNotExist(err) {
			return fmt.Sprintf(":%d", d)
		}
	}
}

func waitFor(t *testing.T, limit time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for the X display")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// distinctColours counts colours on a sampling grid, up to limit.
func distinctColours(img image.Image, limit int) int {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
			if len(seen) >= limit {
				return len(seen)
			}
		}
	}
	return len(seen)
}
