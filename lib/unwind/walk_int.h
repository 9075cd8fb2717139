/* SPDX-License-Identifier: MIT */
/*
 * walk_int.h - what the generic stack walker (walk.c) shares with the
 * per-cpu unwinders (walk_<cpu>.c).  Internal to lib/unwind/.
 *
 * Each cpu provides a struct walk_ops; the driver asks it for the caller
 * of the last frame until it finds none.  The helpers below are
 * Breakpad's Stackwalker base-class methods, shared by every cpu.
 */
#ifndef SYMKIT_WALK_INT_H
#define SYMKIT_WALK_INT_H

#include <stdint.h>

#include "lib/model/frame.h"
#include "lib/model/regs.h"
#include "lib/model/symtab.h"
#include "lib/unwind/walk.h"

/* Breakpad's limits (Stackwalker::max_frames_, max_frames_scanned_,
 * kRASearchWords). */
#define WALK_MAX_FRAMES (1UL << 20)
#define WALK_MAX_SCANNED (1UL << 14)
#define WALK_SEARCH_WORDS 40

#define BIT(r) (1ULL << (r))

struct walker;

/* What each cpu provides. */
struct walk_ops {
	/*
	 * Find the caller of w->last.  Returns 1 and fills *caller
	 * (context, trust, instruction), 0 when there is none,
	 * -SYM_ENOMEM.
	 */
	int (*caller)(struct walker *w, int scan_allowed,
		      struct sym_frame *caller);
	/* registers of a context frame taken as valid (Breakpad trusts the
	 * whole context: VALID_ALL) */
	uint64_t context_valid;
	/* adjust the context frame before it is symbolized, or NULL */
	void (*context)(struct walker *w, struct sym_frame *f);
};

/* One per cpu, in walk_<cpu>.c. */
extern const struct walk_ops walk_amd64_ops;
extern const struct walk_ops walk_x86_ops;
extern const struct walk_ops walk_arm64_ops;
extern const struct walk_ops walk_arm_ops;
extern const struct walk_ops walk_mips_ops;

struct walker {
	const struct sym_walk_env *env;
	enum sym_cpu cpu;
	const struct walk_ops *ops;
	struct sym_frame last;		/* the callee being unwound */
	/* the physical frame before last (its callee), when there is one */
	struct sym_frame callee;
	int has_callee;
	/* frames walked so far, inline ones included (Breakpad's
	 * frames.size()) */
	size_t n_frames;
	/* what a cpu's unwinder keeps across one walk (zeroed first) */
	uint64_t cpu_state[2];
};

/* Read a little-endian word of psize bytes; 1 on success, 0 if not. */
int walk_read_word(const struct sym_walk_env *env, unsigned psize,
		   uint64_t addr, uint64_t *v);
/* Module index containing addr (and its base), or -1. */
int walk_module_at(const struct sym_walk_env *env, uint64_t addr,
		   uint64_t *base);
/* Symbols of a module, or NULL. */
struct sym_table *walk_symbols_of(const struct sym_walk_env *env, int module);
/* How far a caller's instruction is moved back to land in the call
 * (0 when the walker stored it there already). */
unsigned walk_ret_adjust(enum sym_cpu cpu);
/* The address Breakpad symbolizes a frame at (StackFrame::instruction). */
uint64_t walk_lookup_address(enum sym_cpu cpu, const struct sym_frame *f);
/* Breakpad's InstructionAddressSeemsValid. */
int walk_address_seems_valid(const struct sym_walk_env *env, uint64_t addr);
/* Stackwalker::ScanForReturnAddress: 1 and the location and value of the
 * first word in [start, start + words * psize] that looks like a return
 * address, else 0. */
int walk_scan_for_return(const struct walker *w, uint64_t start,
			 unsigned words, uint64_t *loc_found,
			 uint64_t *ip_found);
/* Stackwalker::TerminateWalk */
int walk_terminate(uint64_t caller_ip, uint64_t caller_sp,
		   uint64_t callee_sp, int first_unwind);
/* The dump says it comes from Windows. */
int walk_is_windows(const struct walker *w);
/* A caller frame that starts as a copy of the callee's registers. */
void walk_init_caller(const struct walker *w, struct sym_frame *c);
/*
 * Breakpad's CFIWalker::FindCallerRegisters for w->last: the STACK CFI
 * rules at its address give the caller's registers (only those in
 * known), and the callee_saved ones the rules leave alone carry over
 * when the callee knew them.  Returns 1 with c filled (trust not set),
 * 0 when there are no usable rules, -SYM_ENOMEM.
 */
int walk_cfi_registers(struct walker *w, uint64_t known,
		       uint64_t callee_saved, struct sym_frame *c);

#endif
