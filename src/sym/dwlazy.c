// SPDX-License-Identifier: GPL-2.0
/*
 * libdw, loaded when first used.  Only user stacks (DWARF
 * unwinding, symbols of processes that are gone) and uprobes that read
 * DWARF (args, source lines) need it, and with its own
 * dependencies (liblzma, libbz2) it is a third of a MiB of resident
 * memory that a program like BEGIN { exit(); } would carry for nothing.
 * Each libdwfl function sonde calls is defined here and forwards to the
 * library, opened with dlopen() on the first call; without libdw they
 * fail as libdwfl functions do (NULL, -1, false).
 */
#include <dlfcn.h>
#include <elfutils/libdwfl.h>
#include <stdbool.h>
#include <stdio.h>

static void *dw_symbol(const char *name)
{
	static void *lib;
	static bool tried;

	if (!tried) {
		tried = true;
		lib = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
	}
	return lib ? dlsym(lib, name) : NULL;
}

/* p_NAME: the library's NAME, looked up once; `ret` when it is missing. */
#define DW_LOAD(name, ret)							\
	static __typeof__(name) *p_##name;					\
	if (!p_##name && !(p_##name = (__typeof__(name) *)dw_symbol(#name)))	\
		return ret

Dwfl *dwfl_begin(const Dwfl_Callbacks *callbacks)
{
	DW_LOAD(dwfl_begin, NULL);
	return p_dwfl_begin(callbacks);
}

void dwfl_end(Dwfl *dwfl)
{
	DW_LOAD(dwfl_end, );
	p_dwfl_end(dwfl);
}

Dwfl_Module *dwfl_addrmodule(Dwfl *dwfl, Dwarf_Addr address)
{
	DW_LOAD(dwfl_addrmodule, NULL);
	return p_dwfl_addrmodule(dwfl, address);
}

bool dwfl_attach_state(Dwfl *dwfl, Elf *elf, pid_t pid,
		       const Dwfl_Thread_Callbacks *thread_callbacks, void *dwfl_arg)
{
	DW_LOAD(dwfl_attach_state, false);
	return p_dwfl_attach_state(dwfl, elf, pid, thread_callbacks, dwfl_arg);
}

int dwfl_build_id_find_elf(Dwfl_Module *mod, void **userdata, const char *modname,
			   Dwarf_Addr base, char **file_name, Elf **elfp)
{
	DW_LOAD(dwfl_build_id_find_elf, -1);
	return p_dwfl_build_id_find_elf(mod, userdata, modname, base, file_name, elfp);
}

bool dwfl_frame_pc(Dwfl_Frame *state, Dwarf_Addr *pc, bool *isactivation)
{
	DW_LOAD(dwfl_frame_pc, false);
	return p_dwfl_frame_pc(state, pc, isactivation);
}

int dwfl_getthread_frames(Dwfl *dwfl, pid_t tid, int (*callback)(Dwfl_Frame *thread, void *arg),
			  void *arg)
{
	DW_LOAD(dwfl_getthread_frames, -1);
	return p_dwfl_getthread_frames(dwfl, tid, callback, arg);
}

int dwfl_linux_proc_find_elf(Dwfl_Module *mod, void **userdata, const char *module_name,
			     Dwarf_Addr base, char **file_name, Elf **elfp)
{
	DW_LOAD(dwfl_linux_proc_find_elf, -1);
	return p_dwfl_linux_proc_find_elf(mod, userdata, module_name, base, file_name, elfp);
}

int dwfl_linux_proc_maps_report(Dwfl *dwfl, FILE *f)
{
	DW_LOAD(dwfl_linux_proc_maps_report, -1);
	return p_dwfl_linux_proc_maps_report(dwfl, f);
}

Elf *dwfl_module_getelf(Dwfl_Module *mod, GElf_Addr *bias)
{
	DW_LOAD(dwfl_module_getelf, NULL);
	return p_dwfl_module_getelf(mod, bias);
}

const char *dwfl_module_getsym_info(Dwfl_Module *mod, int ndx, GElf_Sym *sym, GElf_Addr *addr,
				    GElf_Word *shndxp, Elf **elfp, Dwarf_Addr *bias)
{
	DW_LOAD(dwfl_module_getsym_info, NULL);
	return p_dwfl_module_getsym_info(mod, ndx, sym, addr, shndxp, elfp, bias);
}

Dwarf_Die *dwfl_module_addrdie(Dwfl_Module *mod, Dwarf_Addr addr, Dwarf_Addr *bias)
{
	DW_LOAD(dwfl_module_addrdie, NULL);
	return p_dwfl_module_addrdie(mod, addr, bias);
}

Dwfl_Line *dwfl_module_getsrc(Dwfl_Module *mod, Dwarf_Addr addr)
{
	DW_LOAD(dwfl_module_getsrc, NULL);
	return p_dwfl_module_getsrc(mod, addr);
}

const char *dwfl_lineinfo(Dwfl_Line *line, Dwarf_Addr *addr, int *linep, int *colp,
			  Dwarf_Word *mtime, Dwarf_Word *length)
{
	DW_LOAD(dwfl_lineinfo, NULL);
	return p_dwfl_lineinfo(line, addr, linep, colp, mtime, length);
}

int dwfl_module_getsymtab(Dwfl_Module *mod)
{
	DW_LOAD(dwfl_module_getsymtab, -1);
	return p_dwfl_module_getsymtab(mod);
}

int dwfl_offline_section_address(Dwfl_Module *mod, void **userdata, const char *modname,
				 Dwarf_Addr base, const char *secname, GElf_Word shndx,
				 const GElf_Shdr *shdr, Dwarf_Addr *addr)
{
	DW_LOAD(dwfl_offline_section_address, -1);
	return p_dwfl_offline_section_address(mod, userdata, modname, base, secname, shndx,
					      shdr, addr);
}

void dwfl_report_begin(Dwfl *dwfl)
{
	DW_LOAD(dwfl_report_begin, );
	p_dwfl_report_begin(dwfl);
}

Dwfl_Module *dwfl_report_elf(Dwfl *dwfl, const char *name, const char *file_name, int fd,
			     GElf_Addr base, bool add_p_vaddr)
{
	DW_LOAD(dwfl_report_elf, NULL);
	return p_dwfl_report_elf(dwfl, name, file_name, fd, base, add_p_vaddr);
}

int dwfl_report_end(Dwfl *dwfl, int (*removed)(Dwfl_Module *, void *, const char *, Dwarf_Addr,
					       void *arg),
		    void *arg)
{
	DW_LOAD(dwfl_report_end, -1);
	return p_dwfl_report_end(dwfl, removed, arg);
}

Dwfl_Module *dwfl_report_module(Dwfl *dwfl, const char *name, Dwarf_Addr start, Dwarf_Addr end)
{
	DW_LOAD(dwfl_report_module, NULL);
	return p_dwfl_report_module(dwfl, name, start, end);
}

int dwfl_standard_find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
				 Dwarf_Addr base, const char *file_name,
				 const char *debuglink_file, GElf_Word debuglink_crc,
				 char **debuginfo_file_name)
{
	DW_LOAD(dwfl_standard_find_debuginfo, -1);
	return p_dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name,
					      debuglink_file, debuglink_crc, debuginfo_file_name);
}

