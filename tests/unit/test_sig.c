/* SPDX-License-Identifier: MIT */
/*
 * test_sig.c - signature rules: function and message normalisation,
 * native, JVM and JS signatures, list files, fingerprints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core/alloc.h"
#include "lib/core/io.h"
#include "lib/sig/sig.h"
#include "tests/unit/unit.h"

static struct sig_rules *rules;

static int fn_is(const char *in, const char *want)
{
	char out[512];

	sig_normalize_function(in, out, sizeof(out));
	if (strcmp(out, want)) {
		fprintf(stderr, "normalize(%s) = '%s', want '%s'\n", in, out,
			want);
		return 0;
	}
	return 1;
}

static int msg_is(const char *in, const char *want)
{
	char out[512];

	sig_normalize_message(in, out, sizeof(out));
	if (strcmp(out, want)) {
		fprintf(stderr, "message(%s) = '%s', want '%s'\n", in, out,
			want);
		return 0;
	}
	return 1;
}

static void test_functions(void)
{
	CHECK(fn_is("crash_here", "crash_here"));
	CHECK(fn_is("foo(int, char const*)", "foo"));
	CHECK(fn_is("Foo::bar(int) const", "Foo::bar"));
	CHECK(fn_is("Foo::bar() const &&", "Foo::bar"));
	CHECK(fn_is("std::vector<int, std::allocator<int> >::_M_realloc_"
		    "insert<int const&>(__gnu_cxx::__normal_iterator<int*, "
		    "std::vector<int, std::allocator<int> > >, int const&)",
		    "std::vector<T>::_M_realloc_insert<T>"));
	CHECK(fn_is("void std::__cxx11::basic_string<char>::_M_construct"
		    "<char const*>(char const*, char const*)",
		    "std::__cxx11::basic_string<T>::_M_construct<T>"));
	CHECK(fn_is("(anonymous namespace)::Helper::run(int)",
		    "(anonymous namespace)::Helper::run"));
	CHECK(fn_is("`anonymous namespace'::f", "(anonymous namespace)::f"));
	CHECK(fn_is("operator new(unsigned long)", "operator new"));
	CHECK(fn_is("operator delete[](void*)", "operator delete[]"));
	CHECK(fn_is("Foo::operator()(int) const", "Foo::operator()"));
	CHECK(fn_is("Foo::operator<(Foo const&) const", "Foo::operator<"));
	CHECK(fn_is("Foo::operator<<(int)", "Foo::operator<<"));
	CHECK(fn_is("Foo::operator bool() const", "Foo::operator bool"));
	CHECK(fn_is("Foo::operator[](unsigned long)", "Foo::operator[]"));
	CHECK(fn_is("main::{lambda(int)#1}::operator()(int) const",
		    "main::{lambda}::operator()"));
	CHECK(fn_is("main::$_0::operator()() const", "main::$::operator()"));
	CHECK(fn_is("parse_config.constprop.0", "parse_config"));
	CHECK(fn_is("parse_config.isra.0.cold", "parse_config"));
	CHECK(fn_is("foo(int) [clone .cold]", "foo"));
	CHECK(fn_is("bar.llvm.1234567", "bar"));
	CHECK(fn_is("std::__cxx11::basic_string<char, std::char_traits<char>,"
		    " std::allocator<char> >::basic_string[abi:cxx11]()",
		    "std::__cxx11::basic_string<T>::basic_string"));
	CHECK(fn_is("non-virtual thunk to Foo::run()", "Foo::run"));
	CHECK(fn_is("  spaced  ", "spaced"));
	CHECK(fn_is("", ""));
}

static void test_messages(void)
{
	CHECK(msg_is("order 1234 not found", "order <num> not found"));
	CHECK(msg_is("id 550e8400-e29b-41d4-a716-446655440000 gone",
		     "id <uuid> gone"));
	CHECK(msg_is("bad pointer 0x7ffd1234abcd", "bad pointer <hex>"));
	CHECK(msg_is("object Foo@1b6d3586 closed", "object Foo@<hex> closed"));
	CHECK(msg_is("no user \"alice\" here", "no user <str> here"));
	CHECK(msg_is("can't open '/etc/x.conf'", "can't open <str>"));
	CHECK(msg_is("cannot open /home/bob/data.txt: denied",
		     "cannot open <path>: denied"));
	CHECK(msg_is("mail bob.smith@example.com failed",
		     "mail <email> failed"));
	CHECK(msg_is("fetch https://x.example/a?b=1 failed",
		     "fetch <path> failed"));
	CHECK(msg_is("utf8 and x86 stay", "utf8 and x86 stay"));
	CHECK(msg_is("  many   spaces\n\tand lines ",
		     "many spaces and lines"));
	CHECK(msg_is("Index 7 out of bounds for length 3",
		     "Index <num> out of bounds for length <num>"));
	CHECK(msg_is("took 1.5s", "took <num>s"));
	CHECK(msg_is("hash deadbeef12 bad", "hash <hex> bad"));
	CHECK(msg_is("C:\\Users\\x\\a.txt missing", "<path> missing"));
	CHECK(msg_is("", ""));
	{
		char big[400], out[400];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		CHECK(sig_normalize_message(big, out, sizeof(out)) ==
		      SIG_MESSAGE_MAX);
	}
}

#define NF(fn, mod, off) { fn, mod, off, NULL, 0 }

static int native_is(const struct sig_frame *f, size_t n, unsigned max,
		     const char *want)
{
	struct sig_result r;
	int ok;

	if (sig_native(rules, f, n, max, &r))
		return 0;
	ok = !strcmp(r.signature, want);
	if (!ok)
		fprintf(stderr, "native = '%s', want '%s'\n", r.signature,
			want);
	ok = ok && r.fingerprint == sig_fingerprint(want, strlen(want));
	sig_result_release(&r);
	return ok;
}

static void test_native(void)
{
	static const struct sig_frame abrt[] = {
		NF(NULL, "libc.so.6", 0x8eb2c),		/* no symbols */
		NF("__pthread_kill_implementation", "libc.so.6", 1),
		NF("raise", "libc.so.6", 2),
		NF("abort", "libc.so.6", 3),
		NF("__assert_fail_base.cold", "libc.so.6", 4),
		NF("__assert_fail", "libc.so.6", 5),
		NF("check_order(int)", "app", 6),
		NF("process(Order const&)", "app", 7),
		NF("main", "app", 8),
		NF("__libc_start_call_main", "libc.so.6", 9),
		NF("__libc_start_main_impl", "libc.so.6", 10),
		NF("_start", "app", 11),
	};
	static const struct sig_frame alloc[] = {
		NF("__memmove_avx_unaligned_erms", "libc.so.6", 1),
		NF("_int_malloc", "libc.so.6", 2),
		NF("malloc", "libc.so.6", 2),
		NF("operator new(unsigned long)", "libstdc++.so.6", 3),
		NF("Buffer::grow(unsigned long)", "app", 4),
		NF("main", "app", 5),
	};
	static const struct sig_frame nameless_below[] = {
		NF("crash", "app", 1),
		NF(NULL, "libplugin.so", 0x1a2b),
		NF(NULL, NULL, 0x7f0012345678),
		NF("main", "app", 2),
	};
	static const struct sig_frame all_nameless[] = {
		NF(NULL, "libx.so", 0x10),
		NF(NULL, "libx.so", 0x20),
		NF(NULL, NULL, 0),
	};
	static const struct sig_frame only_skip[] = {
		NF("raise", "libc.so.6", 1),
		NF("abort", "libc.so.6", 2),
	};
	static const struct sig_frame jump0[] = {
		NF(NULL, NULL, 0),
		NF("call_callback", "app", 1),
		NF("main", "app", 2),
	};
	static const struct sig_frame sentinel[] = {
		NF("crash_reporter_stuff", "app", 1),
		NF("_purecall", "msvcrt.dll", 2),
		NF("Base::~Base()", "app", 3),
	};

	CHECK(native_is(abrt, 12, 0, "check_order | process | main"));
	CHECK(native_is(abrt, 12, 2, "check_order | process"));
	CHECK(native_is(alloc, 6, 2, "__memmove_avx_unaligned_erms | "
			"_int_malloc | malloc | operator new | Buffer::grow"));
	CHECK(native_is(alloc, 6, 6, "__memmove_avx_unaligned_erms | "
			"_int_malloc | malloc | operator new | Buffer::grow |"
			" main"));
	CHECK(native_is(nameless_below, 4, 0, "crash | libplugin.so@0x1a2b |"
			" @0x7f0012345678 | main"));
	CHECK(native_is(all_nameless, 3, 0,
			"libx.so@0x10 | libx.so@0x20 | @0x0"));
	CHECK(native_is(only_skip, 2, 0, "raise"));
	CHECK(native_is(jump0, 3, 0, "call_callback | main"));
	CHECK(native_is(sentinel, 3, 0, "_purecall | Base::~Base"));
	CHECK(native_is(NULL, 0, 0, "EMPTY: no frame data"));
	{
		struct sig_result r;

		CHECK(!sig_native(rules, abrt, 12, 2, &r));
		CHECK(!strcmp(r.deeper, "main"));
		CHECK(r.n_frames == 2);
		sig_result_release(&r);
	}
}

