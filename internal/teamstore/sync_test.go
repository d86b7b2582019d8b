package teamstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/reconcile"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// testServer opens a fresh project on SITEATLAS_TEST_PG (scripts/test.sh
// starts a throw-away cluster), skipping when there is none.
func testServer(t testing.TB) (dsn, project string) {
	t.Helper()
	dsn = os.Getenv("SITEATLAS_TEST_PG")
	if dsn == "" {
		t.Skip("SITEATLAS_TEST_PG is unset: start a server with scripts/pg-test-cluster.sh")
	}
	project = fmt.Sprintf("t%d", rand.Int63())
	srv, err := Open(context.Background(), dsn, project)
	if errors.Is(err, ErrUnreachable) {
		t.Skipf("SITEATLAS_TEST_PG is unreachable: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	return dsn, project
}

func localProject(t testing.TB, name string) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), name+".siteatlas"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func syncOnce(t testing.TB, st *store.Store, dsn, project, user string, opts Options) (Report, error) {
	t.Helper()
	srv, err := Open(context.Background(), dsn, project)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	opts.User = user
	return Sync(context.Background(), st, srv, opts)
}

func mustSync(t testing.TB, st *store.Store, dsn, project, user string) Report {
	t.Helper()
	rep, err := syncOnce(t, st, dsn, project, user, Options{BatchSize: 7})
	if err != nil {
		t.Fatalf("sync %s: %v", user, err)
	}
	return rep
}

func addSite(t testing.TB, st *store.Store, name string, lon, lat float64) site.Site {
	t.Helper()
	s := site.Site{Name: name, Category: "factory", Status: site.StatusReported, Geometry: orb.Point{lon, lat}, Country: "CN"}
	if err := st.Create(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func edit(t testing.TB, st *store.Store, id string, fn func(*site.Site)) {
	t.Helper()
	s, err := st.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	fn(&s)
	if err := st.Update(context.Background(), s); err != nil {
		t.Fatal(err)
	}
}

// contents is every site's content hash by id: two projects are equal when
// these are.
func contents(t testing.TB, st *store.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := st.Query(context.Background(), store.Filter{}, func(s site.Site) error {
		out[s.ID] = reconcile.ContentHash(s)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func assertEqualProjects(t *testing.T, a, b *store.Store) {
	t.Helper()
	ca, cb := contents(t, a), contents(t, b)
	if len(ca) != len(cb) {
		t.Fatalf("projects differ: %d sites and %d sites", len(ca), len(cb))
	}
	for id, h := range ca {
		if cb[id] != h {
			sa, _ := a.Get(context.Background(), id)
			sb, _ := b.Get(context.Background(), id)
			t.Fatalf("site %s differs:\n%+v\n%+v", id, sa, sb)
		}
	}
}

func TestTeamSyncInterleavedEdits(t *testing.T) {
	dsn, project := testServer(t)
	ana, ben := localProject(t, "ana"), localProject(t, "ben")
	tumen := addSite(t, ana, "Tumen garment factory", 129.84, 42.97)
	for i := range 20 {
		addSite(t, ana, fmt.Sprintf("Tumen site %d", i), 129.8+float64(i)/100, 42.9)
	}
	mustSync(t, ana, dsn, project, "ana")
	if rep := mustSync(t, ben, dsn, project, "ben"); rep.Pulled != 21 {
		t.Fatalf("ben pulled %d sites, want 21", rep.Pulled)
	}
	assertEqualProjects(t, ana, ben)

	// Both edit, offline, different fields of one site and different sites.
	hunchun := addSite(t, ben, "Hunchun seafood plant", 130.36, 42.87)
	edit(t, ana, tumen.ID, func(s *site.Site) { s.Notes = "Daily NK, 2017" })
	edit(t, ben, tumen.ID, func(s *site.Site) { s.Status = site.StatusConfirmed })
	mustSync(t, ben, dsn, project, "ben")
	edit(t, ben, hunchun.ID, func(s *site.Site) { s.WorkersEstimate = new(int); *s.WorkersEstimate = 300 })
	mustSync(t, ana, dsn, project, "ana")
	mustSync(t, ben, dsn, project, "ben")
	mustSync(t, ana, dsn, project, "ana")
	assertEqualProjects(t, ana, ben)
	got, _ := ana.Get(context.Background(), tumen.ID)
	if got.Notes != "Daily NK, 2017" || got.Status != site.StatusConfirmed {
		t.Errorf("merged site: notes %q status %q, want both edits", got.Notes, got.Status)
	}
	// The sync wrote nothing twice: one row per site on the server.
	srv, _ := Open(context.Background(), dsn, project)
	defer srv.Close()
	var n int
	srv.conn.QueryRow(context.Background(), "SELECT count(*) FROM sites_public").Scan(&n)
	if n != 22 {
		t.Errorf("sites_public has %d rows, want 22", n)
	}
	var who string
	srv.conn.QueryRow(context.Background(), "SELECT updated_by FROM sites WHERE id = $1", hunchun.ID).Scan(&who)
	if who != "ben" {
		t.Errorf("Hunchun updated by %q, want ben", who)
	}
}

func TestTeamSyncConflictAndDeleteVersusEdit(t *testing.T) {
	dsn, project := testServer(t)
	ana, ben := localProject(t, "ana"), localProject(t, "ben")
	a := addSite(t, ana, "Tumen garment factory", 129.84, 42.97)
	b := addSite(t, ana, "Ningbo restaurant", 121.55, 29.87)
	mustSync(t, ana, dsn, project, "ana")
	mustSync(t, ben, dsn, project, "ben")

	edit(t, ana, a.ID, func(s *site.Site) { s.Notes = "ana's note" })
	edit(t, ben, a.ID, func(s *site.Site) { s.Notes = "ben's note" })
	edit(t, ana, b.ID, func(s *site.Site) { s.City = "Ningbo" })
	if err := ben.Delete(context.Background(), b.ID); err != nil {
		t.Fatal(err)
	}
	c := addSite(t, ben, "Hunchun plant", 130.36, 42.87)
	mustSync(t, ana, dsn, project, "ana")
	rep := mustSync(t, ben, dsn, project, "ben")
	if rep.Conflicts != 2 {
		t.Fatalf("ben has %d conflicted sites, want 2 (notes; deleted here, edited there)", rep.Conflicts)
	}
	cs, _ := ben.SyncConflicts(context.Background())
	var fields []string
	for _, c := range cs {
		for _, f := range c.Fields {
			fields = append(fields, f.Field)
		}
	}
	sort.Strings(fields)
	if strings.Join(fields, ",") != "notes,site" {
		t.Errorf("conflicts %v, want notes and site", fields)
	}
	// The conflicts did not block the rest: ben's new site reached ana.
	mustSync(t, ana, dsn, project, "ana")
	if _, err := ana.Get(context.Background(), c.ID); err != nil {
		t.Errorf("ben's new site did not reach ana: %v", err)
	}
	// Ben keeps his note until he resolves; ana's stays on the server.
	got, _ := ben.Get(context.Background(), a.ID)
	if got.Notes != "ben's note" {
		t.Errorf("ben's note became %q while the conflict is pending", got.Notes)
	}
	got, _ = ana.Get(context.Background(), a.ID)
	if got.Notes != "ana's note" {
		t.Errorf("ana's note became %q: a pending conflict was pushed", got.Notes)
	}
	// Ben reviews: his note wins, the deleted site comes back as edited.
	if err := Resolve(context.Background(), ben, a.ID, reconcile.Mine); err != nil {
		t.Fatal(err)
	}
	if err := Resolve(context.Background(), ben, b.ID, reconcile.Theirs); err != nil {
		t.Fatal(err)
	}
	mustSync(t, ben, dsn, project, "ben")
	mustSync(t, ana, dsn, project, "ana")
	assertEqualProjects(t, ana, ben)
	got, _ = ana.Get(context.Background(), a.ID)
	if got.Notes != "ben's note" {
		t.Errorf("after ben's review ana has %q, want ben's note", got.Notes)
	}
	if got, err := ben.Get(context.Background(), b.ID); err != nil || got.City != "Ningbo" {
		t.Errorf("the site ben deleted and ana edited: %v %q, want ana's edit back", err, got.City)
	}
}

func TestTeamSyncResumesAfterKill(t *testing.T) {
	dsn, project := testServer(t)
	ana, ben := localProject(t, "ana"), localProject(t, "ben")
	for i := range 40 {
		addSite(t, ana, fmt.Sprintf("site %d", i), 129+float64(i)/10, 42)
	}
	mustSync(t, ben, dsn, project, "ben")
	rng := rand.New(rand.NewSource(23))
	for round := range 10 {
		// Edits on both sides, then a sync cut at a seeded step.
		ids := keys(contents(t, ana))
		for range 5 {
			id := ids[rng.Intn(len(ids))]
			edit(t, ana, id, func(s *site.Site) { s.Operator = fmt.Sprintf("op %d", round) })
		}
		addSite(t, ben, fmt.Sprintf("ben %d", round), 130, 43)
		cut := 1 + rng.Intn(12)
		steps := 0
		_, err := syncOnce(t, ana, dsn, project, "ana", Options{BatchSize: 3, step: func(string) error {
			if steps++; steps == cut {
				return errKilled
			}
			return nil
		}})
		if err != nil && !errors.Is(err, errKilled) {
			t.Fatalf("round %d: %v", round, err)
		}
		mustSync(t, ben, dsn, project, "ben")
	}
	mustSync(t, ana, dsn, project, "ana")
	mustSync(t, ben, dsn, project, "ben")
	assertEqualProjects(t, ana, ben)
	srv, _ := Open(context.Background(), dsn, project)
	defer srv.Close()
	var n int
	srv.conn.QueryRow(context.Background(), "SELECT count(*) FROM sites WHERE NOT deleted").Scan(&n)
	if want := len(contents(t, ana)); n != want {
		t.Errorf("server has %d sites, the projects %d", n, want)
	}
}

var errKilled = errors.New("killed")

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestTeamSyncConfidentialStaysLocal(t *testing.T) {
	dsn, project := testServer(t)
	ana, ben := localProject(t, "ana"), localProject(t, "ben")
	s := addSite(t, ana, "Source's house", 129.8, 42.9)
	edit(t, ana, s.ID, func(x *site.Site) { x.Confidential = true })
	p := addSite(t, ana, "Public factory", 129.9, 42.9)
	edit(t, ana, p.ID, func(x *site.Site) { x.ConfidentialNotes = "met the driver" })
	mustSync(t, ana, dsn, project, "ana")
	mustSync(t, ben, dsn, project, "ben")
	if _, err := ben.Get(context.Background(), s.ID); err == nil {
		t.Error("a confidential site reached an untrusted project")
	}
	got, err := ben.Get(context.Background(), p.ID)
	if err != nil || got.ConfidentialNotes != "" {
		t.Errorf("public site: %v, confidential notes %q", err, got.ConfidentialNotes)
	}
	// Ana's confidential notes survive the round trip.
	mustSync(t, ana, dsn, project, "ana")
	mine, _ := ana.Get(context.Background(), p.ID)
	if mine.ConfidentialNotes != "met the driver" {
		t.Errorf("ana's confidential notes became %q", mine.ConfidentialNotes)
	}
}

func TestTeamSitesPublicReadByOGR(t *testing.T) {
	dsn, project := testServer(t)
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		t.Skip("ogrinfo (GDAL) is not installed")
	}
	ana := localProject(t, "ana")
	for i := range 5 {
		addSite(t, ana, fmt.Sprintf("site %d", i), 129+float64(i)/10, 42)
	}
	mustSync(t, ana, dsn, project, "ana")
	conn := strings.NewReplacer("postgres://", "", "?sslmode=disable", "").Replace(dsn)
	// postgres://user@host:port/db -> GDAL's "host=... port=... user=... dbname=..."
	userHost, db, _ := strings.Cut(conn, "/")
	user, hostPort, _ := strings.Cut(userHost, "@")
	host, port, _ := strings.Cut(hostPort, ":")
	pg := fmt.Sprintf("PG:host=%s port=%s user=%s dbname=%s schemas=%s", host, port, user, db, project)
	out, err := exec.Command("ogrinfo", "-ro", "-so", pg, "sites_public").CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	for _, want := range []string{"Feature Count: 5", "Geometry", "EPSG", "name: String"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("ogrinfo output lacks %q:\n%s", want, out)
		}
	}
}