bool dwfl_thread_state_registers(Dwfl_Thread *thread, int firstreg, unsigned nregs,
				 const Dwarf_Word *regs)
{
	DW_LOAD(dwfl_thread_state_registers, false);
	return p_dwfl_thread_state_registers(thread, firstreg, nregs, regs);
}

/* ---- libdw's DWARF reader (uprobe args and source lines, probes/uprobe_dwarf.c) ---- */

Dwarf *dwarf_begin(int fildes, Dwarf_Cmd cmd)
{
	DW_LOAD(dwarf_begin, NULL);
	return p_dwarf_begin(fildes, cmd);
}

int dwarf_end(Dwarf *dwarf)
{
	DW_LOAD(dwarf_end, -1);
	return p_dwarf_end(dwarf);
}

int dwarf_nextcu(Dwarf *dwarf, Dwarf_Off off, Dwarf_Off *next_off, size_t *header_sizep,
		 Dwarf_Off *abbrev_offsetp, uint8_t *address_sizep, uint8_t *offset_sizep)
{
	DW_LOAD(dwarf_nextcu, -1);
	return p_dwarf_nextcu(dwarf, off, next_off, header_sizep, abbrev_offsetp,
			      address_sizep, offset_sizep);
}

Dwarf_Die *dwarf_offdie(Dwarf *dbg, Dwarf_Off offset, Dwarf_Die *result)
{
	DW_LOAD(dwarf_offdie, NULL);
	return p_dwarf_offdie(dbg, offset, result);
}

int dwarf_child(Dwarf_Die *die, Dwarf_Die *result)
{
	DW_LOAD(dwarf_child, -1);
	return p_dwarf_child(die, result);
}

int dwarf_siblingof(Dwarf_Die *die, Dwarf_Die *result)
{
	DW_LOAD(dwarf_siblingof, -1);
	return p_dwarf_siblingof(die, result);
}

int dwarf_tag(Dwarf_Die *die)
{
	DW_LOAD(dwarf_tag, -1);
	return p_dwarf_tag(die);
}

