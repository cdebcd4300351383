package lure

import (
	"bytes"
	"encoding/json"
	"path"
	"regexp"
	"sort"
	"strings"
)

// pkgJSON is the part of a package.json the scan reads.
type pkgJSON struct {
	file                 *fileState
	dir                  string
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	Main                 string            `json:"main"`
	Scripts              map[string]string `json:"scripts"`
	Dependencies         map[string]string `json:"dependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	PeerDependencies     map[string]string `json:"peerDependencies"`
}

// lifecycle scripts npm runs on a plain "npm install" in the project
// (prepare included) or of a dependency.
var installScripts = []string{"preinstall", "install", "postinstall", "prepublish", "preprepare", "prepare", "postprepare"}

// devScripts are what a developer runs next, with the trigger each gets.
var devScripts = map[string]Trigger{
	"dev": OnDev, "develop": OnDev, "build": OnDev, "test": OnDev, "serve": OnDev, "watch": OnDev, "lint": OnDev,
	"start": OnStart, "server": OnStart, "start:dev": OnDev, "dev:server": OnDev, "client": OnDev, "backend": OnStart,
	"compile": OnDev, "deploy": OnDev, "node": OnStart,
}

// stripJSONC removes // and /* */ comments and trailing commas, as VS
// Code's settings, tasks and devcontainer files allow them.
func stripJSONC(b []byte) []byte {
	out := make([]byte, 0, len(b))
	inStr := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inStr {
			out = append(out, c)
			if c == '\\' && i+1 < len(b) {
				i++
				out = append(out, b[i])
			} else if c == '"' {
				inStr = false
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			for i < len(b) && b[i] != '\n' {
				i++
			}
			out = append(out, '\n')
			continue
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			j := bytes.Index(b[i+2:], []byte("*/"))
			if j < 0 {
				return out
			}
			out = append(out, bytes.Repeat([]byte{'\n'}, bytes.Count(b[i:i+2+j], []byte{'\n'}))...)
			i += j + 3
			continue
		case c == ']' || c == '}':
			k := len(out) - 1
			for k >= 0 && (out[k] == ' ' || out[k] == '\n' || out[k] == '\t' || out[k] == '\r') {
				k--
			}
			if k >= 0 && out[k] == ',' {
				out[k] = ' '
			}
		}
		out = append(out, c)
	}
	return out
}

// lineOf finds the line of the first occurrence of needle, or 0.
func lineOf(b []byte, needle string) int {
	i := bytes.Index(b, []byte(needle))
	if i < 0 {
		return 0
	}
	return bytes.Count(b[:i], []byte{'\n'}) + 1
}

// mark puts a file on the execution surface, keeping the earliest
// trigger; it reports whether anything changed.
func (s *scanner) mark(p string, t Trigger, via string) bool {
	fs := s.byPath[p]
	if fs == nil {
		return false
	}
	if t.rank() > fs.trigger.rank() {
		fs.trigger, fs.via = t, via
		return true
	}
	return false
}

// surface maps what runs when and follows imports from each root.
func (s *scanner) surface() {
	for _, fs := range s.files {
		switch {
		case fs.depMeta:
		case path.Base(fs.path) == "package.json" && !fs.vendored:
			s.packageJSON(fs)
		case strings.HasSuffix(fs.path, ".vscode/tasks.json"):
			s.vscodeTasks(fs)
		case strings.HasSuffix(fs.path, ".vscode/settings.json"):
			s.vscodeSettings(fs)
		case strings.HasSuffix(fs.path, ".devcontainer.json") || strings.HasSuffix(fs.path, ".devcontainer/devcontainer.json") || (strings.Contains(fs.path, ".devcontainer/") && ext(fs.path) == "json" && path.Base(fs.path) == "devcontainer.json"):
			s.devcontainer(fs)
		case fs.kind == kGitConfig:
			s.gitConfig(fs)
		case fs.kind == kShell && (strings.HasPrefix(fs.path, ".git/") || strings.Contains(fs.path, "/.git/")):
			s.mark(fs.path, OnGit, "git hook")
			fs.add(Finding{Rule: "git-hook", Severity: Medium, Evidence: evidence("active git hook " + path.Base(fs.path) + ": " + firstCodeLine(fs.data)),
				Advice: "Git hooks never travel with a clone; one shipped inside an archive or working tree was put there to run on your next git command."})
		case fs.kind == kShell && strings.HasPrefix(fs.path, ".husky/"):
			s.mark(fs.path, OnGit, "husky git hook")
		case fs.kind == kMake:
			s.makefile(fs)
		case isConfigFile(fs.path) && !fs.vendored:
			s.mark(fs.path, OnDev, "build-tool configuration, loaded by the dev/build/lint/test commands")
		case fs.kind == kPython && !fs.vendored:
			switch path.Base(fs.path) {
			case "setup.py":
				s.mark(fs.path, OnInstall, "setup.py runs on pip install")
			case "conftest.py":
				s.mark(fs.path, OnDev, "conftest.py runs on pytest")
			case "main.py", "app.py", "run.py", "manage.py", "wsgi.py", "asgi.py", "__main__.py", "server.py", "bot.py":
				if strings.Count(fs.path, "/") <= 2 {
					s.mark(fs.path, OnStart, "Python entry point")
				}
			}
		case path.Base(fs.path) == "pyproject.toml":
			s.pyproject(fs)
		case isPkgManagerRC(fs.path) && !fs.vendored:
			s.pkgManagerRC(fs)
		}
	}
	s.followImports()
}

func firstCodeLine(b []byte) string {
	for _, l := range strings.Split(string(head(b, 4096)), "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return ""
}

func (s *scanner) packageJSON(fs *fileState) {
	var p pkgJSON
	if err := json.Unmarshal(fs.data, &p); err != nil {
		return
	}
	p.file, p.dir = fs, path.Dir(fs.path)
	if p.dir == "." {
		p.dir = ""
	}
	s.pkgs = append(s.pkgs, &p)
	seen := map[string]bool{}
	for _, name := range installScripts {
		cmd, ok := p.Scripts[name]
		if !ok {
			continue
		}
		line := lineOf(fs.data, `"`+name+`"`)
		ci := s.runScript(&p, name, OnInstall, "package.json scripts."+name+" (npm install)", seen, 0)
		sev, ev := Low, name+": "+cmd
		advice := "npm runs this on install. Read what it runs before installing."
		switch {
		case isBenignHook(cmd):
			sev = Info
			advice = "A well-known tool's install hook."
		case startsApp(ci):
			sev = Medium
			advice = "The install hook starts the application itself, so a plain npm install runs the server code and everything it imports."
		}
		if name == "prepare" && sev >= Low && !isBenignHook(cmd) {
			ev += " (prepare also runs on a plain local npm install)"
		}
		s.extra = append(s.extra, Finding{Rule: "install-script", Severity: sev, File: fs.path, Line: line, Trigger: OnInstall, Evidence: evidence(ev), Advice: advice})
	}
	for name, t := range devScripts {
		if _, ok := p.Scripts[name]; ok {
			s.runScript(&p, name, t, "package.json scripts."+name, seen, 0)
		}
	}
	// the server entry and the package's main module
	if p.Main != "" {
		m := resolveRunTarget(p.dir, p.Main)
		if f := s.resolveJS(m); f != "" {
			if !s.mark(f, OnImport, "package.json main") {
				_ = f
			}
		}
	}
	s.frameworkRoutes(&p)
	for _, def := range []string{"server.js", "app.js", "server/server.js", "server/index.js", "backend/server.js", "src/server.js", "api/index.js"} {
		f := path.Join(p.dir, def)
		if fs := s.byPath[f]; fs != nil && fs.trigger == NoTrigger {
			s.mark(f, OnStart, "default server entry")
		}
	}
}

// binaryRuns reports files of the project that a command runs and that
// are executables (by magic bytes or extension).
func (s *scanner) binaryRuns(dir, cmd string) []string {
	var out []string
	for _, w := range strings.Fields(cmd) {
		w = strings.Trim(w, `"'&|;()`)
		w = strings.TrimPrefix(w, "${workspaceFolder}/")
		if w == "" || strings.HasPrefix(w, "-") || strings.Contains(w, "://") {
			continue
		}
		p := resolveRunTarget(dir, w)
		if f := s.byPath[p]; f != nil && f.kind == kBinary {
			out = append(out, p)
		}
	}
	return out
}

