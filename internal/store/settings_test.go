package store

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// TestExportSaltKept: the salt is made once and is the same after
// reopening, so that exports with one profile displace alike; another
// database has another.
func TestExportSaltKept(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	salt, err := s.ExportSalt(ctx)
	if err != nil || len(salt) != saltBytes {
		t.Fatalf("salt %x, %v", salt, err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	again, _ := s.ExportSalt(ctx)
	if !bytes.Equal(salt, again) {
		t.Error("the salt changed on reopening")
	}
	other, err := Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if o, _ := other.ExportSalt(ctx); bytes.Equal(o, salt) {
		t.Error("two databases share a salt")
	}
}
