package lure

import (
	"encoding/json"
	"path"
	"regexp"
	"sort"
	"strings"
)

// dep is one dependency named somewhere in the project.
type dep struct {
	eco, name, version, spec string
	file                     string
	line                     int
	direct                   bool // written by the project's author (package.json, requirements), not a lockfile
	meta                     *pkgJSON
}

var (
	yarnHeadRe = regexp.MustCompile(`^"?(@?[^@\s",]+)@`)
	yarnVerRe  = regexp.MustCompile(`^\s+version:?\s+"?([^"\s]+)"?`)
	pnpmKeyRe  = regexp.MustCompile(`^\s{2,4}'?/?(@?[^@\s'/]+(?:/[^@\s'/]+)?)[@/](\d[^:('\s]*)`)
	reqLineRe  = regexp.MustCompile(`^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:(==|>=|<=|~=|!=|>|<)\s*([\w.*+!-]+))?`)
	pyDepStrRe = regexp.MustCompile(`"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:(==|>=|~=|<=|>|<)\s*([\w.*]+))?[^"]*"`)
	urlDepRe   = regexp.MustCompile(`^(git\+|git://|git@|https?://|github:|gitlab:|bitbucket:|gist:)`)
	ghShortRe  = regexp.MustCompile(`^[\w.-]+/[\w.-]+(#.*)?$`)
)

