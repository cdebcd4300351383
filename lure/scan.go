package lure

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"regexp"
	"runtime"
	"strings"
	"sync"
)

// fileKind says which analysers read a file.
type fileKind uint8

const (
	kOther fileKind = iota
	kJS
	kJSON
	kEnv
	kPython
	kShell
	kMake
	kYAML
	kBinary
	kDisguised // a font or image that is really script text
	kMarkup    // HTML and SVG: their inline scripts are JavaScript
	kGitConfig
)

// fileState is one file's analysis.
type fileState struct {
	*file
	kind     fileKind
	js       *jsFacts
	py       *pyFacts
	findings []Finding
	trigger  Trigger
	via      string
	imports  []string // resolved relative imports (paths in the scan)
	imported bool     // some other file imports it
}

// scanner holds one scan's state.
type scanner struct {
	opts   Options
	files  []*fileState
	byPath map[string]*fileState
	// findings not tied to one file's analysis (surface, dependencies)
	extra    []Finding
	pkgs     []*pkgJSON
	skipped  int
	envURLs  map[string]string // .env key -> decoded URL
	execRefs map[string]bool   // files named by a command (node x, ./x)
	mu       sync.Mutex
}

var configNames = []string{
	"next.config", "vite.config", "vitest.config", "postcss.config", "tailwind.config", "astro.config", "nuxt.config",
	"svelte.config", "webpack.config", "rollup.config", "babel.config", "jest.config", "eslint.config", "craco.config",
	"hardhat.config", "truffle-config", "truffle.config", "remix.config", "gatsby-config", "gatsby-node", "quasar.config",
	"vue.config", "metro.config", "app.config", "playwright.config", "cypress.config", "tsup.config", "prettier.config",
	"commitlint.config", "lint-staged.config", "stylelint.config", "rspack.config", "esbuild.config", "ecosystem.config",
	".eslintrc", ".babelrc", ".prettierrc", ".postcssrc", ".stylelintrc", ".lintstagedrc", ".mocharc", "nodemon",
	"karma.conf", "gulpfile", "Gruntfile", "tsconfig",
}

// isConfig reports a build-tool configuration file that the dev, build,
// lint or test commands load (and so execute, for .js/.ts/.mjs/.cjs).
func isConfigFile(p string) bool {
	base := path.Base(p)
	if i := strings.IndexByte(base[1:], '.'); i >= 0 && jsExts[ext(base)] {
		stem := base[:strings.LastIndexByte(base, '.')]
		for _, c := range configNames {
			if stem == c {
				return true
			}
		}
	}
	return false
}

var (
	fontImageExts = map[string]bool{
		"woff": true, "woff2": true, "ttf": true, "otf": true, "eot": true, "png": true, "jpg": true, "jpeg": true,
		"gif": true, "ico": true, "bmp": true, "webp": true, "mp3": true, "mp4": true, "wav": true, "pdf": true,
		"avif": true, "tiff": true, "psd": true, "ogg": true, "webm": true,
	}
	binaryExts = map[string]bool{
		"exe": true, "dll": true, "so": true, "dylib": true, "msi": true, "pkg": true, "dmg": true, "apk": true,
		"appimage": true, "deb": true, "rpm": true, "scr": true, "sys": true, "bin": false, "node": true, "elf": true,
		"asar": true,
	}
)

