package agecrypt

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func init() { scryptWorkFactor = 10 } // fast tests; the CLI reads any factor

var plain = []byte(`{"type":"FeatureCollection","features":[{"properties":{"name":"图们 Factory 도문"}}]}` + "\n")

func encryptBytes(t *testing.T, open func(io.Writer) (io.WriteCloser, error)) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := open(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(plain); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readAll(t *testing.T, r io.Reader, err error) []byte {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	pub, key, err := GenerateIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, armor := range []bool{false, true} {
		enc := encryptBytes(t, func(w io.Writer) (io.WriteCloser, error) {
			return EncryptTo(w, []string{pub + " # Min-ji's laptop"}, Options{Armor: armor})
		})
		if !IsEncrypted(enc) {
			t.Errorf("armor %v: IsEncrypted false on %q", armor, enc[:30])
		}
		r, err := DecryptIdentityFile(bytes.NewReader(enc), key)
		if got := readAll(t, r, err); !bytes.Equal(got, plain) {
			t.Errorf("armor %v: got %q", armor, got)
		}
		enc = encryptBytes(t, func(w io.Writer) (io.WriteCloser, error) {
			return EncryptPassphrase(w, "correct horse", Options{Armor: armor})
		})
		r, err = DecryptPassphrase(bytes.NewReader(enc), "correct horse")
		if got := readAll(t, r, err); !bytes.Equal(got, plain) {
			t.Errorf("armor %v passphrase: got %q", armor, got)
		}
		if _, err := DecryptPassphrase(bytes.NewReader(enc), "wrong"); !errors.Is(err, ErrWrongKey) {
			t.Errorf("wrong passphrase: %v", err)
		}
	}
}

func TestWrongKeyAndBadInput(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	pubA, _, _ := GenerateIdentity(a)
	_, keyB, _ := GenerateIdentity(b)
	enc := encryptBytes(t, func(w io.Writer) (io.WriteCloser, error) { return EncryptTo(w, []string{pubA}, Options{}) })
	if _, err := DecryptIdentityFile(bytes.NewReader(enc), keyB); !errors.Is(err, ErrWrongKey) {
		t.Errorf("other key: %v", err)
	}
	if _, err := DecryptPassphrase(strings.NewReader(`{"type":"FeatureCollection"}`), "x"); err == nil || !strings.Contains(err.Error(), "not an age") {
		t.Errorf("plain file: %v", err)
	}
	// A cut file fails when read, not silently short.
	r, err := DecryptIdentityFile(bytes.NewReader(enc[:len(enc)-5]), filepath.Join(a, IdentityFileName))
	if err == nil {
		if _, err = io.ReadAll(r); err == nil {
			t.Error("a cut file decrypted without error")
		}
	}
	secret := "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
	for _, c := range []struct {
		in   []string
		want string
	}{
		{[]string{"age1notakey"}, `recipient 1 "age1notakey"`},
		{[]string{pubA, secret}, "recipient 2 \"(a secret key"},
		{[]string{" ", "# only a comment"}, "no recipient"},
	} {
		_, err := ParseRecipients(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), secret) {
			t.Errorf("%q: %v", c.in, err)
		}
	}
	if _, err := EncryptPassphrase(io.Discard, "", Options{}); err == nil {
		t.Error("empty passphrase accepted")
	}
}

func TestGenerateIdentity(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "siteatlas")
	pub, path, err := GenerateIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pub, "age1") || len(pub) != 62 {
		t.Errorf("public key %q", pub)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
	}
	if got, err := PublicKey(path); err != nil || got != pub {
		t.Errorf("PublicKey = %q, %v", got, err)
	}
	if _, _, err := GenerateIdentity(dir); !errors.Is(err, os.ErrExist) {
		t.Errorf("second key: %v", err)
	}
	if got, _ := PublicKey(path); got != pub {
		t.Error("the first key was overwritten")
	}
}

