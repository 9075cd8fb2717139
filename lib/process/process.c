/* SPDX-License-Identifier: MIT */
/*
 * process.c - a minidump processed as Breakpad's MinidumpProcessor does:
 * system and crash information, then every thread (except the one that
 * wrote the dump) walked and symbolized.
 */
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/err.h"
#include "lib/process/process.h"
#include "lib/minidump/sysinfo.h"
#include "lib/unwind/walk.h"

#define BPI_DUMP_THREAD 0x1	/* MD_BREAKPAD_INFO_VALID_DUMP_THREAD_ID */
#define BPI_REQUESTING 0x2	/* ..._VALID_REQUESTING_THREAD_ID */

/* Symbols of one module, loaded on first use. */
struct mod_syms {
	int tried;
	enum sym_store_status status;
	struct sym_table *table;
	const char *url;	/* symbol server URL, owned by the store */
};

struct proc_priv {
	struct sym_sysinfo si;
	char crash_reason[SYM_CRASH_REASON_MAX];
	char *assertion;
	struct mod_syms *mods;
	struct sym_store *store;
	struct sym_diag *diag;
};

/* Context handed to the walker's callbacks. */
struct walk_ctx {
	const struct md_dump *dump;
	const struct md_memory *stack;
	struct proc_priv *pp;
};

static int read_stack(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct md_memory *m = ctx;

	return md_memory_read(m, addr, buf, len);
}

static int module_at(void *ctx, uint64_t addr, uint64_t *base,
		     uint64_t *size)
{
	struct walk_ctx *wc = ctx;
	const struct md_module *m = md_module_at(wc->dump, addr);

	if (!m)
		return -1;
	*base = m->base;
	*size = m->size;
	return (int)(m - wc->dump->modules);
}

static struct sym_table *symbols(void *ctx, int i)
{
	struct walk_ctx *wc = ctx;
	struct mod_syms *ms;
	const struct md_module *m;

	/* no symbol path: Breakpad has no supplier and warns of nothing */
	if (i < 0 || (size_t)i >= wc->dump->n_modules || !wc->pp->store)
		return NULL;
	ms = &wc->pp->mods[i];
	if (!ms->tried) {
		m = &wc->dump->modules[i];
		ms->tried = 1;
		ms->status = SYM_STORE_MISSING;
		if (wc->pp->store) {
			struct sym_store_key k = {
				m->debug_file, m->debug_id,
				m->code_file, m->code_id,
			};

			ms->status = sym_store_lookup(wc->pp->store, &k,
						      &ms->table, &ms->url,
						      wc->pp->diag);
		}
		if (ms->status != SYM_STORE_FOUND &&
		    ms->status != SYM_STORE_CORRUPT)
			ms->table = NULL;
	}
	return ms->table;
}

/*
 * The stack region MinidumpProcessor walks with: the thread's own, or
 * failing that the memory list region holding its start; md_open chose
 * it (a region whose bytes are not in the file is kept: every read
 * fails, as in Breakpad).
 */
static const struct md_memory *thread_stack(const struct md_thread *t)
{
	return t->has_stack ? &t->stack : NULL;
}

static int has_stream(const struct md_dump *dump, uint32_t type)
{
	uint32_t i;

	for (i = 0; dump->streams && i < dump->n_streams; i++)
		if (dump->streams[i].type == type)
			return 1;
	return 0;
}

/* Record the symbol state of every module a frame landed in, as
 * Breakpad's modules_without_symbols / modules_with_corrupt_symbols. */
static void note_frames(struct sym_process *p, struct proc_priv *pp,
			const struct sym_stack *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct sym_frame *f = &s->frames[i];
		struct mod_syms *ms;

		if (f->module < 0 || (size_t)f->module >= p->dump->n_modules ||
		    f->trust == SYM_TRUST_INLINE)
			continue;
		ms = &pp->mods[f->module];
		if (!ms->tried)
			continue;
		if (!ms->table)
			p->module_syms[f->module] = SYM_SYMS_MISSING;
		else if (ms->status == SYM_STORE_CORRUPT)
			p->module_syms[f->module] = SYM_SYMS_CORRUPT;
	}
}

/* End of the last module in Breakpad's address order (its
 * GetModuleAtSequence(count - 1)), 0 when there are none. */
