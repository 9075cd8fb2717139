/* SPDX-License-Identifier: MIT */
/*
 * minidump.h - minidump reader.
 *
 * md_open() parses a minidump held in memory (a sym_map, a fuzzer buffer)
 * into plain structs.  Every read is bounds-checked; counts are limited
 * by the buffer's size only.  A damaged stream is reported through the
 * diag's warn callback and skipped or truncated; the rest of the dump is
 * still returned ("best effort").  md_open() fails only when the header
 * or the stream directory cannot be read at all.
 *
 * All strings are UTF-8, NUL-terminated, owned by the md_dump and valid
 * until md_close().  The buffer passed to md_open() must outlive the dump
 * (memory reads point into it).
 */
#ifndef SYMKIT_MINIDUMP_H
#define SYMKIT_MINIDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"
#include "lib/model/regs.h"

/* Stream types (MINIDUMP_STREAM_TYPE and vendor extensions). */
enum {
	MD_STREAM_THREAD_LIST = 3,
	MD_STREAM_MODULE_LIST = 4,
	MD_STREAM_MEMORY_LIST = 5,
	MD_STREAM_EXCEPTION = 6,
	MD_STREAM_SYSTEM_INFO = 7,
	MD_STREAM_THREAD_EX_LIST = 8,
	MD_STREAM_MEMORY64_LIST = 9,
	MD_STREAM_UNLOADED_MODULE_LIST = 14,
	MD_STREAM_MISC_INFO = 15,
	MD_STREAM_MEMORY_INFO_LIST = 16,
	MD_STREAM_THREAD_INFO_LIST = 17,
	MD_STREAM_THREAD_NAME_LIST = 24,
	MD_STREAM_BREAKPAD_INFO = 0x47670001,
	MD_STREAM_ASSERTION_INFO = 0x47670002,
	MD_STREAM_LINUX_CPU_INFO = 0x47670003,
	MD_STREAM_LINUX_PROC_STATUS = 0x47670004,
	MD_STREAM_LINUX_LSB_RELEASE = 0x47670005,
	MD_STREAM_LINUX_CMD_LINE = 0x47670006,
	MD_STREAM_LINUX_ENVIRON = 0x47670007,
	MD_STREAM_LINUX_AUXV = 0x47670008,
	MD_STREAM_LINUX_MAPS = 0x47670009,
	MD_STREAM_LINUX_DSO_DEBUG = 0x4767000A,
	MD_STREAM_CRASHPAD_INFO = 0x43500001,
};

/* A memory range captured in the dump.  data points into the buffer. */
struct md_memory {
	uint64_t start;
	uint64_t size;		/* bytes readable at data (clipped) */
	const uint8_t *data;	/* NULL when no byte is readable */
	uint64_t file_off;
	uint64_t declared_size;	/* as in the descriptor */
};

struct md_thread {
	uint32_t id;
	uint32_t suspend_count;
	uint32_t priority_class;
	uint32_t priority;
	uint64_t teb;
	struct md_memory stack_desc;	/* the thread's own descriptor */
	/*
	 * The stack Breakpad's processor walks with: the thread's own
	 * region when its descriptor is sane (rva and size non-zero, no
	 * wrap), else the valid MemoryList region containing the stack's
	 * start address.  has_stack 0: no memory region at all ("No memory
	 * region for thread").  A region whose bytes are not all in the
	 * file (or over 64 MB) has data NULL and size 0: every read fails,
	 * as in Breakpad.
	 */
	int has_stack;
	struct md_memory stack;
	int has_context;		/* Breakpad could read the context */
	struct sym_context ctx;
	const char *name;		/* ThreadNameList, or NULL */
};

enum md_cv_kind {
	MD_CV_NONE,
	MD_CV_PDB70,	/* 'RSDS' */
	MD_CV_PDB20,	/* 'NB10' */
	MD_CV_ELF,	/* 'BpEL': ELF build id */
	MD_CV_OTHER,
};

