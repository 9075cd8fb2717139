/* SPDX-License-Identifier: MIT */
/* jsmap.c - finding, opening and asking source maps.  See jsmap.h. */
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/js/jsmap.h"
#include "lib/js/scopes.h"

int sym_js_is_map(const uint8_t *buf, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(buf, ")]}", 3))
		return 1;
	while (i < len && (buf[i] == ' ' || buf[i] == '\n' ||
			   buf[i] == '\r' || buf[i] == '\t'))
		i++;
	return i < len && buf[i] == '{';
}

/* "file:///x" -> "/x"; other URLs are not local files. */
static const char *local_path(const char *url)
{
	if (!strncmp(url, "file://", 7))
		return url + 7;
	return url;
}

static int parse_into(struct sym_js_map *m, const char *buf, size_t len,
		      unsigned flags, struct sym_diag *d)
{
	int err = symfmt_sourcemap_parse(&m->smap, buf, len, flags, d);

	if (!err && m->smap->debug_id)
		memcpy(m->debug_id, m->smap->debug_id, 37);
	return err;
}

static int open_map_file(struct sym_js_map *m, const char *path,
			 unsigned flags, struct sym_diag *d)
{
	int err;

	if (!(m->map_path = sym_strndup(path, strlen(path))))
		return SYM_ENOMEM;
	if ((err = sym_map_file(local_path(path), &m->map_file_, d)))
		return err;
	return parse_into(m, (const char *)m->map_file_.data,
			  m->map_file_.len, flags, d);
}

/* Follow a bundle's sourceMappingURL. */
static int open_from_bundle(struct sym_js_map *m, unsigned flags,
			    struct sym_diag *d)
{
	const char *url;
	size_t n;
	char *ref, *path;
	int err;

	if (!symfmt_sourcemap_find_url((const char *)m->bundle_.data,
				       m->bundle_.len, &url, &n))
		return sym_diag_error(d, SYM_ENOENT, 0, 0,
				      "no sourceMappingURL in the bundle");
	if (n >= 5 && !strncmp(url, "data:", 5)) {
		size_t len;

		if ((err = symfmt_sourcemap_data_url(url, n, &m->inline_,
						     &len)))
			return sym_diag_error(d, err, 0, 0,
					      "bad inline source map URL");
		if (!(m->map_path = sym_strndup(m->bundle_path,
						strlen(m->bundle_path))))
			return SYM_ENOMEM;
		return parse_into(m, m->inline_, len, flags, d);
	}
	if (!(ref = sym_strndup(url, n)))
		return SYM_ENOMEM;
	path = symfmt_sourcemap_resolve(m->bundle_path, ref);
	sym_free(ref);
	if (!path)
		return SYM_ENOMEM;
	err = open_map_file(m, path, flags, d);
	sym_free(path);
	return err;
}

int sym_js_map_open(const char *path, unsigned flags, struct sym_js_map **out,
		    struct sym_diag *d)
{
	struct sym_js_map *m;
	struct sym_map f;
	int err;

	*out = NULL;
	if ((err = sym_map_file(local_path(path), &f, d)))
		return err;
	if (!(m = sym_calloc(1, sizeof(*m)))) {
		sym_unmap(&f);
		return SYM_ENOMEM;
	}
	if (sym_js_is_map(f.data, f.len)) {
		m->map_file_ = f;
		if (!(m->map_path = sym_strndup(path, strlen(path))))
			err = SYM_ENOMEM;
		else
			err = parse_into(m, (const char *)f.data, f.len,
					 flags, d);
	} else {
		m->bundle_ = f;
		m->bundle_loaded_ = 1;
		if (!(m->bundle_path = sym_strndup(path, strlen(path))))
			err = SYM_ENOMEM;
		else
			err = open_from_bundle(m, flags, d);
		if (!err && !m->debug_id[0])
			symfmt_sourcemap_find_debug_id((const char *)f.data,
						       f.len, m->debug_id);
	}
	if (err) {
		sym_js_map_close(m);
		return err;
	}
	*out = m;
	return SYM_OK;
}

