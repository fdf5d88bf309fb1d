// SPDX-License-Identifier: GPL-2.0
/*
 * Calls of kernel functions (kfuncs): BPF_CALL with src_reg
 * BPF_PSEUDO_KFUNC_CALL and the function's BTF id in vmlinux as imm (off 0:
 * vmlinux's BTF, so no fd_array).  The verifier checks the arguments and
 * the result against the function's BTF prototype and its flags (a
 * KF_ACQUIRE result must be released, a KF_RET_NULL one tested), and
 * whether the program's type may call it at all; the calling convention
 * is a helper's: r1-r5 in, r0 out, r1-r5 clobbered.
 *
 * A language function that needs kfuncs names them in its descriptor
 * (func_desc.kfuncs); sema refuses the call, located, when the kernel's
 * BTF lacks one, so an unknown name here is a bug of the code generator.
 */
#include "cg_internal.h"
#include "lang/btf.h"

void emit_kfunc_call(struct cg *cg, const char *name)
{
	int id = btf_kfunc_id(name);

	if (id < 0) {
		cg_error(cg, cg->loc, "internal error: the kernel function %s is not in the kernel's BTF",
			 name);
		return;
	}
	emit(cg, insn(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, id));
}
