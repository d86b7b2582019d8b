package ui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os/user"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/siteatlas/siteatlas/internal/app"
)

// Preference keys of the team project, per database.
const (
	prefTeamServer  = "team.server:"
	prefTeamProject = "team.project:"
	prefTeamUser    = "team.user"
	prefTeamTrusted = "team.trusted:"
)

// teamScreen is File > Team project: where the team's PostgreSQL server is,
// who this researcher is, the status (last sync, pending changes), the
// conflicts to review, and Sync. No network request is made until Sync.
type teamScreen struct {
	w         *Window
	server    *widget.Entry
	project   *widget.Entry
	user      *widget.Entry
	trusted   *widget.Check
	status    *widget.Label
	conflicts *fyne.Container
	dlg       dialog.Dialog
}

func (w *Window) teamDialog() {
	p := w.app.Preferences()
	path := w.ws.Path()
	t := &teamScreen{w: w,
		server:    widget.NewEntry(),
		project:   widget.NewEntry(),
		user:      widget.NewEntry(),
		status:    widget.NewLabel("Reading the status…"),
		conflicts: container.NewVBox(),
	}
	t.server.SetPlaceHolder("postgres://you@server.example.org/fieldwork")
	t.server.SetText(p.String(prefTeamServer + path))
	t.project.SetPlaceHolder("siteatlas")
	t.project.SetText(p.String(prefTeamProject + path))
	t.user.SetText(p.StringWithFallback(prefTeamUser, loginName()))
	t.trusted = widget.NewCheck("Trusted with confidential data (confidential sites, notes and sources sync too)", nil)
	t.trusted.SetChecked(p.Bool(prefTeamTrusted + path))
	t.status.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem("Server", t.server),
		widget.NewFormItem("Project", t.project),
		widget.NewFormItem("Your name", t.user))
	hint := wrapped("The team's sites live in PostgreSQL with PostGIS (QGIS reads them as the sites_public layer). Passwords come from ~/.pgpass or PGPASSFILE; one typed into the address is used but not remembered. Confidential items stay on this computer unless the project is trusted.")
	scroll := container.NewVScroll(t.conflicts)
	scroll.SetMinSize(fyne.NewSize(600, 140))
	content := container.NewBorder(container.NewVBox(form, t.trusted, hint, widget.NewSeparator(), t.status), nil, nil, nil, scroll)
	t.dlg = dialog.NewCustomConfirm("Team project", "Sync now", "Close", content, t.onConfirm, w.win)
	t.dlg.Resize(fyne.NewSize(680, 560))
	t.dlg.Show()
	w.team = t
	t.refreshStatus()
}

// loginName is the user name to record with changes until one is set.
func loginName() string {
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// refreshStatus reads the status and the conflicts in the background.
func (t *teamScreen) refreshStatus() {
	go func() {
		st, err := t.w.ws.TeamStatus(context.Background())
		runOnUI(func() {
			defer t.w.emit("team-status")
			if err != nil {
				t.status.SetText("Status unknown: " + err.Error())
				return
			}
			t.showStatus(st)
		})
	}()
}

func (t *teamScreen) showStatus(st app.TeamStatus) {
	switch {
	case !st.Synced:
		t.status.SetText("Not synced yet: the first sync creates the team project on the server (if needed) and sends every site of this database.")
	case st.LastSync.IsZero():
		t.status.SetText(fmt.Sprintf("A sync was interrupted; %s local change(s) wait to be sent. Sync again to finish it.", formatCount(st.Pending)))
	default:
		t.status.SetText(fmt.Sprintf("Last sync %s · %s local change(s) to send · %d site(s) with conflicts",
			st.LastSync.Local().Format("2006-01-02 15:04"), formatCount(st.Pending), len(st.Conflicts)))
	}
	t.conflicts.RemoveAll()
	for _, c := range st.Conflicts {
		t.conflicts.Add(t.conflictRow(c.SiteID, conflictName(c), conflictFields(c)))
	}
	t.conflicts.Refresh()
}

func conflictName(c app.TeamConflict) string {
	if c.Theirs != nil && c.Theirs.Name != "" {
		return c.Theirs.Name
	}
	if c.Base != nil {
		return c.Base.Name
	}
	return c.SiteID
}

func conflictFields(c app.TeamConflict) string {
	var lines []string
	for _, f := range c.Fields {
		lines = append(lines, fmt.Sprintf("%s — mine: %s · theirs: %s", f.Label, app.Display(f.Mine), app.Display(f.Theirs)))
	}
	return strings.Join(lines, "\n")
}

// conflictRow shows one site's conflicting fields with Keep mine / Take
// theirs.
func (t *teamScreen) conflictRow(siteID, name, fields string) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	detail := wrapped(fields)
	mine := widget.NewButton("Keep mine", func() { t.onResolve(siteID, true) })
	theirs := widget.NewButton("Take theirs", func() { t.onResolve(siteID, false) })
	return container.NewVBox(title, detail, container.NewHBox(mine, theirs), widget.NewSeparator())
}

