// Package lure scans "coding test" repositories, packages and archives for
// the malware delivery shapes of North Korea's fake-job lures (Contagious
// Interview, BeaverTail, InvisibleFerret, OtterCookie, PolinRider and
// kin) without ever executing, installing or fetching anything.
//
// A scan maps the project's execution surface (what runs on opening the
// folder, on npm install, on npm run dev, on start, on import), runs
// static analysers over the files (JavaScript through a real lexer with
// taint from network sources to code sinks, Python, shell, .env, JSON),
// checks dependency names against an intelligence list through the Intel
// interface, and correlates the findings into one verdict: clean, review,
// suspicious or malicious.
package lure

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Severity ranks a finding. The verdict follows the most severe finding.
type Severity int

// Severities, least to most severe.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < Info || s > Critical {
		return "unknown"
	}
	return severityNames[s]
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	for i, n := range severityNames {
		if n == string(b) {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("unknown severity %q", b)
}

// Verdict is the scan's conclusion for the whole repository or package.
type Verdict int

// Verdicts. Their order matters: the exit code of "clearance lure scan"
// is the verdict's number.
const (
	Clean      Verdict = iota // nothing worth a look
	Review                    // hooks, auto-run tasks, binaries or odd names without code evidence
	Suspicious                // one strong signal: do not run it before a human has looked
	Malicious                 // a lure: code that runs remote or hidden code on a developer action
)

var verdictNames = [...]string{"clean", "review", "suspicious", "malicious"}

func (v Verdict) String() string {
	if v < Clean || v > Malicious {
		return "unknown"
	}
	return verdictNames[v]
}

// MarshalText writes the verdict's name.
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads a verdict's name.
func (v *Verdict) UnmarshalText(b []byte) error {
	for i, n := range verdictNames {
		if n == string(b) {
			*v = Verdict(i)
			return nil
		}
	}
	return fmt.Errorf("unknown verdict %q", b)
}

// verdictOf maps the most severe finding to a verdict: critical findings
// are lures, high ones suspicious, medium ones worth a review.
func verdictOf(s Severity) Verdict {
	switch s {
	case Critical:
		return Malicious
	case High:
		return Suspicious
	case Medium:
		return Review
	}
	return Clean
}

// Trigger names the developer action that runs the code a finding is in.
type Trigger string

// Triggers, from the earliest a developer meets to none at all.
const (
	OnOpen    Trigger = "on-open"    // opening the folder in VS Code/Cursor (folderOpen tasks, devcontainer, git fsmonitor)
	OnInstall Trigger = "on-install" // npm/pip install: lifecycle scripts, setup.py, and what they load
	OnDev     Trigger = "on-dev"     // npm run dev/build/test: build-tool configs and what they load
	OnStart   Trigger = "on-start"   // npm start / node server.js / python main.py and every file it imports
	OnImport  Trigger = "on-import"  // importing the package (its main module, a Python package's __init__.py)
	OnGit     Trigger = "on-git"     // a git hook or git config command (commit, checkout, push)
	NoTrigger Trigger = ""           // not on any path we know runs
)

// MarshalText writes the trigger, "none" for no trigger.
func (t Trigger) MarshalText() ([]byte, error) {
	if t == NoTrigger {
		return []byte("none"), nil
	}
	return []byte(t), nil
}

// UnmarshalText reads a trigger.
func (t *Trigger) UnmarshalText(b []byte) error {
	if string(b) == "none" {
		*t = NoTrigger
		return nil
	}
	*t = Trigger(b)
	return nil
}

// rank orders triggers by how little the developer has to do.
func (t Trigger) rank() int {
	switch t {
	case OnOpen:
		return 6
	case OnInstall:
		return 5
	case OnDev:
		return 4
	case OnStart:
		return 3
	case OnGit:
		return 2
	case OnImport:
		return 1
	}
	return 0
}

// Finding is one piece of evidence, with where it is, what runs it and
// what to do about it. Evidence is defanged and at most 200 characters.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Trigger  Trigger  `json:"trigger"`
	Evidence string   `json:"evidence"`
	Advice   string   `json:"advice"`
}

