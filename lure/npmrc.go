package lure

import (
	"path"
	"regexp"
	"strings"
)

// Package-manager configuration shipped in a repository runs code too:
// .npmrc's node-options (--require a file) and script-shell apply to every
// npm command, a registry or yarnPath pointed elsewhere swaps the packages
// or the package manager itself.

var (
	npmrcKeyRe   = regexp.MustCompile(`^\s*([A-Za-z0-9_:@./-]+)\s*=\s*(.*?)\s*$`)
	yarnrcKeyRe  = regexp.MustCompile(`^\s*"?([A-Za-z0-9_-]+)"?\s*:?\s+"?([^"]*?)"?\s*$`)
	nodeOptReqRe = regexp.MustCompile(`(?:--require|-r|--import|--loader|--experimental-loader)[ =]+["']?([^\s"']+)`)
)

// isPkgManagerRC reports the package-manager rc files pkgManagerRC reads.
func isPkgManagerRC(p string) bool {
	switch path.Base(p) {
	case ".npmrc", ".yarnrc", ".yarnrc.yml", ".pnpmrc":
		return true
	}
	return false
}

// pkgManagerRC reads an .npmrc/.yarnrc(.yml) for settings that run code
// or fetch packages from elsewhere on the next npm or yarn command.
func (s *scanner) pkgManagerRC(fs *fileState) {
	dir := path.Dir(fs.path)
	if dir == "." {
		dir = ""
	} else {
		dir += "/"
	}
	yml := strings.HasSuffix(fs.path, ".yml") || path.Base(fs.path) == ".yarnrc"
	for n, line := range strings.Split(string(fs.data), "\n") {
		l := strings.TrimSpace(line)
		if l == "" || l[0] == '#' || l[0] == ';' {
			continue
		}
		re := npmrcKeyRe
		if yml {
			re = yarnrcKeyRe
		}
		m := re.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		key, val := strings.ToLower(m[1]), strings.Trim(m[2], `"'`)
		f := Finding{File: fs.path, Line: n + 1, Trigger: OnInstall, Evidence: evidence(key + " = " + val)}
		switch {
		case key == "node-options":
			for _, mm := range nodeOptReqRe.FindAllStringSubmatch(val, -1) {
				target := path.Clean(dir + strings.TrimPrefix(mm[1], "./"))
				s.mark(target, OnInstall, fs.path+" node-options preloads it into every npm command")
				s.execRefs[target] = true
			}
			f.Rule, f.Severity = "npmrc-code", High
			f.Advice = "node-options in a project's .npmrc is handed to every node process npm starts: npm install, npm run dev, npm test all load what it names first."
			if strings.Contains(val, "--eval") || strings.Contains(val, "-e ") {
				f.Severity = Critical
			}
		case key == "script-shell" || key == "shell" || key == "git" || key == "node-gyp":
			f.Rule, f.Severity = "npmrc-code", High
			f.Advice = "The project's .npmrc swaps the program npm runs scripts (or git, node-gyp) with; every npm command runs it."
		case key == "yarnpath":
			if strings.Contains(val, ".yarn/releases/") && strings.HasSuffix(val, ".cjs") {
				continue // the usual checked-in yarn release
			}
			target := path.Clean(dir + strings.TrimPrefix(val, "./"))
			s.mark(target, OnInstall, fs.path+" yarnPath runs it as yarn itself")
			s.execRefs[target] = true
			f.Rule, f.Severity = "npmrc-code", High
			f.Advice = "yarnPath names the program that runs as yarn on every yarn command; outside .yarn/releases it is not a yarn release."
		case key == "registry" || strings.HasSuffix(key, ":registry") || key == "npmregistryserver":
			h, port := hostOf(val)
			scoped := strings.HasPrefix(key, "@")
			switch {
			case h == "" || knownRegistry(h) || isPrivateOrLocal(h):
				continue
			case isRawIP(h) || c2Port[port]:
				f.Rule, f.Severity = "foreign-registry", High
			case scoped || privateMirrorRe.MatchString(val):
				// a company's own scope or mirror (Artifactory, Nexus,
				// Verdaccio, Azure Artifacts, GitLab) is worth a look only
				f.Rule, f.Severity = "foreign-registry", Low
			default:
				// every package of a take-home fetched from an unknown
				// host: how fake interviews smuggle a trojanised package
				// under a real name (the live-coding-sandbox lure)
				f.Rule, f.Severity = "foreign-registry", High
			}
			f.Advice = "The project points npm at another registry: every package npm install fetches comes from there, whatever its name."
		default:
			continue
		}
		if ci := analyzeCommand(val); len(ci.hits) > 0 {
			f.Severity = Critical
		}
		s.extra = append(s.extra, f)
	}
}

// privateMirrorRe matches the registry products companies run.
var privateMirrorRe = regexp.MustCompile(`(?i)artifactory|nexus|verdaccio|jfrog|pkgs\.dev\.azure\.com|gitlab|cloudsmith|codeartifact|/api/npm/|gemfury|myget`)

// knownRegistry reports the public registries and their well-known mirrors.
func knownRegistry(h string) bool {
	switch h {
	case "registry.npmjs.org", "registry.npmjs.com", "registry.yarnpkg.com", "registry.npmmirror.com", "registry.npm.taobao.org",
		"npm.pkg.github.com", "registry.npmjs.cf", "r.cnpmjs.org", "mirrors.cloud.tencent.com", "mirrors.huaweicloud.com", "registry.nlark.com":
		return true
	}
	return false
}

// isPrivateOrLocal reports loopback and private IPv4 addresses, which a
// company's own registry mirror may use.
func isPrivateOrLocal(h string) bool {
	return strings.HasPrefix(h, "127.") || strings.HasPrefix(h, "10.") || strings.HasPrefix(h, "192.168.") || h == "localhost" ||
		strings.HasPrefix(h, "172.") && len(h) > 6 && (h[4] == '1' && h[5] >= '6' && h[5] <= '9' || h[4] == '2' && h[5] >= '0' && h[5] <= '9' || h[4] == '3' && h[5] <= '1') && h[6] == '.'
}