func classify(f *file) fileKind {
	p, b := f.path, f.data
	base := path.Base(p)
	e := ext(p)
	switch {
	case strings.HasPrefix(p, ".git/") || strings.Contains(p, "/.git/"):
		if base == "config" {
			return kGitConfig
		}
		return kShell // a hook
	case binaryMagic(b) != "":
		return kBinary
	case fontImageExts[e]:
		if printable(head(b, 4096)) > 0.97 && looksLikeCode(string(head(b, 8192))) {
			return kDisguised
		}
		return kOther
	case e == "svg":
		t := bytes.TrimSpace(head(b, 512))
		t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
		if len(t) > 0 && t[0] != '<' && looksLikeCode(string(head(b, 8192))) {
			return kDisguised
		}
		return kMarkup
	case e == "html" || e == "htm":
		return kMarkup
	case jsExts[e]:
		return kJS
	case e == "json" || base == ".babelrc" || base == ".eslintrc" || e == "jsonc":
		return kJSON
	case base == ".env" || strings.HasPrefix(base, ".env.") || strings.HasSuffix(base, ".env") || strings.Contains(base, ".env.") || base == "env.example":
		return kEnv
	case e == "py" || e == "pyw":
		return kPython
	case e == "sh" || e == "bash" || e == "zsh" || e == "command" || e == "ps1" || e == "bat" || e == "cmd" || strings.HasPrefix(p, ".husky/") && !strings.HasPrefix(p, ".husky/_/"):
		return kShell
	case base == "Makefile" || base == "makefile" || base == "GNUmakefile" || e == "mk":
		return kMake
	case e == "yml" || e == "yaml":
		return kYAML
	case binaryExts[e]:
		return kBinary
	}
	return kOther
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// binaryMagic names an executable format from its first bytes.
func binaryMagic(b []byte) string {
	switch {
	case len(b) >= 4 && string(b[:4]) == "\x7fELF":
		return "ELF"
	case len(b) >= 0x40 && b[0] == 'M' && b[1] == 'Z':
		off := int(b[0x3c]) | int(b[0x3d])<<8 | int(b[0x3e])<<16 | int(b[0x3f])<<24
		if off > 0 && off+4 <= len(b) && string(b[off:off+4]) == "PE\x00\x00" {
			return "PE"
		}
	case len(b) >= 4 && (string(b[:4]) == "\xfe\xed\xfa\xce" || string(b[:4]) == "\xfe\xed\xfa\xcf" || string(b[:4]) == "\xce\xfa\xed\xfe" || string(b[:4]) == "\xcf\xfa\xed\xfe"):
		return "Mach-O"
	case len(b) >= 8 && string(b[:4]) == "\xca\xfe\xba\xbe" && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] > 0 && b[7] < 20:
		return "Mach-O universal"
	}
	return ""
}

// scanFiles runs the whole pipeline over a file set.
func scanFiles(ctx context.Context, files []*file, opts Options) (rep *Report, err error) {
	defer func() {
		if r := recover(); r != nil {
			rep, err = nil, fmt.Errorf("lure: internal error: %v", r)
		}
	}()
	s := &scanner{opts: opts, byPath: map[string]*fileState{}, envURLs: map[string]string{}, execRefs: map[string]bool{}}
	for _, f := range files {
		fs := &fileState{file: f}
		s.files = append(s.files, fs)
		s.byPath[f.path] = fs
	}
	// 1. read and analyse each file on its own, in parallel
	if err := s.parallel(ctx, func(fs *fileState) {
		// a bug in one analyser must cost one file, not the scan
		defer func() {
			if r := recover(); r != nil {
				fs.js, fs.py = nil, nil
				fs.findings = append(fs.findings[:0], Finding{Rule: "analysis-error", Severity: Low, File: fs.path,
					Evidence: clip(fmt.Sprint("the scanner failed on this file: ", r)), Advice: "Read this file by hand; the scanner could not."})
			}
		}()
		if fs.read != nil && fs.data == nil {
			b, trunc, err := fs.read()
			if err != nil {
				return
			}
			fs.data, fs.truncated = b, trunc
		}
		fs.kind = classify(fs.file)
		s.analyzeFile(fs)
	}); err != nil {
		return nil, err
	}
	// 2. what runs when
	s.surface()
	// a file in a cache or build folder (scripts/.cache/setup.js) that a
	// script or task runs by name is the project's code, not a vendored
	// bundle: analysed again with every rule
	for _, fs := range s.files {
		if fs.vendored && !fs.depMeta && s.execRefs[fs.path] && fs.data != nil {
			fs.vendored, fs.findings = false, nil
			s.analyzeFile(fs)
		}
	}
	// 3. one import hop of taint between files
	if err := s.crossFile(ctx); err != nil {
		return nil, err
	}
	// 4. findings from each file's facts, now that triggers are known
	for _, fs := range s.files {
		s.factFindings(fs)
	}
	s.dependencies()
	rep = &Report{Files: len(s.files), Skipped: s.skipped}
	if opts.Intel != nil {
		rep.IntelDate = opts.Intel.Date()
	}
	for _, fs := range s.files {
		rep.Findings = append(rep.Findings, fs.findings...)
	}
	rep.Findings = append(rep.Findings, s.extra...)
	rep.Surface = s.surfaceReport()
	s.correlate(rep)
	finish(rep)
	return rep, nil
}

