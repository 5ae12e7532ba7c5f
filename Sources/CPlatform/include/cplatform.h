#ifndef CPLATFORM_H
#define CPLATFORM_H

// Linux interfaces that Swift's Glibc module does not import (eventfd, epoll flags, CPU affinity).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <stddef.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

static const int CPLATFORM_EPOLL_CLOEXEC = EPOLL_CLOEXEC;
static const int CPLATFORM_EFD_NONBLOCK = EFD_NONBLOCK;
static const int CPLATFORM_EFD_CLOEXEC = EFD_CLOEXEC;
static const int CPLATFORM_SOCK_NONBLOCK = SOCK_NONBLOCK;
static const int CPLATFORM_SOCK_CLOEXEC = SOCK_CLOEXEC;
static const int CPLATFORM_SOCK_STREAM = SOCK_STREAM;
static const int CPLATFORM_MSG_NOSIGNAL = MSG_NOSIGNAL;

/// accept4 is a GNU extension that Glibc's Swift module leaves out.
int cplatform_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

/// Makes SIGINT and SIGTERM write one byte to a pipe instead of killing the process, and returns
/// the pipe's read end (-1 on failure): a thread blocked reading it learns that it is time to stop.
/// A signal handler may do almost nothing safely; writing to a pipe is one of the few things.
int cplatform_stop_signal_pipe(void);

/// Ignores SIGPIPE, so that writing to a socket whose peer left fails with EPIPE instead of
/// killing the process.
void cplatform_ignore_sigpipe(void);

/// Names the calling thread (first 15 bytes), for `top -H`, `perf` and debuggers.
void cplatform_set_thread_name(const char *name);

/// A memfd holding `count` bytes, sealed against any change of content or size (F_SEAL_WRITE,
/// SHRINK, GROW, SEAL), close-on-exec; -1 with errno on failure. Responses send it with sendfile
/// and may promise its length, because nothing can change it.
int cplatform_sealed_memfd(const char *name, const void *bytes, size_t count);

/// Number of CPUs this process may run on (respects `taskset`), at least 1.
int cplatform_cpu_count(void);

#endif
