// A C++ target for the uprobe tests: a namespaced function whose symbol is
// mangled (_ZN4calc7computeEi); sonde matches it by its C++ name too.
namespace calc {
__attribute__((noinline)) int compute(int x)
{
	return x * 2;
}
}

int main()
{
	int s = 0;

	for (int i = 0; i < 10; i++)
		s += calc::compute(i);
	return s == 90 ? 0 : 1;
}