// parallel runs fn over the files on all cores.
func (s *scanner) parallel(ctx context.Context, fn func(*fileState)) error {
	n := runtime.GOMAXPROCS(0)
	ch := make(chan *fileState, 64)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for fs := range ch {
				fn(fs)
			}
		}()
	}
	var err error
	for i, fs := range s.files {
		if i%256 == 0 {
			if err = ctx.Err(); err != nil {
				break
			}
		}
		ch <- fs
	}
	close(ch)
	wg.Wait()
	return err
}

func (fs *fileState) add(f Finding) {
	f.File = fs.path
	fs.findings = append(fs.findings, f)
}

// analyzeFile runs the per-file analysers that need no other file.
func (s *scanner) analyzeFile(fs *fileState) {
	if fs.depMeta {
		return
	}
	b := fs.data
	switch fs.kind {
	case kJS:
		// wasm-bindgen glue fetches a .wasm and reads strings out of its
		// memory: name-level taint would see fetched code everywhere
		wasmGlue := bytes.Contains(b, []byte("WebAssembly.instantiate"))
		light := fs.vendored && !isConfigFile(fs.path) || isMinifiedName(fs.path) || minifiedContent(b) || wasmGlue
		fs.js = analyzeJSMode(b, isConfigFile(fs.path), nil, light)
		if !fs.vendored && !isMinifiedName(fs.path) {
			s.packedLines(fs)
		}
		if light && !wasmGlue {
			s.addedToBundle(fs)
		}
	case kDisguised:
		fs.js = analyzeJS(b, false, nil)
		fs.add(Finding{Rule: "disguised-script", Severity: High, Line: 1,
			Evidence: evidence("." + ext(fs.path) + " file holds script text: " + string(head(b, 120))),
			Advice:   "A font or image that is really JavaScript is how lures hide their loader; something in the project will run it with node."})
	case kMarkup:
		s.inlineScripts(fs)
	case kPython:
		fs.py = analyzePython(b)
	case kEnv:
		s.envFile(fs)
	case kShell:
		hits, lines, _ := shellFileHits(b)
		for i, h := range hits {
			fs.add(Finding{Rule: h.rule, Severity: h.sev, Line: lines[i], Evidence: evidence(h.evidence), Advice: h.advice})
		}
	case kYAML:
		// CI workflows and compose files run in CI or containers, not on
		// the developer's machine: their commands are worth a review
		for n, line := range strings.Split(string(b), "\n") {
			m := yamlCmdRe.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, h := range analyzeCommand(m[1]).hits {
				fs.add(Finding{Rule: h.rule, Severity: min(h.sev, Medium), Line: n + 1, Evidence: evidence(h.evidence), Advice: h.advice})
			}
		}
	case kBinary:
		kind := binaryMagic(b)
		if kind == "" {
			kind = "." + ext(fs.path)
		}
		sev := Medium
		if fs.vendored {
			sev = Low
		}
		fs.add(Finding{Rule: "binary-in-repo", Severity: sev, Evidence: evidence(kind + " executable or installer, " + sizeText(fs.size)),
			Advice: "A coding test has no reason to ship executables or installers; do not run it."})
		return
	}
	switch fs.kind {
	case kJS, kPython, kShell, kEnv, kMake, kDisguised, kGitConfig, kYAML:
		s.blankRuns(fs)
	case kJSON:
		switch path.Base(fs.path) {
		case "package.json", "tasks.json", "settings.json", "launch.json", "devcontainer.json", ".devcontainer.json":
			s.blankRuns(fs)
		}
	}
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return itoa(int(n>>20)) + " MiB"
	case n >= 1<<10:
		return itoa(int(n>>10)) + " KiB"
	}
	return itoa(int(n)) + " bytes"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// blankRuns finds code pushed out of sight: content after a run of at
// least 100 blanks on one line (PolinRider appends its loader this way
// to next.config.js, postcss.config.js, tailwind.config.js).
func (s *scanner) blankRuns(fs *fileState) {
	b := fs.data
	line := 1
	start := 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != '\n' {
			continue
		}
		ln := b[start:i]
		if len(ln) >= 100 {
			if col, n := longestBlankRun(ln); n >= 100 {
				tail := bytes.TrimSpace(ln[col+n:])
				lead := bytes.TrimSpace(ln[:col])
				// a padding string ("   …   ';") leaves a short tail; code needs room
				if len(tail) >= 12 && (len(lead) > 0 || n >= 200) {
					sev := High
					if fs.vendored && !tailCodeRe.Match(tail) {
						sev = Low // generated bundles pad oddly; a payload has its sink in the tail
					}
					ev := itoa(n) + " blanks at column " + itoa(col+1) + ", then: " + string(head(tail, 140))
					fs.add(Finding{Rule: "hidden-tail", Severity: sev, Line: line, Evidence: evidence(ev),
						Advice: "Code hidden past the right edge of the editor after a long run of blanks is a known way to slip a loader into a config file. Do not run the project; look at the end of this line."})
					return
				}
			}
		}
		line++
		start = i + 1
	}
}