static void test_jvm(void)
{
	static const struct sig_frame top[] = {
		NF("com.example.shop.Main.main", NULL, 0),
	};
	static const struct sig_frame cause[] = {
		NF("java.base/java.lang.Integer.parseInt", NULL, 0),
		NF("java.util.Objects.requireNonNull", NULL, 0),
		NF("com.google.common.base.Preconditions.checkState", NULL,
		   0),
		NF("com.example.shop.Cart$1.apply", NULL, 0),
		NF("app//com.example.shop.Cart.lambda$total$0", NULL, 0),
		NF("java.lang.reflect.Method.invoke", NULL, 0),
		NF("com.example.shop.Main.main$734539df", NULL, 0),
	};
	struct sig_exception chain[3] = {
		{ "java.lang.RuntimeException", "wrapper for 42", top, 1 },
		{ "java.lang.NumberFormatException",
		  "For input string: \"x17\"", cause, 7 },
		{ "java.lang.Error", "no frames here", NULL, 0 },
	};
	struct sig_result r;

	CHECK(!sig_jvm(rules, chain, 3, 0, &r));
	CHECK(!strcmp(r.signature, "java.lang.NumberFormatException: For "
		      "input string: <str> | com.example.shop.Cart$.apply | "
		      "com.example.shop.Cart.lambda$total$ | "
		      "com.example.shop.Main.main"));
	sig_result_release(&r);
	CHECK(!sig_jvm(rules, chain, 1, 0, &r));
	CHECK(!strcmp(r.signature, "java.lang.RuntimeException: wrapper for "
		      "<num> | com.example.shop.Main.main"));
	sig_result_release(&r);
	CHECK(!sig_jvm(rules, chain + 1, 1, 1, &r));
	CHECK(!strcmp(r.deeper, "com.example.shop.Cart.lambda$total$"));
	sig_result_release(&r);
}

