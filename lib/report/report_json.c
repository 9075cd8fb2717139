/* SPDX-License-Identifier: MIT */
/*
 * report_json.c - rust-minidump's minidump-stackwalk --json document
 * (minidump-processor/json-schema.md) for a struct sym_process.
 *
 * Keys are added in alphabetical order, which is the order serde_json
 * writes them in.  Addresses are hex strings padded to the CPU's pointer
 * width.  Inline frames are folded into the "inlines" of the physical
 * frame that follows them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <json.h>

#include "lib/core/alloc.h"
#include "lib/core/err.h"
#include "lib/report/report.h"
#include "lib/report/report_int.h"

struct jb {
	int err;		/* sticky: SYM_ENOMEM once anything failed */
	unsigned width;		/* hex digits of a pointer: 8 or 16 */
};

/* Take ownership of v (NULL means JSON null) and add it under key. */
static void put(struct jb *b, struct json_object *o, const char *key,
		struct json_object *v)
{
	if (!o || json_object_object_add(o, key, v)) {
		json_object_put(v);
		b->err = SYM_ENOMEM;
	}
}

static void push(struct jb *b, struct json_object *a, struct json_object *v)
{
	if (!v || !a || json_object_array_add(a, v)) {
		json_object_put(v);
		b->err = SYM_ENOMEM;
	}
}

static struct json_object *chk(struct jb *b, struct json_object *v)
{
	if (!v)
		b->err = SYM_ENOMEM;
	return v;
}

/* A string, or null for NULL. */
static struct json_object *jstr(struct jb *b, const char *s)
{
	return s ? chk(b, json_object_new_string(s)) : NULL;
}

static struct json_object *jint(struct jb *b, int64_t v)
{
	return chk(b, json_object_new_int64(v));
}

static struct json_object *jbool(struct jb *b, int v)
{
	return chk(b, json_object_new_boolean(v));
}

static struct json_object *jhex(struct jb *b, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%0*" PRIx64, (int)b->width, v);
	return jstr(b, buf);
}

static struct json_object *jobj(struct jb *b)
{
	return chk(b, json_object_new_object());
}

static struct json_object *jarr(struct jb *b)
{
	return chk(b, json_object_new_array());
}

/* ---- frames ---- */

/* rust-minidump's register name: as Breakpad's, but arm's r11 is fp;
 * of mips only gp, sp, fp, ra, pc and s0..s7 (NULL for the others). */
static const char *json_reg_name(enum sym_cpu cpu, unsigned i)
{
	if (cpu == SYM_CPU_ARM && i == SYM_ARM_FP)
		return "fp";
	if ((cpu == SYM_CPU_MIPS || cpu == SYM_CPU_MIPS64) &&
	    (i < SYM_MIPS_S0 || (i > SYM_MIPS_S7 && i < SYM_MIPS_GP)))
		return NULL;
	return sym_cpu_reg_name(cpu, i);
}

static struct json_object *registers(struct jb *b, const struct sym_frame *f)
{
	struct json_object *o = jobj(b);
	unsigned idx[SYM_MAX_REGS], i, j, n = sym_cpu_nregs(f->ctx.cpu), k = 0;
	unsigned tmp;

	for (i = 0; i < n && i < SYM_MAX_REGS; i++)
		if ((f->ctx.valid >> i & 1) && json_reg_name(f->ctx.cpu, i))
			idx[k++] = i;
	/* insertion sort by name: serde_json's key order */
	for (i = 1; i < k; i++)
		for (j = i; j > 0 && strcmp(json_reg_name(f->ctx.cpu,
							  idx[j - 1]),
					    json_reg_name(f->ctx.cpu,
							  idx[j])) > 0; j--) {
			tmp = idx[j];
			idx[j] = idx[j - 1];
			idx[j - 1] = tmp;
		}
	for (i = 0; i < k; i++)
		put(b, o, json_reg_name(f->ctx.cpu, idx[i]),
		    jhex(b, f->ctx.regs[idx[i]]));
	return o;
}

