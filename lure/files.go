package lure

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// file is one regular file of the scanned tree. Its content is read once,
// bounded by Options.MaxFileSize.
type file struct {
	path      string // slash-separated, relative to the scanned root
	size      int64
	data      []byte
	truncated bool // data holds only the first bytes
	vendored  bool // a dependency or build output: only the strongest rules apply
	depMeta   bool // node_modules/<pkg>/package.json read for the name and install-script check
	read      func() ([]byte, bool, error)
}

// vendorDirs hold third-party or generated code whose minified bundles
// would set off the obfuscation rules for no reason.
var vendorDirs = map[string]bool{
	"node_modules": true, "dist": true, "build": true, ".next": true, "out": true,
	"vendor": true, "bower_components": true, ".nuxt": true, ".output": true,
	".svelte-kit": true, "coverage": true, ".cache": true, ".parcel-cache": true,
	".turbo": true, ".vercel": true, "__pycache__": true, ".venv": true, "venv": true,
	"site-packages": true, "target": true, "libs": true, "third_party": true, "third-party": true,
	"vendors": true, "external": true,
}

// skipDirs are never read: version-control internals (but for .git's
// config and hooks, handled apart) and caches that hold no source.
var skipDirs = map[string]bool{
	".hg": true, ".svn": true, ".parcel-cache": true, ".turbo": true, "__pycache__": true,
	".venv": true, "venv": true, ".tox": true, ".mypy_cache": true, ".pytest_cache": true,
}

func isVendored(p string) bool {
	parts := strings.Split(p, "/")
	for i, s := range parts[:len(parts)-1] {
		if vendorDirs[s] {
			return true
		}
		if s == ".yarn" && i+1 < len(parts)-1 && (parts[i+1] == "releases" || parts[i+1] == "cache" || parts[i+1] == "plugins") {
			return true
		}
	}
	return false
}

func dirFiles(ctx context.Context, dir string, opts Options) ([]*file, error) {
	return fsFiles(ctx, os.DirFS(dir), opts)
}

// fsFiles lists the regular files of fsys that a scan reads. Links and
// devices are never followed or read. node_modules is not descended into
// (unless opts.IncludeVendored): only each installed package's
// package.json is read, for the name and install-script checks.
func fsFiles(ctx context.Context, fsys fs.FS, opts Options) ([]*file, error) {
	var out []*file
	max := opts.maxFile()
	add := func(p string, size int64) *file {
		f := &file{path: p, size: size, vendored: isVendored(p)}
		f.read = func() ([]byte, bool, error) { return readBounded(fsys, p, max) }
		out = append(out, f)
		return f
	}
	n := 0
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil // unreadable entry: skip it, go on
		}
		if n++; n%512 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		name := d.Name()
		if d.IsDir() {
			if p == "." {
				return nil
			}
			switch {
			case name == ".git":
				gitFiles(fsys, p, add)
				return fs.SkipDir
			case name == "node_modules" && !opts.IncludeVendored:
				depManifests(fsys, p, add)
				return fs.SkipDir
			case skipDirs[name]:
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // links, devices, sockets: never read
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		add(p, info.Size())
		return nil
	})
	return out, err
}

// gitFiles adds a git directory's config and its active hooks (not the
// *.sample files git itself writes).
func gitFiles(fsys fs.FS, dir string, add func(string, int64) *file) {
	if st, err := fs.Stat(fsys, dir+"/config"); err == nil && st.Mode().IsRegular() {
		add(dir+"/config", st.Size())
	}
	ents, err := fs.ReadDir(fsys, dir+"/hooks")
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.Type().IsRegular() && !strings.HasSuffix(e.Name(), ".sample") {
			if info, err := e.Info(); err == nil {
				add(dir+"/hooks/"+e.Name(), info.Size())
			}
		}
	}
}

// depManifests adds node_modules/<pkg>/package.json and
// node_modules/@scope/<pkg>/package.json.
func depManifests(fsys fs.FS, dir string, add func(string, int64) *file) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return
	}
	one := func(pkgDir string) {
		p := pkgDir + "/package.json"
		if st, err := fs.Stat(fsys, p); err == nil && st.Mode().IsRegular() {
			add(p, st.Size()).depMeta = true
		}
	}
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		if strings.HasPrefix(e.Name(), "@") {
			sub, err := fs.ReadDir(fsys, dir+"/"+e.Name())
			if err != nil {
				continue
			}
			for _, s := range sub {
				if s.IsDir() {
					one(dir + "/" + e.Name() + "/" + s.Name())
				}
			}
			continue
		}
		if e.Name() != ".bin" {
			one(dir + "/" + e.Name())
		}
	}
}

// readBounded reads at most max bytes of a regular file, refusing
// anything that is not one at open time.
func readBounded(fsys fs.FS, p string, max int64) ([]byte, bool, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if !st.Mode().IsRegular() {
		return nil, false, errors.New("not a regular file")
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(b)) > max {
		return b[:max], true, nil
	}
	return b, false, nil
}

// ext is a file's lower-case extension without the dot.
func ext(p string) string {
	e := path.Ext(p)
	if e == "" {
		return ""
	}
	return strings.ToLower(e[1:])
}
