package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/siteatlas/siteatlas/internal/photo"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// Attached is one file stored with a site, with what was read from it.
type Attached struct {
	Attachment site.Attachment
	Info       photo.Info
}

// AttachOptions apply to every file of one attach.
type AttachOptions struct {
	Caption      string
	Confidential bool
}

// AttachFiles stores files with the site siteID: each is checked first
// (size limit, readable), so that a bad fourth file leaves none attached;
// then each is stored with its SHA-256, and the position and time its
// metadata gives, as one undoable change per file. Files are read one at a
// time, so memory stays flat however many are attached.
func AttachFiles(ctx context.Context, st *store.Store, siteID string, paths []string, opts AttachOptions) ([]Attached, error) {
	if _, err := st.Get(ctx, siteID); err != nil {
		return nil, err
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%w; nothing was attached", err)
		}
		if fi.IsDir() {
			return nil, fmt.Errorf("%s is a folder; nothing was attached", filepath.Base(p))
		}
		if err := photo.CheckSize(filepath.Base(p), fi.Size()); err != nil {
			return nil, fmt.Errorf("%w; nothing was attached", err)
		}
	}
	var out []Attached
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return out, err
		}
		info, err := photo.Read(data, filepath.Base(p))
		if err != nil {
			return out, fmt.Errorf("%s: %w", filepath.Base(p), err)
		}
		a := site.Attachment{FileName: filepath.Base(p), MediaType: info.MediaType, Caption: opts.Caption,
			TakenAt: info.TakenAt, Position: info.Position, Confidential: opts.Confidential}
		saved, err := st.AddAttachment(ctx, siteID, a, data)
		if err != nil {
			return out, err
		}
		out = append(out, Attached{Attachment: saved, Info: info})
	}
	return out, nil
}
