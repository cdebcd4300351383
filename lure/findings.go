package lure

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

var (
	// c2Port are ports the BeaverTail/InvisibleFerret servers listen on.
	c2Port = map[string]bool{"1224": true, "1244": true, "1245": true, "2245": true, "27017": true, "1215": true}
	// c2PathRe are URL paths of the lure servers and loaders (ESET,
	// Socket, Unit 42 write-ups).
	c2PathRe = regexp.MustCompile(`(?i)/(pdown|client/\d+/\d+|api/ipcheck(-encrypted)?(/\d+)?|api/checkStatus|\$/boot|\$/1|u/[ef]\b|mclip|brow/|adc/|api/clip|keys\b|payload/)`)
)

// pasteHost names JSON-bin, paste and serverless hosts that lures use as
// dead-drops; they are benign unless what they return is executed.
func pasteHost(h string) bool {
	for _, s := range []string{"npoint.io", "jsonkeeper.com", "jsonbin.io", "pastebin.com", "paste.ee", "hastebin", "rentry.co", "vercel.app", "onrender.com", "trongrid.io", "bsc-dataseed", "glitch.me", "ngrok", "workers.dev", "gist.githubusercontent.com", "raw.githubusercontent.com", "jsonblob.com", "mockapi.io", "extendsclass.com"} {
		if strings.Contains(h, s) {
			return true
		}
	}
	return false
}

// crossFile re-analyses the files that import a module whose exports
// carry fetched data or run their argument, so that the taint follows
// one import hop.
func (s *scanner) crossFile(ctx context.Context) error {
	summaries := map[string]*importSummary{}
	for _, fs := range s.files {
		if fs.js != nil && (len(fs.js.exportTaint) > 0 || len(fs.js.exportSink) > 0) {
			summaries[fs.path] = &importSummary{taint: fs.js.exportTaint, sink: fs.js.exportSink}
		}
	}
	if len(summaries) == 0 {
		return nil
	}
	for _, fs := range s.files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if fs.js == nil || fs.kind != kJS {
			continue
		}
		need := false
		for _, t := range fs.imports {
			if summaries[t] != nil {
				need = true
			}
		}
		if !need {
			continue
		}
		from := fs.path
		fs.js = analyzeJS(fs.data, isConfigFile(fs.path), func(spec string) *importSummary {
			return summaries[s.importTarget(from, spec)]
		})
	}
	return nil
}

// factFindings turns a file's analysis into findings.
func (s *scanner) factFindings(fs *fileState) {
	for i := range fs.findings {
		if fs.findings[i].Trigger == NoTrigger {
			fs.findings[i].Trigger = fs.trigger
		}
	}
	if fs.js != nil {
		s.jsFindings(fs, fs.js, "")
	}
	if fs.py != nil {
		s.pyFindings(fs)
	}
}

func sinkAdvice(s sinkUse) string {
	if s.code {
		return "This code fetches text from the network and runs it as JavaScript: the loader of the fake-job lures. Do not run, install or start the project."
	}
	return "This code runs a command built from what it fetches from the network. Do not run the project."
}

