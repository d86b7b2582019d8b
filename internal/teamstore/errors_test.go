package teamstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestOpenSaysWhatIsWrong(t *testing.T) {
	if _, err := Open(context.Background(), "postgres://nobody@127.0.0.1:1/db?sslmode=disable&connect_timeout=2", ""); !errors.Is(err, ErrUnreachable) {
		t.Errorf("closed port: %v, want ErrUnreachable", err)
	}
	if _, err := Open(context.Background(), "postgres://x@127.0.0.1:1/db", "Bad-Name"); !errors.Is(err, ErrBadProject) {
		t.Errorf("bad project name: %v, want ErrBadProject", err)
	}
	dsn, project := testServer(t)
	srv, err := Open(context.Background(), dsn, project)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.conn.Exec(context.Background(), "UPDATE meta SET value = '99' WHERE key = 'schema_version'"); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	_, err = Open(context.Background(), dsn, project)
	if !errors.Is(err, ErrNewerSchema) {
		t.Errorf("newer schema: %v, want ErrNewerSchema", err)
	}
}

func TestApplyTwiceAppliesOnce(t *testing.T) {
	dsn, project := testServer(t)
	srv, err := Open(context.Background(), dsn, project)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ana := localProject(t, "ana")
	s := addSite(t, ana, "Tumen", 129.8, 42.9)
	batch := []Change{{ID: "6f1c1b1e-7a7e-4c53-9d1f-2a8e0e7b0001", SiteID: s.ID, Kind: Upsert, Public: &s}}
	first, _, err := srv.Apply(context.Background(), "ana", batch)
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := srv.Apply(context.Background(), "ana", batch)
	if err != nil {
		t.Fatal(err)
	}
	if first[0].Seq == 0 || again[0].Seq != first[0].Seq {
		t.Errorf("resent change: seq %d then %d, want the same", first[0].Seq, again[0].Seq)
	}
	var n int
	srv.conn.QueryRow(context.Background(), "SELECT count(*) FROM changes").Scan(&n)
	if n != 1 {
		t.Errorf("%d changes logged, want 1", n)
	}
	// A change on a base the server has moved past is refused, not applied.
	stale := []Change{{ID: "6f1c1b1e-7a7e-4c53-9d1f-2a8e0e7b0002", SiteID: s.ID, BaseSeq: 0, Kind: Delete}}
	out, _, err := srv.Apply(context.Background(), "ben", stale)
	if err != nil || out[0].Seq != 0 {
		t.Errorf("stale change: %v, seq %d, want refused", err, out[0].Seq)
	}
	_ = fmt.Sprint()
}