static struct json_object *inline_frame(struct jb *b,
					const struct sym_frame *f)
{
	struct json_object *o = jobj(b);

	put(b, o, "file", jstr(b, f->file));
	put(b, o, "function", jstr(b, f->function));
	put(b, o, "line", f->file && f->line ? jint(b, f->line) : NULL);
	return o;
}

/* Physical frame f, index idx, with inline frames in[0, nin). */
static struct json_object *frame(struct jb *b, const struct sym_process *p,
				 const struct sym_frame *f, size_t idx,
				 const struct sym_frame *in, size_t nin,
				 int with_regs)
{
	const struct md_module *m = sym_report_frame_module(p, f);
	struct json_object *o = jobj(b), *a = NULL;
	size_t i;

	put(b, o, "file", jstr(b, f->file));
	put(b, o, "frame", jint(b, (int64_t)idx));
	put(b, o, "function", jstr(b, f->function));
	put(b, o, "function_offset", f->function ?
	    jhex(b, f->instruction - f->function_base) : NULL);
	if (nin) {
		a = jarr(b);
		for (i = 0; i < nin; i++)
			push(b, a, inline_frame(b, &in[i]));
	}
	put(b, o, "inlines", a);
	put(b, o, "line", f->file && f->line ? jint(b, f->line) : NULL);
	put(b, o, "missing_symbols", jbool(b, !f->function));
	put(b, o, "module", m ? jstr(b, sym_path_basename(m->code_file)) :
	    NULL);
	put(b, o, "module_offset", m ? jhex(b, f->instruction - m->base) :
	    NULL);
	put(b, o, "offset", jhex(b, f->instruction));
	if (with_regs)
		put(b, o, "registers", registers(b, f));
	put(b, o, "trust", jstr(b, sym_trust_json(f->trust)));
	put(b, o, "unloaded_modules", NULL);
	return o;
}

static struct json_object *thread(struct jb *b, const struct sym_process *p,
				  const struct sym_thread *t, int crashing,
				  size_t index)
{
	struct json_object *o = jobj(b), *frames = jarr(b);
	const struct sym_frame *fr = t->stack.frames;
	size_t i, start = 0, n = 0;

	for (i = 0; i < t->stack.n; i++) {
		if (fr[i].trust == SYM_TRUST_INLINE)
			continue;
		push(b, frames, frame(b, p, &fr[i], n, &fr[start], i - start,
				      crashing && n == 0));
		n++;
		start = i + 1;
	}
	put(b, o, "frame_count", jint(b, (int64_t)n));
	put(b, o, "frames", frames);
	put(b, o, "last_error_value", NULL);
	put(b, o, "thread_name", jstr(b, t->name));
	if (crashing)
		put(b, o, "threads_index", jint(b, (int64_t)index));
	return o;
}

/* ---- modules ---- */

static struct json_object *module(struct jb *b, const struct sym_process *p,
				  const struct md_module *m)
{
	struct json_object *o = jobj(b);
	enum sym_module_syms st = sym_report_module_syms(p, m);

	put(b, o, "base_addr", jhex(b, m->base));
	put(b, o, "cert_subject", NULL);
	put(b, o, "code_id", jstr(b, m->code_id ? m->code_id : ""));
	put(b, o, "corrupt_symbols", jbool(b, st == SYM_SYMS_CORRUPT));
	put(b, o, "debug_file", jstr(b, sym_path_basename(m->debug_file)));
	put(b, o, "debug_id", jstr(b, m->debug_id ? m->debug_id : ""));
	put(b, o, "end_addr", jhex(b, m->base + m->size));
	put(b, o, "filename", jstr(b, sym_path_basename(m->code_file)));
	put(b, o, "loaded_symbols", jbool(b, st == SYM_SYMS_LOADED ||
					   st == SYM_SYMS_CORRUPT));
	put(b, o, "missing_symbols", jbool(b, st == SYM_SYMS_MISSING));
	put(b, o, "symbol_url", p->module_url &&
	    p->module_url[m - p->dump->modules] ?
	    jstr(b, p->module_url[m - p->dump->modules]) : NULL);
	put(b, o, "version", m->version && *m->version ?
	    jstr(b, m->version) : NULL);
	return o;
}

