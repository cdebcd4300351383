package lure

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// Limits bound what an archive may make a scan read, against zip bombs
// and archives built to exhaust memory.
type Limits struct {
	MaxEntries int   // entries read, default 100,000
	MaxTotal   int64 // uncompressed bytes read in all, default 512 MiB
	MaxRatio   int64 // uncompressed/compressed bytes, default 200 (past 8 MiB)
}

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = 100_000
	}
	if l.MaxTotal <= 0 {
		l.MaxTotal = 512 << 20
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = 200
	}
	return l
}

// ratioFloor is the uncompressed size below which the ratio limit does
// not apply: small, repetitive files (a lockfile, a minified bundle)
// compress a hundredfold honestly.
const ratioFloor = 8 << 20

var errLimit = errors.New("archive limit")

// readArchive reads an archive's regular files into memory, refusing
// unsafe entries (each refusal is a finding) and stopping at a limit
// (also a finding, with what was read so far still scanned). Nothing is
// written to disk, so no entry can keep a run bit or land outside a
// directory.
func readArchive(r io.ReaderAt, size int64, name string, opts Options) ([]*file, []Finding, error) {
	head := make([]byte, 512)
	n, _ := r.ReadAt(head, 0)
	head = head[:n]
	a := &archiveReader{opts: opts, lim: opts.Limits.withDefaults(), size: size, name: path.Base(name)}
	var err error
	lower := strings.ToLower(name)
	switch {
	case bytes.HasPrefix(head, []byte("Cr24")):
		off, e := crxZipOffset(head)
		if e != nil {
			return nil, nil, e
		}
		err = a.zip(io.NewSectionReader(r, off, size-off), size-off)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		err = a.zip(r, size)
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		gz, e := gzip.NewReader(io.NewSectionReader(r, 0, size))
		if e != nil {
			return nil, nil, fmt.Errorf("%s: %w", name, e)
		}
		err = a.tar(gz)
	case len(head) >= 262 && string(head[257:262]) == "ustar", strings.HasSuffix(lower, ".tar"):
		err = a.tar(io.NewSectionReader(r, 0, size))
	default:
		return nil, nil, fmt.Errorf("%s: not a directory or a zip, tar or gzip archive", name)
	}
	if errors.Is(err, errLimit) {
		err = nil
	}
	if err != nil && len(a.files) == 0 {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	if err != nil {
		a.note(High, "archive-damaged", "", "archive ends in an error after "+fmt.Sprint(len(a.files))+" files: "+err.Error(), "A damaged archive may hide entries from tools; ask for a clean copy.")
	}
	return a.files, a.notes, nil
}

// crxZipOffset finds the zip inside a Chrome extension package.
func crxZipOffset(h []byte) (int64, error) {
	if len(h) < 16 {
		return 0, errors.New("short crx header")
	}
	switch binary.LittleEndian.Uint32(h[4:]) {
	case 2:
		return 16 + int64(binary.LittleEndian.Uint32(h[8:])) + int64(binary.LittleEndian.Uint32(h[12:])), nil
	case 3:
		return 12 + int64(binary.LittleEndian.Uint32(h[8:])), nil
	}
	return 0, errors.New("unknown crx version")
}

type archiveReader struct {
	opts    Options
	lim     Limits
	size    int64
	name    string
	entries int
	total   int64
	files   []*file
	notes   []Finding
}

func (a *archiveReader) note(sev Severity, rule, file, evidence, advice string) {
	a.notes = append(a.notes, Finding{Rule: rule, Severity: sev, File: file, Evidence: clip(defang(evidence)), Advice: advice})
}

// safeName turns an entry name into a relative slash path, or says why
// it is refused.
func safeName(n string) (string, string) {
	if strings.ContainsRune(n, 0) {
		return "", "NUL in name"
	}
	n = strings.ReplaceAll(n, `\`, "/")
	if strings.HasPrefix(n, "/") || (len(n) >= 2 && n[1] == ':') {
		return "", "absolute path"
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "", "path traversal"
		}
	}
	c := path.Clean(n)
	if c == "." || c == "" {
		return "", ""
	}
	return c, ""
}

// keep says whether an archive entry is read, mirroring what a directory
// walk reads: no git internals but config and hooks, and only the
// manifests of bundled node_modules.
func (a *archiveReader) keep(p string) (keep, depMeta bool) {
	parts := strings.Split(p, "/")
	for i, s := range parts[:len(parts)-1] {
		switch {
		case s == ".git":
			rest := strings.Join(parts[i+1:], "/")
			return rest == "config" || (strings.HasPrefix(rest, "hooks/") && strings.Count(rest, "/") == 1 && !strings.HasSuffix(rest, ".sample")), false
		case s == "node_modules" && !a.opts.IncludeVendored:
			rest := parts[i+1:]
			if len(rest) == 2 && rest[1] == "package.json" && !strings.HasPrefix(rest[0], "@") {
				return true, true
			}
			if len(rest) == 3 && rest[2] == "package.json" && strings.HasPrefix(rest[0], "@") {
				return true, true
			}
			return false, false
		case skipDirs[s]:
			return false, false
		}
	}
	return true, false
}

// entry applies the per-entry checks and reads the content.
func (a *archiveReader) entry(name string, mode fs.FileMode, size int64, open func() (io.ReadCloser, error)) error {
	a.entries++
	if a.entries > a.lim.MaxEntries {
		a.note(High, "archive-bomb", "", fmt.Sprintf("more than %d entries", a.lim.MaxEntries), "Stopped reading: an archive this large is built to exhaust scanners; do not unpack it.")
		return errLimit
	}
	p, why := safeName(name)
	if why != "" {
		a.note(High, "archive-unsafe-entry", "", why+": "+name, "The archive tries to write outside its folder; do not unpack it with ordinary tools.")
		return nil
	}
	if p == "" || mode.IsDir() {
		return nil
	}
	switch {
	case mode&fs.ModeSymlink != 0:
		a.note(Medium, "archive-link", p, "symbolic or hard link refused: "+name, "Links in an archive can point unpacking tools at files outside it; the link was not followed.")
		return nil
	case mode&(fs.ModeDevice|fs.ModeCharDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeIrregular) != 0:
		a.note(Medium, "archive-special-file", p, "device, pipe or socket refused: "+name, "Archives from a recruiter have no reason to hold device files.")
		return nil
	}
	keep, dep := a.keep(p)
	if !keep {
		return nil
	}
	rc, err := open()
	if err != nil {
		a.note(Low, "archive-unreadable-entry", p, err.Error(), "")
		return nil
	}
	defer rc.Close()
	max := a.opts.maxFile()
	b, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		a.note(Low, "archive-unreadable-entry", p, err.Error(), "")
		return nil
	}
	f := &file{path: p, size: size, vendored: isVendored(p), depMeta: dep}
	if int64(len(b)) > max {
		b, f.truncated = b[:max], true
	}
	if f.size < int64(len(b)) {
		f.size = int64(len(b))
	}
	f.data = b
	a.files = append(a.files, f)
	a.total += int64(len(b))
	if a.total > a.lim.MaxTotal {
		a.note(High, "archive-bomb", p, fmt.Sprintf("more than %d MiB uncompressed", a.lim.MaxTotal>>20), "Stopped reading: the archive expands far beyond any coding test.")
		return errLimit
	}
	return nil
}

func (a *archiveReader) zip(r io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return err
	}
	for _, zf := range zr.File {
		if zf.CompressedSize64 > 0 && zf.UncompressedSize64 > ratioFloor && zf.UncompressedSize64/zf.CompressedSize64 > uint64(a.lim.MaxRatio) {
			a.note(High, "archive-bomb", "", fmt.Sprintf("entry %s claims a compression ratio of %d", zf.Name, zf.UncompressedSize64/zf.CompressedSize64), "Stopped reading: a zip bomb.")
			return errLimit
		}
		mode := zf.Mode()
		var counted countingReader
		err := a.entry(zf.Name, mode, int64(zf.UncompressedSize64), func() (io.ReadCloser, error) {
			rc, err := zf.Open()
			if err != nil {
				return nil, err
			}
			counted = countingReader{r: rc}
			return struct {
				io.Reader
				io.Closer
			}{&counted, rc}, nil
		})
		if err != nil {
			return err
		}
		// Headers can lie: check the ratio on the bytes actually read.
		if zf.CompressedSize64 > 0 && counted.n > ratioFloor && uint64(counted.n)/zf.CompressedSize64 > uint64(a.lim.MaxRatio) {
			a.note(High, "archive-bomb", "", fmt.Sprintf("entry %s expands more than %d-fold", zf.Name, a.lim.MaxRatio), "Stopped reading: a zip bomb.")
			return errLimit
		}
	}
	return nil
}

func (a *archiveReader) tar(r io.Reader) error {
	// The hard cap stops decompression itself, also inside entries the
	// tar reader skips over.
	hard := a.lim.MaxTotal
	if byRatio := a.size * a.lim.MaxRatio; byRatio < hard {
		hard = max(byRatio, ratioFloor)
	}
	cr := &countingReader{r: r, max: hard}
	tr := tar.NewReader(cr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if errors.Is(err, errLimit) {
			a.note(High, "archive-bomb", "", fmt.Sprintf("the archive expands past %d MiB (%d-fold)", hard>>20, cr.n/max(a.size, 1)), "Stopped reading: a compression bomb.")
			return errLimit
		}
		if err != nil {
			return err
		}
		var mode fs.FileMode
		switch h.Typeflag {
		case tar.TypeReg, tar.TypeGNUSparse:
		case tar.TypeDir:
			mode = fs.ModeDir
		case tar.TypeSymlink, tar.TypeLink:
			mode = fs.ModeSymlink
		case tar.TypeChar:
			mode = fs.ModeCharDevice | fs.ModeDevice
		case tar.TypeBlock:
			mode = fs.ModeDevice
		case tar.TypeFifo:
			mode = fs.ModeNamedPipe
		default:
			continue // pax and GNU metadata records
		}
		if err := a.entry(h.Name, mode, h.Size, func() (io.ReadCloser, error) { return io.NopCloser(tr), nil }); err != nil {
			return err
		}
	}
}

// countingReader counts the bytes read through it and, with max set,
// fails with errLimit past max.
type countingReader struct {
	r   io.Reader
	n   int64
	max int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.max > 0 && c.n > c.max {
		return n, errLimit
	}
	return n, err
}
