/* SPDX-License-Identifier: MIT */
/*
 * http.c - symbol server downloads through libcurl.
 */
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/core/alloc.h"
#include "lib/process/http.h"

struct sym_http {
	CURL *curl;
	long timeout_ms;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_err;

static void init_once(void)
{
	init_err = curl_global_init(CURL_GLOBAL_DEFAULT) ? SYM_EIO : SYM_OK;
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
	if (!(h->curl = curl_easy_init())) {
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
	curl_easy_cleanup(h->curl);
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

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "symkit-stackwalk");
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	if (h->timeout_ms > 0) {
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->timeout_ms);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->timeout_ms);
	}
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
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
		snprintf(msg, msglen, "%s", curl_easy_strerror(rc));
	else
		snprintf(msg, msglen, "HTTP %ld", code);
	return SYM_HTTP_FAILED;
}

char *sym_http_escape(struct sym_http *h, const char *s)
{
	char *e = curl_easy_escape(h->curl, s, 0), *r;

	if (!e)
		return NULL;
	r = sym_strndup(e, strlen(e));
	curl_free(e);
	return r;
}
