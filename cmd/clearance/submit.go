package main

import (
	"context"
	"errors"
)

func (e *env) runSubmit(ctx context.Context, f *batchFlags) error {
	return errors.New("not yet")
}
