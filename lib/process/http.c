/* SPDX-License-Identifier: MIT */
/*
 * http.c - symbol server downloads through libcurl.
 */
#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/core/alloc.h"
#include "lib/process/http.h"

/*
 * libcurl is opened on first use: it pulls some thirty libraries (TLS,
 * Kerberos, LDAP...) whose loading would cost a run without a symbol
 * server more than the rest of a warm run.
 */
static struct {
	CURLcode (*global_init)(long flags);
	CURL *(*init)(void);
	void (*cleanup)(CURL *c);
	void (*reset)(CURL *c);
	CURLcode (*setopt)(CURL *c, CURLoption o, ...);
	CURLcode (*perform)(CURL *c);
	CURLcode (*getinfo)(CURL *c, CURLINFO i, ...);
	const char *(*strerror)(CURLcode e);
	char *(*escape)(CURL *c, const char *s, int n);
	void (*free)(void *p);
} api;

struct sym_http {
	CURL *curl;
	long timeout_ms;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_err = SYM_EIO;

static int load_api(void)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		h = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return -1;
	/* POSIX: a void * from dlsym converts to a function pointer */
	*(void **)&api.global_init = dlsym(h, "curl_global_init");
	*(void **)&api.init = dlsym(h, "curl_easy_init");
	*(void **)&api.cleanup = dlsym(h, "curl_easy_cleanup");
	*(void **)&api.reset = dlsym(h, "curl_easy_reset");
	*(void **)&api.setopt = dlsym(h, "curl_easy_setopt");
	*(void **)&api.perform = dlsym(h, "curl_easy_perform");
	*(void **)&api.getinfo = dlsym(h, "curl_easy_getinfo");
	*(void **)&api.strerror = dlsym(h, "curl_easy_strerror");
	*(void **)&api.escape = dlsym(h, "curl_easy_escape");
	*(void **)&api.free = dlsym(h, "curl_free");
	if (!api.global_init || !api.init || !api.cleanup || !api.reset ||
	    !api.setopt || !api.perform || !api.getinfo || !api.strerror ||
	    !api.escape || !api.free)
		return -1;
	return 0;
}

static void init_once(void)
{
	if (!load_api() && !api.global_init(CURL_GLOBAL_DEFAULT))
		init_err = SYM_OK;
}

int sym_http_init(void)
{
	pthread_once(&once, init_once);
	return init_err;
}

struct sym_http *sym_http_new(long timeout_ms)
{
	struct sym_http *h;

	if (sym_http_init() || !(h = sym_calloc(1, sizeof(*h))))
		return NULL;
	if (!(h->curl = api.init())) {
		sym_free(h);
		return NULL;
	}
	h->timeout_ms = timeout_ms;
	return h;
}

void sym_http_free(struct sym_http *h)
{
	if (!h)
		return;
	api.cleanup(h->curl);
	sym_free(h);
}

struct sink {
	int fd;
	size_t n, cap;
	int too_big, io;
};

static size_t on_data(char *p, size_t size, size_t nmemb, void *ctx)
{
	struct sink *s = ctx;
	size_t n = size * nmemb, done = 0;
	ssize_t w;

	if (n > s->cap - s->n) {
		s->too_big = 1;
		return 0;
	}
	while (done < n) {
		w = write(s->fd, p + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->io = 1;
			return 0;
		}
		done += (size_t)w;
	}
	s->n += n;
	return n;
}

enum sym_http_status sym_http_get(struct sym_http *h, const char *url,
				  int fd, size_t cap, char *msg,
				  size_t msglen)
{
	struct sink s = { fd, 0, cap, 0, 0 };
	CURL *c = h->curl;
	long code = 0;
	CURLcode rc;

	api.reset(c);
	api.setopt(c, CURLOPT_URL, url);
	api.setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	api.setopt(c, CURLOPT_MAXREDIRS, 10L);
	api.setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	api.setopt(c, CURLOPT_NOSIGNAL, 1L);
	api.setopt(c, CURLOPT_USERAGENT, "symkit-stackwalk");
	api.setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	api.setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	if (h->timeout_ms > 0) {
		api.setopt(c, CURLOPT_TIMEOUT_MS, h->timeout_ms);
		api.setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->timeout_ms);
	}
	api.setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	api.setopt(c, CURLOPT_WRITEDATA, &s);
	rc = api.perform(c);
	api.getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK && code >= 200 && code < 300)
		return SYM_HTTP_OK;
	if ((rc == CURLE_OK || rc == CURLE_WRITE_ERROR) &&
	    (code == 404 || code == 410))
		return SYM_HTTP_NOT_FOUND;
	if (s.too_big)
		snprintf(msg, msglen, "body larger than %zu bytes", cap);
	else if (s.io)
		snprintf(msg, msglen, "cannot write the download");
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(msg, msglen, "timeout after %ld ms", h->timeout_ms);
	else if (rc != CURLE_OK)
		snprintf(msg, msglen, "%s", api.strerror(rc));
	else
		snprintf(msg, msglen, "HTTP %ld", code);
	return SYM_HTTP_FAILED;
}

char *sym_http_escape(struct sym_http *h, const char *s)
{
	char *e = api.escape(h->curl, s, 0), *r;

	if (!e)
		return NULL;
	r = sym_strndup(e, strlen(e));
	api.free(e);
	return r;
}