func (t *teamScreen) onResolve(siteID string, keepMine bool) {
	go func() {
		ch, err := t.w.ws.ResolveTeamConflicts(context.Background(), siteID, keepMine)
		if err != nil {
			t.w.showError(err)
			return
		}
		runOnUI(func() {
			t.w.changed(ch)
			t.refreshStatus()
		})
	}()
}

// onConfirm is Sync now (the dialog closes; a progress dialog with Cancel
// follows) or Close.
func (t *teamScreen) onConfirm(sync bool) {
	if !sync {
		return
	}
	opts := app.TeamOptions{Server: strings.TrimSpace(t.server.Text), Project: strings.TrimSpace(t.project.Text),
		User: strings.TrimSpace(t.user.Text), Trusted: t.trusted.Checked}
	if opts.Server == "" {
		showError(errors.New("give the team server's address, such as postgres://you@server.example.org/fieldwork"), t.w.win)
		return
	}
	t.remember(opts)
	t.w.syncTeam(opts)
}

// remember keeps the settings for this database, without a password.
func (t *teamScreen) remember(opts app.TeamOptions) {
	p := t.w.app.Preferences()
	path := t.w.ws.Path()
	p.SetString(prefTeamServer+path, withoutPassword(opts.Server))
	p.SetString(prefTeamProject+path, opts.Project)
	p.SetString(prefTeamUser, opts.User)
	p.SetBool(prefTeamTrusted+path, opts.Trusted)
}

// withoutPassword drops a password from a postgres:// address.
func withoutPassword(addr string) string {
	u, err := url.Parse(addr)
	if err != nil || u.User == nil {
		return addr
	}
	if _, has := u.User.Password(); !has {
		return addr
	}
	u.User = url.User(u.User.Username())
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// syncTeam runs a sync with progress and Cancel, then says what it did.
func (w *Window) syncTeam(opts app.TeamOptions) {
	w.flushEdit()
	j, ctx := startJob("Team project", "Syncing with "+withoutPassword(opts.Server)+"…", w.win)
	started := time.Now()
	go func() {
		rep, ch, err := w.ws.SyncTeam(ctx, opts, func(p app.TeamProgress) { j.progress(int64(p.Done), int64(p.Total)) })
		j.finish()
		runOnUI(func() {
			defer w.emit("synced")
			w.changed(ch)
			switch {
			case errors.Is(err, context.Canceled):
				showInfo("Sync cancelled", "The sync was cancelled. What was already sent or received is kept; the next sync finishes the rest.", w.win)
			case err != nil:
				showError(fmt.Errorf("%w\n\nWhat was already sent or received is kept; sync again to finish", err), w.win)
			default:
				msg := fmt.Sprintf("Received %d change(s) (%d merged with yours), sent %d, in %s.", rep.Pulled, rep.Merged, rep.Pushed, time.Since(started).Round(100*time.Millisecond))
				if rep.Conflicts > 0 {
					msg += fmt.Sprintf("\n\n%d site(s) were changed both here and by the team: File > Team project lists them to review. Nothing else waited for them.", rep.Conflicts)
				}
				showInfo("Sync finished", msg, w.win)
			}
		})
	}()
}
