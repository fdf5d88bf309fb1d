// Included by pp_include.bt: macros, an enum and a struct, guarded.
#ifndef PP_INCLUDE_H
#define PP_INCLUDE_H
#define LIMIT 5
#define TWICE(x) ((x) * 2)
enum pp_color { PP_RED = 1, PP_GREEN = 7 };
struct pp_point {
	int x;	/* across */
	long y;
};
#endif
