// Package evaluate measures the lure scanner on labelled material: the
// synthetic lures and look-alikes of lure/synth (recall at suspicious or
// worse, whether the top finding names the infected file, false alarms on
// the look-alikes, recall per technique × location cell and on held-out
// cells) and a corpus of benign npm packages (false alarms).
package evaluate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/clearance-screening/clearance/lure"
	"github.com/clearance-screening/clearance/lure/synth"
)

// Options tune an evaluation.
type Options struct {
	Scan lure.Options
	// Workers scans this many repositories at once; zero means GOMAXPROCS.
	Workers int
	// Isolated, if set, scans one benign package in a way that survives a
	// crash of the scanner (a child process): Benign uses it so that one
	// package the scanner panics on is reported as a scanner error instead
	// of ending the evaluation. Nil scans in this process.
	Isolated func(ctx context.Context, path string) (*lure.Report, error)
}

// CaseResult is the scanner's answer on one synthetic case.
type CaseResult struct {
	ID, Cell, Split string
	Malicious       bool
	Verdict         lure.Verdict
	Top             lure.Finding // the first (most severe) finding; zero if none
	// TopInFile: the top finding names one of the case's infected files;
	// TopInPrimary: the one holding the code that runs.
	TopInFile, TopInPrimary bool
	// TriggerOK: the top finding's trigger is the one the manifest expects.
	TriggerOK bool
	Err       error
}

// Detected says whether the scanner stopped the case: suspicious or worse.
func (c CaseResult) Detected() bool { return c.Verdict >= lure.Suspicious }

// Cell tallies one technique × location cell.
type Cell struct {
	Cell, Split     string
	Cases, Detected int
	TopInFile       int
	TriggerOK       int
	Misses          []string // IDs of cases below suspicious
}

// Recall is Detected/Cases.
func (c Cell) Recall() float64 { return ratio(c.Detected, c.Cases) }

// Result is an evaluation on the synthetic corpus.
type Result struct {
	Cases []CaseResult
	// On malicious cases.
	Malicious, Detected, TopInFile, TopInPrimary, TriggerOK int
	DevCases, DevDetected, HoldoutCases, HoldoutDetected    int
	// On benign look-alikes and untouched templates.
	Benign, FalseAlarms, Reviews int
	Cells                        []Cell
}

// Recall is the share of malicious cases found suspicious or worse.
func (r *Result) Recall() float64 { return ratio(r.Detected, r.Malicious) }

// TopInFileRate is the share of detected malicious cases whose top finding
// names an infected file.
func (r *Result) TopInFileRate() float64 { return ratio(r.TopInFile, r.Detected) }

