package lure

import (
	"path"
	"regexp"
	"strings"
)

var (
	pipeShellRe = regexp.MustCompile(`(?i)\b(curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod|fetch)\b[^|;&\n]*\|\s*(sudo\s+)?(-\s*)?(sh|bash|zsh|dash|ksh|python3?|node|perl|ruby|iex|Invoke-Expression|powershell|pwsh|cmd(\.exe)?)\b`)
	subShellRe  = regexp.MustCompile(`(?i)\b(sh|bash|zsh|python3?|node)\s+(-c\s+)?["']?(\$\(|<\(|` + "`" + `)\s*(curl|wget)\b`)
	iexRe       = regexp.MustCompile(`(?i)\b(iex|Invoke-Expression)\b.*\b(iwr|irm|Invoke-WebRequest|Invoke-RestMethod|DownloadString|Net\.WebClient)\b|\b(DownloadString|Net\.WebClient)\b.*\b(iex|Invoke-Expression)\b`)
	encPSRe     = regexp.MustCompile(`(?i)\b(powershell|pwsh)(\.exe)?\b.*\s-(e|ec|enc|encodedcommand)\s+[A-Za-z0-9+/=]{16,}`)
	lolbinRe    = regexp.MustCompile(`(?i)\b(certutil(\.exe)?\s+.*-urlcache|mshta(\.exe)?\s+https?:|bitsadmin(\.exe)?\s+/transfer|rundll32(\.exe)?\s+javascript:)`)
	dlRunRe     = regexp.MustCompile(`(?i)\b(curl|wget)\b[^;&|\n]*\s(-o|-O|--output)\s*(\S+)[^\n]*(&&|;)\s*(chmod\s+\+x|\./|sh\s|bash\s|node\s|python3?\s|open\s)`)
	nodeRunRe   = regexp.MustCompile(`(?:^|[\s;&|("'])(node|nodemon|ts-node|tsx|bun|deno\s+run|pm2\s+start|forever\s+start)((?:\s+--?[\w-]+(?:[= ][^\s-][^\s]*)?)*)\s+["']?([^\s"';&|)]+)`)
	pyRunRe     = regexp.MustCompile(`(?:^|[\s;&|("'])python3?\s+(?:-\w\s+)*["']?([^\s"';&|)]+\.py)\b`)
	npmRunRe    = regexp.MustCompile(`\b(?:npm\s+run(?:-script)?|yarn(?:\s+run)?|pnpm(?:\s+run)?|bun\s+run)\s+([\w:.-]+)`)
	npmStartRe  = regexp.MustCompile(`\b(npm|yarn|pnpm)\s+(start|test|t)\b`)
	evalFlagRe  = regexp.MustCompile(`(^|\s)(-e|-p|--eval|--print|-pe)(\s|=|$)`)
	urlInCmdRe  = regexp.MustCompile(`(?i)\bhttps?://[^\s'"|;&)]+`)
)

// jsExts are the extensions node runs as JavaScript.
var jsExts = map[string]bool{"js": true, "cjs": true, "mjs": true, "jsx": true, "ts": true, "tsx": true, "mts": true, "cts": true}

// cmdHit is what one shell command does that matters.
type cmdHit struct {
	rule     string
	sev      Severity
	evidence string
	advice   string
}

// cmdInfo is what a command runs: files given to node or python, npm
// scripts it calls, and hits.
type cmdInfo struct {
	nodeFiles []string
	pyFiles   []string
	npmRuns   []string
	hits      []cmdHit
}

