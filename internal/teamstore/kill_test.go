package teamstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// TestKilledSyncChild is the process TestTeamSyncSurvivesKill9 kills: it
// syncs the project in SITEATLAS_KILL_DB and SIGKILLs itself at step
// SITEATLAS_KILL_AT, as a crash or a pulled plug would.
func TestKilledSyncChild(t *testing.T) {
	db := os.Getenv("SITEATLAS_KILL_DB")
	if db == "" {
		t.Skip("run by TestTeamSyncSurvivesKill9")
	}
	at, _ := strconv.Atoi(os.Getenv("SITEATLAS_KILL_AT"))
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := Open(context.Background(), os.Getenv("SITEATLAS_TEST_PG"), os.Getenv("SITEATLAS_KILL_PROJECT"))
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	_, err = Sync(context.Background(), st, srv, Options{User: "ana", BatchSize: 3, step: func(string) error {
		if steps++; steps == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTeamSyncSurvivesKill9(t *testing.T) {
	dsn, project := testServer(t)
	ana, ben := localProject(t, "ana"), localProject(t, "ben")
	mustSync(t, ben, dsn, project, "ben")
	kills := 0
	for round, at := range []int{1, 2, 3, 4, 5, 7, 9, 11, 13, 17} {
		for i := range 4 {
			addSite(t, ana, fmt.Sprintf("ana %d.%d", round, i), 129+float64(i)/10, 42)
		}
		ids := keys(contents(t, ana))
		edit(t, ana, ids[round%len(ids)], func(s *site.Site) { s.Notes = fmt.Sprintf("round %d", round) })
		addSite(t, ben, fmt.Sprintf("ben %d", round), 130, 43)
		mustSync(t, ben, dsn, project, "ben")
		cmd := exec.Command(os.Args[0], "-test.run=^TestKilledSyncChild$")
		cmd.Env = append(os.Environ(), "SITEATLAS_KILL_DB="+ana.Path(), "SITEATLAS_KILL_AT="+strconv.Itoa(at), "SITEATLAS_KILL_PROJECT="+project)
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !(errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled()) {
			t.Fatalf("round %d: child: %v\n%s", round, err, out)
		}
		if err != nil {
			kills++
		}
	}
	if kills < 8 {
		t.Errorf("only %d of 10 syncs were killed: the test proves less than it says", kills)
	}
	mustSync(t, ana, dsn, project, "ana")
	mustSync(t, ben, dsn, project, "ben")
	assertEqualProjects(t, ana, ben)
	if n := len(contents(t, ana)); n != 50 {
		t.Errorf("%d sites after the kills, want 50 (40 of ana's, 10 of ben's)", n)
	}
}

func TestTeamSyncDroppedConnection(t *testing.T) {
	dsn, project := testServer(t)
	ana, ben := localProject(t, "ana"), localProject(t, "ben")
	for i := range 12 {
		addSite(t, ana, fmt.Sprintf("site %d", i), 129+float64(i)/10, 42)
	}
	srv, err := Open(context.Background(), dsn, project)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := Open(context.Background(), dsn, project)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	steps := 0
	_, err = Sync(context.Background(), ana, srv, Options{User: "ana", BatchSize: 3, step: func(string) error {
		if steps++; steps == 4 {
			_, err := admin.conn.Exec(context.Background(), "SELECT pg_terminate_backend($1)", srv.conn.PgConn().PID())
			return err
		}
		return nil
	}})
	srv.Close()
	if !errors.Is(err, ErrLost) {
		t.Fatalf("sync over a dropped connection: %v, want ErrLost", err)
	}
	mustSync(t, ana, dsn, project, "ana")
	mustSync(t, ben, dsn, project, "ben")
	assertEqualProjects(t, ana, ben)
}