// FalseAlarmRate is the share of benign cases found suspicious or worse.
func (r *Result) FalseAlarmRate() float64 { return ratio(r.FalseAlarms, r.Benign) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Synthetic scans every case of a corpus generated into dir (with its
// manifest m) and tallies the answers.
func Synthetic(ctx context.Context, dir string, m synth.Manifest, opt Options) (*Result, error) {
	res := &Result{Cases: make([]CaseResult, len(m.Cases))}
	err := parallel(ctx, len(m.Cases), opt.Workers, func(i int) {
		c := m.Cases[i]
		cr := CaseResult{ID: c.ID, Cell: c.Cell(), Split: c.Split, Malicious: c.Malicious}
		rep, err := scan(ctx, filepath.Join(dir, filepath.FromSlash(c.Dir)), opt.Scan)
		if err != nil {
			cr.Err = err
			res.Cases[i] = cr
			return
		}
		cr.Verdict = rep.Verdict
		if len(rep.Findings) > 0 {
			cr.Top = rep.Findings[0]
			for _, inf := range c.Infected {
				if inf.File == cr.Top.File {
					cr.TopInFile = true
					cr.TopInPrimary = cr.TopInPrimary || inf.Primary
				}
			}
			cr.TriggerOK = string(cr.Top.Trigger) == c.Trigger
		}
		res.Cases[i] = cr
	})
	if err != nil {
		return nil, err
	}
	for _, cr := range res.Cases {
		if cr.Err != nil {
			return nil, fmt.Errorf("scan %s: %w", cr.ID, cr.Err)
		}
	}
	return Tally(res.Cases), nil
}

// Tally computes the figures over case results, such as those of several
// corpora generated with different seeds.
func Tally(cases []CaseResult) *Result {
	res := &Result{Cases: cases}
	cells := map[string]*Cell{}
	for _, cr := range res.Cases {
		if !cr.Malicious {
			res.Benign++
			switch {
			case cr.Detected():
				res.FalseAlarms++
			case cr.Verdict == lure.Review:
				res.Reviews++
			}
			continue
		}
		res.Malicious++
		cell := cells[cr.Cell]
		if cell == nil {
			cell = &Cell{Cell: cr.Cell, Split: cr.Split}
			cells[cr.Cell] = cell
		}
		cell.Cases++
		if cr.Split == "holdout" {
			res.HoldoutCases++
		} else {
			res.DevCases++
		}
		if !cr.Detected() {
			cell.Misses = append(cell.Misses, cr.ID)
			continue
		}
		res.Detected++
		cell.Detected++
		if cr.Split == "holdout" {
			res.HoldoutDetected++
		} else {
			res.DevDetected++
		}
		if cr.TopInFile {
			res.TopInFile++
			cell.TopInFile++
		}
		if cr.TopInPrimary {
			res.TopInPrimary++
		}
		if cr.TriggerOK {
			res.TriggerOK++
			cell.TriggerOK++
		}
	}
	for _, c := range cells {
		res.Cells = append(res.Cells, *c)
	}
	sort.Slice(res.Cells, func(i, j int) bool { return res.Cells[i].Cell < res.Cells[j].Cell })
	return res
}

// BenignResult is an evaluation on a corpus of benign packages.
type BenignResult struct {
	Packages    int
	ByVerdict   map[lure.Verdict]int
	FalseAlarms []PackageResult // suspicious or worse
	Reviews     []PackageResult
	// Errors are packages the scanner failed on (an error or a panic);
	// they count in Packages but in no verdict.
	Errors []PackageResult
}

// PackageResult is the scanner's answer on one benign package.
type PackageResult struct {
	Path    string
	Verdict lure.Verdict
	Top     lure.Finding
	Err     error
}

// scan runs the scanner, turning a panic into an error so that one bad
// input is reported instead of ending the whole evaluation.
func scan(ctx context.Context, path string, opt lure.Options) (rep *lure.Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("scanner panic: %v", r)
		}
	}()
	return lure.Scan(ctx, path, opt)
}

// FalseAlarmRate is the share of packages found suspicious or worse.
func (b *BenignResult) FalseAlarmRate() float64 { return ratio(len(b.FalseAlarms), b.Packages) }

// Benign scans each path (a directory or archive, such as an npm .tgz)
// and tallies the verdicts; all of them should be clean or review.
func Benign(ctx context.Context, paths []string, opt Options) (*BenignResult, error) {
	out := make([]PackageResult, len(paths))
	err := parallel(ctx, len(paths), opt.Workers, func(i int) {
		var rep *lure.Report
		var err error
		if opt.Isolated != nil {
			rep, err = opt.Isolated(ctx, paths[i])
		} else {
			rep, err = scan(ctx, paths[i], opt.Scan)
		}
		if err != nil {
			out[i] = PackageResult{Path: paths[i], Err: err}
			return
		}
		out[i] = PackageResult{Path: paths[i], Verdict: rep.Verdict}
		if len(rep.Findings) > 0 {
			out[i].Top = rep.Findings[0]
		}
	})
	if err != nil {
		return nil, err
	}
	res := &BenignResult{ByVerdict: map[lure.Verdict]int{}}
	for _, p := range out {
		res.Packages++
		if p.Err != nil {
			res.Errors = append(res.Errors, p)
			continue
		}
		res.ByVerdict[p.Verdict]++
		switch {
		case p.Verdict >= lure.Suspicious:
			res.FalseAlarms = append(res.FalseAlarms, p)
		case p.Verdict == lure.Review:
			res.Reviews = append(res.Reviews, p)
		}
	}
	return res, nil
}

// CorpusPackages lists the package archives (*.tgz) and folders directly
// under dir, as fetch-benign.sh leaves them.
func CorpusPackages(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if e.IsDir() || strings.HasSuffix(e.Name(), ".tgz") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out, nil
}

func parallel(ctx context.Context, n, workers int, f func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	var err error
loop:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			err = ctx.Err()
			break loop
		}
	}
	close(next)
	wg.Wait()
	return err
}