// runsBinary adds the finding for a command that runs an executable
// shipped in the project.
func (s *scanner) runsBinary(file string, line int, t Trigger, dir, cmd string) {
	for _, b := range s.binaryRuns(dir, cmd) {
		sev := High
		if t == OnOpen || t == OnInstall {
			sev = Critical
		}
		s.extra = append(s.extra, Finding{Rule: "runs-binary", Severity: sev, File: file, Line: line, Trigger: t,
			Evidence: evidence("runs the shipped executable " + b + ": " + cmd),
			Advice:   "A command of the project runs an executable it ships; a coding test has no reason to. Do not run it."})
		s.mark(b, t, "run by "+file)
	}
}

// frameworkRoots are the folders whose modules a framework's dev server
// loads by itself (routes, pages, API handlers, middleware), by the
// dependency that names the framework.
var frameworkRoots = map[string][]string{
	"next":           {"app/", "src/app/", "pages/", "src/pages/", "middleware.", "src/middleware.", "instrumentation.", "src/instrumentation."},
	"nuxt":           {"server/", "pages/", "plugins/", "middleware/", "app/"},
	"@sveltejs/kit":  {"src/routes/", "src/hooks."},
	"astro":          {"src/pages/", "src/middleware."},
	"@remix-run/dev": {"app/"},
	"@nestjs/core":   {"src/"},
}