static void test_js(void)
{
	static const struct sig_frame fr[] = {
		{ "assert", "", 0, "node:assert", 0 },
		{ "ok", NULL, 0, "/app/node_modules/lib/index.js", 0 },
		{ "validate", NULL, 0, "webpack:///src/check.ts", 0 },
		{ "helper", NULL, 0, "/app/src/vendor.js", 1 },
		{ "async handle", NULL, 0, "/app/src/server.ts?x=1", 0 },
		{ NULL, NULL, 0, "/app/src/main.ts", 0 },
		{ "Module._compile", NULL, 0, "node:internal/modules/cjs", 0 },
	};
	struct sig_exception e = { "a [AssertionError]", "expected 3 got 4",
				   fr, 7 };
	struct sig_result r;
	char t[64];

	CHECK(!strcmp(sig_js_type("a [AssertionError]", t, sizeof(t)),
		      "AssertionError"));
	CHECK(!strcmp(sig_js_type("AssertionError [ERR_ASSERTION]", t,
				  sizeof(t)), "AssertionError"));
	CHECK(!strcmp(sig_js_type("Uncaught TypeError", t, sizeof(t)),
		      "TypeError"));
	CHECK(sig_js_header_like("a [AssertionError]: expected 3"));
	CHECK(sig_js_header_like("TypeError: x is not a function"));
	CHECK(sig_js_header_like("Uncaught RangeError"));
	CHECK(sig_js_header_like("my.pkg.CustomException: boom"));
	CHECK(!sig_js_header_like("    at f (a.js:1:2)"));
	CHECK(!sig_js_header_like("Node.js v20.20.2"));
	CHECK(!sig_js_header_like("/app/dist/x.js:1"));
	CHECK(!sig_js_header_like("Hello: world"));
	CHECK(!sig_js(rules, &e, 0, &r));
	CHECK(!strcmp(r.signature, "AssertionError: expected <num> got <num>"
		      " | check.ts: validate | server.ts: handle | main.ts"));
	sig_result_release(&r);
}

