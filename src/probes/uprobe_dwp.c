// SPDX-License-Identifier: GPL-2.0
/*
 * DWARF packages (uprobe_dwp.h).  The .debug_cu_index (DWARF 5, or the
 * GNU version 2 of DWARF 4 packages) gives for each unit its offset and
 * size in each .dwo section.  libdw reads a unit's header offsets (abbrev,
 * string offsets, lines) from the start of those sections, so each unit
 * gets an ELF image of its own in memory holding its slices, and the
 * shared .debug_str.dwo whole.  Type units (.debug_tu_index) are not read.
 */
#include "uprobe_dwp.h"

#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util.h"

/* Column ids of the index (DW_SECT_*), by version: the .dwo section each names. */
static const char *const sect_v5[] = {
	[1] = ".debug_info.dwo", [3] = ".debug_abbrev.dwo", [4] = ".debug_line.dwo",
	[5] = ".debug_loclists.dwo", [6] = ".debug_str_offsets.dwo",
	[7] = ".debug_macro.dwo", [8] = ".debug_rnglists.dwo",
};
static const char *const sect_v2[] = {
	[1] = ".debug_info.dwo", [2] = ".debug_types.dwo", [3] = ".debug_abbrev.dwo",
	[4] = ".debug_line.dwo", [5] = ".debug_loc.dwo", [6] = ".debug_str_offsets.dwo",
	[7] = ".debug_macinfo.dwo", [8] = ".debug_macro.dwo",
};
#define SECT_IDS 9
#define MAX_COLS 16

/* One section's bytes in the package. */
struct blob {
	const uint8_t *d;
	size_t size;
};

struct dwp_unit {
	char *image;	/* the unit's ELF object; libdw points into it */
	Elf *elf;
	Dwarf *dw;
};

struct dwp {
	int fd;
	Elf *elf;
	VEC(struct dwp_unit) units;
};

/* The index is little-endian (dwp_open takes no other package). */
static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static struct blob section(Elf *elf, const char *want)
{
	struct blob b = { 0 };
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return b;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name || strcmp(name, want) || !(data = elf_getdata(scn, NULL)))
			continue;
		b.d = data->d_buf;
		b.size = data->d_size;
		break;
	}
	return b;
}

/* An ELF64 relocatable object in memory of the named sections (and a .shstrtab). */
static char *build_image(const char *const *names, const struct blob *parts, int n,
			 uint16_t machine, size_t *size)
{
	size_t off = sizeof(Elf64_Ehdr), strsz = 1 + sizeof(".shstrtab");
	size_t name_at, data_at[MAX_COLS + 1];
	Elf64_Ehdr *eh;
	Elf64_Shdr *sh;
	char *img, *strtab;

	for (int i = 0; i < n; i++) {
		data_at[i] = off;
		off += parts[i].size;
		strsz += strlen(names[i]) + 1;
	}
	name_at = off;
	off = ALIGN_UP(off + strsz, 8);
	*size = off + (n + 2) * sizeof(Elf64_Shdr);
	img = xcalloc(1, *size);
	eh = (Elf64_Ehdr *)img;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_REL;
	eh->e_machine = machine;
	eh->e_version = EV_CURRENT;
	eh->e_shoff = off;
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_shentsize = sizeof(Elf64_Shdr);
	eh->e_shnum = n + 2;
	eh->e_shstrndx = n + 1;
	sh = (Elf64_Shdr *)(img + off);
	strtab = img + name_at;
	strsz = 1;
	for (int i = 0; i < n; i++) {
		memcpy(img + data_at[i], parts[i].d, parts[i].size);
		sh[i + 1] = (Elf64_Shdr){ .sh_name = strsz, .sh_type = SHT_PROGBITS,
					  .sh_offset = data_at[i], .sh_size = parts[i].size,
					  .sh_addralign = 1 };
		strcpy(strtab + strsz, names[i]);
		strsz += strlen(names[i]) + 1;
	}
	sh[n + 1] = (Elf64_Shdr){ .sh_name = strsz, .sh_type = SHT_STRTAB,
				  .sh_offset = name_at, .sh_size = strsz + sizeof(".shstrtab"),
				  .sh_addralign = 1 };
	strcpy(strtab + strsz, ".shstrtab");
	return img;
}

