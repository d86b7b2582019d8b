package teamstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/siteatlas/siteatlas/internal/reconcile"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// Options tune a sync.
type Options struct {
	User    string // recorded with every change pushed
	Trusted bool   // the project may hold confidential data: it syncs too
	// BatchSize is the number of changes per transaction (default 500).
	BatchSize int
	// Progress, when set, is called after each batch.
	Progress func(Progress)
	// step, for tests: called after each committed step ("pulled",
	// "pending", "applied" (server committed, local not yet), "acked");
	// an error stops the sync there as a kill would.
	step func(name string) error
}

// Progress is how far a sync is.
type Progress struct {
	Stage string // "pull" or "push"
	Done  int
	Total int // 0 when unknown
}

// Report says what a sync did.
type Report struct {
	Pulled, Merged, Pushed, Stale int
	// Conflicts is the number of sites left with conflicts to review.
	Conflicts int
}

// Meta keys of the local sync state.
const (
	MetaProject  = "project"
	MetaCursor   = "cursor"
	MetaLastSync = "last_sync"
	MetaTrusted  = "trusted"
	MetaServer   = "server"
)

const hiddenHash = "hidden"

// Sync pulls the others' changes into local (three-way merge against each
// site's base), then pushes local changes since the last sync. Every step
// commits on both sides before the next: cancelled or cut at any point, the
// next Sync completes it with nothing lost or doubled. A conflict never
// stops it: the site keeps local values, is recorded (store.SyncConflicts)
// and is held back from pushing until resolved.
func Sync(ctx context.Context, local *store.Store, srv *Server, opts Options) (Report, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.User == "" {
		return Report{}, errors.New("a team sync needs a user name: set one in preferences or pass --user")
	}
	e := &engine{local: local, srv: srv, opts: opts}
	known, err := local.SyncMeta(ctx, MetaProject)
	if err != nil {
		return Report{}, err
	}
	if known != "" && known != srv.ProjectID() {
		return Report{}, fmt.Errorf("this database syncs with another team project (id %s), not %s (id %s): use a copy of the database or another project", known, srv.Schema(), srv.ProjectID())
	}
	if e.cursor, err = e.meta(ctx, MetaCursor); err != nil {
		return Report{}, err
	}
	if err := local.SyncUpdate(ctx, "team sync", func(t *store.SyncTx) error {
		if err := t.SetMeta(MetaProject, srv.ProjectID()); err != nil {
			return err
		}
		return t.SetMeta(MetaTrusted, strconv.FormatBool(opts.Trusted))
	}); err != nil {
		return Report{}, err
	}
	for round := 0; round < 5; round++ {
		if err := e.flush(ctx); err != nil {
			return e.rep, err
		}
		if err := e.pull(ctx); err != nil {
			return e.rep, err
		}
		stale := e.rep.Stale
		if err := e.push(ctx); err != nil {
			return e.rep, err
		}
		if e.rep.Stale == stale {
			break // nothing came back stale: nothing more to merge
		}
	}
	cs, err := local.SyncConflicts(ctx)
	if err != nil {
		return e.rep, err
	}
	e.rep.Conflicts = len(cs)
	err = local.SyncUpdate(ctx, "team sync", func(t *store.SyncTx) error {
		return t.SetMeta(MetaLastSync, time.Now().UTC().Format(time.RFC3339))
	})
	return e.rep, err
}

type engine struct {
	local  *store.Store
	srv    *Server
	opts   Options
	cursor int64
	rep    Report
}