func longestBlankRun(ln []byte) (col, n int) {
	best, bestAt := 0, 0
	run, at := 0, 0
	for i, c := range ln {
		if c == ' ' || c == '\t' || c == '\r' {
			if run == 0 {
				at = i
			}
			run++
			if run > best {
				best, bestAt = run, at
			}
			continue
		}
		run = 0
	}
	return bestAt, best
}

// inlineScripts analyses <script> bodies of HTML and SVG files.
func (s *scanner) inlineScripts(fs *fileState) {
	b := fs.data
	lower := bytes.ToLower(b)
	var all []byte
	for off := 0; off < len(lower); {
		i := bytes.Index(lower[off:], []byte("<script"))
		if i < 0 {
			break
		}
		i += off
		gt := bytes.IndexByte(lower[i:], '>')
		if gt < 0 {
			break
		}
		body := i + gt + 1
		end := bytes.Index(lower[body:], []byte("</script"))
		if end < 0 {
			end = len(lower) - body
		}
		// keep line numbers: blank out everything but script bodies
		if all == nil {
			all = make([]byte, len(b))
			for k, c := range b {
				if c == '\n' {
					all[k] = '\n'
				} else {
					all[k] = ' '
				}
			}
		}
		copy(all[body:body+end], b[body:body+end])
		off = body + end
	}
	if all != nil {
		fs.js = analyzeJS(all, false, nil)
	}
}

// envFile reads KEY=VALUE lines: a URL to a raw IP, or a value that
// decodes to a URL, is how lures smuggle their C2 address past review.
func (s *scanner) envFile(fs *fileState) {
	for n, line := range strings.Split(string(fs.data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		v = strings.Trim(strings.TrimSpace(v), `"'`)
		if d, how := decodeConstant(v); d != "" {
			if looksLikeURL(d) {
				sev := Medium
				if h, port := hostOf(d); isRawIP(h) || c2Port[port] || c2PathRe.MatchString(d) {
					sev = High
				}
				s.recordEnvURL(k, d)
				fs.add(Finding{Rule: "env-encoded-url", Severity: sev, Line: n + 1,
					Evidence: evidence(k + " holds a " + how + "-encoded URL: " + d),
					Advice:   "An environment value that decodes to a URL hides where the code will connect; lures fetch and run code from such URLs."})
			} else if looksLikeCode(d) {
				fs.add(Finding{Rule: "env-encoded-code", Severity: High, Line: n + 1,
					Evidence: evidence(k + " holds " + how + "-encoded code: " + d),
					Advice:   "Code hidden in an environment file is meant to be decoded and run."})
			}
			continue
		}
		if looksLikeURL(v) {
			h, port := hostOf(v)
			if isRawIP(h) && (c2Port[port] || c2PathRe.MatchString(v)) {
				s.recordEnvURL(k, v)
				fs.add(Finding{Rule: "env-c2-url", Severity: High, Line: n + 1, Evidence: evidence(k + "=" + v),
					Advice: "The environment points the code at a bare IP address on a port or path used by known lure servers."})
			} else if isRawIP(h) || pasteHost(h) {
				s.recordEnvURL(k, v)
			}
		}
	}
}

func (s *scanner) recordEnvURL(k, v string) {
	s.mu.Lock()
	s.envURLs[k] = v
	s.mu.Unlock()
}

var yamlCmdRe = regexp.MustCompile(`^\s*(?:-\s*)?(?:run|command|entrypoint|script|cmd|postCreateCommand)\s*:\s*[|>]?\s*(.+)$`)

var tailCodeRe = regexp.MustCompile(`\beval\b|\bFunction\b|\brequire\b|global\[|\batob\b|_0x|child_process|fromCharCode|_\$_`)

var packedSinkRe = regexp.MustCompile(`\beval\s*\(|\bFunction\s*\(|new\s+Function\b|child_process|\bglobal\[|fromCharCode|\batob\s*\(|\.constructor\s*\(`)

var packedWordRe = regexp.MustCompile(`\beval\b|\bFunction\b|\brequire\b|fromCharCode|charCodeAt|\bglobal\[|\batob\b|\\x[0-9a-f]{2}|\bsplit\(|\bparseInt\(|child_process`)

// packedLines flags a line of thousands of characters of code in a
// project's own source: loaders appended to a config or route are
// packed, while honest source is formatted.
func (s *scanner) packedLines(fs *fileState) {
	b := fs.data
	line, start := 1, 0
	lines := bytes.Count(b, []byte{'\n'}) + 1
	if lines < 3 || minifiedContent(b) {
		return // a bundle, not formatted source with something added
	}
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != '\n' {
			continue
		}
		if i-start > 3000 {
			ln := b[start:i]
			words := map[string]bool{}
			for _, m := range packedWordRe.FindAll(ln, 200) {
				words[string(m)] = true
			}
			t := bytes.TrimSpace(ln)
			data := len(t) > 0 && (t[0] == '"' || t[0] == '\'' || t[0] == '`') // a data line inside a long literal
			sink := packedSinkRe.Match(ln) && !data
			if len(words) >= 3 && sink && line > 2 && formattedBefore(b[:start]) {
				fs.add(Finding{Rule: "packed-code", Severity: High, Line: line,
					Evidence: evidence(itoa(i-start) + " characters of packed code on one line: " + string(head(bytes.TrimSpace(ln), 100))),
					Advice:   "A packed line of code inside otherwise formatted source is how loaders are appended to configs and routes. Do not run the project."})
				return
			}
		}
		line++
		start = i + 1
	}
}

