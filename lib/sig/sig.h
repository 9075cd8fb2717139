/* SPDX-License-Identifier: MIT */
/*
 * sig.h - crash signatures and fingerprints, one module for native
 * (minidump), JVM (retraced) and JavaScript (source-mapped) crashes.
 *
 * A signature is a short readable string naming the place a crash
 * happened, built from the frames that matter (Socorro's siggen rules
 * for native stacks); the fingerprint is XXH3_64bits (libxxhash, seed 0)
 * of the signature's bytes, printed as 16 lowercase hex digits.  Line
 * numbers, columns and absolute addresses never enter a signature, so
 * rebuilds with shifted lines, ASLR or another minifier keep the group.
 *
 * The rules work on plain inputs (struct sig_frame, struct sig_exception)
 * that each tool fills from its own model, so they are testable alone.
 * The frame lists that steer them (frames to skip, "prefix" frames...)
 * are compiled in and can be extended with list files, see
 * sig_rules_add().
 */
#ifndef SYMKIT_SIG_H
#define SYMKIT_SIG_H

#include <stddef.h>
#include <stdint.h>

#include "lib/core/err.h"

#define SIG_DEFAULT_FRAMES 5
#define SIG_MAX_FRAMES 64

/* The lists a rule set holds; names as in list files ("native-skip"). */
enum sig_list {
	SIG_NATIVE_SENTINEL,	/* start the signature at this frame */
	SIG_NATIVE_SKIP,	/* frames that only report the crash */
	SIG_NATIVE_PREFIX,	/* allocators, memcpy...: keep, go on */
	SIG_NATIVE_END,		/* entry points: the stack ends here */
	SIG_JVM_SKIP,		/* java.*, reflection, wrappers */
	SIG_JS_SKIP,		/* node:internal/..., node_modules */
	SIG_N_LISTS
};

/* A list's name in list files, e.g. "native-skip"; NULL if out of range. */
const char *sig_list_name(enum sig_list l);

/*
 * One frame, innermost first, as the signature rules see it.  All
 * strings are borrowed.  Native: function (demangled, may be NULL or
 * ""), module (basename of the module's code file, NULL outside any
 * module) and offset (module offset, or absolute address when module is
 * NULL).  JVM: function is "class.method".  JS: function is the
 * original name (NULL when anonymous) and file the original source
 * path; ignored is set for sources in the map's ignoreList.
 */
struct sig_frame {
	const char *function;
	const char *module;
	uint64_t offset;
	const char *file;
	int ignored;
};

/* A JVM exception or JS error: type, message (NULL if none), frames. */
struct sig_exception {
	const char *type;
	const char *message;
	const struct sig_frame *frames;
	size_t n_frames;
};

struct sig_rules;

/* The built-in rules (the lists shipped in data/sig/).  Free with
 * sig_rules_free().  Returns SYM_OK or SYM_ENOMEM. */
int sig_rules_new(struct sig_rules **out);
void sig_rules_free(struct sig_rules *r);

/*
 * Add the entries of a list file (buf, len; name is its file name, for
 * the default section and for d).  A line `[LIST]` starts a section
 * (LIST one of sig_list_name()); lines before any section go to the list
 * the file's basename names (native-skip.txt -> native-skip).  Each
 * other line is an fnmatch(3) pattern matched against the whole
 * normalised frame (JS: the frame's source path); `#` starts a comment
 * line; a leading `!` makes an exception (a frame matching it is not in
 * the list, whatever the other entries say).  Unknown sections and
 * entries outside any section are reported through d (SYM_EFORMAT with
 * the line).  Returns SYM_OK, SYM_EFORMAT or SYM_ENOMEM.
 */
int sig_rules_add(struct sig_rules *r, const char *name, const char *buf,
		  size_t len, struct sym_diag *d);

/* Add the list file at path (mapped and read as sig_rules_add()). */
int sig_rules_add_file(struct sig_rules *r, const char *path,
		       struct sym_diag *d);

/*
 * Add every list file of a colon-separated path list (the value of the
 * SYMKIT_SIGLISTS environment variable; NULL or "" adds nothing).  Stops
 * at the first failing file, named in d->file (a copy owned by r, valid
 * until the next call or sig_rules_free()).
 */
int sig_rules_add_paths(struct sig_rules *r, const char *paths,
			struct sym_diag *d);

/*
 * The rules a tool runs with: the built-ins, then the files of env (the
 * SYMKIT_SIGLISTS value, may be NULL), then files[0, n).  On failure
 * *out is NULL and d names the file (valid until the next call).
 */
int sig_rules_load(struct sig_rules **out, const char *env,
		   char *const *files, size_t n, struct sym_diag *d);

/* Whether the normalised name s is in list l (patterns minus exceptions). */
int sig_rules_match(const struct sig_rules *r, enum sig_list l,
		    const char *s);

/* The built-in text of list l, as in data/sig/<name>.txt. */
const char *sig_builtin_list(enum sig_list l);

/* A signature; strings owned, freed by sig_result_release(). */
struct sig_result {
	char *signature;	/* "f | g | h" */
	uint64_t fingerprint;	/* sig_fingerprint(signature) */
	/*
	 * The frames after the signature's own, normalised the same way
	 * ("" when none): what --split-check compares inside a group.
	 */
	char *deeper;
	unsigned n_frames;	/* frames in the signature */
};

void sig_result_release(struct sig_result *r);

