//go:build !unix

package lure

import "testing"

func reportCPU(b *testing.B, f func()) { f() }