static struct json_object *unloaded(struct jb *b,
				    const struct md_unloaded_module *m)
{
	struct json_object *o = jobj(b);
	char id[32];

	/* Windows' code id: time stamp and image size */
	snprintf(id, sizeof(id), "%08X%" PRIx64, m->time_date_stamp, m->size);
	put(b, o, "base_addr", jhex(b, m->base));
	put(b, o, "cert_subject", NULL);
	put(b, o, "code_id", jstr(b, id));
	put(b, o, "end_addr", jhex(b, m->base + m->size));
	put(b, o, "filename", jstr(b, m->name ? m->name : ""));
	return o;
}

/* ---- lsb_release ---- */

/* Value of KEY=value (quotes dropped) in an lsb-release/os-release text. */
static int lsb_value(const struct md_blob *bl, const char *key, char *out,
		     size_t n)
{
	const char *s = (const char *)bl->data, *end, *eol;
	size_t kl = strlen(key), vl;

	if (!s)
		return 0;
	for (end = s + bl->len; s < end; s = eol + 1) {
		eol = memchr(s, '\n', (size_t)(end - s));
		if (!eol)
			eol = end;
		if ((size_t)(eol - s) <= kl || memcmp(s, key, kl) ||
		    s[kl] != '=')
			continue;
		s += kl + 1;
		vl = (size_t)(eol - s);
		if (vl >= 2 && s[0] == '"' && s[vl - 1] == '"')
			s++, vl -= 2;
		if (vl >= n)
			vl = n - 1;
		memcpy(out, s, vl);
		out[vl] = '\0';
		return 1;
	}
	return 0;
}

static struct json_object *lsb(struct jb *b, const struct md_dump *d)
{
	static const char *const keys[4][3] = {
		{ "codename", "DISTRIB_CODENAME", "VERSION_CODENAME" },
		{ "description", "DISTRIB_DESCRIPTION", "PRETTY_NAME" },
		{ "id", "DISTRIB_ID", "ID" },
		{ "release", "DISTRIB_RELEASE", "VERSION_ID" },
	};
	const struct md_blob *bl = &d->linux_lsb_release;
	struct json_object *o;
	char v[256];
	size_t i;

	if (!bl->len)
		return NULL;
	o = jobj(b);
	for (i = 0; i < 4; i++) {
		if (lsb_value(bl, keys[i][1], v, sizeof(v)) ||
		    lsb_value(bl, keys[i][2], v, sizeof(v)))
			put(b, o, keys[i][0], jstr(b, v));
		else
			put(b, o, keys[i][0], jstr(b, ""));
	}
	return o;
}

/* The process id: misc info, else "Pid:" of the Linux status stream. */
static struct json_object *pid(struct jb *b, const struct md_dump *d)
{
	const struct md_blob *st = &d->linux_proc_status;
	const char *s = (const char *)st->data, *end;
	int64_t v = 0;

	if (d->has_misc_info && (d->misc_info.flags1 & 1))
		return jint(b, d->misc_info.process_id);
	if (!s)
		return NULL;
	for (end = s + st->len; end - s > 4; s++) {
		if ((s != (const char *)st->data && s[-1] != '\n') ||
		    memcmp(s, "Pid:", 4))
			continue;
		for (s += 4; s < end && (*s == ' ' || *s == '\t'); s++)
			;
		if (s == end || *s < '0' || *s > '9')
			return NULL;
		for (; s < end && *s >= '0' && *s <= '9' && v <= 0xffffffff;
		     s++)
			v = v * 10 + (*s - '0');
		return v <= 0xffffffff ? jint(b, v) : NULL;
	}
	return NULL;
}

/* ---- Crashpad info (symkit's addition: rust-minidump has none) ---- */

static struct json_object *jdict(struct jb *b, const struct md_annotation *a,
				 size_t n)
{
	struct json_object *o = jobj(b);
	size_t i;

	for (i = 0; i < n; i++)
		put(b, o, a[i].key, jstr(b, a[i].value));
	return o;
}

