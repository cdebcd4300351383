package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/clearance-screening/clearance/batchio"
	"golang.org/x/term"
)

// Batch exit codes, for scripts that gate on them: 0 no row alerted, 1
// some row alerted, 2 some row failed (or the batch could not run).
const (
	exitAlert  = 1
	exitFailed = 2
)

// batchFlags are the batch command's options, shared by the local and the
// distributed batch.
type batchFlags struct {
	in, out, format, outFormat string
	minScore                   float64
	minScoreSet                bool
	limit, workers             int
	noProgress                 bool
	checkpoint                 string
	checkpointEvery            int
	queue, resume              string
	chunkRows, maxDeliver      int
	ackWait                    time.Duration
	cpuProfile                 string
	inFmt, outFmt              batchio.Format
}

func runBatch(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("batch", "--in FILE [--out FILE] [flags]", "Screen every subject of a JSONL, CSV or XLSX file, in input order. A row that cannot be read or screened is reported on stderr and in the output, and the rest goes on.\nExit status: 0 no row alerted, 1 some row alerted, 2 some row failed or the batch could not run.\nWith --out FILE, a checkpoint beside it lets the same command resume after a crash or Ctrl-C.")
	var f batchFlags
	fs.StringVar(&f.in, "in", "", "input file, JSONL (one query object a line), CSV with a header, or XLSX (first sheet, header row); - for stdin")
	fs.StringVar(&f.out, "out", "-", "output file (JSONL, CSV or XLSX); - for stdout")
	fs.StringVar(&f.format, "format", "", "jsonl, csv or xlsx for input and output (default: from the file extensions; another extension is an error)")
	fs.StringVar(&f.outFormat, "out-format", "", "output format when it differs from the input's")
	var minScore minScoreFlag // checked as screen and the API check it
	fs.Var(&minScore, "min-score", "lowest score to write, 0 to 1; 0 writes every match scored (default: the alert threshold)")
	fs.IntVar(&f.limit, "limit", 10, "most matches per subject")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "screening goroutines")
	fs.BoolVar(&f.noProgress, "no-progress", false, "no progress bar even on a terminal")
	fs.StringVar(&f.checkpoint, "checkpoint", "", "checkpoint file (default: OUT.checkpoint; none when writing to stdout or reading stdin)")
	fs.IntVar(&f.checkpointEvery, "checkpoint-every", 20000, "rows between checkpoints")
	fs.StringVar(&f.queue, "queue", "", "nats://HOST:PORT: split the job into chunks for 'clearance worker' processes")
	fs.StringVar(&f.resume, "resume", "", "with --queue: resume this job (its ID is printed at the start)")
	fs.IntVar(&f.chunkRows, "chunk-rows", 4000, "with --queue: rows per chunk (at most 512 KiB of input)")
	f.queueFlags(fs)
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile of the screening (after the lists are loaded) to this file, for go tool pprof")
	if _, err := e.parseCommand(fs, args); err != nil {
		return err
	}
	if minScore.v != nil {
		f.minScore, f.minScoreSet = *minScore.v, true
	}
	if f.in == "" {
		fs.Usage()
		return errUsage
	}
	var err error
	if f.inFmt, f.outFmt, err = f.formats(); err != nil {
		return &exitStatus{exitFailed, err}
	}
	if f.queue != "" {
		if f.inFmt == batchio.XLSX || f.outFmt == batchio.XLSX {
			return &exitStatus{exitFailed, errors.New("--queue reads and writes JSONL or CSV, not XLSX: a workbook is not split into chunks; convert it, or run the batch locally")}
		}
		return e.runSubmit(ctx, &f)
	}
	if f.resume != "" {
		return &exitStatus{exitFailed, errors.New("--resume needs --queue")}
	}
	return e.runLocalBatch(ctx, &f)
}

// formats picks the input and output formats: --format for both, else
// each file's extension; standard input is JSONL unless said.
func (f *batchFlags) formats() (in, out batchio.Format, err error) {
	if f.format != "" {
		if in, err = batchio.ParseFormat(f.format); err != nil {
			return "", "", err
		}
	} else if in, err = batchio.FormatOf(f.in); err != nil {
		return "", "", err
	}
	switch {
	case f.outFormat != "":
		out, err = batchio.ParseFormat(f.outFormat)
	case f.format != "" || f.out == "-":
		out = in
	default:
		// An output of no known extension (/dev/stdout, results.txt) is
		// written as the input is.
		if out, err = batchio.FormatOf(f.out); err != nil {
			out, err = in, nil
		}
	}
	return in, out, err
}

// settings resolves what rows are screened with.
func (f *batchFlags) settings(threshold float64) batchio.Settings {
	s := batchio.Settings{Threshold: threshold, MinScore: threshold, Limit: f.limit, Out: f.outFmt}
	if f.minScoreSet {
		s.MinScore = f.minScore
	}
	if s.Limit <= 0 {
		s.Limit = 10
	}
	return s
}

