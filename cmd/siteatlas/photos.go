package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/photo"
	"github.com/siteatlas/siteatlas/internal/store"
)

// runPhotos is `siteatlas photos info FILE... [--json]`: what a photo or
// document says of itself (position, time, camera, orientation) and its
// SHA-256, for scripts and for checking a file before it is attached.
func runPhotos(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "info" {
		return errUsage
	}
	fs := newFlags("photos info", stderr)
	asJSON := fs.Bool("json", false, "one JSON object per file")
	files, err := parseInterspersed(fs, args[1:])
	if err != nil || len(files) == 0 {
		return errUsage
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	failed := false
	for _, f := range files {
		info, err := readPhoto(f)
		if err != nil {
			fmt.Fprintf(stderr, "siteatlas photos info: %v\n", err)
			failed = true
			continue
		}
		if *asJSON {
			if err := enc.Encode(photoJSON(f, info)); err != nil {
				return err
			}
			continue
		}
		where := "no position"
		if info.Position != nil {
			where = fmt.Sprintf("%.6f, %.6f", info.Position[1], info.Position[0])
			if info.Altitude != nil {
				where += fmt.Sprintf(" at %.0f m", *info.Altitude)
			}
		}
		when := "no time"
		if info.TakenAt != nil {
			when = info.TakenAt.Format("2006-01-02 15:04:05")
			if info.TakenAtHasOffset {
				when = info.TakenAt.Format(time.RFC3339)
			} else {
				when += " (offset unknown)"
			}
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\torientation %d\tsha256 %s\n", terminalText(filepath.Base(f)), info.MediaType,
			where, when, terminalText(info.Camera()), info.Orientation, info.SHA256)
		for _, p := range info.Problems {
			fmt.Fprintf(stderr, "%s: %v\n", filepath.Base(f), p)
		}
	}
	if failed {
		return exitError(1)
	}
	return nil
}

func readPhoto(path string) (photo.Info, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return photo.Info{}, err
	}
	if err := photo.CheckSize(filepath.Base(path), fi.Size()); err != nil {
		return photo.Info{}, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return photo.Info{}, err
	}
	info, err := photo.Read(data, filepath.Base(path))
	if err != nil {
		return photo.Info{}, fmt.Errorf("%s: %w", path, err)
	}
	return info, nil
}

func photoJSON(path string, info photo.Info) map[string]any {
	m := map[string]any{"file": filepath.Base(path), "media_type": info.MediaType, "size": info.Size,
		"sha256": info.SHA256, "orientation": info.Orientation, "make": info.Make, "model": info.Model}
	if info.Position != nil {
		m["lon"], m["lat"] = info.Position[0], info.Position[1]
	}
	if info.Altitude != nil {
		m["altitude_m"] = *info.Altitude
	}
	if info.TakenAt != nil {
		if info.TakenAtHasOffset {
			m["taken_at"] = info.TakenAt.Format(time.RFC3339)
		} else {
			m["taken_at"] = info.TakenAt.Format("2006-01-02T15:04:05")
			m["taken_at_offset_unknown"] = true
		}
	}
	return m
}

// runAttach is `siteatlas attach --site ID FILE...`: each file is stored
// with the site, with its SHA-256 computed as received and its position
// and time read from its metadata; each attachment is one undoable change.
func runAttach(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("attach", stderr)
	db := dbFlag(fs)
	id := fs.String("site", "", "the site's `ID`")
	caption := fs.String("caption", "", "a caption for every file")
	confidential := fs.Bool("confidential", false, "mark the files confidential (left out of exports)")
	files, err := parseInterspersed(fs, args)
	if err != nil || len(files) == 0 || *id == "" {
		return errUsage
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	done, err := app.AttachFiles(ctx, st, *id, files, app.AttachOptions{Caption: *caption, Confidential: *confidential})
	for _, a := range done {
		fmt.Fprintf(stdout, "%s\t%s\tsha256 %s\n", a.Attachment.ID, terminalText(a.Attachment.FileName), a.Info.SHA256)
	}
	if err != nil {
		return err
	}
	return nil
}