static struct json_object *jobject_value(struct jb *b,
					 const struct md_annotation_object *a)
{
	static const char hex[] = "0123456789ABCDEF";
	struct json_object *v;
	char *s = sym_malloc(2 * (size_t)a->len + 1);
	uint32_t i, n = 0;

	if (!s) {
		b->err = SYM_ENOMEM;
		return NULL;
	}
	/* a C string (type 1) up to its NUL, anything else in hex */
	for (i = 0; i < a->len; i++) {
		if (a->type == 1 && !a->value[i])
			break;
		if (a->type == 1) {
			s[n++] = (char)a->value[i];
			continue;
		}
		s[n++] = hex[a->value[i] >> 4];
		s[n++] = hex[a->value[i] & 15];
	}
	v = chk(b, json_object_new_string_len(s, (int)n));
	sym_free(s);
	return v;
}

static struct json_object *crashpad_module(struct jb *b,
					   const struct md_dump *d,
					   const struct md_crashpad_module *m)
{
	struct json_object *o = jobj(b), *objs = jarr(b), *list = jarr(b), *x;
	size_t i;

	for (i = 0; i < m->n_objects; i++) {
		x = jobj(b);
		put(b, x, "name", jstr(b, m->objects[i].name));
		put(b, x, "type", jint(b, m->objects[i].type));
		put(b, x, "value", jobject_value(b, &m->objects[i]));
		push(b, objs, x);
	}
	put(b, o, "annotation_objects", objs);
	for (i = 0; i < m->n_list; i++)
		push(b, list, jstr(b, m->list_annotations[i]));
	put(b, o, "list_annotations", list);
	put(b, o, "module", m->module_index < d->n_modules ?
	    jstr(b, sym_path_basename(d->modules[m->module_index].code_file))
	    : NULL);
	put(b, o, "module_index", jint(b, m->module_index));
	put(b, o, "simple_annotations", jdict(b, m->simple, m->n_simple));
	put(b, o, "version", jint(b, m->version));
	return o;
}

static struct json_object *crashpad_info(struct jb *b,
					 const struct md_dump *d)
{
	const struct md_crashpad_info *ci = &d->crashpad_info;
	struct json_object *o = jobj(b), *mods = jarr(b);
	char id[40];
	size_t i;

	put(b, o, "address_mask", jhex(b, ci->address_mask));
	sym_report_guid(id, sizeof(id), ci->client_id);
	put(b, o, "client_id", jstr(b, id));
	for (i = 0; i < ci->n_modules; i++)
		push(b, mods, crashpad_module(b, d, &ci->modules[i]));
	put(b, o, "module_annotations", mods);
	sym_report_guid(id, sizeof(id), ci->report_id);
	put(b, o, "report_id", jstr(b, id));
	put(b, o, "simple_annotations", jdict(b, ci->simple, ci->n_simple));
	put(b, o, "version", jint(b, ci->version));
	return o;
}

/* ---- document ---- */

static struct json_object *crash_info(struct jb *b,
				      const struct sym_process *p)
{
	struct json_object *o = jobj(b);
	int req = p->requesting_thread;

	put(b, o, "address", p->crashed ? jhex(b, p->crash_address) : NULL);
	put(b, o, "adjusted_address", NULL);
	put(b, o, "assertion", p->assertion && *p->assertion ?
	    jstr(b, p->assertion) : NULL);
	put(b, o, "crashing_thread", req >= 0 ? jint(b, req) : NULL);
	put(b, o, "instruction", NULL);
	put(b, o, "memory_accesses", NULL);
	put(b, o, "possible_bit_flips", NULL);
	put(b, o, "type", p->crashed ? jstr(b, p->crash_reason) : NULL);
	return o;
}

static struct json_object *system_info(struct jb *b,
				       const struct sym_process *p)
{
	struct json_object *o = jobj(b);

	put(b, o, "cpu_arch", jstr(b, p->cpu && *p->cpu ? p->cpu :
				  "unknown"));
	put(b, o, "cpu_count", jint(b, p->cpu_count));
	put(b, o, "cpu_info", p->cpu_info && *p->cpu_info ?
	    jstr(b, p->cpu_info) : NULL);
	put(b, o, "cpu_microcode_version", NULL);
	put(b, o, "os", jstr(b, p->os ? p->os : ""));
	put(b, o, "os_ver", jstr(b, p->os_version ? p->os_version : ""));
	return o;
}

