// Own test program for dump-syms: namespaces, templates, inlining (also
// inside lexical blocks), a cold path, an anonymous namespace, a C part.
#include <cstdio>
#include <cstdlib>
#include <vector>

extern "C" int c_part(int x);

namespace own {
namespace {
struct Acc {
	long sum = 0;
	void add(long v) { sum += v * 3 + 1; }
};
}  // namespace

template <typename T>
static inline T twice(T v)
{
	return v + v;
}

__attribute__((noinline)) long fold(const std::vector<int> &v)
{
	Acc a;
	for (int x : v) {
		if (x > 3) {
			long t = twice<long>(x);
			a.add(t);
		}
	}
	return a.sum;
}

__attribute__((noinline, cold)) void fail(const char *why)
{
	std::fprintf(stderr, "fail: %s\n", why);
	std::abort();
}

class Shape {
public:
	virtual ~Shape() {}
	virtual long area() const = 0;
};

class Rect : public Shape {
public:
	Rect(long w, long h) : w_(w), h_(h) {}
	long area() const override { return twice(w_) * h_ / 2; }

private:
	long w_, h_;
};
}  // namespace own

int main(int argc, char **argv)
{
	std::vector<int> v;
	for (int i = 0; i < argc * 7; i++)
		v.push_back(i + (argv[0][0] & 1));
	long s = own::fold(v);
	own::Rect r(s, 3);
	const own::Shape *sh = &r;
	if (sh->area() == 42)
		own::fail("area");
	return c_part((int)(s & 0xff));
}