// batchInput is an opened input file and what identifies it.
type batchInput struct {
	r      io.Reader
	file   *os.File // nil for stdin
	name   string   // for messages
	header []byte   // CSV header line
	start  batchio.Pos
	lr     *batchio.LineReader // for stdin, which cannot seek back past the header
	xlsx   *batchio.XLSXReader // for an XLSX workbook, read row by row
	ident  batchio.Checkpoint  // Input, InputSize, InputModTime
}

func (e *env) openInput(path string, format batchio.Format) (*batchInput, error) {
	in := &batchInput{r: e.stdin, name: "stdin"}
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		abs, _ := filepath.Abs(path)
		in.r, in.file, in.name = f, f, path
		in.ident = batchio.Checkpoint{Input: abs, InputSize: fi.Size(), InputModTime: fi.ModTime().UTC()}
	}
	if format == batchio.XLSX {
		x, err := batchio.OpenXLSX(in.r, in.name)
		in.close()
		if err != nil {
			return nil, err
		}
		in.xlsx, in.header, in.start, in.file = x, x.Header(), x.Pos(), nil
		return in, nil
	}
	if format == batchio.CSV {
		lr := batchio.NewLineReader(in.r, batchio.Pos{})
		for {
			l, err := lr.Next()
			if err != nil {
				in.close()
				if err == io.EOF {
					return nil, fmt.Errorf("%s: no CSV header", in.name)
				}
				return nil, err
			}
			if !l.Blank() {
				in.header = l.Text
				break
			}
		}
		in.start = lr.Pos()
		if in.file != nil {
			if _, err := in.file.Seek(in.start.Offset, io.SeekStart); err != nil {
				in.close()
				return nil, err
			}
		} else {
			in.lr = lr
		}
	}
	return in, nil
}

func (in *batchInput) close() {
	if in.xlsx != nil {
		in.xlsx.Close()
	}
	if in.file != nil {
		in.file.Close()
	}
}

func (e *env) runLocalBatch(ctx context.Context, f *batchFlags) error {
	in, err := e.openInput(f.in, f.inFmt)
	if err != nil {
		return &exitStatus{exitFailed, err}
	}
	defer in.close()
	parser, err := batchio.NewParser(f.inFmt, in.header)
	if err != nil {
		return &exitStatus{exitFailed, fmt.Errorf("%s: %w", in.name, err)}
	}
	// Load before touching the output, so that a failed load leaves an
	// existing output file as it was.
	snap, err := e.loadSnapshot()
	if err != nil {
		return &exitStatus{exitFailed, err}
	}
	want := in.ident
	want.Format, want.ListVersion, want.Settings = f.inFmt, snap.Version, f.settings(snap.Index.Threshold())

	ckPath := f.checkpoint
	if ckPath == "" && f.out != "-" && in.file != nil {
		ckPath = f.out + ".checkpoint"
	}
	if in.file == nil || f.out == "-" || f.outFmt == batchio.XLSX {
		// stdin cannot be read again, nor stdout cut back; a workbook is
		// read and written whole
		ckPath = ""
	}
	var stats batchio.Stats
	pos, outAt := in.start, int64(0)
	if ckPath != "" {
		ck, err := batchio.LoadCheckpoint(ckPath)
		if err != nil {
			return &exitStatus{exitFailed, err}
		}
		if ck != nil {
			if err := ck.Same(&want); err != nil {
				return &exitStatus{exitFailed, fmt.Errorf("checkpoint %s cannot resume this batch: %v; remove it to start over", ckPath, err)}
			}
			pos, outAt, stats = ck.In, ck.Out, ck.Stats
			if _, err := in.file.Seek(pos.Offset, io.SeekStart); err != nil {
				return &exitStatus{exitFailed, err}
			}
			fmt.Fprintf(e.stderr, "clearance: resuming %s after line %d (%d rows done) from %s\n", in.name, pos.Line, stats.Read, ckPath)
		}
	}
	var out *batchio.Output
	var finishXLSX func() error
	switch {
	case f.outFmt == batchio.XLSX:
		if out, finishXLSX, err = e.createXLSXOutput(f.out); err != nil {
			return &exitStatus{exitFailed, err}
		}
		// After out.Close flushed it: writes what was done when the batch stops early.
		defer finishXLSX()
	case f.out == "-":
		out = batchio.StreamOutput(e.stdout)
	default:
		if out, err = batchio.CreateOutput(f.out, outAt); err != nil {
			return &exitStatus{exitFailed, err}
		}
	}
	if !out.Resumable() {
		ckPath = ""
	}
	if outAt == 0 {
		out.Write(batchio.Header(f.outFmt))
	}
	var prog *progress
	if !f.noProgress && isTerminal(e.stderr) && in.ident.InputSize > 0 && in.xlsx == nil {
		prog = newProgress(e.stderr, in.ident.InputSize, pos.Offset)
	}
	start := time.Now()
	done := pos
	sinceCk := 0
	cker := batchio.NewCheckpointer(out, ckPath)
	checkpoint := func() batchio.Checkpoint {
		ck := want
		ck.In, ck.Stats = done, stats
		sinceCk = 0
		return ck
	}
	// save makes the rows written so far durable and records them, waiting
	// for it; the rows' loop saves in the background instead.
	save := func() error {
		if ckPath != "" && sinceCk > 0 {
			if err := cker.Start(checkpoint()); err != nil {
				return err
			}
		}
		return cker.Wait()
	}
	next := in.next(pos)
	screened := int64(0)
	stopProfile, err := startCPUProfile(f.cpuProfile)
	if err != nil {
		out.Close()
		return &exitStatus{exitFailed, err}
	}
	err = batchio.Run(ctx, next, f.workers, func(l batchio.Line) batchio.Row {
		return batchio.ScreenLine(snap.Index, parser, want.Settings, l)
	}, func(r batchio.Row) error {
		if _, err := out.Write(r.Out); err != nil {
			return err
		}
		stats.Add(r)
		screened++
		if batchRowHook != nil {
			batchRowHook(stats.Read)
		}
		if r.Err != "" {
			fmt.Fprintf(e.stderr, "clearance: %s line %d (id %q): %s\n", in.name, r.No, r.ID, r.Err)
		}
		done = batchio.Pos{Offset: r.End, Line: r.No}
		if sinceCk++; ckPath != "" && sinceCk >= f.checkpointEvery && !cker.Busy() {
			if err := cker.Start(checkpoint()); err != nil {
				return err
			}
		}
		if prog != nil {
			prog.update(stats.Read, r.End)
		}
		return nil
	})
	stopProfile()
	if prog != nil {
		prog.finish(stats.Read)
	}
	took := time.Since(start)
	if err != nil {
		// Keep what was written: the next run goes on from here.
		if serr := save(); serr == nil && ckPath != "" {
			err = fmt.Errorf("%w; %d rows are written; run the same command again to resume from %s", err, stats.Read, ckPath)
		}
		out.Close()
		return &exitStatus{exitFailed, err}
	}
	// The checkpoint in flight is written before the output is closed and
	// the checkpoint removed.
	if err := cker.Wait(); err != nil {
		out.Close()
		return &exitStatus{exitFailed, err}
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return &exitStatus{exitFailed, err}
	}
	if err := out.Close(); err != nil {
		return &exitStatus{exitFailed, err}
	}
	if finishXLSX != nil {
		if err := finishXLSX(); err != nil {
			return &exitStatus{exitFailed, fmt.Errorf("%s: %w", f.out, err)}
		}
	}
	if ckPath != "" {
		os.Remove(ckPath) // the output is whole
	}
	return e.batchSummary(in.name, stats, screened, took)
}

