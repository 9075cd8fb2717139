/* SPDX-License-Identifier: MIT */
/*
 * http.h - HTTP(S) downloads for symbol servers, through libcurl:
 * redirects followed, gzip and deflate bodies decoded, a timeout for
 * the whole transfer.
 */
#ifndef SYMKIT_HTTP_H
#define SYMKIT_HTTP_H

#include <stddef.h>

#include "lib/core/err.h"

/* Call once before threads start (curl_global_init is not
 * thread-safe); later calls do nothing.  Returns SYM_OK or SYM_EIO. */
int sym_http_init(void);

/* One connection cache; use from one thread at a time. */
struct sym_http;

struct sym_http *sym_http_new(long timeout_ms);
void sym_http_free(struct sym_http *h);

enum sym_http_status {
	SYM_HTTP_OK,		/* 2xx: the body is in fd */
	SYM_HTTP_NOT_FOUND,	/* 404 or 410: the server has no such file */
	SYM_HTTP_FAILED,	/* other status, timeout, truncated body... */
};

/*
 * GET url and write the (decoded) body to fd from its current offset.
 * At most cap bytes are accepted.  On SYM_HTTP_FAILED, why (e.g.
 * "HTTP 500", "timeout after 2000 ms") is written to msg.
 */
enum sym_http_status sym_http_get(struct sym_http *h, const char *url,
				  int fd, size_t cap, char *msg,
				  size_t msglen);

/* url-escape one path component into a new string (sym_free()). */
char *sym_http_escape(struct sym_http *h, const char *s);

#endif
