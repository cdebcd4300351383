// Package faults lets tests make the screening engine fail where a bug
// in it would, so that they can prove every caller survives one: a
// panic screening one query, or tokenising one listed name. The hooks
// are unset in production, where each costs one atomic load; the
// package is internal so that nothing outside this module can set them.
package faults

import "sync/atomic"

var screen, tokenize atomic.Pointer[func(string)]

// OnScreen makes f run at the start of every screening (Index.Screen and
// Index.Compare) with the query's name, until undo is called. f may panic.
func OnScreen(f func(name string)) (undo func()) { return set(&screen, f) }

// OnTokenize makes f run before each listed name is tokenised for the
// index, with the name, until undo is called. f may panic.
func OnTokenize(f func(name string)) (undo func()) { return set(&tokenize, f) }

// Screen runs the OnScreen hook, if any.
func Screen(name string) { run(&screen, name) }

// Tokenize runs the OnTokenize hook, if any.
func Tokenize(name string) { run(&tokenize, name) }

func set(p *atomic.Pointer[func(string)], f func(string)) func() {
	p.Store(&f)
	return func() { p.Store(nil) }
}

func run(p *atomic.Pointer[func(string)], s string) {
	if f := p.Load(); f != nil {
		(*f)(s)
	}
}