func (e *engine) meta(ctx context.Context, key string) (int64, error) {
	v, err := e.local.SyncMeta(ctx, key)
	if err != nil || v == "" {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

func (e *engine) step(name string) error {
	if e.opts.step != nil {
		return e.opts.step(name)
	}
	return nil
}

func (e *engine) progress(stage string, done, total int) {
	if e.opts.Progress != nil {
		e.opts.Progress(Progress{Stage: stage, Done: done, Total: total})
	}
}

// View is a site as this project pushes it: Public is what public readers
// may see (nil for a confidential site), Full the whole site in a trusted
// project, and Hash the content hash of what is compared with the base.
func View(s *site.Site, trusted bool) (public, full *site.Site, hash string) {
	if s == nil {
		return nil, nil, ""
	}
	if red, _, ok := site.Redact(*s); ok {
		public = &red
	}
	if trusted {
		return public, s, reconcile.ContentHash(*s)
	}
	if public == nil {
		return nil, nil, hiddenHash
	}
	return public, nil, reconcile.ContentHash(*public)
}

// pull merges the server's changes after the cursor, a batch per transaction.
func (e *engine) pull(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		remote, err := e.srv.Pull(ctx, e.cursor, e.opts.BatchSize, e.opts.Trusted)
		if err != nil {
			return err
		}
		if len(remote) == 0 {
			return nil
		}
		data, err := e.missingAttachments(ctx, remote)
		if err != nil {
			return err
		}
		merged := 0
		err = e.local.SyncUpdate(ctx, "team sync", func(t *store.SyncTx) error {
			merged = 0
			for _, r := range remote {
				m, err := e.pullOne(t, r, data)
				if err != nil {
					return err
				}
				merged += m
			}
			return t.SetMeta(MetaCursor, strconv.FormatInt(remote[len(remote)-1].Seq, 10))
		})
		if err != nil {
			return err
		}
		e.cursor = remote[len(remote)-1].Seq
		e.rep.Pulled += len(remote)
		e.rep.Merged += merged
		e.progress("pull", e.rep.Pulled, 0)
		if err := e.step("pulled"); err != nil {
			return err
		}
	}
}

func (e *engine) missingAttachments(ctx context.Context, remote []Remote) (map[string][]byte, error) {
	var ids []string
	for _, r := range remote {
		if r.Site == nil || len(r.Site.Attachments) == 0 {
			continue
		}
		have := map[string]bool{}
		if l, err := e.local.Get(ctx, r.SiteID); err == nil {
			for _, a := range l.Attachments {
				have[a.ID] = true
			}
		}
		for _, a := range r.Site.Attachments {
			if !have[a.ID] {
				ids = append(ids, a.ID)
			}
		}
	}
	return e.srv.Attachments(ctx, ids, e.opts.Trusted)
}

// pullOne merges one remote state into the local site; it returns 1 when
// the local site changed.
func (e *engine) pullOne(t *store.SyncTx, r Remote, data map[string][]byte) (int, error) {
	base, err := t.Base(r.SiteID)
	if err != nil {
		return 0, err
	}
	var bs *site.Site
	if base != nil {
		bs = base.Site
	}
	if r.Hidden {
		// Confidential on the server and not ours to read: the local copy
		// stays as it is, and so does the base it merges against.
		return 0, t.SetBase(r.SiteID, store.SyncBase{SyncHead: store.SyncHead{Seq: r.Seq, Hash: hiddenHash}, Site: bs})
	}
	mine, err := t.Site(r.SiteID)
	if err != nil {
		return 0, err
	}
	res := reconcile.Merge(bs, mine, r.Site, reconcile.Options{Withheld: reconcile.Withheld{Confidential: !r.Full}})
	if res.Pending() > 0 {
		c := &store.SyncConflict{SiteID: r.SiteID, TheirsSeq: r.Seq, Base: bs, Theirs: r.Site}
		for _, f := range res.Conflicts {
			c.Fields = append(c.Fields, store.SyncConflictField{Field: f.Field, Label: f.Label, Mine: display(f.Mine), Theirs: display(f.Theirs)})
		}
		if err := t.SetConflict(r.SiteID, c); err != nil {
			return 0, err
		}
	} else if err := t.SetConflict(r.SiteID, nil); err != nil {
		return 0, err
	}
	changed := (res.Site == nil) != (mine == nil) || (res.Site != nil && !site.SameContent(*res.Site, *mine))
	if changed {
		if err := t.Put(r.SiteID, res.Site, data); err != nil {
			return 0, err
		}
	}
	hash := ""
	if r.Site != nil {
		hash = reconcile.ContentHash(*r.Site)
	}
	if err := t.SetBase(r.SiteID, store.SyncBase{SyncHead: store.SyncHead{Seq: r.Seq, Hash: hash}, Site: r.Site}); err != nil {
		return 0, err
	}
	if changed {
		return 1, nil
	}
	return 0, nil
}

func display(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case *site.Site:
		if x == nil {
			return "(deleted)"
		}
		return x.Name
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// LocalChanges lists the changes local holds since the last sync, as
// pending pushes with fresh change ids: sites whose pushed view differs from
// their base, sites deleted here. Sites with conflicts wait for review.
func LocalChanges(ctx context.Context, local *store.Store, trusted bool) ([]store.SyncPending, error) {
	heads, err := local.SyncHeads(ctx)
	if err != nil {
		return nil, err
	}
	held := map[string]bool{}
	cs, err := local.SyncConflicts(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		held[c.SiteID] = true
	}
	pend, err := local.SyncPendings(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range pend {
		held[p.SiteID] = true
	}
	var out []store.SyncPending
	seen := map[string]bool{}
	err = local.Query(ctx, store.Filter{}, func(s site.Site) error {
		seen[s.ID] = true
		if held[s.ID] {
			return nil
		}
		pub, full, hash := View(&s, trusted)
		head, synced := heads[s.ID]
		if synced && head.Hash == hash || !synced && hash == hiddenHash {
			return nil
		}
		kind := string(Upsert)
		if pub == nil {
			kind = string(Hide)
		}
		out = append(out, store.SyncPending{ChangeID: site.NewID(), SiteID: s.ID, BaseSeq: head.Seq, Kind: kind, Public: pub, Full: full})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for id, h := range heads {
		if !seen[id] && !held[id] && h.Hash != "" {
			out = append(out, store.SyncPending{ChangeID: site.NewID(), SiteID: id, BaseSeq: h.Seq, Kind: string(Delete)})
		}
	}
	return out, nil
}

// push writes local changes down as pending (one transaction per batch)
// and sends them.
func (e *engine) push(ctx context.Context) error {
	changes, err := LocalChanges(ctx, e.local, e.opts.Trusted)
	if err != nil {
		return err
	}
	for i := 0; i < len(changes); i += e.opts.BatchSize {
		batch := changes[i:min(i+e.opts.BatchSize, len(changes))]
		if err := e.local.SyncUpdate(ctx, "team sync", func(t *store.SyncTx) error {
			for _, p := range batch {
				if err := t.AddPending(p); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		if err := e.step("pending"); err != nil {
			return err
		}
		if err := e.send(ctx, batch); err != nil {
			return err
		}
		e.progress("push", i+len(batch), len(changes))
	}
	return nil
}

// flush resends what an earlier sync wrote down and did not see answered.
func (e *engine) flush(ctx context.Context) error {
	pend, err := e.local.SyncPendings(ctx)
	if err != nil {
		return err
	}
	for i := 0; i < len(pend); i += e.opts.BatchSize {
		if err := e.send(ctx, pend[i:min(i+e.opts.BatchSize, len(pend))]); err != nil {
			return err
		}
	}
	return nil
}

// send uploads the batch's attachment bytes, applies it on the server and
// acknowledges it locally.
func (e *engine) send(ctx context.Context, batch []store.SyncPending) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	changes := make([]Change, len(batch))
	for i, p := range batch {
		changes[i] = Change{ID: p.ChangeID, SiteID: p.SiteID, BaseSeq: p.BaseSeq, Kind: Kind(p.Kind), Public: p.Public, Full: p.Full}
		if err := e.upload(ctx, p); err != nil {
			return err
		}
	}
	out, head, err := e.srv.Apply(ctx, e.opts.User, changes)
	if err != nil {
		return err
	}
	if err := e.step("applied"); err != nil {
		return err
	}
	var top int64
	err = e.local.SyncUpdate(ctx, "team sync", func(t *store.SyncTx) error {
		top = 0
		for i, o := range out {
			p := batch[i]
			if err := t.DonePending(p.ChangeID); err != nil {
				return err
			}
			if o.Seq == 0 {
				continue // stale: the next pull merges the server's newer state
			}
			top = max(top, o.Seq)
			b := store.SyncBase{SyncHead: store.SyncHead{Seq: o.Seq}}
			switch Kind(p.Kind) {
			case Upsert, Hide:
				view := p.Public
				if e.opts.Trusted {
					view = p.Full
				}
				_, _, b.Hash = View(view, false)
				if e.opts.Trusted {
					b.Hash = reconcile.ContentHash(*view)
				}
				b.Site = view
				if view == nil { // hidden in an untrusted project: keep the old base
					old, err := t.Base(p.SiteID)
					if err != nil {
						return err
					}
					if old != nil {
						b.Site = old.Site
					}
					b.Hash = hiddenHash
				}
			}
			if err := t.SetBase(p.SiteID, b); err != nil {
				return err
			}
		}
		// Nobody else pushed since our last pull: the new seqs are all ours,
		// and the next pull need not read them back.
		if head == e.cursor && top > 0 {
			return t.SetMeta(MetaCursor, strconv.FormatInt(top, 10))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if head == e.cursor && top > 0 {
		e.cursor = top
	}
	for _, o := range out {
		if o.Seq == 0 {
			e.rep.Stale++
		} else {
			e.rep.Pushed++
		}
	}
	return e.step("acked")
}

func (e *engine) upload(ctx context.Context, p store.SyncPending) error {
	s := p.Public
	if e.opts.Trusted && p.Full != nil {
		s = p.Full
	}
	if s == nil {
		return nil
	}
	for _, a := range s.Attachments {
		data, err := e.local.AttachmentData(ctx, a.ID)
		if errors.Is(err, store.ErrNotFound) {
			continue // removed here since: the next change says so
		}
		if err != nil {
			return err
		}
		if err := e.srv.UploadAttachment(ctx, p.SiteID, a, data); err != nil {
			return err
		}
	}
	return nil
}

// Resolve settles every conflict of the site with id by choice
// (reconcile.Mine keeps the local values, reconcile.Theirs takes the
// server's), redoing the merge recorded at the last sync against the site
// as it is now. The site is then pushed by the next sync.
func Resolve(ctx context.Context, local *store.Store, id string, choice reconcile.Choice) error {
	cs, err := local.SyncConflicts(ctx)
	if err != nil {
		return err
	}
	trusted, err := local.SyncMeta(ctx, MetaTrusted)
	if err != nil {
		return err
	}
	// What an untrusted project pulled never carried confidential parts:
	// taking theirs must not remove ours.
	opts := reconcile.Options{Withheld: reconcile.Withheld{Confidential: trusted != "true"}}
	for _, c := range cs {
		if c.SiteID != id {
			continue
		}
		return local.SyncUpdate(ctx, "resolve team conflicts", func(t *store.SyncTx) error {
			mine, err := t.Site(id)
			if err != nil {
				return err
			}
			res := reconcile.Merge(c.Base, mine, c.Theirs, opts)
			switch choice {
			case reconcile.Mine:
				err = reconcile.KeepAllMine(&res)
			case reconcile.Theirs:
				err = reconcile.TakeAllTheirs(&res)
			default:
				err = fmt.Errorf("choose mine or theirs, not %s", choice)
			}
			if err != nil {
				return err
			}
			if (res.Site == nil) != (mine == nil) || (res.Site != nil && !site.SameContent(*res.Site, *mine)) {
				if err := t.Put(id, res.Site, nil); err != nil {
					return err
				}
			}
			return t.SetConflict(id, nil)
		})
	}
	return fmt.Errorf("site %s has no team conflicts", id)
}