// collectDeps reads every manifest and lockfile in the scan.
func (s *scanner) collectDeps() []dep {
	var out []dep
	for _, p := range s.pkgs {
		for _, sec := range []map[string]string{p.Dependencies, p.DevDependencies, p.OptionalDependencies, p.PeerDependencies} {
			for name, spec := range sec {
				out = append(out, dep{eco: "npm", name: name, spec: spec, version: exactVersion(spec), file: p.file.path, line: lineOf(p.file.data, `"`+name+`"`), direct: true})
			}
		}
	}
	for _, fs := range s.files {
		base := path.Base(fs.path)
		switch {
		case fs.depMeta:
			var p pkgJSON
			if json.Unmarshal(fs.data, &p) == nil && p.Name != "" {
				p.file = fs
				out = append(out, dep{eco: "npm", name: p.Name, version: p.Version, file: fs.path, line: 1, meta: &p})
			}
		case fs.vendored:
		case base == "package-lock.json" || base == "npm-shrinkwrap.json":
			var lock struct {
				Packages     map[string]struct{ Version, Resolved string } `json:"packages"`
				Dependencies map[string]json.RawMessage                    `json:"dependencies"`
			}
			if json.Unmarshal(fs.data, &lock) != nil {
				continue
			}
			for k, v := range lock.Packages {
				i := strings.LastIndex(k, "node_modules/")
				if i < 0 {
					continue
				}
				out = append(out, dep{eco: "npm", name: k[i+len("node_modules/"):], version: v.Version, spec: v.Resolved, file: fs.path, line: lineOf(fs.data, `"`+k+`"`)})
			}
			if len(lock.Packages) == 0 {
				for name, raw := range lock.Dependencies {
					var v struct{ Version string }
					_ = json.Unmarshal(raw, &v)
					out = append(out, dep{eco: "npm", name: name, version: v.Version, file: fs.path, line: lineOf(fs.data, `"`+name+`"`)})
				}
			}
		case base == "yarn.lock":
			lines := strings.Split(string(fs.data), "\n")
			for i := 0; i < len(lines); i++ {
				l := lines[i]
				if l == "" || l[0] == ' ' || l[0] == '#' {
					continue
				}
				m := yarnHeadRe.FindStringSubmatch(l)
				if m == nil {
					continue
				}
				d := dep{eco: "npm", name: m[1], file: fs.path, line: i + 1}
				for j := i + 1; j < len(lines) && j < i+6; j++ {
					if v := yarnVerRe.FindStringSubmatch(lines[j]); v != nil {
						d.version = v[1]
						break
					}
				}
				out = append(out, d)
			}
		case base == "pnpm-lock.yaml":
			for i, l := range strings.Split(string(fs.data), "\n") {
				if m := pnpmKeyRe.FindStringSubmatch(l); m != nil && strings.HasSuffix(strings.TrimSpace(l), ":") {
					out = append(out, dep{eco: "npm", name: m[1], version: m[2], file: fs.path, line: i + 1})
				}
			}
		case strings.HasPrefix(base, "requirements") && strings.HasSuffix(base, ".txt"), base == "requirements.in":
			for i, l := range strings.Split(string(fs.data), "\n") {
				l = strings.TrimSpace(l)
				if l == "" || l[0] == '#' || l[0] == '-' {
					if strings.HasPrefix(l, "-e ") || strings.HasPrefix(l, "--index-url") || strings.HasPrefix(l, "--extra-index-url") {
						out = append(out, dep{eco: "pypi", spec: l, file: fs.path, line: i + 1, direct: true})
					}
					continue
				}
				if urlDepRe.MatchString(l) || strings.Contains(l, " @ ") {
					out = append(out, dep{eco: "pypi", name: strings.Fields(l)[0], spec: l, file: fs.path, line: i + 1, direct: true})
					continue
				}
				if m := reqLineRe.FindStringSubmatch(l); m != nil {
					v := ""
					if m[2] == "==" {
						v = m[3]
					}
					out = append(out, dep{eco: "pypi", name: m[1], version: v, file: fs.path, line: i + 1, direct: true})
				}
			}
		case base == "pyproject.toml" || base == "setup.py" || base == "setup.cfg" || base == "Pipfile":
			txt := string(fs.data)
			inDeps := false
			for i, l := range strings.Split(txt, "\n") {
				t := strings.TrimSpace(l)
				if strings.Contains(t, "dependencies") || strings.Contains(t, "install_requires") || strings.Contains(t, "requires = [") || t == "[packages]" || t == "[dev-packages]" {
					inDeps = true
				}
				if strings.HasPrefix(t, "[") && !strings.Contains(t, "packages") && !strings.HasPrefix(t, "[\"") && t != "[" {
					if !strings.Contains(t, "dependencies") {
						inDeps = false
					}
				}
				if !inDeps {
					continue
				}
				for _, m := range pyDepStrRe.FindAllStringSubmatch(l, -1) {
					v := ""
					if m[2] == "==" {
						v = m[3]
					}
					out = append(out, dep{eco: "pypi", name: m[1], version: v, file: fs.path, line: i + 1, direct: true})
				}
				if base == "Pipfile" {
					if k, _, ok := strings.Cut(t, "="); ok && !strings.HasPrefix(t, "[") {
						out = append(out, dep{eco: "pypi", name: strings.Trim(strings.TrimSpace(k), `"`), file: fs.path, line: i + 1, direct: true})
					}
				}
				if strings.Contains(t, "]") && !strings.Contains(t, "[") && base != "Pipfile" {
					inDeps = false
				}
			}
		}
	}
	return out
}

// exactVersion returns the version a spec pins, or "".
func exactVersion(spec string) string {
	spec = strings.TrimPrefix(strings.TrimSpace(spec), "=")
	if spec == "" || strings.ContainsAny(spec, "^~<>*xX |") {
		return ""
	}
	if spec[0] >= '0' && spec[0] <= '9' {
		return spec
	}
	return ""
}

// normPy folds a PyPI name as PEP 503 does.
func normPy(n string) string {
	n = strings.ToLower(n)
	return strings.NewReplacer("_", "-", ".", "-").Replace(n)
}

