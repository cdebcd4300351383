package main

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the flusher and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeLogsAreBufferedUntilCloseOrTheNextFlush(t *testing.T) {
	var out syncBuffer
	lw := newLogWriter(&out, time.Hour)
	log, err := newLogger(lw, "text", "info")
	if err != nil {
		t.Fatal(err)
	}
	log.Info("first")
	if got := out.String(); got != "" {
		t.Fatalf("a line was written at once, not buffered: %q", got)
	}
	lw.Close()
	if got := out.String(); !strings.Contains(got, "msg=first") {
		t.Fatalf("Close did not write out the buffered line: %q", got)
	}

	out = syncBuffer{}
	lw = newLogWriter(&out, 10*time.Millisecond)
	defer lw.Close()
	log, _ = newLogger(lw, "json", "info")
	log.Info("second")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), `"msg":"second"`) {
		if time.Now().After(deadline) {
			t.Fatal("the flusher did not write out a buffered line within 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
