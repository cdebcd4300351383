package lure

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

const maxEvidence = 200

var (
	urlRe  = regexp.MustCompile(`(?i)\b(https?|wss?|ftp)://([^/\s'"` + "`" + `<>]+)`)
	ipRe   = regexp.MustCompile(`\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b`)
	hostRe = regexp.MustCompile(`(?i)\b((?:[a-z0-9-]+\.)+(?:io|com|net|org|app|cloud|online|xyz|top|site|dev|invalid|info|biz|ru|me|co|us|link|live|pro|store|tech|vercel\.app|onrender\.com))\b`)
)

// defang makes evidence safe to paste: URLs lose their scheme's power
// (hxxp://) and hosts and IP addresses their dots ([.]).
func defang(s string) string {
	s = urlRe.ReplaceAllStringFunc(s, func(u string) string {
		m := urlRe.FindStringSubmatch(u)
		scheme := strings.ToLower(m[1])
		scheme = strings.Replace(scheme, "http", "hxxp", 1)
		scheme = strings.Replace(scheme, "ws", "wxs", 1)
		scheme = strings.Replace(scheme, "ftp", "fxp", 1)
		return scheme + "://" + strings.ReplaceAll(m[2], ".", "[.]")
	})
	s = ipRe.ReplaceAllStringFunc(s, func(ip string) string { return strings.ReplaceAll(ip, ".", "[.]") })
	s = hostRe.ReplaceAllStringFunc(s, func(h string) string { return strings.ReplaceAll(h, ".", "[.]") })
	return s
}

// clip collapses blanks and control characters and cuts to the evidence
// limit on a rune boundary.
func clip(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsSpace(r) || unicode.IsControl(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
		if b.Len() > maxEvidence*2 {
			break
		}
	}
	out := strings.TrimSpace(b.String())
	if utf8.RuneCountInString(out) > maxEvidence {
		r := []rune(out)
		out = string(r[:maxEvidence-1]) + "…"
	}
	return out
}

// evidence defangs then clips.
func evidence(s string) string { return clip(defang(s)) }

// printable is the share of bytes that are printable ASCII or common
// whitespace.
func printable(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	n := 0
	for _, c := range b {
		if (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t' {
			n++
		}
	}
	return float64(n) / float64(len(b))
}

var (
	b64Re = regexp.MustCompile(`^[A-Za-z0-9+/_-]+={0,2}$`)
	hexRe = regexp.MustCompile(`^(?:0x)?[0-9a-fA-F]+$`)
)

// decodeConstant tries base64 (also with a junk leading character, a
// trick seen in the lures), hex and \x-escaped text, and returns readable
// text when one of them yields it.
func decodeConstant(s string) (string, string) {
	s = strings.TrimSpace(s)
	if len(s) < 16 {
		return "", ""
	}
	// a URL or code written backwards: "moc.elpmaxe//:sptth".split('').reverse().join('')
	if strings.Contains(s, "//:") || reversedHintRe.MatchString(s) {
		if r := reverseString(s); looksLikeURL(r) && !looksLikeURL(s) || len(reversedCallRe.FindAllStringIndex(r, 2)) == 2 && !looksLikeCode(s) {
			return r, "reversed"
		}
	}
	if len(s)%2 == 0 && hexRe.MatchString(s) && !isDigits(s) {
		if b, err := hex.DecodeString(strings.TrimPrefix(s, "0x")); err == nil && printable(b) > 0.95 && hasLetters(b) {
			return string(b), "hex"
		}
	}
	if (b64Re.MatchString(s) || b64RevRe.MatchString(s)) && mixedCase(s) {
		// as written, with a junk first character, or backwards
		// (InvisibleFerret's b64decode(__[::-1]))
		for k, cand := range []string{s, s[1:], reverseString(s)} {
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
				b, err := enc.DecodeString(cand)
				if err != nil || len(b) < 8 {
					continue
				}
				how := "base64"
				if k == 2 {
					how = "reversed base64"
				}
				if z := inflate(b); z != nil {
					b, how = z, how+"+zlib"
				}
				if printable(b) > 0.95 && hasLetters(b) {
					return string(b), how
				}
			}
		}
	}
	return "", ""
}

// inflate decompresses zlib or gzip data (the first MiB), nil if b is
// neither.
func inflate(b []byte) []byte {
	var r io.ReadCloser
	var err error
	switch {
	case len(b) > 2 && b[0] == 0x78 && (b[1] == 0x01 || b[1] == 0x5e || b[1] == 0x9c || b[1] == 0xda):
		r, err = zlib.NewReader(bytes.NewReader(b))
	case len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b:
		r, err = gzip.NewReader(bytes.NewReader(b))
	default:
		return nil
	}
	if err != nil {
		return nil
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if len(out) == 0 || err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func mixedCase(s string) bool {
	up, low := false, false
	for i := 0; i < len(s); i++ {
		up = up || (s[i] >= 'A' && s[i] <= 'Z')
		low = low || (s[i] >= 'a' && s[i] <= 'z')
	}
	return up && low
}

func hasLetters(b []byte) bool {
	n := 0
	for _, c := range b {
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') {
			n++
		}
	}
	return n*3 >= len(b)
}

// looksLikeURL reports whether decoded text is or holds a URL.
func looksLikeURL(s string) bool { return urlRe.MatchString(s) }

// codeWords are what decoded text needs to be worth re-analysing as code.
var codeWordRe = regexp.MustCompile(`\b(require|eval|Function|child_process|exec|spawn|import|process\.env|fetch|axios|atob|Buffer|__import__|subprocess|os\.system|urllib|requests)\b|=>`)

func looksLikeCode(s string) bool {
	return len(codeWordRe.FindAllStringIndex(s, 3)) >= 2
}

// hostOf returns a URL's host, lower-cased and without a port.
func hostOf(u string) (host, port string) {
	m := urlRe.FindStringSubmatch(u)
	if m == nil {
		return "", ""
	}
	h := strings.ToLower(m[2])
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h, port = h[:i], h[i+1:]
	}
	return h, port
}

// isRawIP reports a dotted IPv4 host that is not loopback, private or
// unspecified: a C2 address rather than a local service.
func isRawIP(h string) bool {
	m := ipRe.FindStringSubmatch(h)
	if m == nil || m[0] != h {
		return false
	}
	switch {
	case m[1] == "127", m[1] == "10", m[1] == "0", h == "0.0.0.0":
		return false
	case m[1] == "192" && m[2] == "168":
		return false
	case m[1] == "172":
		if len(m[2]) == 2 && m[2] >= "16" && m[2] <= "31" {
			return false
		}
	}
	return true
}

// reversedCallRe is what reversed text needs to count as code: calls of
// the loaders' sinks and sources (a reversed docstring is not).
var reversedCallRe = regexp.MustCompile(`\b(require|eval|Function|exec|execSync|spawn|fetch|get|runInThisContext)\s*\(`)

// reversedHintRe is a cheap test for a reversed call of a sink or source
// ("(lave" is "eval(" backwards) before reversing the whole string.
var reversedHintRe = regexp.MustCompile(`\(\s*(lave|eriuqer|noitcnuF|cexe|cnyScexe|nwaps|hctef|teg|txetnoCsihTnInur)\b`)

// b64RevRe matches base64 written backwards (padding first).
var b64RevRe = regexp.MustCompile(`^={1,2}[A-Za-z0-9+/_-]+$`)

// reverseString reverses s byte by byte (the lures reverse ASCII).
func reverseString(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}