// minifiedContent reports a file made of a few very long lines: a
// bundle or a copied minified library, whatever its name.
// addedToBundle reads the first and last lines of a minified or
// vendored file on their own, with every rule: a loader appended to
// jquery.min.js (or put before it) is short next to the library, and
// the light analysis a bundle gets would not follow its callbacks.
func (s *scanner) addedToBundle(fs *fileState) {
	b := bytes.TrimRight(fs.data, " \t\r\n")
	first := bytes.IndexByte(b, '\n')
	last := bytes.LastIndexByte(b, '\n')
	if first < 0 {
		return // one line: the library itself
	}
	type cand struct {
		text []byte
		line int
	}
	cands := []cand{{b[last+1:], bytes.Count(b[:last+1], []byte("\n")) + 1}}
	if first != last {
		cands = append(cands, cand{b[:first], 1})
	}
	for _, c := range cands {
		t := bytes.TrimSpace(c.text)
		if len(t) < 20 || len(t) > 20000 || bytes.HasPrefix(t, []byte("//")) || bytes.HasPrefix(t, []byte("/*")) {
			continue
		}
		f := analyzeJS(t, false, nil)
		for _, sk := range f.sinks {
			if sk.tainted {
				fs.add(Finding{Rule: "remote-code-exec", Severity: Critical, Line: c.line,
					Evidence: evidence("code added to a minified file: " + sk.name + "(" + sk.args + ") runs what " + sk.source + " fetched"),
					Advice:   "A line added before or after a minified library fetches code and runs it: a vendored file was trojanised. Do not run the project."})
				break
			}
		}
	}
}

func minifiedContent(b []byte) bool {
	long, lines, start := 0, 0, 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != '\n' {
			continue
		}
		lines++
		if i-start > 1000 {
			long++
		}
		start = i + 1
	}
	return long > 2 || long*5 > lines
}

// browserAsset reports a file under a web root (public/, static/,
// assets/): the browser loads it, node does not unless something runs it.
func browserAsset(p string) bool {
	for _, d := range []string{"public/", "static/", "assets/", "wwwroot/", "www/"} {
		if strings.HasPrefix(p, d) || strings.Contains(p, "/"+d) {
			return true
		}
	}
	return false
}

// formattedBefore reports formatted source ahead of a packed line: at
// least three short non-blank lines, so the packed line was added to
// source rather than being a bundle's only line.
func formattedBefore(b []byte) bool {
	n := 0
	for _, l := range bytes.Split(b, []byte{'\n'}) {
		if t := bytes.TrimSpace(l); len(t) > 0 && len(l) < 300 {
			n++
		}
	}
	return n >= 3
}