// analyzeCommand reads one shell command line (a package.json script, a
// VS Code task, a devcontainer command, a hook line).
func analyzeCommand(cmd string) cmdInfo {
	var ci cmdInfo
	if len(cmd) > 64<<10 {
		cmd = cmd[:64<<10]
	}
	hostNote := func(s string) (string, bool) {
		for _, u := range urlInCmdRe.FindAllString(s, -1) {
			h, _ := hostOf(u)
			if isRawIP(h) {
				return u, true
			}
		}
		return "", false
	}
	add := func(rule string, sev Severity, ev, advice string) {
		ci.hits = append(ci.hits, cmdHit{rule, sev, ev, advice})
	}
	switch {
	case pipeShellRe.MatchString(cmd), subShellRe.MatchString(cmd), iexRe.MatchString(cmd):
		add("pipe-to-shell", High, cmd, "The command downloads a script and runs it unseen. Fetch it yourself and read it first, or do not run the command.")
	case dlRunRe.MatchString(cmd):
		add("download-and-run", High, cmd, "The command downloads a file and runs it. Do not run it.")
	case encPSRe.MatchString(cmd):
		add("encoded-powershell", High, cmd, "An encoded PowerShell command hides what it does.")
	case lolbinRe.MatchString(cmd):
		add("lolbin-download", High, cmd, "A Windows system tool is abused to download or run code.")
	}
	if u, ok := hostNote(cmd); ok {
		add("raw-ip-url", Medium, u, "The command talks to a bare IP address, not a named service.")
	}
	// node -e "<code>": the program is on the command line itself
	for _, code := range inlineNodeCode(cmd) {
		f := analyzeJS([]byte(code), false, nil)
		for _, sk := range f.sinks {
			if sk.tainted {
				add("remote-code-exec", Critical, "node -e: "+sk.name+"("+sk.args+") runs what "+sk.source+" fetched",
					"The command runs a program given inline to node that fetches code or a script from the network and runs it. Do not run it.")
				break
			}
		}
	}
	for _, m := range nodeRunRe.FindAllStringSubmatch(cmd, -1) {
		target := strings.Trim(m[3], `"'`)
		if strings.HasPrefix(target, "-") || target == "" || strings.ContainsAny(target, "()=") || evalFlagRe.MatchString(m[2]) {
			continue // node -e "code", node -p: inline code, not a file
		}
		ci.nodeFiles = append(ci.nodeFiles, target)
		e := ext(target)
		if e != "" && !jsExts[e] && e != "json" && strings.Contains(target, ".") && !strings.Contains(target, "${") {
			add("node-on-non-js", Critical, m[0], "node is told to run a file that does not claim to be JavaScript (a font, an image): the classic hidden payload. Do not run it.")
		}
	}
	for _, m := range pyRunRe.FindAllStringSubmatch(cmd, -1) {
		ci.pyFiles = append(ci.pyFiles, m[1])
	}
	for _, m := range npmRunRe.FindAllStringSubmatch(cmd, -1) {
		if m[1] != "install" && m[1] != "add" && m[1] != "i" && m[1] != "ci" {
			ci.npmRuns = append(ci.npmRuns, m[1])
		}
	}
	for _, m := range npmStartRe.FindAllStringSubmatch(cmd, -1) {
		if m[2] == "t" {
			m[2] = "test"
		}
		ci.npmRuns = append(ci.npmRuns, m[2])
	}
	return ci
}

// nodeEvalRe finds node given a program inline.
var nodeEvalRe = regexp.MustCompile(`(?:^|[\s;&|("'])node(?:\.exe)?((?:\s+--?[\w-]+(?:=\S+)?)*?)\s+(?:-e|-p|-pe|--eval|--print)(?:\s+|=)`)

// inlineNodeCode returns the programs of node -e/--eval/-p in a command:
// a quoted argument, or the rest of the line when it is not quoted (a
// VS Code task's args joined).
func inlineNodeCode(cmd string) []string {
	var out []string
	for _, m := range nodeEvalRe.FindAllStringIndex(cmd, 8) {
		rest := cmd[m[1]:]
		if rest == "" {
			continue
		}
		if q := rest[0]; q == '"' || q == '\'' || q == '`' {
			var b strings.Builder
			for i := 1; i < len(rest); i++ {
				c := rest[i]
				if c == '\\' && i+1 < len(rest) && q != '\'' {
					b.WriteByte(rest[i+1])
					i++
					continue
				}
				if c == q {
					break
				}
				b.WriteByte(c)
			}
			out = append(out, b.String())
			continue
		}
		out = append(out, rest)
	}
	return out
}

