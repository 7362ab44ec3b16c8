/**
 * The syscall filter of every sandboxed process: a classic-BPF seccomp program, built here so that no
 * native library is needed. It follows Docker's default profile where it matters for a script runner:
 * what no script needs and what widens the kernel surface is refused with EPERM (mounts, new
 * namespaces of any kind — user namespaces included —, module and kexec loading, bpf, perf events,
 * userfaultfd, keyrings, ptrace and cross-process memory access, io_uring, clock and swap changes).
 * Everything else is allowed. Syscalls of another ABI (i386 through int 0x80, x32) are refused too:
 * their numbers differ, so the list below would not hold for them.
 *
 * Applied by bubblewrap (`--seccomp FD`) right before it executes the sandbox's command, and by a
 * forked python run itself (python-zygote.py) after it has dropped its privileges.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { privateRunDir } from './private-dir';

interface Abi {
  audit: number;
  /** Syscalls with numbers at or above this belong to another ABI (x32), if set. */
  foreignFrom?: number;
  clone: number;
  clone3: number;
  denied: Record<string, number>;
}

const X86_64: Abi = {
  audit: 0xc000003e,
  foreignFrom: 0x40000000,
  clone: 56,
  clone3: 435,
  denied: {
    mount: 165,
    umount2: 166,
    pivot_root: 155,
    swapon: 167,
    swapoff: 168,
    reboot: 169,
    iopl: 172,
    ioperm: 173,
    create_module: 174,
    init_module: 175,
    delete_module: 176,
    get_kernel_syms: 177,
    query_module: 178,
    finit_module: 313,
    quotactl: 179,
    quotactl_fd: 443,
    nfsservctl: 180,
    acct: 163,
    settimeofday: 164,
    clock_settime: 227,
    clock_adjtime: 305,
    adjtimex: 159,
    syslog: 103,
    ptrace: 101,
    uselib: 134,
    _sysctl: 156,
    lookup_dcookie: 212,
    kexec_load: 246,
    kexec_file_load: 320,
    add_key: 248,
    request_key: 249,
    keyctl: 250,
    unshare: 272,
    setns: 308,
    perf_event_open: 298,
    fanotify_init: 300,
    name_to_handle_at: 303,
    open_by_handle_at: 304,
    process_vm_readv: 310,
    process_vm_writev: 311,
    kcmp: 312,
    bpf: 321,
    userfaultfd: 323,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    pidfd_getfd: 438,
    mount_setattr: 442,
    vhangup: 153,
  },
};

const AARCH64: Abi = {
  audit: 0xc00000b7,
  clone: 220,
  clone3: 435,
  denied: {
    mount: 40,
    umount2: 39,
    pivot_root: 41,
    swapon: 224,
    swapoff: 225,
    reboot: 142,
    init_module: 105,
    delete_module: 106,
    finit_module: 273,
    quotactl: 60,
    quotactl_fd: 443,
    nfsservctl: 42,
    acct: 89,
    settimeofday: 170,
    clock_settime: 112,
    clock_adjtime: 266,
    adjtimex: 171,
    syslog: 116,
    ptrace: 117,
    lookup_dcookie: 18,
    kexec_load: 104,
    kexec_file_load: 294,
    add_key: 217,
    request_key: 218,
    keyctl: 219,
    unshare: 97,
    setns: 268,
    perf_event_open: 241,
    fanotify_init: 262,
    name_to_handle_at: 264,
    open_by_handle_at: 265,
    process_vm_readv: 270,
    process_vm_writev: 271,
    kcmp: 272,
    bpf: 280,
    userfaultfd: 282,
    io_uring_setup: 425,
    io_uring_enter: 426,
    io_uring_register: 427,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    pidfd_getfd: 438,
    mount_setattr: 442,
    vhangup: 58,
  },
};

/** clone(2) flags that make a new namespace (CLONE_NEWTIME shares its bit with the exit signal there). */
const CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

const EPERM = 1;
const ENOSYS = 38;
const RET_ALLOW = 0x7fff0000;
const retErrno = (errno: number) => 0x00050000 | errno;

// Classic BPF opcodes.
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;
// struct seccomp_data offsets (little-endian: the low half of args[0] comes first).
const OFF_NR = 0;
const OFF_ARCH = 4;
const OFF_ARG0_LOW = 16;

type Target = 'deny' | 'enosys' | 'clone';
type Insn = { code: number; k: number; jt?: Target; jf?: Target } | { label: Target };

function abiOf(arch: string): Abi | null {
  if (arch === 'x64') return X86_64;
  if (arch === 'arm64') return AARCH64;
  return null;
}

/** The filter as bytes (struct sock_filter[]), or null on an architecture we have no table for. */
export function buildSeccompFilter(arch: string = process.arch): Buffer | null {
  const abi = abiOf(arch);
  if (!abi) return null;
  const prog: Insn[] = [
    { code: LD_W_ABS, k: OFF_ARCH },
    { code: JEQ_K, k: abi.audit, jf: 'deny' },
    { code: LD_W_ABS, k: OFF_NR },
  ];
  if (abi.foreignFrom !== undefined) prog.push({ code: JGE_K, k: abi.foreignFrom, jt: 'deny' });
  for (const nr of Object.values(abi.denied)) prog.push({ code: JEQ_K, k: nr, jt: 'deny' });
  // clone3 passes its flags in memory a filter cannot read: ENOSYS makes libc fall back to clone.
  prog.push({ code: JEQ_K, k: abi.clone3, jt: 'enosys' });
  prog.push({ code: JEQ_K, k: abi.clone, jt: 'clone' });
  prog.push({ code: RET_K, k: RET_ALLOW });
  prog.push(
    { label: 'clone' },
    { code: LD_W_ABS, k: OFF_ARG0_LOW },
    { code: JSET_K, k: CLONE_NAMESPACES, jt: 'deny' },
    { code: RET_K, k: RET_ALLOW },
  );
  prog.push({ label: 'enosys' }, { code: RET_K, k: retErrno(ENOSYS) });
  prog.push({ label: 'deny' }, { code: RET_K, k: retErrno(EPERM) });
  return assemble(prog);
}

function assemble(prog: Insn[]): Buffer {
  const labels = new Map<Target, number>();
  const insns: Array<Exclude<Insn, { label: Target }>> = [];
  for (const i of prog) {
    if ('label' in i) labels.set(i.label, insns.length);
    else insns.push(i);
  }
  const out = Buffer.alloc(insns.length * 8);
  insns.forEach((insn, at) => {
    const jump = (t: Target | undefined) => {
      if (t === undefined) return 0;
      const offset = labels.get(t)! - at - 1;
      if (offset < 0 || offset > 255) throw new Error(`seccomp jump out of range: ${offset}`);
      return offset;
    };
    out.writeUInt16LE(insn.code, at * 8);
    out.writeUInt8(jump(insn.jt), at * 8 + 2);
    out.writeUInt8(jump(insn.jf), at * 8 + 3);
    out.writeUInt32LE(insn.k >>> 0, at * 8 + 4);
  });
  return out;
}

let written: string | null | undefined;

/**
 * The filter in a root-only file of this worker's private directory (bwrap reads it from a file
 * descriptor its starter opens; the python zygote loads it once). Null where there is no filter
 * for this architecture.
 */
export function seccompFilterFile(): string | null {
  if (written !== undefined) return written;
  const filter = buildSeccompFilter();
  if (!filter) return (written = null);
  const file = path.join(privateRunDir(), 'seccomp.bpf');
  writeFileSync(file, filter, { mode: 0o600 });
  chmodSync(file, 0o600);
  return (written = file);
}