// frameworkRoutes marks the modules a framework's dev server loads.
func (s *scanner) frameworkRoutes(p *pkgJSON) {
	for dep, roots := range frameworkRoots {
		_, a := p.Dependencies[dep]
		_, b := p.DevDependencies[dep]
		if !a && !b {
			continue
		}
		for _, fs := range s.files {
			if fs.vendored || !jsExts[ext(fs.path)] || !strings.HasPrefix(fs.path, p.dir) {
				continue
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(fs.path, p.dir), "/")
			for _, r := range roots {
				if strings.HasPrefix(rel, r) {
					s.mark(fs.path, OnDev, dep+" loads it on the dev server ("+r+"…)")
					break
				}
			}
		}
	}
}

// startsApp reports an install hook that runs project code rather than
// a tool: npm start, npm run dev, node server.js.
func startsApp(ci cmdInfo) bool {
	for _, r := range ci.npmRuns {
		switch r {
		case "start", "dev", "serve", "server", "develop", "backend":
			return true
		}
	}
	for _, f := range ci.nodeFiles {
		b := path.Base(f)
		if strings.Contains(b, "server") || strings.Contains(b, "app") || strings.Contains(b, "index") || strings.Contains(b, "main") {
			return true
		}
	}
	return false
}

// runScript follows one npm script: the files it runs get the trigger,
// the scripts it calls (and their pre/post hooks) are followed, and its
// command hits become findings.
func (s *scanner) runScript(p *pkgJSON, name string, t Trigger, via string, seen map[string]bool, depth int) cmdInfo {
	key := name + "\x00" + string(t)
	cmd, ok := p.Scripts[name]
	if !ok || seen[key] || depth > 6 {
		return cmdInfo{}
	}
	seen[key] = true
	ci := analyzeCommand(cmd)
	line := lineOf(p.file.data, `"`+name+`"`)
	s.runsBinary(p.file.path, line, t, p.dir, cmd)
	for _, h := range ci.hits {
		sev := h.sev
		if sev == High && (t == OnInstall || t == OnOpen) {
			sev = Critical
		}
		s.extra = append(s.extra, Finding{Rule: h.rule, Severity: sev, File: p.file.path, Line: line, Trigger: t,
			Evidence: evidence("scripts." + name + ": " + h.evidence), Advice: h.advice})
	}
	for _, nf := range ci.nodeFiles {
		if f := s.resolveJS(resolveRunTarget(p.dir, nf)); f != "" {
			s.mark(f, t, via+": "+cmd)
			s.execRefs[f] = true
		} else if f := resolveRunTarget(p.dir, nf); s.byPath[f] != nil {
			s.mark(f, t, via+": "+cmd)
			s.execRefs[f] = true
		}
	}
	for _, pf := range ci.pyFiles {
		s.mark(resolveRunTarget(p.dir, pf), t, via+": "+cmd)
	}
	for _, r := range ci.npmRuns {
		for _, n := range []string{"pre" + r, r, "post" + r} {
			sub := s.runScript(p, n, t, via+" → "+n, seen, depth+1)
			ci.nodeFiles = append(ci.nodeFiles, sub.nodeFiles...)
			ci.npmRuns = append(ci.npmRuns, sub.npmRuns...)
		}
	}
	return ci
}

