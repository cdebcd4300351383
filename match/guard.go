package match

import (
	"errors"
	"fmt"
	"runtime/debug"
	"unicode/utf8"
)

// The engine is guarded at its doors: Screen and Compare turn a panic
// into an error for the one query that caused it, and Build leaves out
// the one listed name that caused it (see Index.Skipped). Every caller —
// the CLI, batch, the API, the monitor — goes through these doors, so no
// caller needs a recover of its own and no hostile name can take a
// process down. A panic is still a bug: the error carries the stack so
// the caller can log it and count it.

// ErrInternal is wrapped by the errors a panic in the engine becomes;
// callers test for it with errors.Is to tell a bug (answer 500, count it)
// from a bad query (answer 400).
var ErrInternal = errors.New("internal error in the screening engine")

// PanicError is a panic in the engine, recovered.
type PanicError struct {
	Op    string // "screen", "compare" or "build"
	Input string // the query's name or wallet, or the listed name
	Value any    // what was passed to panic
	Stack []byte // the panicking goroutine's stack
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("%s %q: %v (%v); nothing was screened for it", e.Op, clip(e.Input, 80), ErrInternal, e.Value)
}

// Unwrap makes errors.Is(err, ErrInternal) true.
func (e *PanicError) Unwrap() error { return ErrInternal }

// recoverTo turns a panic into a *PanicError in *err. It must be deferred
// directly (recover only works in the deferred function itself).
func recoverTo(op, input string, err *error) {
	if p := recover(); p != nil {
		*err = &PanicError{Op: op, Input: input, Value: p, Stack: debug.Stack()}
	}
}

// clip shortens s to at most n runes, for messages: a 10,000-character
// name is named by its start.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for range n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + "…"
}
