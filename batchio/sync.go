package batchio

import (
	"errors"
	"syscall"
)

// isUnsyncable reports an fsync refused because the file is not one that
// can be synced (a pipe, /dev/null): there is nothing to make durable.
func isUnsyncable(err error) bool {
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP)
}