// vscodeTask is the part of a tasks.json task the scan reads.
type vscodeTask struct {
	Label      string          `json:"label"`
	Type       string          `json:"type"`
	Command    json.RawMessage `json:"command"`
	Args       json.RawMessage `json:"args"`
	Script     string          `json:"script"`
	RunOptions struct {
		RunOn string `json:"runOn"`
	} `json:"runOptions"`
	Presentation struct {
		Reveal string `json:"reveal"`
		Echo   *bool  `json:"echo"`
	} `json:"presentation"`
	Windows *vscodeTask `json:"windows"`
	Linux   *vscodeTask `json:"linux"`
	Osx     *vscodeTask `json:"osx"`
}

func (t *vscodeTask) commands() []string {
	var out []string
	if t == nil {
		return nil
	}
	var c string
	if json.Unmarshal(t.Command, &c) != nil {
		var q struct {
			Value string `json:"value"`
		}
		if json.Unmarshal(t.Command, &q) == nil {
			c = q.Value
		}
	}
	var args []any
	_ = json.Unmarshal(t.Args, &args)
	for _, a := range args {
		switch v := a.(type) {
		case string:
			c += " " + v
		case map[string]any:
			if s, ok := v["value"].(string); ok {
				c += " " + s
			}
		}
	}
	if strings.TrimSpace(c) != "" {
		out = append(out, c)
	}
	for _, sub := range []*vscodeTask{t.Windows, t.Linux, t.Osx} {
		out = append(out, sub.commands()...)
	}
	return out
}

func (s *scanner) vscodeTasks(fs *fileState) {
	var tf struct {
		Tasks []vscodeTask `json:"tasks"`
	}
	if err := json.Unmarshal(stripJSONC(fs.data), &tf); err != nil {
		return
	}
	root := path.Dir(path.Dir(fs.path))
	if root == "." {
		root = ""
	}
	var rootPkg *pkgJSON
	for _, p := range s.pkgs {
		if p.dir == root {
			rootPkg = p
		}
	}
	if rootPkg == nil {
		if f := s.byPath[path.Join(root, "package.json")]; f != nil {
			var p pkgJSON
			if json.Unmarshal(f.data, &p) == nil {
				p.file, p.dir = f, root
				rootPkg = &p
			}
		}
	}
	for _, task := range tf.Tasks {
		auto := task.RunOptions.RunOn == "folderOpen"
		t := NoTrigger
		if auto {
			t = OnOpen
		}
		cmds := task.commands()
		if task.Type == "npm" && task.Script != "" {
			cmds = append(cmds, "npm run "+task.Script)
		}
		line := lineOf(fs.data, task.Label)
		if line == 0 {
			line = lineOf(fs.data, "folderOpen")
		}
		if auto {
			sev := Medium
			hidden := task.Presentation.Reveal == "never" || task.Presentation.Reveal == "silent" || (task.Presentation.Echo != nil && !*task.Presentation.Echo)
			ev := "task " + task.Label + " runs on folder open: " + strings.Join(cmds, " | ")
			if hidden {
				ev += " (output hidden)"
			}
			s.extra = append(s.extra, Finding{Rule: "vscode-autorun-task", Severity: sev, File: fs.path, Line: line, Trigger: OnOpen, Evidence: evidence(ev),
				Advice: "VS Code and Cursor run this task as soon as the folder is opened and trusted. Open the folder in restricted mode, or not at all, until it is read."})
		}
		for _, c := range cmds {
			ci := analyzeCommand(c)
			s.runsBinary(fs.path, line, t, root, c)
			for _, h := range ci.hits {
				sev := h.sev
				if auto && sev == High {
					sev = Critical
				}
				s.extra = append(s.extra, Finding{Rule: h.rule, Severity: sev, File: fs.path, Line: line, Trigger: t, Evidence: evidence(h.evidence), Advice: h.advice})
			}
			if !auto {
				continue
			}
			for _, nf := range ci.nodeFiles {
				f := resolveRunTarget(root, strings.ReplaceAll(nf, "${workspaceFolder}/", ""))
				if jf := s.resolveJS(f); jf != "" {
					f = jf
				}
				s.mark(f, OnOpen, "VS Code task "+task.Label+" on folder open: "+c)
				s.execRefs[f] = true
			}
			if rootPkg != nil {
				seen := map[string]bool{}
				for _, r := range ci.npmRuns {
					s.runScript(rootPkg, r, OnOpen, "VS Code task "+task.Label+" on folder open → npm run "+r, seen, 0)
				}
			}
		}
	}
}

