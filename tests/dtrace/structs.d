/* D structs, unions and typedefs declared in the program: struct-valued variables (global, associative array, self->, this->), casts to a typedef, sizeof/offsetof */
#pragma D option quiet

struct callinfo {
	uint64_t ts;
	uint64_t elapsed;
	uint64_t calls;
	size_t maxbytes;
};

typedef struct pair {
	int first;
	char name[8];
} pair_t;

union both {
	uint32_t word;
	uint8_t bytes[4];
};

typedef uint32_t counter_t;
enum color { RED, GREEN = 5, BLUE };

struct callinfo i[string];
pair_t p;
self struct callinfo me;
counter_t hits;

BEGIN
{
	i["read"].calls++;
	i["read"].calls++;
	i["read"].maxbytes = 4096;
	i["write"].elapsed += 10;
	p.first = 3;
	self->me.ts = 100;
	hits = (counter_t)5000000001;
	printf("read calls=%d max=%d elapsed=%d\n", i["read"].calls, i["read"].maxbytes,
	    i["read"].elapsed);
	printf("write calls=%d elapsed=%d\n", i["write"].calls, i["write"].elapsed);
	printf("p.first=%d self->me.ts=%d self->me.calls=%d hits=%d\n", p.first, self->me.ts,
	    self->me.calls, hits);
	printf("sizeof: callinfo=%d pair_t=%d both=%d counter_t=%d\n", sizeof(struct callinfo),
	    sizeof(pair_t), sizeof(union both), sizeof(counter_t));
	printf("offsetof: elapsed=%d name=%d\n", offsetof(struct callinfo, elapsed),
	    offsetof(pair_t, name));
	printf("enum: %d %d %d\n", RED, GREEN, BLUE);
	exit(0);
}
