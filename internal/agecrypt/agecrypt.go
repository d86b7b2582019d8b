// Package agecrypt encrypts exports with age (filippo.io/age) so that they
// open with the age command-line tool: to a passphrase (scrypt) or to
// colleagues' age1… public keys, binary or ASCII-armored; and decrypts
// them with a passphrase or an identity file. It also makes the user's own
// key and tells an encrypted file by its first bytes or its name.
package agecrypt

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// Ext is the extension of an encrypted file: "sites.geojson.age".
const Ext = ".age"

// The first bytes of an age file, binary and armored.
var (
	binaryHeader  = []byte("age-encryption.org/v1\n")
	armoredHeader = []byte("-----BEGIN AGE ENCRYPTED FILE-----")
)

// ErrWrongKey is returned (wrapped) when the passphrase or identity does
// not open the file.
var ErrWrongKey = errors.New("the passphrase or key does not open this file")

// scryptWorkFactor is log2 of scrypt's cost for new passphrase files:
// age's own default (about a second). Tests lower it.
var scryptWorkFactor = 18

// Options are how an export is encrypted.
type Options struct {
	// Armor writes ASCII armor (PEM-like text) instead of binary, for
	// pasting into an e-mail.
	Armor bool
}

// EncryptPassphrase returns a writer that encrypts what is written to it
// to passphrase and writes it to dst. Close it to finish the file (it does
// not close dst).
func EncryptPassphrase(dst io.Writer, passphrase string, opt Options) (io.WriteCloser, error) {
	if passphrase == "" {
		return nil, errors.New("encrypt: the passphrase is empty")
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, fmt.Errorf("encrypt: %w", err)
	}
	r.SetWorkFactor(scryptWorkFactor)
	return encrypt(dst, opt, r)
}

// EncryptTo returns a writer that encrypts to each of recipients (age1…
// public keys, as age-keygen prints them; a line may carry a "# comment").
func EncryptTo(dst io.Writer, recipients []string, opt Options) (io.WriteCloser, error) {
	rs, err := ParseRecipients(recipients)
	if err != nil {
		return nil, err
	}
	return encrypt(dst, opt, rs...)
}

// ParseRecipients reads age public keys, one a string, ignoring blank
// strings and "#" comments, and says which one is wrong.
func ParseRecipients(recipients []string) ([]age.Recipient, error) {
	var rs []age.Recipient
	for i, s := range recipients {
		s, _, _ = strings.Cut(s, "#")
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		r, err := age.ParseRecipients(strings.NewReader(s))
		if err != nil || len(r) != 1 {
			shown := s
			if strings.HasPrefix(strings.ToUpper(s), "AGE-SECRET-KEY-") {
				// A secret key pasted by mistake: do not echo it.
				shown = "(a secret key: give the public key, age1…)"
			} else if len(shown) > 80 {
				shown = shown[:80] + "…"
			}
			return nil, fmt.Errorf("encrypt: recipient %d %q is not an age public key (age1…)", i+1, shown)
		}
		rs = append(rs, r...)
	}
	if len(rs) == 0 {
		return nil, errors.New("encrypt: no recipient given")
	}
	return rs, nil
}

func encrypt(dst io.Writer, opt Options, rs ...age.Recipient) (io.WriteCloser, error) {
	if !opt.Armor {
		w, err := age.Encrypt(dst, rs...)
		if err != nil {
			return nil, fmt.Errorf("encrypt: %w", err)
		}
		return w, nil
	}
	aw := armor.NewWriter(dst)
	w, err := age.Encrypt(aw, rs...)
	if err != nil {
		return nil, fmt.Errorf("encrypt: %w", err)
	}
	return &armoredCloser{w, aw}, nil
}

// armoredCloser closes the age stream, then the armor around it.
type armoredCloser struct {
	io.WriteCloser
	armor io.WriteCloser
}

func (a *armoredCloser) Close() error {
	if err := a.WriteCloser.Close(); err != nil {
		return err
	}
	return a.armor.Close()
}