var riskySettings = regexp.MustCompile(`(?i)"(task\.allowAutomaticTasks|terminal\.integrated\.(shellArgs|profiles|automationProfile|env)[\w.]*|[\w.]*(interpreterPath|\.path|executablePath|runtimeExecutable|serverPath|nodePath)|files\.exclude|search\.exclude|git\.path|npm\.packageManager|eslint\.runtime|security\.workspace\.trust\.enabled)"\s*:`)

func (s *scanner) vscodeSettings(fs *fileState) {
	clean := stripJSONC(fs.data)
	var m map[string]any
	if json.Unmarshal(clean, &m) != nil {
		return
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := m[k]
		vs, _ := json.Marshal(v)
		line := lineOf(fs.data, `"`+k+`"`)
		switch {
		case k == "task.allowAutomaticTasks" && (v == "on" || v == true):
			s.extra = append(s.extra, Finding{Rule: "vscode-settings", Severity: Medium, File: fs.path, Line: line, Trigger: OnOpen,
				Evidence: evidence(k + ": " + string(vs)), Advice: "The project turns on automatic tasks so that its folder-open tasks run without asking."})
		case k == "files.exclude" || k == "search.exclude":
			if mm, ok := v.(map[string]any); ok {
				for pat, on := range mm {
					if on == true && (jsExts[ext(pat)] || strings.Contains(pat, "config") || strings.HasSuffix(pat, ".woff2") || strings.Contains(pat, ".vscode")) {
						s.extra = append(s.extra, Finding{Rule: "vscode-settings", Severity: Medium, File: fs.path, Line: line, Trigger: OnOpen,
							Evidence: evidence(k + " hides " + pat), Advice: "The project hides its own code files from the editor's explorer and search."})
					}
				}
			}
		case riskySettings.MatchString(`"` + k + `":`):
			str, _ := v.(string)
			if str == "" {
				continue
			}
			if strings.HasPrefix(str, "./") || strings.HasPrefix(str, "${workspaceFolder}") || pipeShellRe.MatchString(str) || strings.HasPrefix(k, "terminal.integrated") {
				s.extra = append(s.extra, Finding{Rule: "vscode-settings", Severity: Medium, File: fs.path, Line: line, Trigger: OnOpen,
					Evidence: evidence(k + ": " + str), Advice: "The workspace points an editor tool at a program inside the project, which the editor runs on open."})
			}
		}
	}
}

