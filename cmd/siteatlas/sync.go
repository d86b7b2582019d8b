package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/user"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/store"
)

// runSync is `siteatlas sync --server postgres://... [--project NAME]
// [--user NAME] [--trusted] [--status]`: the team project sync for scripts,
// as File > Team project in the window.
func runSync(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("sync", stderr)
	db := dbFlag(fs)
	server := fs.String("server", "", "the team server, `postgres://user@host/db` (password from the URL, PGPASSFILE or ~/.pgpass)")
	project := fs.String("project", "", "the team project: a PostgreSQL schema name (default siteatlas)")
	who := fs.String("user", "", "your name in the shared change log (default: the login name)")
	trusted := fs.Bool("trusted", false, "the team project may hold confidential data: confidential sites, sources, notes and attachments sync too")
	status := fs.Bool("status", false, "print the last sync, the local changes waiting and the conflicts, without connecting")
	rest, err := parseInterspersed(fs, args)
	if err != nil || len(rest) > 0 || (*server == "" && !*status) {
		return errUsage
	}
	st, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *status {
		s, err := app.TeamStatusOf(ctx, st)
		if err != nil {
			return err
		}
		printTeamStatus(stdout, s)
		return nil
	}
	name := *who
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
		if name == "" {
			name = os.Getenv("USER")
		}
	}
	rep, err := app.SyncTeam(ctx, st, app.TeamOptions{Server: *server, Project: *project, User: name, Trusted: *trusted}, nil)
	if err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	fmt.Fprintf(stdout, "synced: %d pulled (%d changed here), %d pushed, %d sent again later (changed on the server meanwhile)\n",
		rep.Pulled, rep.Merged, rep.Pushed, rep.Stale)
	if rep.Conflicts > 0 {
		fmt.Fprintf(stdout, "%d site(s) have conflicts to review (siteatlas sync --status); they keep your values and are not pushed until resolved\n", rep.Conflicts)
	}
	return nil
}

func printTeamStatus(w io.Writer, s app.TeamStatus) {
	if !s.Synced {
		fmt.Fprintln(w, "never synced with a team project")
		return
	}
	last := "never completed"
	if !s.LastSync.IsZero() {
		last = s.LastSync.Local().Format("2006-01-02 15:04")
	}
	fmt.Fprintf(w, "last sync: %s; local changes waiting: %d; sites with conflicts: %d\n", last, s.Pending, len(s.Conflicts))
	for _, c := range s.Conflicts {
		for _, f := range c.Fields {
			fmt.Fprintf(w, "  %s %s: here %q, there %q\n", c.SiteID, f.Label, f.Mine, f.Theirs)
		}
	}
}