/*
 * Native signature (Socorro's C/C++ rules) of a crashing thread's
 * frames f[0, n), inline frames included as frames of their own:
 * start at the first sentinel frame if any; stop at the first frame in
 * native-end (an entry point: frames below it are stale); skip frames in
 * native-skip anywhere; skip leading frames without a function name
 * until the first named one; then join up to max_frames frames (0:
 * SIG_DEFAULT_FRAMES) with " | ", always reaching the first frame that
 * is not a native-prefix frame.  A nameless frame below a named one is
 * written "module@0xoffset" ("@0xaddress" outside modules).  A stack
 * without any named frame keeps its nameless frames; an empty one is
 * "EMPTY: no frame data".  Returns SYM_OK or SYM_ENOMEM.
 */
int sig_native(const struct sig_rules *r, const struct sig_frame *f,
	       size_t n, unsigned max_frames, struct sig_result *out);

/*
 * JVM signature of an exception chain e[0, n) (e[0] the thrown
 * exception, then each "Caused by:"): the innermost exception that has
 * frames (else the innermost), "type: message" with the message
 * normalised (just "type" without one), then up to max_frames of its
 * frames as "class.method" not in jvm-skip (all frames when every one
 * is skipped).  Module and class-loader prefixes ("java.base/") are
 * dropped, "$<digits>" of synthetic classes and lambdas becomes "$", and
 * ProGuard's "$<8 hex digits>" suffix of optimised methods is dropped.
 */
int sig_jvm(const struct sig_rules *r, const struct sig_exception *e,
	    size_t n, unsigned max_frames, struct sig_result *out);

/*
 * JS signature: the error type (see sig_js_type()), the normalised
 * message, then up to max_frames frames "basename: function" ("basename"
 * for anonymous functions; "async ", "new ", "module.exports." and
 * "exports." dropped) whose source is not in js-skip nor ignored.
 */
int sig_js(const struct sig_rules *r, const struct sig_exception *e,
	   unsigned max_frames, struct sig_result *out);

/*
 * An exception chain collected line by line from a retraced JVM trace
 * or a resolved JS trace (strings are copied): sig_chain_exception()
 * for each header ("Caused by:" ones with cause set), sig_chain_frame()
 * for each frame of the current exception, then sig_chain_jvm() or
 * sig_chain_js() for the signature, and sig_chain_reset() for the next
 * block.  A top-level header (cause 0) while the chain is not empty
 * is the caller's cue to take the signature first.
 */
struct sig_chain;

int sig_chain_new(struct sig_chain **out);
void sig_chain_free(struct sig_chain *c);
void sig_chain_reset(struct sig_chain *c);
/* Exceptions in the chain (0: empty). */
size_t sig_chain_len(const struct sig_chain *c);
int sig_chain_exception(struct sig_chain *c, int cause, const char *type,
			size_t type_len, const char *message);
/* function "class.method" (JVM) or the JS name (NULL: anonymous). */
int sig_chain_frame(struct sig_chain *c, const char *function,
		    const char *file, int ignored);
/*
 * Java's "... N more": the current exception's trace goes on with the
 * last n frames of the exception it is the cause of.
 */
int sig_chain_more(struct sig_chain *c, size_t n);
int sig_chain_jvm(const struct sig_chain *c, const struct sig_rules *r,
		  unsigned max_frames, struct sig_result *out);
/* JS: the first exception of the chain (Node prints causes apart). */
int sig_chain_js(const struct sig_chain *c, const struct sig_rules *r,
		 unsigned max_frames, struct sig_result *out);

/*
 * The original error type in a Node header type: "a [AssertionError]"
 * (a minified class whose name is AssertionError) gives
 * "AssertionError", "AssertionError [ERR_ASSERTION]" (an error code in
 * brackets) gives "AssertionError", "Uncaught TypeError" gives
 * "TypeError".  Writes at most cap bytes with the NUL; returns out.
 */
char *sig_js_type(const char *type, char *out, size_t cap);

/*
 * Whether a line looks like an error header a trace parser may have
 * missed: "Type: message" or "Type" at the start of the line, Type an
 * identifier path ending in Error or Exception, or any identifier
 * followed by a bracketed name ("a [ValidationError]: ...").
 */
int sig_js_header_like(const char *line);

/*
 * Split an exception header line "type: message" (JVM, JS): *type_len
 * is the type's length, *msg the message (NULL when there is none).
 */
void sig_split_header(const char *line, size_t *type_len, const char **msg);

/*
 * A C++ (or C) function name normalised as in signatures: parameter
 * lists and cv/ref qualifiers dropped, template arguments collapsed to
 * <T>, return types dropped, "[clone .cold]", ".constprop.0", ".isra.0",
 * ".part.0", ".cold", ".llvm.N" suffixes dropped, lambda numbers
 * dropped.  Writes at most cap bytes with the NUL (truncated); returns
 * the length it wanted.
 */
size_t sig_normalize_function(const char *fn, char *out, size_t cap);

/*
 * A message with its variable parts replaced: UUIDs by <uuid>, email
 * addresses by <email>, paths and URLs by <path>, quoted strings by
 * <str>, hex numbers (0x..., or 8+ hex digits mixing digits and
 * letters) by <hex>, other numbers by <num>; white space runs become one
 * space; at most SIG_MESSAGE_MAX bytes (cut at a character boundary).
 * Same contract as sig_normalize_function().
 */
#define SIG_MESSAGE_MAX 120
size_t sig_normalize_message(const char *msg, char *out, size_t cap);

/* XXH3_64bits (seed 0) of s[0, len). */
uint64_t sig_fingerprint(const char *s, size_t len);

/* The fingerprint as 16 lowercase hex digits and a NUL. */
void sig_fingerprint_hex(uint64_t fp, char out[17]);

/* Parse 1-16 hex digits back; 0 on success, -1 otherwise. */
int sig_fingerprint_parse(const char *s, uint64_t *fp);

#endif