// jsFindings reports what a JavaScript file's facts show. prefix marks
// findings from decoded text.
func (s *scanner) jsFindings(fs *fileState, f *jsFacts, prefix string) {
	add := func(fd Finding) {
		fd.Trigger = fs.trigger
		fs.add(fd)
	}
	vendored := fs.vendored || isMinifiedName(fs.path) || (browserAsset(fs.path) && fs.trigger == NoTrigger && !s.execRefs[fs.path] && minifiedContent(fs.data))
	netish := f.netCalls > 0 || len(f.taintedNames) > 0
	for _, sk := range f.sinks {
		switch {
		case sk.pathOnly && !sk.code:
			add(Finding{Rule: "download-and-run", Severity: Medium, Line: sk.line,
				Evidence: evidence(prefix + sk.name + "(" + sk.args + ") runs a file written from a download"),
				Advice:   "The code downloads a program and runs it. Installers of well-known tools do this; a coding test should not."})
			continue
		case sk.tainted && vendored && len(sk.source) <= 2:
			// minified code reuses one-letter names in every scope; a
			// token-level flow through them proves nothing
			continue
		case sk.tainted:
			sev := High
			if sk.code || fs.trigger != NoTrigger {
				sev = Critical
			}
			add(Finding{Rule: "remote-code-exec", Severity: sev, Line: sk.line,
				Evidence: evidence(prefix + sk.name + "(" + sk.args + ") runs what " + sk.source + " fetched"),
				Advice:   sinkAdvice(sk)})
		case sk.decoded && sk.code:
			add(Finding{Rule: "decoded-code-exec", Severity: High, Line: sk.line,
				Evidence: evidence(prefix + sk.name + "(" + sk.args + ")"),
				Advice:   "The code decodes a hidden constant and runs it. Decode it by hand (never run it) to see what it does."})
		case sk.code && (sk.name == "eval" || strings.Contains(sk.name, "Function") || strings.HasPrefix(sk.name, "vm.") || sk.name == "constructor.constructor" || sk.name == "module._compile") && !vendored:
			if isStringLiteralArg(sk.args) {
				continue
			}
			add(Finding{Rule: "dynamic-code", Severity: Low, Line: sk.line,
				Evidence: evidence(prefix + sk.name + "(" + sk.args + ")"),
				Advice:   "Code built at run time; harmless alone, a lure when what it runs comes from the network or a hidden constant."})
		}
	}
	// obfuscation
	score := 0
	if f.underscore0x >= 10 {
		score++
	}
	if f.underscore0x >= 40 {
		score++
	}
	if f.rotation {
		score++
	}
	if f.bigStrArray >= 100 && (f.underscore0x > 0 || f.rotation || f.pushShift) {
		score++
	}
	if f.pushShift && (f.rotation || f.underscore0x >= 10) {
		score++ // the string-array rotation: arr['push'](arr['shift']())
	}
	if f.hexNums >= 60 && (f.rotation || f.pushShift || f.underscore0x >= 10) {
		score++
	}
	if len(f.markers) > 0 {
		add(Finding{Rule: "campaign-marker", Severity: Critical, Line: f.markerLine,
			Evidence: evidence(prefix + "loader marker " + strings.Join(uniq(f.markers), ", ")),
			Advice:   "This string is a marker of the PolinRider shuffle-cipher loader, which infects config files of developers' repositories. Do not run the project; warn its owner."})
	}
	if f.globalRequire > 0 && !vendored {
		add(Finding{Rule: "global-require", Severity: High, Line: f.globalRequire,
			Evidence: evidence(prefix + "require stored into a global (global[…] = require)"),
			Advice:   "Loaders put require into a global slot so that code built from strings can load modules; application code has no need for it."})
	}
	if score >= 2 {
		sev := High
		if vendored {
			sev = Low
		}
		add(Finding{Rule: "obfuscated-code", Severity: sev, Line: 1,
			Evidence: evidence(prefix + "obfuscator.io shape: " + itoa(f.underscore0x) + " _0x names" + cond(f.rotation, ", string-array rotation loop", "") + cond(f.bigStrArray >= 100, ", array of "+itoa(f.bigStrArray)+" strings", "")),
			Advice:   "Project source has no reason to be obfuscated; lures hide their loader this way. Do not run it."})
	}
	// programs written as string literals: reported when, read as
	// JavaScript, they fetch code and run it
	if prefix == "" && !vendored {
		for _, d := range f.embedded {
			sub := analyzeJS([]byte(d.text), false, nil)
			runs := false
			for _, sk := range sub.sinks {
				runs = runs || sk.tainted
			}
			if !runs {
				continue
			}
			for i := range sub.sinks {
				sub.sinks[i].line = d.line
			}
			sub.markerLine, sub.decoded, sub.strs, sub.envWhole, sub.globalRequire = d.line, nil, nil, 0, 0
			s.jsFindings(fs, sub, "code in a string: ")
		}
	}
	// decoded constants: URLs and code
	for _, d := range f.decoded {
		switch {
		case looksLikeCode(d.text) && prefix == "":
			sub := analyzeJS([]byte(d.text), false, nil)
			add(Finding{Rule: "encoded-code", Severity: High, Line: d.line,
				Evidence: evidence(d.how + "-encoded code: " + d.text),
				Advice:   "Code hidden in an encoded constant is meant to be decoded and run."})
			// analyse what was hidden, at the line of the constant
			for i := range sub.sinks {
				sub.sinks[i].line = d.line
			}
			sub.markerLine = d.line
			for i := range sub.decoded {
				sub.decoded[i].line = d.line
			}
			for i := range sub.strs {
				sub.strs[i].line = d.line
			}
			sub.envWhole = min(sub.envWhole, 1) * d.line
			s.jsFindings(fs, sub, "decoded: ")
		case looksLikeURL(d.text):
			sev := Medium
			h, port := hostOf(d.text)
			if isRawIP(h) || c2Port[port] || c2PathRe.MatchString(d.text) {
				sev = High
			}
			add(Finding{Rule: "encoded-url", Severity: sev, Line: d.line,
				Evidence: evidence(prefix + d.how + "-encoded URL: " + d.text),
				Advice:   "A URL written encoded hides where the code connects."})
		}
	}
	// shell commands written in the code that download and run a script
	// (curl … | sh for each OS), run by child_process in the same file
	if !vendored {
		runsCmd := false
		for _, sk := range f.sinks {
			runsCmd = runsCmd || strings.HasPrefix(sk.name, "child_process")
		}
		for _, st := range f.strs {
			if !strings.Contains(st.text, "|") && !strings.Contains(st.text, "&&") && !strings.Contains(st.text, ";") || !downloaderRe.MatchString(st.text) {
				continue
			}
			for _, h := range analyzeCommand(st.text).hits {
				if h.sev < High {
					continue
				}
				sev := Medium
				if runsCmd {
					sev = Critical
				}
				add(Finding{Rule: h.rule, Severity: sev, Line: st.line, Evidence: evidence(prefix + "command in the code: " + h.evidence),
					Advice: h.advice + cond(runsCmd, " The file runs commands with child_process.", "")})
				break
			}
		}
	}
	// network indicators in plain strings
	c2Done := false
	for _, st := range f.strs {
		if c2Done || !strings.Contains(st.text, "://") {
			continue
		}
		for _, u := range urlRe.FindAllString(st.text, 4) {
			h, port := hostOf(u)
			full := st.text
			if isRawIP(h) && (c2Port[port] || c2PathRe.MatchString(full)) {
				add(Finding{Rule: "c2-url", Severity: High, Line: st.line, Evidence: evidence(prefix + full),
					Advice: "A bare IP address on a port or path used by the lure servers (BeaverTail, InvisibleFerret)."})
				c2Done = true
				break
			}
		}
	}
	// stealer paths
	exfil := f.netSend || netish
	if !vendored || netish {
		if fd, ok := stealerFinding(findStealerPaths(f.strs), exfil); ok && !(vendored && fd.Severity < Critical) {
			fd.Evidence = evidence(prefix + fd.Evidence)
			add(fd)
		}
	}
	if f.envWhole > 0 && (f.netSend || netish) {
		add(Finding{Rule: "env-exfil", Severity: High, Line: f.envWhole,
			Evidence: evidence(prefix + "process.env sent whole over the network"),
			Advice:   "The code sends every environment variable (tokens, keys, passwords) to a server."})
	}
	_, hn := f.fingerprint["hostname"]
	_, ui := f.fingerprint["userInfo"]
	_, ni := f.fingerprint["networkInterfaces"]
	// platform, arch and release alone are what every telemetry client
	// reports; a lure also takes who and where (host, user, MAC)
	if len(f.fingerprint) >= 3 && (hn || ui || ni) && (f.netSend || netish) {
		var names []string
		line := 0
		for n, l := range f.fingerprint {
			names = append(names, "os."+n)
			if line == 0 || l < line {
				line = l
			}
		}
		sort.Strings(names)
		add(Finding{Rule: "host-fingerprint", Severity: High, Line: line,
			Evidence: evidence(prefix + strings.Join(names, ", ") + " collected and sent over the network"),
			Advice:   "The code profiles this machine (host name, user, platform, network cards) and reports it: the first stage of the lures."})
	}
	if f.afterExport != "" && prefix == "" {
		add(Finding{Rule: "code-after-export", Severity: Medium, Line: f.afterLine,
			Evidence: evidence("after the final export: " + f.afterExport),
			Advice:   "Configuration files end with their export; code after it is how infected configs carry a loader."})
	}
	if f.dotenvPath != "" && prefix == "" {
		add(Finding{Rule: "dotenv-example", Severity: Medium, Line: f.dotenvLine,
			Evidence: evidence("dotenv reads " + f.dotenvPath),
			Advice:   "dotenv is pointed at a committed example file, so values in it (a URL to fetch code from) take effect right after cloning."})
	}
	for _, nf := range f.spawnsNode {
		e := ext(nf)
		if e != "" && !jsExts[e] && e != "json" && strings.Contains(nf, ".") {
			add(Finding{Rule: "node-on-non-js", Severity: High, Line: 1, Evidence: evidence(prefix + "spawns node on " + nf),
				Advice: "The code runs node on a file that does not claim to be JavaScript."})
		}
	}
}