static uint64_t modules_end(const struct md_dump *d)
{
	const struct md_module *top;

	if (!d->has_module_list || !d->n_modules_by_addr)
		return 0;
	top = d->modules_by_addr[d->n_modules_by_addr - 1];
	return top->base + top->size;
}

static int walk_thread(struct sym_process *p, struct proc_priv *pp,
		       const struct md_thread *t,
		       const struct sym_context *ctx,
		       const struct sym_process_opts *opts,
		       struct sym_thread *out)
{
	struct sym_walk_env env;
	struct walk_ctx wc;
	int err;

	memset(&env, 0, sizeof(env));
	wc.dump = p->dump;
	wc.stack = thread_stack(t);
	wc.pp = pp;
	/* StackwalkerX86 walks no stack that does not fit in 32 bits */
	if (wc.stack && !(ctx->cpu == SYM_CPU_X86 &&
			  wc.stack->start + wc.stack->declared_size - 1 >
			  0xffffffffULL)) {
		env.read = read_stack;
		env.read_ctx = (void *)(uintptr_t)wc.stack;
		env.stack_start = wc.stack->start;
		env.stack_size = wc.stack->declared_size;
	}
	env.module_at = module_at;
	env.symbols = symbols;
	env.ctx = &wc;
	env.max_frames = opts ? opts->max_frames : 0;
	env.allow_scan = !(opts && opts->no_scan);
	/* Breakpad walks a microdump before it fills the system info */
	env.os_short = p->dump->microdump ? NULL : pp->si.os_short;
	env.modules_end = modules_end(p->dump);
	err = sym_walk(ctx, &env, &out->stack);
	out->memory = wc.stack;
	out->walked = 1;
	if (err == SYM_EUNSUP) {
		out->unsupported_cpu = 1;
		p->cpu_unsupported = 1;
		err = SYM_OK;
	}
	note_frames(p, pp, &out->stack);
	return err;
}

static int fill_info(struct sym_process *p, struct proc_priv *pp)
{
	const struct md_dump *d = p->dump;
	uint32_t secs;
	int err;

	if ((err = sym_sysinfo_get(d, &pp->si)))
		return err;
	p->os = pp->si.os;
	p->os_short = pp->si.os_short ? pp->si.os_short : "";
	p->os_version = pp->si.os_version ? pp->si.os_version : "";
	p->cpu = pp->si.cpu;
	p->cpu_info = pp->si.cpu_info ? pp->si.cpu_info : "";
	p->cpu_count = pp->si.cpu_count;
	if (d->microdump) {
		p->gl_version = d->microdump->gl_version;
		p->gl_vendor = d->microdump->gl_vendor;
		p->gl_renderer = d->microdump->gl_renderer;
	}
	p->crashed = d->has_exception;
	p->crash_reason = pp->crash_reason;
	if (d->has_exception)
		sym_crash_reason(d, pp->crash_reason,
				 sizeof(pp->crash_reason), &p->crash_address);
	if ((err = sym_assertion(d, &pp->assertion)))
		return err;
	p->assertion = pp->assertion;
	if (sym_uptime(d, &secs)) {
		p->has_uptime = 1;
		p->uptime = secs;
	}
	return SYM_OK;
}

/* Which threads to walk, with which context; Breakpad's loop. */
static int walk_threads(struct sym_process *p, struct proc_priv *pp,
			const struct sym_process_opts *opts,
			struct sym_diag *diag)
{
	const struct md_dump *d = p->dump;
	const struct md_breakpad_info *bi = &d->breakpad_info;
	int has_dump = d->has_breakpad_info && (bi->validity & BPI_DUMP_THREAD);
	int has_req = d->has_breakpad_info && (bi->validity & BPI_REQUESTING);
	uint32_t req = bi->requesting_thread_id;
	size_t i;
	int err;

