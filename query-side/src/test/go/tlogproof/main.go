// Command tlogproof is an independent, offline verifier of C2SP tlog-proof
// bundles (https://c2sp.org/tlog-proof) issued by the audit log.
//
// It exists so that the Java tests can check the proofs our Java code produces
// against an implementation we did not write: the signed-note and Merkle tree
// code is Go's golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog;
// this file only parses the text formats and wires the two together.
//
// Usage:
//
//	tlogproof <log-vkey> <proof-file>
//
// where <log-vkey> is the log's signed-note verifier key
// (name+hex key id+base64(0x01 || Ed25519 public key)).
//
// Prints "verified: ..." and exits 0, or prints "not verified: <reason>" and
// exits 1. Usage errors (wrong arguments, malformed key, unreadable file) go to
// stderr and exit 2, so a broken test harness cannot pass for a rejected proof.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const header = "c2sp.org/tlog-proof@v1"

func main() {
	if len(os.Args) != 3 {
		usage("usage: tlogproof <log-vkey> <proof-file>")
	}
	verifier, err := note.NewVerifier(os.Args[1])
	if err != nil {
		usage("tlogproof: bad log verifier key: " + err.Error())
	}
	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		usage("tlogproof: " + err.Error())
	}

	msg, err := verify(verifier, data)
	if err != nil {
		fmt.Println("not verified: " + err.Error())
		os.Exit(1)
	}
	fmt.Println("verified: " + msg)
}

func usage(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(2)
}

func verify(verifier note.Verifier, data []byte) (string, error) {
	// The proof lines are all non-empty, so the first empty line ends them; the
	// rest of the file is the checkpoint, a signed note, verbatim.
	split := bytes.Index(data, []byte("\n\n"))
	if split < 0 {
		return "", errors.New("no empty line between proof and checkpoint")
	}
	lines := strings.Split(string(data[:split]), "\n")
	checkpoint := data[split+2:]

	if lines[0] != header {
		return "", fmt.Errorf("first line is not %q", header)
	}
	lines = lines[1:]

	// The extra data is optional in the format, but our leaves are derived from
	// it (prev_hash || record), so without it there is nothing to check.
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "extra ") {
		return "", errors.New("no extra line (needed to compute the leaf hash)")
	}
	extra, err := decodeBase64(strings.TrimPrefix(lines[0], "extra "))
	if err != nil {
		return "", fmt.Errorf("extra: %v", err)
	}
	if len(extra) <= sha256.Size {
		return "", fmt.Errorf("extra is %d bytes, want 32-byte previous hash plus a record", len(extra))
	}
	lines = lines[1:]

	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return "", errors.New("no index line")
	}
	index, err := parseDecimal(strings.TrimPrefix(lines[0], "index "))
	if err != nil {
		return "", fmt.Errorf("index: %v", err)
	}
	lines = lines[1:]

	// The remaining lines are the RFC 6962 inclusion path, leaf's sibling
	// first; tlog.RecordProof uses the same order.
	proof := make(tlog.RecordProof, len(lines))
	for i, line := range lines {
		h, err := decodeBase64(line)
		if err != nil || len(h) != tlog.HashSize {
			return "", fmt.Errorf("inclusion proof line %d is not a base64 SHA-256 hash", i+1)
		}
		copy(proof[i][:], h)
	}

	// note.Open verifies the signature by the log's key and ignores signature
	// lines from keys it does not know (e.g. witness cosignatures), as the
	// signed-note spec requires.
	n, err := note.Open(checkpoint, note.VerifierList(verifier))
	if err != nil {
		return "", fmt.Errorf("checkpoint: %v", err)
	}
	origin, treeSize, root, err := parseCheckpoint(n.Text)
	if err != nil {
		return "", fmt.Errorf("checkpoint: %v", err)
	}
	// A valid signature by the key is not enough: the key must be the one
	// for this log, named by the checkpoint's origin line.
	if origin != verifier.Name() {
		return "", fmt.Errorf("checkpoint origin %q is not the key's name %q", origin, verifier.Name())
	}
	if index >= treeSize {
		return "", fmt.Errorf("index %d is outside tree of size %d", index, treeSize)
	}

	// Our log's leaf: chain hash = SHA-256(prev_hash || record), and the
	// Merkle leaf hash is RFC 6962's SHA-256(0x00 || chain hash).
	chainHash := sha256.Sum256(extra)
	leaf := tlog.RecordHash(chainHash[:])
	if err := tlog.CheckRecord(proof, treeSize, root, index, leaf); err != nil {
		return "", fmt.Errorf("inclusion: %v", err)
	}

	return fmt.Sprintf("origin %s, tree size %d, index %d, chain hash %s",
		origin, treeSize, index, hex.EncodeToString(chainHash[:])), nil
}

// parseCheckpoint parses the note text of a C2SP tlog-checkpoint: origin, tree
// size, root hash, then optional extension lines, which are not used here.
// (tlog.ParseTree cannot be used: it only accepts the "go.sum database tree"
// header of the Go checksum database.)
func parseCheckpoint(text string) (origin string, size int64, root tlog.Hash, err error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 {
		return "", 0, root, errors.New("fewer than 3 lines")
	}
	for _, l := range lines {
		if l == "" {
			return "", 0, root, errors.New("empty line in note text")
		}
	}
	size, err = parseDecimal(lines[1])
	if err != nil {
		return "", 0, root, fmt.Errorf("tree size: %v", err)
	}
	h, err := decodeBase64(lines[2])
	if err != nil || len(h) != tlog.HashSize {
		return "", 0, root, errors.New("root hash is not a base64 SHA-256 hash")
	}
	copy(root[:], h)
	return lines[0], size, root, nil
}

// parseDecimal accepts only the canonical form the specs require: ASCII
// digits, no sign, no leading zeroes.
func parseDecimal(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != s {
		return 0, fmt.Errorf("%q is not a canonical decimal number", s)
	}
	return n, nil
}

// decodeBase64 decodes standard padded base64 and insists on the canonical
// encoding: Go's decoder silently skips '\r' and '\n' and tolerates non-zero
// padding bits, and a verifier should not accept what a correct encoder
// would never write.
func decodeBase64(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	if base64.StdEncoding.EncodeToString(b) != s {
		return nil, errors.New("non-canonical base64")
	}
	return b, nil
}
