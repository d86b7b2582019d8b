package leakaudit

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// longSecret is longer than a 512-byte page, so SQLite splits it across
// overflow pages, each starting with the next page's number.
var longSecret = strings.Repeat("Interview with the former welder, 김철수, in a Yanji café. ", 40)

func writeDB(t *testing.T, pragmas string, rows []string, deleteFirst bool) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.gpkg")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"PRAGMA page_size=512", pragmas, "CREATE TABLE t(id INTEGER PRIMARY KEY, note TEXT)"} {
		if q == "" {
			continue
		}
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	for _, r := range rows {
		if _, err := db.Exec("INSERT INTO t(note) VALUES (?)", r); err != nil {
			t.Fatal(err)
		}
	}
	if deleteFirst {
		if _, err := db.Exec("DELETE FROM t WHERE id = 1"); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(pragmas, "secure_delete") {
		if _, err := db.Exec("VACUUM"); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSQLitePages(t *testing.T) {
	s, _ := NewSecrets([]Secret{{Field: "sources.excerpt", Text: longSecret}, {Field: "notes", Text: "Safe house on Bridge Street"}}, nil)
	b := writeDB(t, "", []string{"harmless", longSecret, "see safe house on bridge street"}, false)
	if strings.Contains(string(b), longSecret) {
		t.Log("the long text was not split (page size not applied?)")
	}
	got := scan(t, s, b, SQLite)
	fields := map[string]bool{}
	for _, f := range got {
		fields[f.Field] = true
	}
	if !fields["sources.excerpt"] || !fields["notes"] {
		t.Errorf("database findings %v", got)
	}
	// Deleted without secure_delete: the text is still in a free page,
	// and the audit finds it there.
	b = writeDB(t, "", []string{"Safe house on Bridge Street", "other"}, true)
	if got := scan(t, s, b, SQLite); len(got) == 0 {
		t.Error("deleted text in a free page not found")
	}
	// With secure_delete and VACUUM, as the lead writes, it is gone.
	b = writeDB(t, "PRAGMA secure_delete=ON", []string{"Safe house on Bridge Street", "other"}, true)
	if got := scan(t, s, b, SQLite); len(got) != 0 {
		t.Errorf("after secure_delete and VACUUM: %v", got)
	}
}

func TestSQLiteUTF16Refused(t *testing.T) {
	s, _ := NewSecrets([]Secret{{Field: "notes", Text: "Safe house on Bridge Street"}}, nil)
	b := writeDB(t, "PRAGMA encoding='UTF-16le'", []string{"x"}, false)
	if _, err := s.Scan(strings.NewReader(string(b)), int64(len(b)), SQLite); err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("UTF-16 database: %v", err)
	}
}