	if (d->has_exception) {
		has_req = 1;
		req = d->exception.thread_id;
	}
	for (i = 0; i < d->n_threads; i++) {
		const struct md_thread *t = &d->threads[i];
		const struct sym_context *ctx = t->has_context ? &t->ctx : NULL;
		struct sym_thread *st = &p->threads[p->n_threads];

		if (has_dump && t->id == bi->dump_thread_id)
			continue;
		if (has_req && t->id == req) {
			if (p->requesting_thread >= 0)
				return sym_diag_error(diag, SYM_EFORMAT, 0, 0,
					"duplicate requesting thread %#x",
					(unsigned)t->id);
			p->requesting_thread = (int)p->n_threads;
			if (d->has_exception && d->exception.has_context)
				ctx = &d->exception.ctx;
		}
		p->n_threads++;
		st->id = t->id;
		st->name = t->name;
		if (opts && opts->only_crashed &&
		    p->requesting_thread != (int)p->n_threads - 1)
			continue;
		if (ctx && (err = walk_thread(p, pp, t, ctx, opts, st)))
			return err;
	}
	return SYM_OK;
}

int sym_process_dump(const struct md_dump *dump, struct sym_store *store,
		     const struct sym_process_opts *opts,
		     struct sym_process **out, struct sym_diag *d)
{
	struct sym_process *p;
	struct proc_priv *pp;
	size_t nmod = dump->n_modules ? dump->n_modules : 1, i;
	int err;

	*out = NULL;
	if (!dump->microdump && !has_stream(dump, MD_STREAM_THREAD_LIST))
		return sym_diag_error(d, SYM_EFORMAT, 0, 0,
				      "minidump has no thread list");
	if (!(p = sym_calloc(1, sizeof(*p))))
		return SYM_ENOMEM;
	p->dump = dump;
	p->requesting_thread = -1;
	if (!(pp = sym_calloc(1, sizeof(*pp))))
		goto out_nomem;
	p->priv_ = pp;
	pp->store = store;
	pp->diag = d;
	p->threads = sym_calloc(dump->n_threads ? dump->n_threads : 1,
				sizeof(*p->threads));
	p->module_syms = sym_calloc(nmod, sizeof(*p->module_syms));
	p->module_url = sym_calloc(nmod, sizeof(*p->module_url));
	pp->mods = sym_calloc(nmod, sizeof(*pp->mods));
	if (!p->threads || !p->module_syms || !p->module_url || !pp->mods)
		goto out_nomem;
	if ((err = fill_info(p, pp)) ||
	    (err = walk_threads(p, pp, opts, d)))
		goto out_free;
	for (i = 0; i < dump->n_modules; i++)
		if (pp->mods[i].table && !p->module_syms[i])
			p->module_syms[i] = SYM_SYMS_LOADED;
	for (i = 0; i < dump->n_modules; i++)
		p->module_url[i] = pp->mods[i].url;
	*out = p;
	return SYM_OK;
out_nomem:
	err = SYM_ENOMEM;
out_free:
	sym_process_free(p);
	return err;
}

static int same_code_file(const struct md_module *a,
			  const struct md_module *b)
{
	return !strcmp(a->code_file ? a->code_file : "",
		       b->code_file ? b->code_file : "");
}

struct sym_table *sym_process_symbols(const struct sym_process *p, int i)
{
	const struct md_dump *d = p->dump;
	struct proc_priv *pp = p->priv_;
	size_t j;

	if (!pp || i < 0 || (size_t)i >= d->n_modules)
		return NULL;
	if (pp->mods[i].table)
		return pp->mods[i].table;
	/*
	 * Breakpad's resolver keys symbols by code file alone; we also ask
	 * for the same debug id, so a different build of a file never
	 * lends its names.
	 */
	for (j = 0; j < d->n_modules; j++)
		if (pp->mods[j].table &&
		    same_code_file(&d->modules[i], &d->modules[j]) &&
		    !strcmp(d->modules[i].debug_id, d->modules[j].debug_id))
			return pp->mods[j].table;
	return NULL;
}

void sym_process_free(struct sym_process *p)
{
	struct proc_priv *pp;
	size_t i;

	if (!p)
		return;
	pp = p->priv_;
	for (i = 0; p->threads && i < p->n_threads; i++)
		sym_stack_release(&p->threads[i].stack);
	sym_free(p->threads);
	sym_free(p->module_syms);
	sym_free(p->module_url);
	if (pp) {
		sym_free(pp->mods);
		sym_free(pp->assertion);
		sym_sysinfo_release(&pp->si);
	}
	sym_free(pp);
	sym_free(p);
}