func (s *scanner) devcontainer(fs *fileState) {
	var m map[string]any
	if json.Unmarshal(stripJSONC(fs.data), &m) != nil {
		return
	}
	for _, k := range []string{"initializeCommand", "onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand", "postAttachCommand"} {
		v, ok := m[k]
		if !ok {
			continue
		}
		var cmds []string
		var walk func(any)
		walk = func(v any) {
			switch x := v.(type) {
			case string:
				cmds = append(cmds, x)
			case []any:
				var parts []string
				for _, e := range x {
					if s, ok := e.(string); ok {
						parts = append(parts, s)
					}
				}
				cmds = append(cmds, strings.Join(parts, " "))
			case map[string]any:
				for _, e := range x {
					walk(e)
				}
			}
		}
		walk(v)
		line := lineOf(fs.data, `"`+k+`"`)
		host := k == "initializeCommand"
		for _, c := range cmds {
			sev := Low
			if host {
				sev = Medium
			}
			s.extra = append(s.extra, Finding{Rule: "devcontainer-command", Severity: sev, File: fs.path, Line: line, Trigger: OnOpen, Evidence: evidence(k + ": " + c),
				Advice: "Opening the folder in a dev container runs this command (initializeCommand on your own machine, the others in the container)."})
			ci := analyzeCommand(c)
			for _, h := range ci.hits {
				hs := h.sev
				if !host && hs == High {
					raw := false
					for _, u := range urlInCmdRe.FindAllString(c, -1) {
						if hh, _ := hostOf(u); isRawIP(hh) {
							raw = true
						}
					}
					if !raw {
						hs = Medium // installers fetched inside a container are common
					}
				}
				if host && hs == High {
					hs = Critical
				}
				s.extra = append(s.extra, Finding{Rule: h.rule, Severity: hs, File: fs.path, Line: line, Trigger: OnOpen, Evidence: evidence(h.evidence), Advice: h.advice})
			}
			dir := path.Dir(path.Dir(fs.path))
			if strings.HasSuffix(fs.path, "/.devcontainer.json") || fs.path == ".devcontainer.json" {
				dir = path.Dir(fs.path)
			}
			for _, nf := range ci.nodeFiles {
				f := resolveRunTarget(dir, nf)
				if jf := s.resolveJS(f); jf != "" {
					f = jf
				}
				s.mark(f, OnOpen, "devcontainer "+k)
			}
		}
	}
}

var gitKeyRe = regexp.MustCompile(`^\s*([A-Za-z][\w.-]*)\s*=\s*(.*)$`)

func (s *scanner) gitConfig(fs *fileState) {
	section := ""
	for n, line := range strings.Split(string(fs.data), "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "[") {
			section = strings.ToLower(strings.Trim(strings.Fields(strings.Trim(l, "[]") + " ")[0], `"`))
			continue
		}
		m := gitKeyRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		key, val := strings.ToLower(m[1]), strings.Trim(m[2], `"`)
		full := section + "." + key
		f := Finding{File: fs.path, Line: n + 1, Trigger: OnGit, Evidence: evidence(full + " = " + val)}
		switch {
		case full == "core.fsmonitor" && val != "true" && val != "false" && val != "":
			f.Rule, f.Severity, f.Trigger = "git-config-command", High, OnOpen
			f.Advice = "core.fsmonitor names a program git runs on every status, which editors call as soon as the folder opens."
		case full == "core.hookspath":
			f.Rule, f.Severity = "git-config-command", Medium
			f.Advice = "The repository moves its git hooks to a folder it ships, so they run on your next commit or checkout."
			dir := strings.TrimPrefix(val, "./")
			for _, o := range s.files {
				if strings.HasPrefix(o.path, dir+"/") {
					s.mark(o.path, OnGit, "core.hooksPath hook")
				}
			}
		case full == "core.sshcommand" || full == "core.pager" || full == "core.editor" || full == "diff.external" || key == "helper" && strings.HasPrefix(val, "!") || section == "alias" && strings.HasPrefix(val, "!") || strings.HasPrefix(section, "filter") && (key == "clean" || key == "smudge" || key == "process"):
			f.Rule, f.Severity = "git-config-command", Medium
			f.Advice = "The repository's git config runs a command of its own on ordinary git use."
		default:
			continue
		}
		if ci := analyzeCommand(val); len(ci.hits) > 0 {
			f.Severity = Critical
		}
		s.extra = append(s.extra, f)
	}
}