static void test_chain(void)
{
	struct sig_chain *c;
	struct sig_result r;
	const char *m;
	size_t tl;

	CHECK(!sig_chain_new(&c));
	CHECK(sig_chain_len(c) == 0);
	/* frames before a header are not a crash */
	CHECK(!sig_chain_frame(c, "a.B.c", NULL, 0));
	CHECK(sig_chain_len(c) == 0);
	CHECK(!sig_chain_exception(c, 0, "com.x.WrapError", 15, "job 12"));
	CHECK(!sig_chain_frame(c, "com.x.Job.run", "Job.java", 0));
	CHECK(!sig_chain_frame(c, "com.x.Main.main", "Main.java", 0));
	CHECK(!sig_chain_exception(c, 1, "java.io.IOException", 19,
				   "disk /dev/sda1 full"));
	CHECK(!sig_chain_frame(c, "java.io.FileOutputStream.write", NULL, 0));
	CHECK(!sig_chain_frame(c, "com.x.Store.save", NULL, 0));
	CHECK(!sig_chain_more(c, 1));	/* "... 1 more": Main.main */
	CHECK(sig_chain_len(c) == 2);
	CHECK(!sig_chain_jvm(c, rules, 0, &r));
	CHECK(!strcmp(r.signature, "java.io.IOException: disk <path> full | "
		      "com.x.Store.save | com.x.Main.main"));
	sig_result_release(&r);
	/* a new top-level exception starts over */
	sig_split_header("a [AssertionError]: expected 1", &tl, &m);
	CHECK(!sig_chain_exception(c, 0, "a [AssertionError]: expected 1",
				   tl, m));
	CHECK(sig_chain_len(c) == 1);
	CHECK(!sig_chain_frame(c, "check", "/app/src/check.ts", 0));
	CHECK(!sig_chain_frame(c, "lib", "/app/src/vendor.js", 1));
	CHECK(!sig_chain_frame(c, "module.exports.main", "/app/src/main.ts",
				0));
	CHECK(!sig_chain_js(c, rules, 0, &r));
	CHECK(!strcmp(r.signature, "AssertionError: expected <num> | "
		      "check.ts: check | main.ts: main"));
	sig_result_release(&r);
	sig_chain_reset(c);
	CHECK(!sig_chain_js(c, rules, 0, &r));
	CHECK(!strcmp(r.signature, "Error"));
	sig_result_release(&r);
	sig_chain_free(c);
}

static void test_split(void)
{
	size_t tl;
	const char *m;

	sig_split_header("java.lang.IllegalStateException: bad: x", &tl, &m);
	CHECK(tl == 31 && m && !strcmp(m, "bad: x"));
	sig_split_header("java.lang.NullPointerException", &tl, &m);
	CHECK(tl == 30 && !m);
}