// dependencies checks names against the intelligence list, looks for
// typosquats of popular names and for code fetched from URLs, and reads
// the install scripts of installed packages.
func (s *scanner) dependencies() {
	deps := s.collectDeps()
	reported := map[string]bool{}
	popular := map[string]map[string]bool{}
	var popList = map[string][]string{}
	if s.opts.Intel != nil {
		for _, eco := range []string{"npm", "pypi"} {
			l := s.opts.Intel.Popular(eco)
			popList[eco] = l
			popular[eco] = map[string]bool{}
			for _, n := range l {
				if eco == "pypi" {
					n = normPy(n)
				}
				popular[eco][n] = true
			}
		}
	}
	sort.SliceStable(deps, func(i, j int) bool { return deps[i].direct && !deps[j].direct })
	for _, d := range deps {
		if d.name == "" && d.spec != "" {
			if strings.Contains(d.spec, "index-url") {
				s.extra = append(s.extra, Finding{Rule: "foreign-index", Severity: Medium, File: d.file, Line: d.line, Trigger: OnInstall, Evidence: evidence(d.spec),
					Advice: "pip is pointed at a package index other than PyPI; names there can shadow real packages."})
			}
			continue
		}
		key := d.eco + ":" + d.name
		if s.opts.Intel != nil && !reported[key] {
			if hit, ok := s.opts.Intel.Lookup(d.eco, d.name, d.version); ok {
				reported[key] = true
				ev := d.eco + " package " + d.name
				if d.version != "" {
					ev += "@" + d.version
				}
				ev += " is listed as malicious"
				if hit.Campaign != "" {
					ev += " (" + hit.Campaign + ")"
				}
				if hit.Source != "" {
					ev += " by " + hit.Source
				}
				if hit.Reference != "" {
					ev += ": " + hit.Reference
				}
				s.extra = append(s.extra, Finding{Rule: "known-malicious-dependency", Severity: Critical, File: d.file, Line: d.line, Trigger: OnInstall, Evidence: evidence(ev),
					Advice: "Installing this project installs a package published to steal from developers. Do not run npm/pip install; report the sender."})
				continue
			}
		}
		if d.direct && d.eco == "npm" && d.spec != "" {
			if urlDepRe.MatchString(d.spec) || (ghShortRe.MatchString(d.spec) && !strings.HasPrefix(d.spec, "npm:") && !strings.HasPrefix(d.spec, "workspace:")) {
				sev := Medium
				if u := urlRe.FindString(d.spec); u != "" {
					if h, _ := hostOf(u); isRawIP(h) {
						sev = High
					}
				}
				s.extra = append(s.extra, Finding{Rule: "url-dependency", Severity: sev, File: d.file, Line: d.line, Trigger: OnInstall, Evidence: evidence(d.name + ": " + d.spec),
					Advice: "This dependency is fetched from a URL or git repository, outside the registry's malware checks; read it before installing."})
			}
		}
		if !d.direct && d.spec != "" && strings.Contains(d.spec, "://") {
			if h, _ := hostOf(d.spec); isRawIP(h) {
				s.extra = append(s.extra, Finding{Rule: "url-dependency", Severity: High, File: d.file, Line: d.line, Trigger: OnInstall, Evidence: evidence(d.name + " resolved from " + d.spec),
					Advice: "The lockfile fetches a package from a bare IP address."})
			}
		}
		if d.direct && popular[d.eco] != nil && !reported["typo:"+key] {
			if target, ok := typosquat(d.eco, d.name, popular[d.eco], popList[d.eco]); ok {
				reported["typo:"+key] = true
				s.extra = append(s.extra, Finding{Rule: "typosquat-dependency", Severity: Medium, File: d.file, Line: d.line, Trigger: OnInstall,
					Evidence: evidence(d.name + " looks like the popular " + target),
					Advice:   "A dependency named one slip away from a popular package is a classic way to get malware installed. Check which one the project needs."})
			}
		}
		if d.meta != nil {
			s.installedScripts(d)
		}
	}
}