func (s *scanner) makefile(fs *fileState) {
	hits, lines, ci := shellFileHits(fs.data)
	for i, h := range hits {
		sev := h.sev
		if sev == High && h.rule != "node-on-non-js" {
			sev = Medium // make targets run only when asked for, and often install tools this way
		}
		if h.rule == "raw-ip-url" {
			sev = Medium
		}
		fs.add(Finding{Rule: h.rule, Severity: sev, Line: lines[i], Trigger: OnDev, Evidence: evidence(h.evidence), Advice: h.advice})
	}
	dir := path.Dir(fs.path)
	for _, nf := range ci.nodeFiles {
		f := resolveRunTarget(dir, nf)
		if jf := s.resolveJS(f); jf != "" {
			f = jf
		}
		s.mark(f, OnDev, "Makefile")
	}
	for _, pf := range ci.pyFiles {
		s.mark(resolveRunTarget(dir, pf), OnDev, "Makefile")
	}
}

var backendPathRe = regexp.MustCompile(`(?m)^\s*backend-path\s*=\s*\[\s*"([^"]+)"`)
var buildBackendRe = regexp.MustCompile(`(?m)^\s*build-backend\s*=\s*"([^"]+)"`)

func (s *scanner) pyproject(fs *fileState) {
	bp := backendPathRe.FindSubmatch(fs.data)
	bb := buildBackendRe.FindSubmatch(fs.data)
	if bp == nil || bb == nil {
		return
	}
	dir := path.Join(path.Dir(fs.path), string(bp[1]))
	mod := strings.ReplaceAll(strings.Split(string(bb[1]), ":")[0], ".", "/")
	for _, cand := range []string{path.Join(dir, mod+".py"), path.Join(dir, mod, "__init__.py")} {
		if s.mark(cand, OnInstall, "in-tree build backend (pyproject backend-path), runs on pip install") {
			s.extra = append(s.extra, Finding{Rule: "python-build-hook", Severity: Low, File: fs.path, Line: lineOf(fs.data, "backend-path"), Trigger: OnInstall,
				Evidence: evidence("build backend " + string(bb[1]) + " from the project itself"), Advice: "pip runs the project's own build backend on install."})
		}
	}
}

// resolveJS finds the file a relative module path names: as written,
// with a JavaScript or TypeScript extension, or as a folder's index.
func (s *scanner) resolveJS(p string) string {
	if p == "" {
		return ""
	}
	if f := s.byPath[p]; f != nil {
		return p
	}
	for _, e := range []string{".js", ".ts", ".tsx", ".jsx", ".mjs", ".cjs", ".json"} {
		if s.byPath[p+e] != nil {
			return p + e
		}
	}
	for _, e := range []string{"/index.js", "/index.ts", "/index.tsx", "/index.jsx", "/index.mjs", "/index.cjs"} {
		if s.byPath[p+e] != nil {
			return p + e
		}
	}
	// TypeScript ESM writes ./x.js for ./x.ts
	if e := ext(p); e == "js" || e == "mjs" || e == "cjs" {
		stem := strings.TrimSuffix(p, "."+e)
		for _, te := range []string{".ts", ".tsx", ".mts", ".cts"} {
			if s.byPath[stem+te] != nil {
				return stem + te
			}
		}
	}
	return ""
}

// importTarget resolves an import spec written in file from.
func (s *scanner) importTarget(from, spec string) string {
	dir := path.Dir(from)
	switch {
	case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../") || spec == "." || spec == "..":
		p := path.Clean(path.Join(dir, spec))
		if strings.HasPrefix(p, "../") || p == ".." {
			return ""
		}
		return s.resolveJS(p)
	case strings.HasPrefix(spec, "@/") || strings.HasPrefix(spec, "~/"):
		rest := spec[2:]
		// the package root owning the file, then its src folder
		for d := dir; ; d = path.Dir(d) {
			if s.byPath[path.Join(d, "package.json")] != nil || d == "." || d == "/" {
				for _, base := range []string{d, path.Join(d, "src")} {
					if r := s.resolveJS(path.Clean(path.Join(base, rest))); r != "" {
						return r
					}
				}
				return ""
			}
		}
	}
	return ""
}