// WriteText prints the synthetic figures and the per-cell table.
func (r *Result) WriteText(w io.Writer) {
	fmt.Fprintf(w, "synthetic lures: %d malicious cases, recall at suspicious+ %.1f%% (%d); dev cells %.1f%% of %d, held-out cells %.1f%% of %d\n",
		r.Malicious, 100*r.Recall(), r.Detected, 100*ratio(r.DevDetected, r.DevCases), r.DevCases, 100*ratio(r.HoldoutDetected, r.HoldoutCases), r.HoldoutCases)
	fmt.Fprintf(w, "top finding in an infected file: %.1f%% of detected (%d; in the primary file %d); expected trigger on top: %d\n",
		100*r.TopInFileRate(), r.TopInFile, r.TopInPrimary, r.TriggerOK)
	fmt.Fprintf(w, "benign look-alikes and clean templates: %d, false alarms (suspicious+) %d (%.1f%%), review %d\n",
		r.Benign, r.FalseAlarms, 100*r.FalseAlarmRate(), r.Reviews)
	fmt.Fprintf(w, "\n%-46s %-8s %5s %7s %8s\n", "technique@location", "split", "cases", "recall", "top-file")
	for _, c := range r.Cells {
		fmt.Fprintf(w, "%-46s %-8s %5d %6.0f%% %7.0f%%\n", c.Cell, c.Split, c.Cases, 100*c.Recall(), 100*ratio(c.TopInFile, c.Detected))
	}
	var misses, fas []string
	for _, c := range r.Cases {
		switch {
		case c.Malicious && !c.Detected():
			misses = append(misses, fmt.Sprintf("  %s: %s (%s)", c.ID, c.Verdict, describe(c.Top)))
		case !c.Malicious && c.Detected():
			fas = append(fas, fmt.Sprintf("  %s: %s (%s)", c.ID, c.Verdict, describe(c.Top)))
		}
	}
	if len(misses) > 0 {
		fmt.Fprintf(w, "\nmissed (%d):\n%s\n", len(misses), strings.Join(misses, "\n"))
	}
	if len(fas) > 0 {
		fmt.Fprintf(w, "\nfalse alarms (%d):\n%s\n", len(fas), strings.Join(fas, "\n"))
	}
}

// WriteText prints the benign corpus figures.
func (b *BenignResult) WriteText(w io.Writer) {
	fmt.Fprintf(w, "benign npm packages: %d, clean %d, review %d, suspicious %d, malicious %d, scanner errors %d; false alarms %.1f%%\n",
		b.Packages, b.ByVerdict[lure.Clean], b.ByVerdict[lure.Review], b.ByVerdict[lure.Suspicious], b.ByVerdict[lure.Malicious], len(b.Errors), 100*b.FalseAlarmRate())
	for _, p := range b.FalseAlarms {
		fmt.Fprintf(w, "  false alarm %s: %s (%s)\n", filepath.Base(p.Path), p.Verdict, describe(p.Top))
	}
	for _, p := range b.Reviews {
		fmt.Fprintf(w, "  review %s (%s)\n", filepath.Base(p.Path), describe(p.Top))
	}
	for _, p := range b.Errors {
		fmt.Fprintf(w, "  error %s: %v\n", filepath.Base(p.Path), p.Err)
	}
}

func describe(f lure.Finding) string {
	if f.Rule == "" {
		return "no findings"
	}
	return fmt.Sprintf("%s %s %s:%d", f.Rule, f.Severity, f.File, f.Line)
}

// ChildScan runs a command that scans one path and prints the report as
// JSON (such as "clearance lure scan --format json PATH"); cmd makes the
// command for a path. A child that prints no report (a crash, an error)
// comes back as an error with the first lines of what it wrote to
// stderr.
func ChildScan(cmd func(ctx context.Context, path string) *exec.Cmd) func(context.Context, string) (*lure.Report, error) {
	return func(ctx context.Context, path string) (*lure.Report, error) {
		c := cmd(ctx, path)
		var stdout, stderr bytes.Buffer
		c.Stdout, c.Stderr = &stdout, &stderr
		runErr := c.Run()
		var rep lure.Report
		if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
			msg := strings.TrimSpace(stderr.String())
			if lines := strings.SplitN(msg, "\n", 4); len(lines) > 3 {
				msg = strings.Join(lines[:3], " | ")
			}
			return nil, fmt.Errorf("no report (%v): %s", runErr, msg)
		}
		return &rep, nil
	}
}
