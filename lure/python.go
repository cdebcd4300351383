package lure

import (
	"regexp"
	"strings"
)

var (
	pyNetRe      = regexp.MustCompile(`\b(requests\s*\.\s*(get|post|request|Session)|urlopen|urllib\d?\s*\.\s*request|urllib\d?\s*\.\s*urlopen|http\.client|httpx\s*\.\s*(get|post)|aiohttp|socket\s*\.\s*socket|urlretrieve|pycurl)\b`)
	pyDecodeRe   = regexp.MustCompile(`\b(b64decode|b32decode|b85decode|a85decode|decodebytes|unhexlify|fromhex|zlib\s*\.\s*decompress|marshal\s*\.\s*loads|lzma\s*\.\s*decompress|bz2\s*\.\s*decompress|codecs\s*\.\s*decode|rot13|rot_13)\b`)
	pyExecRe     = regexp.MustCompile(`(?:^|[^\w.])(exec|eval|compile|__import__\s*\(\s*['"]builtins['"]\s*\)\s*\.\s*exec|getattr\s*\(\s*__builtins__\s*,\s*['"]exec['"]\s*\))\s*\(`)
	pyAssignRe   = regexp.MustCompile(`^\s*([A-Za-z_][\w]*(?:\s*,\s*[A-Za-z_][\w]*)*)\s*(?::[^=]+)?=[^=]`)
	pyWithAsRe   = regexp.MustCompile(`\bwith\s+(.+)\s+as\s+([A-Za-z_]\w*)\s*:`)
	pySubRe      = regexp.MustCompile(`\b(subprocess\s*\.\s*(run|call|Popen|check_output|check_call|getoutput)|os\s*\.\s*(system|popen|exec\w*|spawn\w*|startfile))\s*\(`)
	pyOpenWRe    = regexp.MustCompile(`\bopen\s*\(\s*([A-Za-z_][\w.]*)\s*,\s*(?:mode\s*=\s*)?['"][wax]b?\+?['"]`)
	pyOpenWAnyRe = regexp.MustCompile(`\bopen\s*\(.*,\s*(?:mode\s*=\s*)?['"][wax]b?\+?['"]`)
	pyWriteToRe  = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*\.\s*(write_text|write_bytes)\s*\(`)
	pyInterpRe   = regexp.MustCompile(`\b(sys\.executable|python3?|pythonw|node|bash|sh|powershell|cmd)\b|['"]-c['"]`)
	pyDetachRe   = regexp.MustCompile(`\b(DETACHED_PROCESS|CREATE_NEW_PROCESS_GROUP|CREATE_NO_WINDOW|start_new_session\s*=\s*True|preexec_fn\s*=\s*os\.setsid)\b`)
	pyEnvDumpRe  = regexp.MustCompile(`\b(dict\s*\(\s*os\.environ\s*\)|os\.environ\s*\.\s*copy\s*\(\s*\)|json\.dumps\s*\(\s*(dict\s*\()?\s*os\.environ|:\s*os\.environ\s*[,}])`)
	pyStrRe      = regexp.MustCompile(`(?s)[rbuRBU]{0,2}("""(.*?)"""|'''(.*?)'''|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')`)
	pyFuncRe     = regexp.MustCompile(`^\s*def\s+([A-Za-z_]\w*)\s*\(`)
	pyImportRe   = regexp.MustCompile(`^\s*(?:from\s+(\.*[\w.]*)\s+import\s+([\w*, ()]+)|import\s+([\w., ]+))`)
)

// pyFacts is what the analysis of one Python file found.
type pyFacts struct {
	execs    []sinkUse
	subHits  []cmdHit
	subLines []int
	detached int
	envDump  int
	net      int
	strs     []tok
	decoded  []decodedConst
	imports  []string // module paths as written ("pkg.mod", ".sibling")
}

// analyzePython reads Python line by line: names assigned from network
// calls or decoders are tainted, and exec/eval/compile of a tainted
// name, a network call or a decoder is the lure's loader shape
// (exec(requests.get(u).text), exec(base64.b64decode(blob))).
func analyzePython(src []byte) *pyFacts {
	f := &pyFacts{}
	text := string(src)
	lines := strings.Split(text, "\n")
	net := map[string]bool{}
	dec := map[string]bool{}
	written := map[string]bool{}  // files a download was written to
	handle := map[string]string{} // with open(p, 'w') as fh: fh -> p
	wroteDownload := false        // a download was written to some file
	funcNet := ""
	for n, line := range lines {
		ln := n + 1
		code := line
		if i := strings.Index(code, "#"); i >= 0 && !strings.ContainsAny(code[:i], `"'`) {
			code = code[:i]
		}
		if strings.TrimSpace(code) == "" {
			continue
		}
		if m := pyFuncRe.FindStringSubmatch(code); m != nil {
			funcNet = m[1]
		}
		if m := pyImportRe.FindStringSubmatch(code); m != nil {
			if m[1] != "" {
				f.imports = append(f.imports, m[1])
				for _, name := range strings.Split(strings.Trim(m[2], "() "), ",") {
					fs := strings.Fields(name)
					if len(fs) > 0 && fs[0] != "*" {
						f.imports = append(f.imports, strings.TrimSuffix(m[1], ".")+"."+fs[0])
					}
				}
			} else {
				for _, mod := range strings.Split(m[3], ",") {
					if fs := strings.Fields(mod); len(fs) > 0 {
						f.imports = append(f.imports, fs[0])
					}
				}
			}
		}
		isNet := pyNetRe.MatchString(code) || mentions(code, net)
		isDec := pyDecodeRe.MatchString(code) || mentions(code, dec)
		if pyNetRe.MatchString(code) {
			f.net++
		}
		if m := pyAssignRe.FindStringSubmatch(code); m != nil {
			for _, v := range strings.Split(m[1], ",") {
				v = strings.TrimSpace(v)
				if isNet {
					net[v] = true
				}
				if isDec {
					dec[v] = true
				}
			}
		}
		if m := pyWithAsRe.FindStringSubmatch(code); m != nil && isNet {
			net[m[2]] = true
		}
		// a download written to a file: open(p, 'w').write(requests…),
		// with open(p, 'wb') as fh: fh.write(r.content), Path(p).write_text(…)
		if m := pyWithAsRe.FindStringSubmatch(code); m != nil && pyOpenWAnyRe.MatchString(m[1]) {
			handle[m[2]] = ""
			if w := pyOpenWRe.FindStringSubmatch(m[1]); w != nil {
				handle[m[2]] = w[1]
			}
		}
		if isNet {
			if w := pyOpenWRe.FindStringSubmatch(code); w != nil && strings.Contains(code, "write") {
				written[w[1]] = true
			}
			if w := pyWriteToRe.FindStringSubmatch(code); w != nil {
				written[w[1]] = true
			}
			for h, p := range handle {
				if strings.Contains(code, h+".write") {
					wroteDownload = true
					if p != "" {
						written[p] = true
					}
				}
			}
		}
		if strings.Contains(code, "return") && isNet && funcNet != "" {
			net[funcNet] = true
		}
		if loc := pyExecRe.FindStringIndex(code); loc != nil {
			args := code[loc[1]:]
			s := sinkUse{name: strings.TrimSpace(strings.Trim(code[loc[0]:loc[1]], "( \t")), line: ln, code: true, args: args}
			s.tainted = pyNetRe.MatchString(args) || mentions(args, net)
			s.decoded = pyDecodeRe.MatchString(args) || mentions(args, dec)
			if s.name == "compile" && !s.tainted && !s.decoded {
				continue // re.compile and friends are caught by the \w. guard; a bare compile of text is fine
			}
			if s.name == "eval" && !s.tainted && !s.decoded {
				continue
			}
			f.execs = append(f.execs, s)
		}
		if pySubRe.MatchString(code) {
			// the downloaded file, or fetched text handed to an
			// interpreter (sys.executable -c code), is run
			if mentions(code, written) || (isNet || wroteDownload) && pyInterpRe.MatchString(code) {
				f.execs = append(f.execs, sinkUse{name: "subprocess (runs what was downloaded)", line: ln, code: true, tainted: true, args: strings.TrimSpace(code)})
			}
			ci := analyzeCommand(code)
			for _, h := range ci.hits {
				f.subHits = append(f.subHits, h)
				f.subLines = append(f.subLines, ln)
			}
			if (strings.Contains(code, "curl") || strings.Contains(code, "wget")) && len(ci.hits) == 0 {
				f.subHits = append(f.subHits, cmdHit{"subprocess-download", Medium, code, "A subprocess downloads with curl or wget."})
				f.subLines = append(f.subLines, ln)
			}
		}
		if f.detached == 0 && pyDetachRe.MatchString(code) {
			f.detached = ln
		}
		if f.envDump == 0 && pyEnvDumpRe.MatchString(code) {
			f.envDump = ln
		}
	}
	// string literals for the stealer, URL and decoding checks
	for _, m := range pyStrRe.FindAllStringSubmatchIndex(text, 20000) {
		var s string
		for g := 2; g <= 5; g++ {
			if m[2*g] >= 0 {
				s = text[m[2*g]:m[2*g+1]]
				break
			}
		}
		if len(s) < 6 {
			continue
		}
		ln := strings.Count(text[:m[0]], "\n") + 1
		f.strs = append(f.strs, tok{kind: tString, text: s, line: ln})
		if len(s) >= 16 {
			if d, how := decodeConstant(strings.Join(strings.Fields(s), "")); d != "" {
				f.decoded = append(f.decoded, decodedConst{line: ln, how: how, text: d})
			}
		}
	}
	return f
}

// mentions reports whether code uses one of the names as a word.
func mentions(code string, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	start := -1
	for i := 0; i <= len(code); i++ {
		word := i < len(code) && (code[i] == '_' || code[i] >= 'a' && code[i] <= 'z' || code[i] >= 'A' && code[i] <= 'Z' || code[i] >= '0' && code[i] <= '9')
		if word && start < 0 {
			start = i
		}
		if !word && start >= 0 {
			if names[code[start:i]] && (start == 0 || code[start-1] != '.') {
				return true
			}
			start = -1
		}
	}
	return false
}
