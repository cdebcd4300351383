//go:build !linux

package main

// batchScheduling is Linux's SCHED_BATCH (sched_linux.go); elsewhere the
// processes keep the default class.
func batchScheduling() error { return nil }