// installedScripts reads the install hooks of a package already in
// node_modules.
func (s *scanner) installedScripts(d dep) {
	if benignInstallPackages[d.name] {
		return
	}
	for _, name := range []string{"preinstall", "install", "postinstall"} {
		cmd, ok := d.meta.Scripts[name]
		if !ok || isBenignHook(cmd) {
			continue
		}
		ci := analyzeCommand(cmd)
		for _, h := range ci.hits {
			sev := h.sev
			if sev == High {
				sev = Critical
			}
			s.extra = append(s.extra, Finding{Rule: h.rule, Severity: sev, File: d.file, Line: lineOf(d.meta.file.data, `"`+name+`"`), Trigger: OnInstall,
				Evidence: evidence(d.name + " " + name + ": " + h.evidence), Advice: h.advice})
		}
		s.extra = append(s.extra, Finding{Rule: "dependency-install-script", Severity: Info, File: d.file, Line: lineOf(d.meta.file.data, `"`+name+`"`), Trigger: OnInstall,
			Evidence: evidence(d.name + " " + name + ": " + cmd), Advice: "An installed package runs this on install."})
	}
}

// typosquat finds the popular name a dependency imitates: one or two
// edits (swap, add, drop, change a character), a separator changed, or
// a scoped package's name without or under another scope.
func typosquat(eco, name string, popular map[string]bool, list []string) (string, bool) {
	n := name
	if eco == "pypi" {
		n = normPy(n)
	}
	if popular[n] || len(n) < 4 {
		return "", false
	}
	if strings.HasPrefix(n, "@types/") {
		return "", false
	}
	scope, base := "", n
	if strings.HasPrefix(n, "@") {
		if i := strings.IndexByte(n, '/'); i > 0 {
			scope, base = n[:i], n[i+1:]
		}
	}
	for _, p := range list {
		if eco == "pypi" {
			p = normPy(p)
		}
		if p == n {
			continue
		}
		// scope confusion: @solana/web3.js vs web3.js-solana or @solanna/web3.js
		if strings.HasPrefix(p, "@") {
			if i := strings.IndexByte(p, '/'); i > 0 {
				pScope, pBase := p[:i], p[i+1:]
				if len(pBase) >= 6 && (base == pBase && scope != pScope && scope != "" && editDistance(scope, pScope) <= 2) {
					return p, true
				}
				if scope == "" && n == pBase && !popular[n] && len(pBase) >= 8 {
					return p, true
				}
			}
		}
		if strings.Replace(strings.Replace(n, "_", "-", -1), ".", "-", -1) == strings.Replace(strings.Replace(p, "_", "-", -1), ".", "-", -1) {
			return p, true
		}
		lp := len(p)
		if lp < 5 || abs(len(n)-lp) > 2 {
			continue
		}
		limit := 1
		if lp >= 12 {
			limit = 2
		}
		if d := editDistance(n, p); d > 0 && d <= limit {
			// plural and suffix variants of short words are their own packages (colors/color)
			if (n == p+"s" || p == n+"s") && !strings.HasSuffix(p, "s") && !strings.HasSuffix(n, "ss") || strings.TrimSuffix(n, "js") == p || strings.TrimSuffix(p, "js") == n {
				continue
			}
			if isDigitSuffixVariant(n, p) {
				continue
			}
			return p, true
		}
	}
	return "", false
}

func isDigitSuffixVariant(a, b string) bool {
	trim := func(s string) string { return strings.TrimRight(s, "0123456789-.") }
	return trim(a) == trim(b)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the optimal-string-alignment distance (Levenshtein
// with adjacent swaps), in three rows.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return 99
	}
	var rows [3][65]int
	pp, p, c := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		p[j] = j
	}
	for i := 1; i <= len(a); i++ {
		c[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c[j] = min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				c[j] = min(c[j], pp[j-2]+1)
			}
		}
		pp, p, c = p, c, pp
	}
	return p[len(b)]
}
