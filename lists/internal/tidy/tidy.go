// Package tidy tidies the text values the list parsers read: one way to
// trim and collapse whitespace, one way to join the parts of a value, one
// way to note a value that could not be read.
package tidy

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Clean trims a value and collapses inner runs of whitespace, line breaks
// and non-breaking spaces that pretty-printed list files leave inside it.
func Clean(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' || c == '\r' || c == '\t' || c >= utf8.RuneSelf || (c == ' ' && i+1 < len(s) && s[i+1] == ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// JoinNonEmpty joins the non-empty parts with sep.
func JoinNonEmpty(sep string, parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
	}
	return b.String()
}

// Notes collects values that could not be read but skipped nothing, for
// the parse report's notes: "ref: what was wrong".
type Notes []string

// Add notes a value of record ref.
func (n *Notes) Add(ref, format string, args ...any) {
	*n = append(*n, ref+": "+fmt.Sprintf(format, args...))
}
