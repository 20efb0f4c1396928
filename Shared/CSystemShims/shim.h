#ifndef HORDE_CSYSTEMSHIMS_H
#define HORDE_CSYSTEMSHIMS_H
// Linux calls Swift's Glibc module does not surface: epoll, eventfd and accept4.
// _GNU_SOURCE is deliberately NOT defined: it would change shared types (fd_set, __SOCKADDR_ARG) and make
// this module's view of <sys/socket.h> clash with Glibc's. accept4 is declared under its own name instead.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <errno.h>
#include <stdint.h>

/// accept4(2): accept with SOCK_NONBLOCK / SOCK_CLOEXEC set atomically on the new descriptor.
extern int horde_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags) __asm__("accept4");

static inline int horde_errno(void) { return errno; }
static inline uint64_t horde_epoll_data_u64(const struct epoll_event *e) { return e->data.u64; }
static inline void horde_epoll_set_u64(struct epoll_event *e, uint64_t v) { e->data.u64 = v; }
#endif