// next returns what reads the input's rows from pos.
func (in *batchInput) next(pos batchio.Pos) batchio.Source {
	switch {
	case in.xlsx != nil:
		return in.xlsx
	case in.lr != nil:
		return in.lr
	}
	return batchio.NewLineReader(in.r, pos)
}

// createXLSXOutput makes an XLSX output: rows are streamed into a
// workbook that finish (after the Output is closed) writes to path, or to
// stdout for "-". finish may be called more than once.
func (e *env) createXLSXOutput(path string) (out *batchio.Output, finish func() error, err error) {
	var w io.Writer = e.stdout
	var file *os.File
	if path != "-" {
		if file, err = os.Create(path); err != nil {
			return nil, nil, err
		}
		w = file
	}
	xw, err := batchio.NewXLSXWriter(w)
	if err != nil {
		if file != nil {
			file.Close()
		}
		return nil, nil, err
	}
	done, ferr := false, error(nil)
	finish = func() error {
		if done {
			return ferr
		}
		done = true
		ferr = xw.Close()
		if file != nil {
			if err := file.Sync(); ferr == nil && err != nil && !errors.Is(err, os.ErrInvalid) {
				ferr = err
			}
			if err := file.Close(); ferr == nil {
				ferr = err
			}
		}
		return ferr
	}
	return batchio.StreamOutput(xw), finish, nil
}

// batchRowHook, when set by a test, is called after each row is written.
var batchRowHook func(rows int64)

// batchSummary prints the counts on stderr and returns the exit status.
func (e *env) batchSummary(name string, s batchio.Stats, thisRun int64, took time.Duration) error {
	rate := float64(thisRun) / max(took.Seconds(), 1e-9)
	if e.json {
		writeJSON(e.stderr, map[string]any{"input": name, "read": s.Read, "screened": s.Screened, "alerted": s.Alerted, "failed": s.Failed, "seconds": took.Seconds(), "rows_per_second": rate})
	} else {
		fmt.Fprintf(e.stderr, "clearance: %s: %d rows read, %d screened, %d alerted, %d failed, in %s (%.0f rows/s)\n", name, s.Read, s.Screened, s.Alerted, s.Failed, took.Round(time.Millisecond), rate)
	}
	switch {
	case s.Failed > 0:
		return &exitStatus{code: exitFailed}
	case s.Alerted > 0:
		return &exitStatus{code: exitAlert}
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