func TestNames(t *testing.T) {
	for name, want := range map[string]string{
		"sites.geojson.age": ".geojson", "/tmp/x/Sites.GPKG.AGE": ".gpkg", "sites.csv": ".csv",
		"sites.age": "", "bundle.kmz.age": ".kmz", ".age": "",
	} {
		if got := FormatFromName(name); got != want {
			t.Errorf("FormatFromName(%q) = %q, want %q", name, got, want)
		}
	}
	if n, ok := StripExt("a.geojson.age"); n != "a.geojson" || !ok {
		t.Errorf("StripExt = %q %v", n, ok)
	}
	for head, want := range map[string]bool{
		"age-encryption.org/v1\n-> X25519": true, "\n  -----BEGIN AGE ENCRYPTED FILE-----\n": true,
		"age-encryption.org/v2\n": false, `{"type":`: false, "": false,
	} {
		if got := IsEncrypted([]byte(head)); got != want {
			t.Errorf("IsEncrypted(%q) = %v", head, got)
		}
	}
}

func needCLI(t *testing.T, names ...string) {
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			t.Skipf("%s is not installed (Debian package age): interoperability not tested", n)
		}
	}
}

func run(t *testing.T, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, stderr.String())
	}
	return out
}

// TestCLIRecipients: files we encrypt to a key open with the age tool,
// and files the tool encrypts to a key made by age-keygen open here.
func TestCLIRecipients(t *testing.T) {
	needCLI(t, "age", "age-keygen")
	dir := t.TempDir()
	pub, key, err := GenerateIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, armor := range []bool{false, true} {
		enc := encryptBytes(t, func(w io.Writer) (io.WriteCloser, error) { return EncryptTo(w, []string{pub}, Options{Armor: armor}) })
		if got := run(t, enc, "age", "-d", "-i", key); !bytes.Equal(got, plain) {
			t.Errorf("age -d of our file (armor %v): %q", armor, got)
		}
	}
	theirs := filepath.Join(dir, "theirs.txt")
	run(t, nil, "age-keygen", "-o", theirs)
	theirPub, err := PublicKey(theirs)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-e", "-r", theirPub}, {"-e", "-a", "-r", theirPub}} {
		enc := run(t, plain, "age", args...)
		r, err := DecryptIdentityFile(bytes.NewReader(enc), theirs)
		if got := readAll(t, r, err); !bytes.Equal(got, plain) {
			t.Errorf("our decrypt of age %v: %q", args, got)
		}
	}
	// Encrypted to both of us: either key opens it.
	enc := encryptBytes(t, func(w io.Writer) (io.WriteCloser, error) {
		return EncryptTo(w, []string{pub, theirPub}, Options{})
	})
	if got := run(t, enc, "age", "-d", "-i", theirs); !bytes.Equal(got, plain) {
		t.Errorf("two recipients: %q", got)
	}
}

// TestCLIPassphrase: age 1.1 reads a passphrase only from a terminal, so
// the tool runs under script(1), which gives it one and types for it.
func TestCLIPassphrase(t *testing.T) {
	needCLI(t, "age", "script")
	dir := t.TempDir()
	const pass = "correct horse battery"
	ours := filepath.Join(dir, "ours.geojson.age")
	enc := encryptBytes(t, func(w io.Writer) (io.WriteCloser, error) { return EncryptPassphrase(w, pass, Options{}) })
	if err := os.WriteFile(ours, enc, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.geojson")
	run(t, []byte(pass+"\n"), "script", "-qec", "age -d -o "+quote(out)+" "+quote(ours), "/dev/null")
	if got, _ := os.ReadFile(out); !bytes.Equal(got, plain) {
		t.Errorf("age -d of our passphrase file: %q", got)
	}
	in := filepath.Join(dir, "in.geojson")
	os.WriteFile(in, plain, 0o600)
	theirs := filepath.Join(dir, "theirs.geojson.age")
	run(t, []byte(pass+"\n"+pass+"\n"), "script", "-qec", "age -p -o "+quote(theirs)+" "+quote(in), "/dev/null")
	f, err := os.Open(theirs)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := DecryptPassphrase(f, pass)
	if got := readAll(t, r, err); !bytes.Equal(got, plain) {
		t.Errorf("our decrypt of age -p: %q", got)
	}
}

// quote makes s one word for script's shell.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
