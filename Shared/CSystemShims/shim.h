#ifndef HORDE_CSYSTEMSHIMS_H
#define HORDE_CSYSTEMSHIMS_H
// Linux calls that glibc only declares with _GNU_SOURCE: epoll, eventfd, accept4, pipe2.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>

static inline int horde_errno(void) { return errno; }
static inline uint64_t horde_epoll_data_u64(const struct epoll_event *e) { return e->data.u64; }
static inline void horde_epoll_set_u64(struct epoll_event *e, uint64_t v) { e->data.u64 = v; }
#endif