static void test_lists(void)
{
	struct sig_rules *r;
	struct sym_diag d;
	static const char extra[] =
		"# my lists\n"
		"my_fatal_handler\n"
		"[native-prefix]\n"
		"MyAlloc::*\r\n"
		"[native-skip]\n"
		"!abort\n"
		"[jvm-skip]\n"
		"com.example.util.Check.*\n";
	int i;

	CHECK(!sig_rules_new(&r));
	CHECK(sig_rules_match(r, SIG_NATIVE_SKIP, "abort"));
	CHECK(sig_rules_match(r, SIG_NATIVE_SKIP, "_Unwind_Resume"));
	CHECK(!sig_rules_match(r, SIG_NATIVE_SKIP, "abortTransaction"));
	CHECK(sig_rules_match(r, SIG_NATIVE_PREFIX, "__strlen_avx2"));
	CHECK(sig_rules_match(r, SIG_JVM_SKIP,
			      "jdk.internal.reflect.DirectMethodHandleAccessor"
			      ".invoke"));
	CHECK(sig_rules_match(r, SIG_JS_SKIP, "node:internal/process/x"));
	CHECK(!sig_rules_match(r, SIG_JS_SKIP, "/app/src/main.js"));
	sym_diag_init(&d, "native-skip.txt");
	CHECK(!sig_rules_add(r, "dir/native-skip.txt", extra,
			     sizeof(extra) - 1, &d));
	CHECK(sig_rules_match(r, SIG_NATIVE_SKIP, "my_fatal_handler"));
	CHECK(sig_rules_match(r, SIG_NATIVE_PREFIX, "MyAlloc::get"));
	CHECK(!sig_rules_match(r, SIG_NATIVE_SKIP, "abort"));
	CHECK(sig_rules_match(r, SIG_JVM_SKIP, "com.example.util.Check.x"));
	sym_diag_init(&d, "x.txt");
	CHECK(sig_rules_add(r, "x.txt", "foo\n", 4, &d) == SYM_EFORMAT);
	CHECK(d.line == 1);
	sym_diag_init(&d, "x.txt");
	CHECK(sig_rules_add(r, "x.txt", "\n[nope]\n", 8, &d) == SYM_EFORMAT);
	CHECK(d.line == 2);
	sig_rules_free(r);

	/* the compiled-in lists are data/sig/<list>.txt */
	for (i = 0; i < SIG_N_LISTS; i++) {
		char path[128];
		struct sym_map m;
		const char *b = sig_builtin_list((enum sig_list)i);

		snprintf(path, sizeof(path), "data/sig/%s.txt",
			 sig_list_name((enum sig_list)i));
		CHECK(!sym_map_file(path, &m, NULL));
		CHECK(m.len == strlen(b) && !memcmp(m.data, b, m.len));
		sym_unmap(&m);
	}
}

static void test_fingerprint(void)
{
	char hex[17];
	uint64_t v;

	/* XXH3_64bits("") and XXH3_64bits("abc"), xxHash's test vectors */
	CHECK(sig_fingerprint("", 0) == 0x2d06800538d394c2ULL);
	sig_fingerprint_hex(sig_fingerprint("", 0), hex);
	CHECK(!strcmp(hex, "2d06800538d394c2"));
	CHECK(!sig_fingerprint_parse(hex, &v) && v == 0x2d06800538d394c2ULL);
	CHECK(sig_fingerprint_parse("xyz", &v) == -1);
	CHECK(sig_fingerprint_parse("00112233445566778", &v) == -1);
	sig_fingerprint_hex(1, hex);
	CHECK(!strcmp(hex, "0000000000000001"));
}

/* Every allocation failure gives SYM_ENOMEM, never a crash or leak. */
static void test_allocfail(void)
{
	static const struct sig_frame f[] = {
		NF("a(int)", "m", 1), NF(NULL, "m", 2), NF("b", "m", 3),
	};
	struct sig_rules *r;
	struct sig_result res;
	unsigned long k;
	int err;

	for (k = 1; k < 5000; k++) {
		sym_alloc_fail_at(k);
		err = sig_rules_new(&r);
		if (!err) {
			err = sig_native(r, f, 3, 0, &res);
			if (!err)
				sig_result_release(&res);
			sig_rules_free(r);
		}
		sym_alloc_fail_at(0);
		if (!err)
			break;
		CHECK(err == SYM_ENOMEM);
	}
	CHECK(k < 5000);
}

int main(void)
{
	if (sig_rules_new(&rules))
		return 1;
	test_functions();
	test_messages();
	test_native();
	test_jvm();
	test_js();
	test_split();
	test_chain();
	test_lists();
	test_fingerprint();
	test_allocfail();
	sig_rules_free(rules);
	return unit_done("test_sig");
}