// pyTargets resolves a Python import to the files it executes: the
// module and each package __init__.py on the way.
func (s *scanner) pyTargets(from, mod string) []string {
	dir := path.Dir(from)
	base := dir
	if strings.HasPrefix(mod, ".") {
		for strings.HasPrefix(mod, "..") {
			base = path.Dir(base)
			mod = mod[1:]
		}
		mod = strings.TrimPrefix(mod, ".")
	}
	parts := strings.Split(mod, ".")
	var out []string
	// vendored copies sit on sys.path through vendor/, lib/ or src/
	for _, root := range []string{base, ".", "vendor", "lib", "libs", "src", "third_party", path.Join(base, "vendor"), path.Join(base, "lib")} {
		cur := root
		for i, part := range parts {
			if part == "" {
				continue
			}
			cur = path.Join(cur, part)
			if init := cur + "/__init__.py"; s.byPath[init] != nil {
				out = append(out, init)
			}
			if i == len(parts)-1 && s.byPath[cur+".py"] != nil {
				out = append(out, cur+".py")
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return out
}

// followImports resolves every file's imports and spreads triggers from
// the roots along them; what is imported but unreached runs on import.
func (s *scanner) followImports() {
	for _, fs := range s.files {
		switch {
		case fs.js != nil:
			for _, imp := range fs.js.imports {
				if t := s.importTarget(fs.path, imp.spec); t != "" && t != fs.path {
					fs.imports = append(fs.imports, t)
				}
			}
		case fs.py != nil:
			for _, mod := range fs.py.imports {
				for _, t := range s.pyTargets(fs.path, mod) {
					if t != fs.path {
						fs.imports = append(fs.imports, t)
					}
				}
			}
		}
		for _, t := range fs.imports {
			if o := s.byPath[t]; o != nil {
				o.imported = true
			}
		}
	}
	// breadth-first from every root, earliest triggers first
	var queue []*fileState
	for _, fs := range s.files {
		if fs.trigger != NoTrigger {
			queue = append(queue, fs)
		}
	}
	sort.SliceStable(queue, func(i, j int) bool { return queue[i].trigger.rank() > queue[j].trigger.rank() })
	for len(queue) > 0 {
		fs := queue[0]
		queue = queue[1:]
		for _, t := range fs.imports {
			if s.mark(t, fs.trigger, "imported by "+fs.path) {
				queue = append(queue, s.byPath[t])
			}
		}
	}
	for _, fs := range s.files {
		if fs.trigger == NoTrigger && (fs.imported || path.Base(fs.path) == "__init__.py") && !fs.vendored {
			fs.trigger, fs.via = OnImport, "imported by other project files"
		}
	}
	// .env files run with the code that loads them through dotenv
	var loader *fileState
	for _, fs := range s.files {
		if fs.js == nil || fs.trigger == NoTrigger {
			continue
		}
		for _, imp := range fs.js.imports {
			if strings.HasPrefix(imp.spec, "dotenv") && (loader == nil || fs.trigger.rank() > loader.trigger.rank()) {
				loader = fs
			}
		}
	}
	if loader != nil {
		for _, fs := range s.files {
			if fs.kind == kEnv && !fs.vendored {
				s.mark(fs.path, loader.trigger, "read by dotenv in "+loader.path)
			}
		}
	}
}

// surfaceReport lists the files on the execution surface, earliest
// trigger first.
func (s *scanner) surfaceReport() Surface {
	var out Surface
	for _, fs := range s.files {
		if fs.trigger != NoTrigger && fs.trigger != OnImport {
			out.Entries = append(out.Entries, SurfaceEntry{File: fs.path, Trigger: fs.trigger, Via: clip(fs.via)})
		}
	}
	sort.Slice(out.Entries, func(i, j int) bool {
		a, b := out.Entries[i], out.Entries[j]
		if a.Trigger.rank() != b.Trigger.rank() {
			return a.Trigger.rank() > b.Trigger.rank()
		}
		return a.File < b.File
	})
	const maxEntries = 300
	if len(out.Entries) > maxEntries {
		out.Truncated = len(out.Entries) - maxEntries
		out.Entries = out.Entries[:maxEntries]
	}
	if out.Entries == nil {
		out.Entries = []SurfaceEntry{}
	}
	return out
}