// benignHook reports the install-hook commands of well-known tools,
// which run on install in countless honest projects.
var benignHookRe = regexp.MustCompile(`(?i)^\s*(husky(\s+install)?|npx\s+husky(\s+install)?|is-ci\s*\|\|\s*husky(\s+install)?|patch-package|npx\s+patch-package|prisma\s+generate|npx\s+prisma\s+generate|node-gyp\s+rebuild|node-gyp-build|prebuild-install(\s*\|\|\s*node-gyp\s+rebuild)?|electron-builder\s+install-app-deps|ngcc|lerna\s+bootstrap|tsc|npm\s+run\s+build|nuxt\s+prepare|nuxi\s+prepare|svelte-kit\s+sync|astro\s+sync|next\s+telemetry\s+disable|opencollective-postinstall|node\s+(install|scripts/postinstall|postinstall)\.js|node\s+install/check|husky\s+\|\|\s*true|simple-git-hooks|lefthook\s+install|panda\s+codegen|ts-patch\s+install|playwright\s+install|cypress\s+install|node\s+-e\s+"try\{require\('./postinstall'\)\}catch\(e\)\{\}"|electron-rebuild|expo\s+prebuild|pod-install|turbo\s+run\s+build|run-s\s+build)\b`)

// benignInstallPackages run install scripts that fetch binaries the
// honest way (their own release downloads).
var benignInstallPackages = map[string]bool{
	"esbuild": true, "sharp": true, "electron": true, "puppeteer": true, "core-js": true, "core-js-pure": true,
	"husky": true, "prisma": true, "@prisma/client": true, "@prisma/engines": true, "node-sass": true, "bcrypt": true,
	"sqlite3": true, "better-sqlite3": true, "canvas": true, "fsevents": true, "cypress": true, "playwright": true,
	"@swc/core": true, "nodemon": true, "protobufjs": true, "es5-ext": true, "yarn": true, "deasync": true,
	"re2": true, "cpu-features": true, "ssh2": true, "utf-8-validate": true, "bufferutil": true, "msgpackr-extract": true,
	"@parcel/watcher": true, "lmdb": true, "unrs-resolver": true, "@sentry/cli": true, "spawn-sync": true,
	"node-pty": true, "keytar": true, "argon2": true, "grpc": true, "@tensorflow/tfjs-node": true, "workerd": true,
	"@biomejs/biome": true, "vue-demi": true, "nx": true, "styled-components": true, "@nestjs/core": true,
	"@apollo/protobufjs": true, "aws-sdk": true, "ngx-bootstrap": true, "msw": true, "dtrace-provider": true,
	"edgedriver": true, "geckodriver": true, "chromedriver": true, "iltorb": true, "leveldown": true,
	"@firebase/firestore": true, "contentlayer": true, "@vscode/ripgrep": true, "electron-chromedriver": true,
}

func isBenignHook(cmd string) bool {
	parts := splitCommands(cmd)
	if len(parts) == 0 {
		return true
	}
	for _, p := range parts {
		if !benignHookRe.MatchString(p) {
			return false
		}
	}
	return true
}

// splitCommands splits a command line on &&, ||, ; and &.
func splitCommands(cmd string) []string {
	f := strings.FieldsFunc(cmd, func(r rune) bool { return r == ';' || r == '&' || r == '\n' })
	var out []string
	for _, s := range f {
		for _, p := range strings.Split(s, "||") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// resolveRunTarget turns a file named in a command into a path relative
// to the scan root, from the directory the command runs in.
func resolveRunTarget(dir, target string) string {
	target = strings.TrimPrefix(target, "./")
	if strings.HasPrefix(target, "/") || strings.Contains(target, "$") {
		return ""
	}
	return path.Clean(path.Join(dir, target))
}

// shellFileHits runs the command rules over every line of a script file.
func shellFileHits(src []byte) ([]cmdHit, []int, cmdInfo) {
	var hits []cmdHit
	var lines []int
	var all cmdInfo
	for n, line := range strings.Split(string(src), "\n") {
		l := strings.TrimSpace(line)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		ci := analyzeCommand(l)
		for _, h := range ci.hits {
			hits = append(hits, h)
			lines = append(lines, n+1)
		}
		all.nodeFiles = append(all.nodeFiles, ci.nodeFiles...)
		all.pyFiles = append(all.pyFiles, ci.pyFiles...)
		all.npmRuns = append(all.npmRuns, ci.npmRuns...)
	}
	return hits, lines, all
}
