package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/store"
)

// runUndo reverts the last action, as Edit > Undo does in the window: the
// history lives in the database, so both see the same stack.
func runUndo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return replay(ctx, "undo", args, stdout, stderr)
}

// runRedo reapplies the last undone action.
func runRedo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return replay(ctx, "redo", args, stdout, stderr)
}

func replay(ctx context.Context, verb string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags(verb, stderr)
	db := dbFlag(fs)
	if rest, err := parseInterspersed(fs, args); err != nil || len(rest) > 0 {
		return errUsage
	}
	ws, err := app.OpenWorkspace(*db)
	if err != nil {
		return err
	}
	defer ws.Close()
	do := ws.Undo
	if verb == "redo" {
		do = ws.Redo
	}
	r, err := do(ctx, nil)
	switch {
	case errors.Is(err, app.ErrNothingToUndo), errors.Is(err, app.ErrNothingToRedo):
		fmt.Fprintln(stderr, err)
		return exitError(1)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("cancelled; nothing was changed")
	case err != nil:
		return err
	}
	done := "undone"
	if verb == "redo" {
		done = "redone"
	}
	fmt.Fprintf(stdout, "%s: %s\n", done, r.Label)
	return nil
}

// runHistory lists the database's actions, newest first, the ones that can
// be redone marked.
func runHistory(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("history", stderr)
	db := dbFlag(fs)
	limit := fs.Int("limit", 20, "at most `N` actions")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	if rest, err := parseInterspersed(fs, args); err != nil || len(rest) > 0 {
		return errUsage
	}
	st, err := store.OpenWith(*db, store.Options{CacheKiB: store.OnePassCacheKiB})
	if err != nil {
		return err
	}
	defer st.Close()
	acts, err := st.Actions(ctx, *limit)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, a := range acts {
		when := time.UnixMilli(a.Time).Local().Format("2006-01-02 15:04:05")
		if *asJSON {
			if err := enc.Encode(map[string]any{"time": when, "label": a.Label, "undone": a.Undone, "sites": a.Sites}); err != nil {
				return err
			}
			continue
		}
		state := ""
		if a.Undone {
			state = " (undone: redo brings it back)"
		}
		if _, err := fmt.Fprintf(stdout, "%s\t%s\t%d site(s)%s\n", when, terminalText(a.Label), a.Sites, state); err != nil {
			return err
		}
	}
	return nil
}