int sym_js_map_open_for(const char *map_path, const char *bundle,
			unsigned flags, struct sym_js_map **out,
			struct sym_diag *d)
{
	struct sym_js_map *m;
	int err;

	*out = NULL;
	if (!(m = sym_calloc(1, sizeof(*m))))
		return SYM_ENOMEM;
	err = open_map_file(m, map_path, flags, d);
	if (!err && bundle &&
	    !(m->bundle_path = sym_strndup(bundle, strlen(bundle))))
		err = SYM_ENOMEM;
	if (err) {
		sym_js_map_close(m);
		return err;
	}
	*out = m;
	return SYM_OK;
}

void sym_js_map_close(struct sym_js_map *m)
{
	if (!m)
		return;
	symfmt_sourcemap_free(m->smap);
	sym_unmap(&m->map_file_);
	sym_unmap(&m->bundle_);
	sym_free(m->inline_);
	sym_free(m->map_path);
	sym_free(m->bundle_path);
	sym_free(m->url);
	sym_js_scopes_free(m->scopes_);
	sym_free(m);
}

static void fill(struct sym_js_map *m, const struct sym_smap_pos *p,
		 struct sym_js_pos *out)
{
	const struct sym_smap *s = m->smap;

	memset(out, 0, sizeof(*out));
	out->found = 1;
	out->map = m;
	out->source_index = p->src;
	if (p->src < s->nsources) {
		out->source = s->sources[p->src].url;
		out->raw_source = s->sources[p->src].raw;
		out->ignored = s->sources[p->src].ignored;
	}
	/* 0-based in the map, 1-based in traces: the one conversion */
	out->line = p->line + 1;
	out->column = p->col + 1;
	out->name = p->name < s->nnames ? s->names[p->name] : NULL;
}

int sym_js_lookup(struct sym_js_map *const *chain, size_t n, uint32_t line,
		  uint32_t column, enum sym_smap_bias bias, int once,
		  struct sym_js_pos *out, struct sym_diag *d)
{
	struct sym_smap_pos p;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	out->source_index = SYM_SMAP_NONE;
	if (!n || line == 0 || column == 0)
		return SYM_OK;
	for (i = 0; i < n; i++) {
		uint32_t l0 = line - 1, c0 = column - 1;

		if (once)
			err = symfmt_sourcemap_lookup_once(chain[i]->smap, l0,
							   c0, bias, &p, d);
		else
			err = symfmt_sourcemap_lookup(chain[i]->smap, l0, c0,
						      bias, &p, d);
		if (err)
			return err;
		if (!p.found)
			break;
		fill(chain[i], &p, out);
		line = out->line;
		column = out->column;
	}
	return SYM_OK;
}

static char *source_against(const struct sym_js_pos *p, const char *base)
{
	const char *s = p->raw_source ? p->raw_source : p->source;
	const struct sym_smap *m;
	char *j, *r;

	if (!s)
		return NULL;
	m = p->map->smap;
	if (!m->source_root || !*m->source_root)
		return symfmt_sourcemap_resolve(base, s);
	/* sourceRoot, then the map's own location, both apply */
	if (!(j = symfmt_sourcemap_resolve(NULL, m->source_root)))
		return NULL;
	r = sym_strndup(j, strlen(j) + 2);
	sym_free(j);
	if (!r)
		return NULL;
	if (*r && r[strlen(r) - 1] != '/')
		strcat(r, "/");
	j = symfmt_sourcemap_resolve(r, s);
	sym_free(r);
	if (!j || !base)
		return j;
	r = symfmt_sourcemap_resolve(base, j);
	sym_free(j);
	return r;
}

char *sym_js_source_path(const struct sym_js_pos *p)
{
	return source_against(p, p->map->url ? p->map->url :
			      p->map->map_path);
}

char *sym_js_source_local(const struct sym_js_pos *p)
{
	return source_against(p, p->map->map_path);
}