// DecryptPassphrase returns the plaintext of the age file src, binary or
// armored, opened with passphrase. The payload is checked as it is read:
// a read error (a cut or altered file) means none of it may be trusted, so
// read to the end before using what came out.
func DecryptPassphrase(src io.Reader, passphrase string) (io.Reader, error) {
	id, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	return decrypt(src, id)
}

// DecryptIdentityFile opens src with the keys in the identity file at
// path (as age-keygen or GenerateIdentity writes it).
func DecryptIdentityFile(src io.Reader, path string) (io.Reader, error) {
	ids, err := ReadIdentityFile(path)
	if err != nil {
		return nil, err
	}
	return decrypt(src, ids...)
}

// ReadIdentityFile reads the secret keys of an identity file.
func ReadIdentityFile(path string) ([]age.Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		// age's message never includes the key.
		return nil, fmt.Errorf("identity %s: %w", path, err)
	}
	return ids, nil
}

func decrypt(src io.Reader, ids ...age.Identity) (io.Reader, error) {
	br := bufio.NewReader(src)
	head, _ := br.Peek(64)
	var in io.Reader = br
	switch {
	case bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), armoredHeader):
		in = armor.NewReader(br)
	case !bytes.HasPrefix(head, binaryHeader):
		return nil, errors.New("decrypt: this is not an age-encrypted file")
	}
	r, err := age.Decrypt(in, ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) || errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, fmt.Errorf("decrypt: %w", ErrWrongKey)
		}
		return nil, fmt.Errorf("decrypt: %w", err)
	}
	return r, nil
}

// IsEncrypted reports whether a file starting with head is an age file,
// binary or armored (after leading blank space, which the armor allows).
func IsEncrypted(head []byte) bool {
	if bytes.HasPrefix(head, binaryHeader) {
		return true
	}
	t := bytes.TrimLeft(head, " \t\r\n")
	return bytes.HasPrefix(t, armoredHeader)
}

// StripExt returns name without a trailing ".age" (in any case), and
// whether it had one: "sites.geojson.age" -> "sites.geojson", true.
func StripExt(name string) (string, bool) {
	if len(name) >= len(Ext) && strings.EqualFold(name[len(name)-len(Ext):], Ext) {
		return name[:len(name)-len(Ext)], true
	}
	return name, false
}

// FormatFromName is the extension that says a file's format, looking
// through ".age": "sites.geojson.age" -> ".geojson", "sites.csv" -> ".csv",
// "sites.age" -> "" (no format given).
func FormatFromName(name string) string {
	inner, _ := StripExt(filepath.Base(name))
	return strings.ToLower(filepath.Ext(inner))
}

// IdentityFileName is the name of the user's own key in its folder.
const IdentityFileName = "age-identity.txt"

// GenerateIdentity makes a new X25519 key (the kind the age tool of every
// version reads), writes it to dir/IdentityFileName readable by the user
// only (0600, in a folder made 0700 if it is new), and returns its public
// key (age1…) and the file's path. It never overwrites a key: losing one
// loses every file encrypted to it.
func GenerateIdentity(dir string) (publicKey, path string, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", fmt.Errorf("identity: %w", err)
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", "", fmt.Errorf("identity: %w", err)
	}
	pub := id.Recipient().String()
	path = filepath.Join(dir, IdentityFileName)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return "", "", fmt.Errorf("identity: %s already exists; it is kept (use PublicKey to read its public key): %w", path, err)
		}
		return "", "", fmt.Errorf("identity: %w", err)
	}
	content := fmt.Sprintf("# created: %s by Site Atlas\n# public key: %s\n%s\n", time.Now().UTC().Format(time.RFC3339), pub, id.String())
	_, err = f.WriteString(content)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return "", "", fmt.Errorf("identity: %w", err)
	}
	return pub, path, nil
}

// PublicKey returns the public key of the first X25519 key of the
// identity file at path, for the user to copy to colleagues.
func PublicKey(path string) (string, error) {
	ids, err := ReadIdentityFile(path)
	if err != nil {
		return "", err
	}
	for _, id := range ids {
		if x, ok := id.(*age.X25519Identity); ok {
			return x.Recipient().String(), nil
		}
	}
	return "", fmt.Errorf("identity %s: no X25519 key in it", path)
}