/* Unit row (0-based) of the index: its slices, opened as a Dwarf. */
static void open_unit(struct dwp *p, const uint8_t *idx, uint32_t ncols, uint32_t nunits,
		      uint32_t row, const char *const *ids, uint16_t machine)
{
	const uint8_t *cols = idx, *offs = cols + 4 * ncols, *sizes = offs + 4 * ncols * nunits;
	const char *names[MAX_COLS + 1];
	struct blob parts[MAX_COLS + 1];
	struct dwp_unit u = { 0 };
	int n = 0;
	size_t size;

	for (uint32_t c = 0; c < ncols; c++) {
		uint32_t id = rd32(cols + 4 * c), at = rd32(offs + 4 * (row * ncols + c));
		uint32_t len = rd32(sizes + 4 * (row * ncols + c));
		struct blob whole;

		if (id >= SECT_IDS || !ids[id])
			continue;
		whole = section(p->elf, ids[id]);
		if (!whole.d || at > whole.size || len > whole.size - at)
			return;	/* an index that does not fit its sections */
		names[n] = ids[id];
		parts[n++] = (struct blob){ whole.d + at, len };
	}
	names[n] = ".debug_str.dwo";
	parts[n] = section(p->elf, ".debug_str.dwo");
	if (parts[n].d)
		n++;
	u.image = build_image(names, parts, n, machine, &size);
	u.elf = elf_memory(u.image, size);
	u.dw = u.elf ? dwarf_begin_elf(u.elf, DWARF_C_READ, NULL) : NULL;
	vec_push(&p->units, u);
}

/* The compile units of the package's .debug_cu_index, each opened. */
static bool read_index(struct dwp *p, uint16_t machine)
{
	struct blob ix = section(p->elf, ".debug_cu_index");
	uint32_t version, ncols, nunits, nslots;
	const uint8_t *rows;
	const char *const *ids;

	if (!ix.d || ix.size < 16)
		return false;
	version = rd32(ix.d);	/* version 5: a 2-byte number and 2 bytes of padding */
	version = version == 2 ? 2 : version & 0xffff;
	ncols = rd32(ix.d + 4);
	nunits = rd32(ix.d + 8);
	nslots = rd32(ix.d + 12);
	if ((version != 5 && version != 2) || !ncols || ncols > MAX_COLS || nslots > ix.size ||
	    nunits > nslots || ix.size - 16 < (uint64_t)nslots * 12 + 4 * ncols +
					     (uint64_t)nunits * ncols * 8)
		return false;
	ids = version == 5 ? sect_v5 : sect_v2;
	rows = ix.d + 16 + (size_t)nslots * 12;	/* after the signatures and their row numbers */
	for (uint32_t r = 0; r < nunits; r++)
		open_unit(p, rows, ncols, nunits, r, ids, machine);
	return p->units.n > 0;
}

struct dwp *dwp_open(const char *path)
{
	struct dwp *p = xcalloc(1, sizeof(*p));
	GElf_Ehdr eh;

	elf_version(EV_CURRENT);
	p->fd = open(path, O_RDONLY | O_CLOEXEC);
	p->elf = p->fd >= 0 ? elf_begin(p->fd, ELF_C_READ_MMAP, NULL) : NULL;
	if (!p->elf || !gelf_getehdr(p->elf, &eh) || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    !read_index(p, eh.e_machine)) {
		dwp_close(p);
		return NULL;
	}
	return p;
}

int dwp_units(const struct dwp *p)
{
	return p ? p->units.n : 0;
}

Dwarf *dwp_unit(const struct dwp *p, int i)
{
	return p && i >= 0 && i < p->units.n ? p->units.v[i].dw : NULL;
}

void dwp_close(struct dwp *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->units.n; i++) {
		if (p->units.v[i].dw)
			dwarf_end(p->units.v[i].dw);
		if (p->units.v[i].elf)
			elf_end(p->units.v[i].elf);
		free(p->units.v[i].image);
	}
	vec_free(&p->units);
	if (p->elf)
		elf_end(p->elf);
	if (p->fd >= 0)
		close(p->fd);
	free(p);
}