// SurfaceEntry is one file that runs on a developer action, and why.
type SurfaceEntry struct {
	File    string  `json:"file"`
	Trigger Trigger `json:"trigger"`
	Via     string  `json:"via"`
}

// Surface is the project's execution surface: what runs when.
type Surface struct {
	Entries []SurfaceEntry `json:"entries"`
	// Truncated counts entries left out to keep the report small.
	Truncated int `json:"truncated,omitempty"`
}

// Report is the result of one scan.
type Report struct {
	Verdict   Verdict   `json:"verdict"`
	Findings  []Finding `json:"findings"`
	Surface   Surface   `json:"surface"`
	IntelDate string    `json:"intel_date"`
	// Files counts the files looked at; Skipped those left out (vendored
	// dependency contents, oversized files).
	Files   int `json:"files"`
	Skipped int `json:"skipped"`
}

// IntelHit is an intelligence record for a package name (and version).
type IntelHit struct {
	Name      string `json:"name"`
	Version   string `json:"version,omitempty"`
	Source    string `json:"source"`    // who listed it: an OSV id, a report key
	Reference string `json:"reference"` // where to read about it (URL)
	Campaign  string `json:"campaign"`  // e.g. Contagious Interview, PolinRider
}

// Intel answers whether a dependency is known malicious. Ecosystems are
// "npm" and "pypi". An empty version asks about any version. Popular
// lists the well-known names of an ecosystem, for the typosquat check.
// Date says how fresh the list is (YYYY-MM-DD).
type Intel interface {
	Lookup(ecosystem, name, version string) (IntelHit, bool)
	Popular(ecosystem string) []string
	Date() string
}

// Options tune a scan. The zero value scans with no intelligence list.
type Options struct {
	// Intel checks dependency names; nil turns the name lists (known
	// malicious names, typosquats of popular names) off.
	Intel Intel
	// IncludeVendored analyses the contents of node_modules too, not only
	// the installed packages' names and install scripts.
	IncludeVendored bool
	// MaxFileSize bounds the bytes read of one file (default 4 MiB);
	// larger files get only the magic-byte and blank-run checks on their
	// first MaxFileSize bytes.
	MaxFileSize int64
	// Limits for archives; zero values take the defaults.
	Limits Limits
}

func (o Options) maxFile() int64 {
	if o.MaxFileSize > 0 {
		return o.MaxFileSize
	}
	return 4 << 20
}

// Scan scans a directory, a git working tree or an archive file (.zip,
// .tar, .tar.gz, .tgz, .whl, .vsix, .crx), chosen by what path is.
func Scan(ctx context.Context, path string, opts Options) (*Report, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		fs, err := dirFiles(ctx, path, opts)
		if err != nil {
			return nil, err
		}
		return scanFiles(ctx, fs, opts)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ScanArchive(ctx, f, st.Size(), path, opts)
}

// ScanArchive scans an archive read from r (size bytes) without
// extracting it to disk: entries are read into memory under the limits
// of opts.Limits, and unsafe entries (path traversal, absolute paths,
// links, devices) are refused and reported. name is used only to tell
// the format when the magic bytes do not.
func ScanArchive(ctx context.Context, r io.ReaderAt, size int64, name string, opts Options) (*Report, error) {
	fs, notes, err := readArchive(r, size, name, opts)
	if err != nil {
		return nil, err
	}
	rep, err := scanFiles(ctx, fs, opts)
	if err != nil {
		return nil, err
	}
	if len(notes) > 0 {
		rep.Findings = append(rep.Findings, notes...)
		finish(rep)
	}
	return rep, nil
}

// ScanBytes scans an archive held in memory, such as an upload.
func ScanBytes(ctx context.Context, b []byte, name string, opts Options) (*Report, error) {
	return ScanArchive(ctx, bytes.NewReader(b), int64(len(b)), name, opts)
}

// ScanFS scans a file system, such as os.DirFS or an fstest.MapFS. Only
// regular files are read; links are never followed.
func ScanFS(ctx context.Context, fsys fs.FS, opts Options) (*Report, error) {
	files, err := fsFiles(ctx, fsys, opts)
	if err != nil {
		return nil, err
	}
	return scanFiles(ctx, files, opts)
}