const char *dwarf_diename(Dwarf_Die *die)
{
	DW_LOAD(dwarf_diename, NULL);
	return p_dwarf_diename(die);
}

Dwarf_Off dwarf_dieoffset(Dwarf_Die *die)
{
	DW_LOAD(dwarf_dieoffset, (Dwarf_Off)-1);
	return p_dwarf_dieoffset(die);
}

int dwarf_hasattr(Dwarf_Die *die, unsigned int search_name)
{
	DW_LOAD(dwarf_hasattr, 0);
	return p_dwarf_hasattr(die, search_name);
}

Dwarf_Attribute *dwarf_attr_integrate(Dwarf_Die *die, unsigned int search_name,
				      Dwarf_Attribute *result)
{
	DW_LOAD(dwarf_attr_integrate, NULL);
	return p_dwarf_attr_integrate(die, search_name, result);
}

Dwarf_Die *dwarf_formref_die(Dwarf_Attribute *attr, Dwarf_Die *die_mem)
{
	DW_LOAD(dwarf_formref_die, NULL);
	return p_dwarf_formref_die(attr, die_mem);
}

int dwarf_formudata(Dwarf_Attribute *attr, Dwarf_Word *return_uval)
{
	DW_LOAD(dwarf_formudata, -1);
	return p_dwarf_formudata(attr, return_uval);
}

int dwarf_getsrc_file(Dwarf *dbg, const char *fname, int line, int col, Dwarf_Line ***srcsp,
		      size_t *nsrcs)
{
	DW_LOAD(dwarf_getsrc_file, -1);
	return p_dwarf_getsrc_file(dbg, fname, line, col, srcsp, nsrcs);
}

Dwarf *dwarf_begin_elf(Elf *elf, Dwarf_Cmd cmd, Elf_Scn *scngrp)
{
	DW_LOAD(dwarf_begin_elf, NULL);
	return p_dwarf_begin_elf(elf, cmd, scngrp);
}

int dwarf_cu_info(Dwarf_CU *cu, Dwarf_Half *version, uint8_t *unit_type, Dwarf_Die *cudie,
		  Dwarf_Die *subdie, uint64_t *unit_id, uint8_t *address_size, uint8_t *offset_size)
{
	DW_LOAD(dwarf_cu_info, -1);
	return p_dwarf_cu_info(cu, version, unit_type, cudie, subdie, unit_id, address_size,
			       offset_size);
}

int dwarf_get_units(Dwarf *dwarf, Dwarf_CU *cu, Dwarf_CU **next_cu, Dwarf_Half *version,
		    uint8_t *unit_type, Dwarf_Die *cudie, Dwarf_Die *subdie)
{
	DW_LOAD(dwarf_get_units, -1);
	return p_dwarf_get_units(dwarf, cu, next_cu, version, unit_type, cudie, subdie);
}

Dwarf *dwarf_cu_getdwarf(Dwarf_CU *cu)
{
	DW_LOAD(dwarf_cu_getdwarf, NULL);
	return p_dwarf_cu_getdwarf(cu);
}

const char *dwarf_formstring(Dwarf_Attribute *attrp)
{
	DW_LOAD(dwarf_formstring, NULL);
	return p_dwarf_formstring(attrp);
}

int dwarf_getscopes(Dwarf_Die *cudie, Dwarf_Addr pc, Dwarf_Die **scopes)
{
	DW_LOAD(dwarf_getscopes, -1);
	return p_dwarf_getscopes(cudie, pc, scopes);
}

int dwarf_getscopes_die(Dwarf_Die *die, Dwarf_Die **scopes)
{
	DW_LOAD(dwarf_getscopes_die, -1);
	return p_dwarf_getscopes_die(die, scopes);
}

int dwarf_getsrcfiles(Dwarf_Die *cudie, Dwarf_Files **files, size_t *nfiles)
{
	DW_LOAD(dwarf_getsrcfiles, -1);
	return p_dwarf_getsrcfiles(cudie, files, nfiles);
}

const char *dwarf_filesrc(Dwarf_Files *file, size_t idx, Dwarf_Word *mtime, Dwarf_Word *length)
{
	DW_LOAD(dwarf_filesrc, NULL);
	return p_dwarf_filesrc(file, idx, mtime, length);
}

int dwarf_lineaddr(Dwarf_Line *line, Dwarf_Addr *addrp)
{
	DW_LOAD(dwarf_lineaddr, -1);
	return p_dwarf_lineaddr(line, addrp);
}

int dwarf_lineno(Dwarf_Line *line, int *linep)
{
	DW_LOAD(dwarf_lineno, -1);
	return p_dwarf_lineno(line, linep);
}