struct md_module {
	uint32_t index;			/* position in the dump's list */
	uint64_t base;
	uint64_t size;
	uint32_t checksum;
	uint32_t time_date_stamp;
	/* VS_FIXEDFILEINFO; has_version when its signature is valid */
	int has_version;
	uint32_t file_version_hi, file_version_lo;
	uint32_t product_version_hi, product_version_lo;
	enum md_cv_kind cv_kind;
	const uint8_t *cv_data;		/* raw CodeView record */
	uint32_t cv_len;
	const uint8_t *misc_data;	/* raw misc record */
	uint32_t misc_len;
	int has_debug_info;		/* CodeView and misc records read */
	/* Breakpad's derived identifiers, "" when unknown: */
	const char *code_file;		/* full module path as in the dump */
	const char *code_id;		/* e.g. build id hex, or "5A98...e000" */
	const char *debug_file;		/* pdb name, or code_file for ELF */
	const char *debug_id;		/* 33 hex chars GUID+age */
	const char *version;		/* "5.1.2600.2180", or "" */
};

struct md_unloaded_module {
	uint64_t base;
	uint64_t size;
	uint32_t checksum;
	uint32_t time_date_stamp;
	const char *name;
};

struct md_exception {
	uint32_t thread_id;
	uint32_t code;
	uint32_t flags;
	uint64_t record;
	uint64_t address;
	uint32_t nparams;		/* as in the dump, may exceed 15 */
	uint64_t params[15];
	int has_context;
	struct sym_context ctx;
};

struct md_system_info {
	uint16_t processor_arch;	/* MD_CPU_ARCHITECTURE_* raw */
	enum sym_cpu cpu;
	uint16_t processor_level;
	uint16_t processor_revision;
	uint8_t number_of_processors;
	uint8_t product_type;
	uint32_t major_version, minor_version, build_number;
	uint32_t platform_id;
	const char *csd_version;	/* service pack / Linux uname, or
					 * NULL when unreadable */
	uint16_t suite_mask;
	/* x86 CPU information (raw; valid for x86 only, as in Breakpad) */
	char vendor_id[13];		/* "GenuineIntel"; "" unless the arch
					 * is x86 (Breakpad's GetCPUVendor) */
	uint32_t version_information;	/* cpuid 1 eax */
	uint32_t feature_information;
	uint32_t amd_extended_features;
	/* other CPUs */
	uint64_t processor_features[2];
};

struct md_misc_info {
	uint32_t size_of_info;
	uint32_t flags1;
	uint32_t process_id;
	uint32_t process_create_time;
	uint32_t process_user_time;
	uint32_t process_kernel_time;
	/* MISC_INFO_2 and later, when flags1 says so */
	uint32_t processor_max_mhz, processor_current_mhz;
	uint32_t processor_mhz_limit, processor_max_idle_state;
	uint32_t processor_current_idle_state;
};

struct md_breakpad_info {
	uint32_t validity;		/* bit 0 dump thread, bit 1 requesting */
	uint32_t dump_thread_id;
	uint32_t requesting_thread_id;
};

struct md_assertion {
	const char *expression, *function, *file;
	uint32_t line;
	uint32_t type;
};

struct md_memory_info {
	uint64_t base, allocation_base;
	uint32_t allocation_protection;
	uint64_t region_size;
	uint32_t state, protection, type;
};

/* A /proc/self/maps line from the Linux maps stream. */
struct md_linux_map {
	uint64_t start, end, offset;
	char perms[5];			/* "r-xp" */
	const char *path;		/* "" for anonymous */
};

struct md_annotation {		/* Crashpad simple annotation (key/value) */
	const char *key;
	const char *value;
};

struct md_annotation_object {	/* Crashpad annotation object */
	const char *name;
	uint16_t type;			/* 1: C string */
	const uint8_t *value;		/* points into the buffer */
	uint32_t len;
};

struct md_crashpad_module {	/* Crashpad per-module info */
	uint32_t module_index;
	uint32_t version;
	const char **list_annotations;
	size_t n_list;
	struct md_annotation *simple;	/* sorted by key, first kept */
	size_t n_simple;
	struct md_annotation_object *objects;	/* in dump order */
	size_t n_objects;
};

struct md_crashpad_info {
	uint32_t version;
	uint8_t report_id[16];
	uint8_t client_id[16];
	struct md_annotation *simple;	/* sorted by key, first kept */
	size_t n_simple;
	uint64_t address_mask;
	struct md_crashpad_module *modules;
	size_t n_modules;
};

/* A raw stream blob (Linux text streams, unknown streams). */
struct md_blob {
	const uint8_t *data;
	size_t len;
};