static void lists(struct jb *b, const struct sym_process *p,
		  const struct sig_result *sig, struct json_object *doc)
{
	const struct md_dump *d = p->dump;
	struct json_object *mods = jarr(b), *thr = jarr(b), *unl = jarr(b);
	size_t i;

	for (i = 0; i < d->n_modules; i++)
		push(b, mods, module(b, p, &d->modules[i]));
	put(b, doc, "main_module", jint(b, 0));
	put(b, doc, "modules", mods);
	put(b, doc, "modules_contains_cert_info", jbool(b, 0));
	put(b, doc, "pid", pid(b, d));
	put(b, doc, "signature", jstr(b, sig->signature));
	put(b, doc, "status", jstr(b, "OK"));
	put(b, doc, "system_info", system_info(b, p));
	put(b, doc, "thread_count", jint(b, (int64_t)p->n_threads));
	for (i = 0; i < p->n_threads; i++)
		push(b, thr, thread(b, p, &p->threads[i], 0, i));
	put(b, doc, "threads", thr);
	put(b, doc, "timestamp", d->time_date_stamp ?
	    jint(b, d->time_date_stamp) : NULL);
	for (i = 0; i < d->n_unloaded; i++)
		push(b, unl, unloaded(b, &d->unloaded[i]));
	put(b, doc, "unloaded_modules", unl);
}

int sym_report_json(FILE *out, const struct sym_process *p, unsigned flags)
{
	return sym_report_json_sig(out, p, flags, NULL);
}

int sym_report_json_sig(FILE *out, const struct sym_process *p,
			unsigned flags, const struct sig_result *sig)
{
	struct sig_result own = { 0 };
	char fp[17];
	struct jb b = { SYM_OK, sym_cpu_ptr_size(p->dump->system_info.cpu) *
			2 };
	struct json_object *doc = jobj(&b);
	const struct sym_thread *ct = NULL;
	int req = p->requesting_thread, jflags;
	const char *text;

	if (req >= 0 && (size_t)req < p->n_threads &&
	    p->threads[req].stack.n)
		ct = &p->threads[req];
	if (!sig) {
		if ((b.err = sym_report_signature(p, NULL, 0, &own))) {
			json_object_put(doc);
			return b.err;
		}
		sig = &own;
	}
	put(&b, doc, "crash_info", crash_info(&b, p));
	/* rust-minidump adds this key only for a thread with frames */
	if (ct)
		put(&b, doc, "crashing_thread",
		    thread(&b, p, ct, 1, (size_t)req));
	if (p->dump->has_crashpad_info)
		put(&b, doc, "crashpad_info", crashpad_info(&b, p->dump));
	/* symkit's additions (not in rust-minidump's schema): fingerprint,
	 * signature, timestamp; keys stay in alphabetical order */
	sig_fingerprint_hex(sig->fingerprint, fp);
	put(&b, doc, "fingerprint", jstr(&b, fp));
	put(&b, doc, "lsb_release", lsb(&b, p->dump));
	put(&b, doc, "mac_boot_args", NULL);
	put(&b, doc, "mac_crash_info", NULL);
	lists(&b, p, sig, doc);
	sig_result_release(&own);
	if (b.err) {
		json_object_put(doc);
		return b.err;
	}
	jflags = JSON_C_TO_STRING_NOSLASHESCAPE | ((flags &
		 SYM_REPORT_PRETTY) ? JSON_C_TO_STRING_PRETTY |
		 JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN);
	text = json_object_to_json_string_ext(doc, jflags);
	if (!text) {
		json_object_put(doc);
		return SYM_ENOMEM;
	}
	fputs(text, out);
	fputc('\n', out);
	json_object_put(doc);
	return ferror(out) ? SYM_EIO : SYM_OK;
}
