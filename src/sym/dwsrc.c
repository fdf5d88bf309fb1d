// SPDX-License-Identifier: GPL-2.0
/*
 * An address's source positions (dwsrc.h).  The line table gives the line
 * of the address itself, which belongs to the innermost function there;
 * each inlined function's DW_AT_call_file/DW_AT_call_line give the line of
 * the function it was inlined into, where the call was written.  With
 * split DWARF the scopes are in the skeleton's split unit (its .dwo file).
 */
#include "sym/dwsrc.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdlib.h>

/* A name attribute, also through DW_AT_abstract_origin (inlined copies have none of their own). */
static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	const char *name = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));

	return name ? name : "??";
}

static int64_t die_udata(Dwarf_Die *die, int name)
{
	Dwarf_Attribute attr;
	Dwarf_Word w;

	if (!dwarf_attr_integrate(die, name, &attr) || dwarf_formudata(&attr, &w))
		return -1;
	return (int64_t)w;
}

/*
 * A relative file name is relative to the unit's compilation directory
 * (DW_AT_comp_dir): the directory that goes before it, NULL for an
 * absolute one or when the unit does not say.
 */
static const char *unit_dir(Dwarf_Die *cu, const char *file)
{
	Dwarf_Attribute attr;

	if (!cu || !file || file[0] == '/')
		return NULL;
	return dwarf_formstring(dwarf_attr_integrate(cu, DW_AT_comp_dir, &attr));
}

/* Where the inlined function die was called from, in the unit cu. */
static struct usym_src call_site(Dwarf_Die *cu, Dwarf_Die *die)
{
	struct usym_src pos = { 0 };
	int64_t file = die_udata(die, DW_AT_call_file), line = die_udata(die, DW_AT_call_line);
	Dwarf_Files *files;
	size_t nfiles;

	if (file >= 0 && dwarf_getsrcfiles(cu, &files, &nfiles) == 0 && (size_t)file < nfiles)
		pos.file = dwarf_filesrc(files, (size_t)file, NULL, NULL);
	pos.line = line > 0 ? (int)line : 0;
	if (!pos.line)
		pos.file = NULL;
	pos.dir = unit_dir(cu, pos.file);
	return pos;
}

/*
 * The first function scope in scopes[from..n): an inlined copy or the
 * subprogram itself (lexical blocks skipped); -1 when none.
 */
static int function_scope(Dwarf_Die *scopes, int from, int n)
{
	for (int i = from; i < n; i++) {
		int tag = dwarf_tag(&scopes[i]);

		if (tag == DW_TAG_inlined_subroutine || tag == DW_TAG_subprogram)
			return i;
	}
	return -1;
}

/*
 * A skeleton unit (split DWARF) has no scopes of its own: they are in its
 * split unit, when libdw found its .dwo.  The unit to look in.
 */
static Dwarf_Die *full_unit(Dwarf_Die *cu, Dwarf_Die *split)
{
	if (!cu || dwarf_tag(cu) != DW_TAG_skeleton_unit)
		return cu;
	if (dwarf_cu_info(cu->cu, NULL, NULL, NULL, split, NULL, NULL, NULL) == 0 && split->cu)
		return split;
	return cu;
}

int dwsrc_lookup(Dwfl_Module *mod, uint64_t vaddr, struct usym_src *out, int max)
{
	Dwarf_Addr bias = 0, at;
	Dwarf_Die split, *cu = full_unit(dwfl_module_addrdie(mod, vaddr, &bias), &split);
	Dwarf_Die *scopes = NULL, fn;
	Dwfl_Line *line = dwfl_module_getsrc(mod, vaddr);
	struct usym_src pos = { 0 };
	int nscopes, i, n = 0, col;

	if (max <= 0 || (!cu && !line))
		return 0;
	if (line)
		pos.file = dwfl_lineinfo(line, &at, &pos.line, &col, NULL, NULL);
	if (!pos.file)
		pos.line = 0;
	pos.dir = unit_dir(cu, pos.file);
	nscopes = cu ? dwarf_getscopes(cu, vaddr - bias, &scopes) : 0;
	i = nscopes > 0 ? function_scope(scopes, 0, nscopes) : -1;
	while (i >= 0 && dwarf_tag(&scopes[i]) == DW_TAG_inlined_subroutine && n < max - 1) {
		out[n] = pos;
		out[n++].name = die_name(&scopes[i]);
		pos = call_site(cu, &scopes[i]);
		/*
		 * dwarf_getscopes goes on into the inlined function's abstract
		 * definition; the function it was inlined into is the concrete
		 * tree's next function scope around the inlined copy.
		 */
		fn = scopes[i];
		free(scopes);
		scopes = NULL;
		nscopes = dwarf_getscopes_die(&fn, &scopes);
		i = nscopes > 1 ? function_scope(scopes, 1, nscopes) : -1;
	}
	free(scopes);
	pos.name = NULL;
	out[n++] = pos;
	return n;
}