/*
 * What a Breakpad microdump (Android logcat text) says that a minidump
 * keeps in other streams, as Breakpad's Microdump reader keeps it.
 * Strings are "" when the microdump does not give them.
 */
struct md_microdump {
	const char *os;			/* "Android", "Linux" or "" */
	const char *os_short;		/* "android", "linux" or "" */
	const char *os_version;		/* the rest of the O line */
	const char *cpu;		/* the O line's arch: "arm64" */
	unsigned cpu_count;
	const char *gl_version, *gl_vendor, *gl_renderer;	/* G line */
	const char *crash_reason;	/* R line: "SIGTRAP" */
	uint64_t crash_address;
};

struct md_stream_entry {
	uint32_t type;
	uint32_t size;
	uint32_t rva;
};

struct md_dump {
	/* header */
	uint32_t version;
	uint32_t n_streams;
	uint32_t checksum;
	uint32_t time_date_stamp;
	uint64_t flags;
	struct md_stream_entry *streams;	/* the directory */

	int has_thread_list;
	int threads_from_ex;			/* only a ThreadExList */
	struct md_thread *threads;
	size_t n_threads;
	/*
	 * The module list in dump order, or none (has_module_list 0) when
	 * Breakpad would reject the list: a module of size 0 or wrapping
	 * past 2^64, an unreadable name, more than 2048 modules, or a
	 * module overlapping another one in a way Breakpad's RangeMap
	 * refuses (see md_module_at).
	 */
	struct md_module *modules;
	size_t n_modules;
	int has_module_list;
	/*
	 * The modules Breakpad's processor lists (CodeModules): those
	 * stored in its range map, in address order.  Exact duplicates are
	 * left out.
	 */
	const struct md_module **modules_by_addr;
	size_t n_modules_by_addr;
	struct md_unloaded_module *unloaded;
	size_t n_unloaded;
	struct md_memory *memory;		/* MemoryList + Memory64List, */
	size_t n_memory;			/* sorted by start */
	struct md_memory_info *memory_info;
	size_t n_memory_info;

	int has_exception;
	struct md_exception exception;
	int has_system_info;
	struct md_system_info system_info;
	int has_misc_info;
	struct md_misc_info misc_info;
	int has_breakpad_info;
	struct md_breakpad_info breakpad_info;
	int has_assertion;
	struct md_assertion assertion;
	int has_crashpad_info;
	struct md_crashpad_info crashpad_info;

	/* Breakpad Linux streams, raw; len 0 when absent */
	struct md_blob linux_cpu_info, linux_proc_status, linux_lsb_release,
		linux_cmd_line, linux_environ, linux_auxv, linux_maps,
		linux_dso_debug;
	struct md_linux_map *maps;		/* parsed linux_maps */
	size_t n_maps;

	/* set when the dump was read from a microdump (microdump.h) */
	const struct md_microdump *microdump;

	/* private */
	void *priv_;
};

/*
 * Parse the minidump in buf[0, len).  On success *out is a new dump (free
 * with md_close()); warnings about damaged streams go to d.  Errors:
 * SYM_EFORMAT (not a minidump), SYM_ETRUNC (no readable directory),
 * SYM_ENOMEM.
 */
int md_open(const uint8_t *buf, size_t len, struct md_dump **out,
	    struct sym_diag *d);
void md_close(struct md_dump *dump);

/*
 * Copy len bytes at virtual address addr from the dump's memory ranges.
 * Returns 0, or -1 when any byte is not captured.
 */
int md_read(const struct md_dump *dump, uint64_t addr, void *buf,
	    size_t len);

/* Copy from one region only (Breakpad reads stacks from the thread's own
 * stack memory).  Returns 0 or -1. */
int md_memory_read(const struct md_memory *m, uint64_t addr, void *buf,
		   size_t len);

/*
 * The module containing addr, or NULL.  O(log n).  Ranges are those of
 * Breakpad's RangeMap: on Linux and Android dumps, a module overlapping
 * a lower one truncates the lower one; elsewhere overlaps are refused.
 */
const struct md_module *md_module_at(const struct md_dump *dump,
				     uint64_t addr);

/* The module whose code_file Breakpad treats as the main one (the
 * first in the list), or NULL. */
const struct md_module *md_main_module(const struct md_dump *dump);

#endif