func cond(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

func uniq(l []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func isStringLiteralArg(a string) bool {
	a = strings.TrimSpace(a)
	return len(a) >= 2 && a[0] == '\'' && a[len(a)-1] == '\'' && strings.Count(a, "'") == 2
}

func isMinifiedName(p string) bool {
	return strings.Contains(p, ".min.") || strings.Contains(p, "-min.") || strings.Contains(p, ".bundle.") || strings.Contains(p, ".chunk.")
}

func (s *scanner) pyFindings(fs *fileState) {
	f := fs.py
	add := func(fd Finding) {
		fd.Trigger = fs.trigger
		fs.add(fd)
	}
	vendored := fs.vendored
	for _, e := range f.execs {
		switch {
		case e.tainted:
			add(Finding{Rule: "remote-code-exec", Severity: Critical, Line: e.line, Evidence: evidence(e.name + "(" + e.args),
				Advice: "This Python code fetches text from the network and executes it: the InvisibleFerret loader shape. Do not run it."})
		case e.decoded:
			sev := High
			if vendored && fs.trigger == NoTrigger {
				sev = Medium
			}
			add(Finding{Rule: "decoded-code-exec", Severity: sev, Line: e.line, Evidence: evidence(e.name + "(" + e.args),
				Advice: "The code decodes a hidden blob and executes it. Decode it by hand to see what it does."})
		}
	}
	for i, h := range f.subHits {
		add(Finding{Rule: h.rule, Severity: h.sev, Line: f.subLines[i], Evidence: evidence(h.evidence), Advice: h.advice})
	}
	if f.envDump > 0 && f.net > 0 {
		add(Finding{Rule: "env-exfil", Severity: High, Line: f.envDump, Evidence: evidence("os.environ copied whole in a file that talks to the network"),
			Advice: "The code collects every environment variable and can send them away."})
	}
	if f.detached > 0 && f.net > 0 {
		add(Finding{Rule: "detached-launch", Severity: High, Line: f.detached, Evidence: evidence("starts a detached process in a file that also downloads"),
			Advice: "Launching a detached process after a download is how the Python lures keep running after the test ends."})
	}
	for _, d := range f.decoded {
		switch {
		case looksLikeCode(d.text):
			sev, text, layers := pyLayers(d.text, 0)
			how := d.how
			if layers > 1 {
				how = fmt.Sprintf("%s (%d layers)", how, layers)
			}
			add(Finding{Rule: "encoded-code", Severity: sev, Line: d.line, Evidence: evidence(how + "-encoded code: " + text),
				Advice: "Code hidden in an encoded constant is meant to be decoded and run."})
		case looksLikeURL(d.text):
			sev := Medium
			if h, port := hostOf(d.text); isRawIP(h) || c2Port[port] || c2PathRe.MatchString(d.text) {
				sev = High
			}
			add(Finding{Rule: "encoded-url", Severity: sev, Line: d.line, Evidence: evidence(d.how + "-encoded URL: " + d.text),
				Advice: "A URL written encoded hides where the code connects."})
		}
	}
	for _, st := range f.strs {
		if !strings.Contains(st.text, "://") {
			continue
		}
		if h, port := hostOf(st.text); isRawIP(h) && (c2Port[port] || c2PathRe.MatchString(st.text)) {
			add(Finding{Rule: "c2-url", Severity: High, Line: st.line, Evidence: evidence(st.text),
				Advice: "A bare IP address on a port or path used by the lure servers."})
			break
		}
	}
	if fd, ok := stealerFinding(findStealerPaths(f.strs), f.net > 0); ok && !(vendored && fd.Severity < Critical) {
		add(fd)
	}
}

// downloaderRe names the tools a download-and-run command uses.
var downloaderRe = regexp.MustCompile(`(?i)curl|wget|iwr|irm|invoke-|powershell|pwsh|certutil|mshta|bitsadmin|downloadstring|webclient`)

// pyLayers follows Python code hidden in encoded constants down through
// the layers (the pyobfuscate wrapping of InvisibleFerret nests the same
// lambda-and-exec many times): critical when the innermost layer runs
// what it fetches, with that layer's text.
func pyLayers(text string, depth int) (Severity, string, int) {
	sub := analyzePython([]byte(text))
	for _, e := range sub.execs {
		if e.tainted {
			return Critical, text, depth + 1
		}
	}
	if depth < 12 {
		for _, d := range sub.decoded {
			if looksLikeCode(d.text) {
				return pyLayers(d.text, depth+1)
			}
		}
	}
	return High, text, depth + 1
}

// rulePriority orders findings of equal severity: evidence in code
// first (it names the infected file), then the hooks that run it, then
// names and notes.
var rulePriority = map[string]int{
	"remote-code-exec": 0, "campaign-marker": 1, "hidden-tail": 2, "obfuscated-code": 3, "disguised-script": 4,
	"encoded-code": 5, "decoded-code-exec": 6, "stealer-paths": 7, "env-exfil": 8, "host-fingerprint": 9,
	"c2-url": 10, "global-require": 3, "packed-code": 3, "encoded-url": 11, "env-encoded-url": 12, "env-encoded-code": 12, "env-c2-url": 12,
	"known-malicious-dependency": 13, "code-after-export": 14, "node-on-non-js": 15, "runs-binary": 15, "pipe-to-shell": 16,
	"download-and-run": 16, "encoded-powershell": 16, "lolbin-download": 16, "detached-launch": 17,
}

func priority(rule string) int {
	if p, ok := rulePriority[rule]; ok {
		return p
	}
	return 50
}

// correlate raises findings the repository's other evidence corroborates:
// two strong signals in one file make it a lure, and a strong signal in
// a file that runs on opening the folder or on install is one too.
func (s *scanner) correlate(rep *Report) {
	byFile := map[string][]int{}
	for i, f := range rep.Findings {
		if f.File != "" {
			byFile[f.File] = append(byFile[f.File], i)
		}
	}
	for file, idx := range byFile {
		fs := s.byPath[file]
		vendored := fs != nil && fs.vendored
		strong := map[string]bool{}
		top := -1
		for _, i := range idx {
			f := rep.Findings[i]
			if f.Severity >= High && priority(f.Rule) < 13 {
				strong[f.Rule] = true
				if top < 0 || f.Severity > rep.Findings[top].Severity || f.Severity == rep.Findings[top].Severity && priority(f.Rule) < priority(rep.Findings[top].Rule) {
					top = i
				}
			}
		}
		if top < 0 || rep.Findings[top].Severity == Critical {
			continue
		}
		early := fs != nil && (fs.trigger == OnOpen || fs.trigger == OnInstall)
		if len(strong) >= 2 || (early && !vendored) || (s.execRefs[file] && fs != nil && fs.trigger != NoTrigger) {
			rep.Findings[top].Severity = Critical
			why := "corroborated by " + itoa(len(strong)-1) + " other strong signal(s) in this file"
			if len(strong) < 2 {
				why = "runs " + string(fs.trigger) + " (" + clip(fs.via) + ")"
			}
			rep.Findings[top].Advice += " [" + why + "]"
		}
	}
}

// finish sorts the findings, most severe first, and sets the verdict.
func finish(rep *Report) {
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i], rep.Findings[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if pa, pb := priority(a.Rule), priority(b.Rule); pa != pb {
			return pa < pb
		}
		if a.Trigger.rank() != b.Trigger.rank() {
			return a.Trigger.rank() > b.Trigger.rank()
		}
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	// the same evidence found twice (a callback seen on two passes, one
	// command written for two platforms) is reported once
	seen := map[Finding]bool{}
	out := rep.Findings[:0]
	for _, f := range rep.Findings {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	rep.Findings = out
	rep.Verdict = Clean
	if len(rep.Findings) > 0 {
		rep.Verdict = verdictOf(rep.Findings[0].Severity)
	}
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	if rep.Surface.Entries == nil {
		rep.Surface.Entries = []SurfaceEntry{}
	}
}
