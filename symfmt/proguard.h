/* SPDX-License-Identifier: MIT */
/*
 * proguard.h - ProGuard / R8 mapping.txt reader.
 *
 * symfmt_proguard_index() makes one pass over the buffer and records only
 * the class lines (original and obfuscated names, where their member
 * lines start and end) plus the file header (R8 map version, pg_map_hash).
 * Member lines of a class are parsed on first use by pg_class_members(),
 * so retracing touches only the classes a trace names.  Offsets are
 * 64-bit: maps over 4 GiB index like small ones.
 *
 * The buffer must outlive the map: names and members point into it.
 * Nothing here prints; problems go to the struct sym_diag warn callback
 * (one call per bad line, with its line number).
 */
#ifndef SYMKIT_PROGUARD_H
#define SYMKIT_PROGUARD_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"

enum pg_member_flags {
	PG_METHOD = 1 << 0,		/* has an argument list */
	PG_HAS_MIN = 1 << 1,		/* a:b: minified line range */
	PG_HAS_ORIG = 1 << 2,		/* :c original start line */
	PG_HAS_ORIG_END = 1 << 3,	/* :c:d original range */
	PG_SYNTHESIZED = 1 << 4,	/* com.android.tools.r8.synthesized */
	PG_OUTLINE = 1 << 5,		/* com.android.tools.r8.outline */
	PG_OUTLINE_CALLSITE = 1 << 6,	/* has outline positions */
	PG_REWRITE = 1 << 7,		/* has rewriteFrame rules */
};

/* One outline call site position: outline line -> caller line. */
struct pg_pos {
	uint32_t from, to;
};

/* rewriteFrame rule: when `throws` (descriptor) is thrown, drop frames. */
struct pg_rewrite {
	const char *throws;	/* "Lfoo/Bar;", NUL-terminated, owned */
	uint32_t remove_inner;	/* removeInnerFrames(n) */
};

/* A field or method line ("range" when it has line numbers). */
struct pg_member {
	const char *type;	/* field type or return type */
	const char *name;	/* original name, may be qualified a.B.m */
	const char *args;	/* text inside the parens (methods) */
	const char *obf;	/* obfuscated name */
	uint32_t type_len, name_len, args_len, obf_len;
	uint32_t min_start, min_end;
	uint32_t orig_start, orig_end;
	unsigned flags;		/* enum pg_member_flags */
	uint32_t npos, pos;	/* outline positions: map->pos[pos..] */
	uint32_t nrw, rw;	/* rewrite rules: map->rw[rw..] */
	uint64_t lineno;	/* line in the mapping file */
};

/* Index entry of a class line: 16 bytes, so huge maps index cheaply. */
struct pg_entry {
	uint64_t line_off;	/* class line; its members run to the next */
	uint32_t hash;		/* of the obfuscated name */
	uint32_t lineno;	/* 1-based line of the class line (saturates) */
};

/* A class, made when a lookup finds it; members parsed on first use. */
struct pg_class {
	uint64_t line_off;	/* class line */
	uint64_t body_off;	/* first member line */
	uint64_t end_off;	/* next class line or end of file */
	uint64_t lineno;	/* 1-based line of the class line */
	const char *orig, *obf;
	uint32_t orig_len, obf_len;
	int parsed;
	int synthesized;	/* class-level synthesized metadata */
	char *source_file;	/* sourceFile metadata, NUL-terminated, owned */
	struct pg_member *members;	/* in file order */
	size_t nmembers;
	uint32_t *by_obf;	/* member indexes sorted by obf name, stable */
};

/* The warning for a mapping line that parses as nothing. */
#define PG_BAD_LINE_MSG "could not parse mapping line"

struct pg_map {
	const char *buf;
	size_t len;
	struct pg_entry *entries;
	size_t nentries, capentries;
	struct pg_class **classes;	/* per entry, NULL until looked up */
	uint32_t *table;	/* open addressing on obf name: index + 1 */
	size_t tmask;
	char *map_version;	/* com.android.tools.r8.mapping versions,
				 * each one, in file order, '\n'-separated */
	const char *hash_hex;	/* # pg_map_hash: SHA-256 <hex> */
	size_t hash_hex_len;
	uint64_t hash_line;	/* line of the pg_map_hash comment */
	struct pg_pos *pos;
	size_t npos, cappos;
	struct pg_rewrite *rw;
	size_t nrw, caprw;
	struct sym_diag *diag;	/* for lazy member warnings; may be NULL */
	int err;		/* sticky SYM_ENOMEM from a lazy step */
};

/*
 * Index buf[0..len).  progress (may be NULL) is called every 64 MiB with
 * the offset reached, so a caller can drop pages it mapped.  Bad class
 * lines are warned about through diag and skipped.  *out is owned by the
 * caller (symfmt_proguard_free); diag must stay valid while the map is
 * used (member lines warn lazily) or be NULL.
 */
int symfmt_proguard_index(struct pg_map **out, const char *buf, size_t len,
			  struct sym_diag *diag,
			  void (*progress)(void *ctx, size_t off), void *ctx);
void symfmt_proguard_free(struct pg_map *map);

/*
 * The class whose obfuscated name is name[0..len), or NULL (also when
 * out of memory: map->err is then set).  Valid until
 * symfmt_proguard_free().
 */
struct pg_class *pg_find_class(struct pg_map *map, const char *name,
			       size_t len);

/* Number of class lines, and the class of the i-th (NULL on ENOMEM). */
size_t pg_class_count(const struct pg_map *map);
struct pg_class *pg_class_at(struct pg_map *map, size_t i);

/*
 * Parse the class's member lines if not done yet.  Returns SYM_OK or
 * SYM_ENOMEM (the class then has no members).
 */
int pg_class_members(struct pg_map *map, struct pg_class *c);

/*
 * Members named obf[0..n) (after pg_class_members): c->by_obf[*first ..
 * *first + count) in file order; returns count.
 */
size_t pg_member_range(const struct pg_class *c, const char *obf, size_t n,
		       size_t *first);

/* Total member lines parsed so far (for tests: laziness). */
size_t pg_parsed_classes(const struct pg_map *map);

#endif
