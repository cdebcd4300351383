package lure

import (
	"strconv"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/js"
)

type tokKind uint8

const (
	tIdent  tokKind = iota // identifiers and keywords
	tPunct                 // operators and punctuators
	tString                // string literal (decoded value) or a template literal's text part
	tNum
	tRegex
)

// tok is one significant JavaScript token.
type tok struct {
	kind tokKind
	text string // for strings: the unquoted, unescaped value
	line int
	nl   bool // a line break precedes it
}

const maxTokens = 400_000

// lexJS turns source into significant tokens with tdewolff's lexer,
// which follows ECMAScript's lexical grammar; regular expressions are
// told from division by the token before. It never fails: unlexable
// bytes are skipped, as payloads are often deliberately malformed.
func lexJS(src []byte) []tok {
	l := js.NewLexer(parse.NewInputBytes(src))
	toks := make([]tok, 0, len(src)/5+8)
	line := 1
	nl := false
	errs := 0
	for len(toks) < maxTokens {
		tt, text := l.Next()
		switch tt {
		case js.ErrorToken:
			if len(text) == 0 {
				return toks
			}
			if errs++; errs > 10_000 {
				return toks
			}
			continue
		case js.WhitespaceToken:
			continue
		case js.LineTerminatorToken:
			line += countLines(text)
			nl = true
			continue
		case js.CommentToken, js.CommentLineTerminatorToken:
			if n := countLines(text); n > 0 {
				line += n
				nl = true
			}
			continue
		}
		t := tok{line: line, nl: nl}
		nl = false
		switch {
		case tt == js.StringToken:
			t.kind, t.text = tString, unquoteJS(text)
		case tt == js.TemplateToken || tt == js.TemplateStartToken || tt == js.TemplateMiddleToken || tt == js.TemplateEndToken:
			t.kind, t.text = tString, templateText(text)
			line += countLines(text)
		case tt == js.IdentifierToken || js.IsReservedWord(tt) || js.IsIdentifierName(tt):
			t.kind, t.text = tIdent, string(text)
		case js.IsNumeric(tt):
			t.kind, t.text = tNum, string(text)
		case tt == js.DivToken || tt == js.DivEqToken:
			if regexAllowed(toks) {
				if rt, rtext := l.RegExp(); rt == js.RegExpToken {
					t.kind, t.text = tRegex, string(rtext)
					break
				}
			}
			t.kind, t.text = tPunct, string(text)
		case tt == js.PrivateIdentifierToken:
			t.kind, t.text = tIdent, string(text)
		default:
			t.kind, t.text = tPunct, string(text)
		}
		toks = append(toks, t)
	}
	return toks
}

func countLines(b []byte) int {
	n := 0
	for i, c := range b {
		if c == '\n' || (c == '\r' && (i+1 == len(b) || b[i+1] != '\n')) {
			n++
		}
	}
	return n
}

// regexAllowed says a slash starts a regular expression after this token.
func regexAllowed(toks []tok) bool {
	if len(toks) == 0 {
		return true
	}
	p := toks[len(toks)-1]
	switch p.kind {
	case tNum, tString, tRegex:
		return false
	case tIdent:
		switch p.text {
		case "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await":
			return true
		}
		return false
	}
	return p.text != ")" && p.text != "]" && p.text != "}"
}

// unquoteJS decodes a string literal's escapes (\x41, \u0041, \u{41},
// \n ...) well enough to read what obfuscators hide in them.
func unquoteJS(b []byte) string {
	if len(b) < 2 {
		return ""
	}
	s := string(b[1 : len(b)-1])
	if !strings.ContainsRune(s, '\\') {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			out.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'n':
			out.WriteByte('\n')
		case 't':
			out.WriteByte('\t')
		case 'r':
			out.WriteByte('\r')
		case 'b', 'f', 'v':
		case '0':
			out.WriteByte(0)
		case 'x':
			if i+2 < len(s)+0 && i+2 <= len(s)-1 {
				if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
					out.WriteByte(byte(v))
					i += 2
					continue
				}
			}
			out.WriteByte('x')
		case 'u':
			if i+1 < len(s) && s[i+1] == '{' {
				if j := strings.IndexByte(s[i:], '}'); j > 0 {
					if v, err := strconv.ParseUint(s[i+2:i+j], 16, 32); err == nil {
						out.WriteRune(rune(v))
						i += j
						continue
					}
				}
			} else if i+4 < len(s) {
				if v, err := strconv.ParseUint(s[i+1:i+5], 16, 32); err == nil {
					out.WriteRune(rune(v))
					i += 4
					continue
				}
			}
			out.WriteByte('u')
		case '\n', '\r':
		default:
			out.WriteByte(s[i])
		}
	}
	return out.String()
}

func templateText(b []byte) string {
	s := string(b)
	s = strings.TrimPrefix(s, "`")
	s = strings.TrimPrefix(s, "}")
	s = strings.TrimSuffix(s, "`")
	s = strings.TrimSuffix(s, "${")
	return s
}
