/* D declarations (blanked: types come from assignments), inline constants, multi-key arrays */
#pragma D option quiet

int total;
self int depth;
this string name;
int pairs[string, int];
uint64_t big, small;
inline int LIMIT = 4 *
	10;
inline string WHO = "world";

BEGIN
{
	total = LIMIT + 2;
	pairs["a", 1] = 10;
	pairs["a", 2] = 20;
	pairs["b", 1] += 5;
	self->depth = 1;
	this->name = WHO;
	printf("total=%d a1=%d a2=%d b1=%d %s %d\n", total, pairs["a", 1], pairs["a", 2],
	    pairs["b", 1], this->name, self->depth);
	@c["x", 7] = count();
	@c["x", 7] = count();
	@c["y", 8] = count();
	exit(0);
}
