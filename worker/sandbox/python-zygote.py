"""The warm python interpreter that forks python runs into prepared sandboxes (see python-zygote.ts).

Started by the worker as root, outside any sandbox: `<operator's python> -S -s -c <bootstrap> <this
file> <worker pid>`, cwd /, with the default environment of a script. A python start costs 15-50 ms of CPU (site, .pth
files, json); a fork of this process costs about 1 ms, so every run starts from an interpreter that
has already done it, instead of one started for the run.

The sandbox is still made per run by bubblewrap: a "holder" sandbox (fresh mount, pid, net, ipc, uts
and cgroup namespaces, the run's /work and /tmp) waits with nothing in it but its init and a sleep.
For a run, this zygote forks C; C joins the run's control groups, enters every namespace of the
holder at once (setns on a pidfd of the holder's init), then forks S, which is born in the holder's
pid namespace. S sets the run's rlimits, drops every capability and switches to the run's uid
(setgroups/setresgid/setresuid, no_new_privs, empty bounding and inheritable sets), installs the
seccomp filter, checks that all of it took, reads its run's environment from a pipe of its own and
returns from the zygote loop to run the script as `__main__`, as `python3 /work/script.py` would.

The zygote itself never holds anything of a run: its requests name only the holder, the uid, the
limits and the groups; the run's environment (its secrets and parameters) travels from the worker
straight into S through a pipe the zygote only creates. A forked run inherits the zygote's memory,
so whatever the zygote read, every later run could read: hence this rule.

The worker checks, before starting the zygote as root, that no user but root can change the
interpreter's installation (python-zygote.ts), so nothing here imports code someone else controls. C waits for S
and reports its exit status and resource usage (wait4); the worker then kills the holder, which
takes everything S left behind with it.

Protocol, one JSON object per line.
  worker -> zygote  {"op": "run", "id": N, "holder": P, "uid": U, "limits": [[name, soft, hard]...],
                     "cgroups": [cgroup.procs...], "script": path, "cwd": dir}
                    {"op": "release", "id": N}   the worker opened the pipes: drop the zygote's copies
  zygote -> worker  {"ready": true} once
                    {"id": N, "fds": [stdout, stderr, env]}   stdout/stderr read ends and the env pipe's
                        write end, opened through /proc/<zygote>/fd; the worker writes the run's
                        environment there ("<length>\n" then "<length>:<NAME=VALUE>" records)
                    {"id": N, "pid": S, "init": I}   the run started (host pids of S and the holder's init)
                    {"id": N, "error": E}   it did not start (nothing of the script ran)
                    {"id": N, "exit": {"code": C|null, "signal": S|null, "cpu_ms": T, "rss_kb": M}}
"""
import sys


def _vss_zygote(worker, seccomp_file):
    import ctypes
    import gc
    import importlib
    import json
    import os
    import resource
    import select
    import signal
    import time

    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 1, 24, 38
    SYS_PIDFD_OPEN = 434
    PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
    NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x20000000 | 0x40000000  # mnt cgroup uts ipc pid net

    def send(message):
        os.write(1, json.dumps(message, separators=(",", ":")).encode() + b"\n")

    def die_with(parent):
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if parent is not None and os.getppid() != parent:
            os._exit(1)

    import site

    site.main()  # what a normal start does: site-packages and their .pth files
    die_with(worker)
    gc.freeze()  # forked runs leave the zygote's objects alone: fewer copied pages

    held = {}

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    seccomp = None
    if seccomp_file:
        with open(seccomp_file, "rb") as f:
            program = f.read()
        seccomp_buf = ctypes.create_string_buffer(program, len(program))
        seccomp = SockFprog(len(program) // 8, ctypes.cast(seccomp_buf, ctypes.c_void_p))

    def write_file(path, data):
        fd = os.open(path, os.O_WRONLY)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def read_env(fd):
        """The run's environment, from the worker: "<length>\n" then "<length>:<NAME=VALUE>" records."""
        data = b""
        while b"\n" not in data:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise OSError("the run's environment did not arrive")
            data += chunk
        head, _, body = data.partition(b"\n")
        n = int(head)
        while len(body) < n:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise OSError("the run's environment was cut short")
            body += chunk
        env = []
        i = 0
        while i < n:
            colon = body.index(b":", i)
            k = int(body[i:colon])
            name, _, value = body[colon + 1:colon + 1 + k].partition(b"=")
            env.append((name, value))
            i = colon + 1 + k
        return env

    def close_all_but(keep):
        for fd in [int(n) for n in os.listdir("/proc/self/fd")]:
            if fd not in keep:
                try:
                    os.close(fd)
                except OSError:
                    pass

    def children(pid):
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                return [int(c) for c in f.read().split()]
        except FileNotFoundError:
            return []

    def holder_init(holder):
        """The holder's init once bwrap has finished building the sandbox (its command runs)."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            inits = children(holder)
            if len(inits) > 1:
                break
            if inits:
                command = children(inits[0])
                if len(command) == 1:
                    try:
                        with open(f"/proc/{command[0]}/comm") as f:
                            if f.read().strip() == "sleep":
                                return inits[0]
                    except FileNotFoundError:
                        pass
            time.sleep(0.0005)
        raise OSError(f"holder sandbox {holder} is not ready")

    def enter_holder(holder):
        """C: joins every namespace of the holder's init in one setns, once the sandbox is built
        (joining the mount namespace earlier could show the host's root)."""
        init = holder_init(holder)
        pidfd = libc.syscall(SYS_PIDFD_OPEN, init, 0)
        if pidfd < 0:
            raise OSError(ctypes.get_errno(), "pidfd_open")
        # The pidfd pins the process; checked after opening it, the pid cannot have been reused.
        with open(f"/proc/{init}/status") as f:
            status = dict(line.split(":\t", 1) for line in f.read().splitlines() if ":\t" in line)
        if int(status["PPid"]) != holder or status["NSpid"].split()[-1] != "1":
            raise OSError(f"process {init} is not the init of holder sandbox {holder}")
        if libc.setns(pidfd, NAMESPACES) != 0:
            raise OSError(ctypes.get_errno(), "setns")
        os.close(pidfd)
        return init

    def become_script(req, out_w, err_w, env_r):
        """S: the run's process, in the holder's namespaces; returns once it may run the script."""
        os.setsid()
        # C is outside S's pid namespace (getppid() is 0 there); if C is gone, the holder is killed
        # as the run ends, and S with it.
        die_with(None)
        os.chdir(req["cwd"])
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        for fd in (0, 1, 2):  # null may already be 0 (C closed it), and then dup2 leaves close-on-exec set
            os.set_inheritable(fd, True)
        close_all_but({0, 1, 2, env_r})
        # The OOM killer takes the script before C, the run's reporter (and before the host's services).
        write_file("/proc/self/oom_score_adj", b"500")
        for name, soft, hard in req["limits"]:
            inf = resource.RLIM_INFINITY
            resource.setrlimit(getattr(resource, name), (inf if soft < 0 else soft, inf if hard < 0 else hard))
        with open("/proc/sys/kernel/cap_last_cap") as f:
            last_cap = int(f.read())
        for cap in range(last_cap + 1):
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "PR_CAPBSET_DROP")
        uid = req["uid"]
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)  # from root to non-root: permitted, effective and ambient sets cleared
        header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this thread
        if libc.capset(header, (ctypes.c_uint32 * 6)()) != 0:  # the inheritable set too
            raise OSError(ctypes.get_errno(), "capset")
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS")
        if seccomp is not None and libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(seccomp), 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "PR_SET_SECCOMP")
        with open("/proc/self/status") as f:
            status = dict(line.split(":\t", 1) for line in f.read().splitlines() if ":\t" in line)
        caps = [status[k].strip() for k in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")]
        if os.getresuid() != (uid, uid, uid) or os.getresgid() != (uid, uid, uid) or os.getgroups() or any(int(c, 16) for c in caps) or status["NoNewPrivs"].strip() != "1":
            raise OSError("privileges were not dropped")
        if seccomp is not None and status["Seccomp"].strip() != "2":
            raise OSError("the syscall filter is not installed")
        env = read_env(env_r)  # only now, in the run's own unprivileged process
        os.close(env_r)
        # Signals as a fresh interpreter has them.
        for s in signal.valid_signals():
            if s not in (signal.SIGKILL, signal.SIGSTOP) and s < 32:
                signal.signal(s, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        os.environ.clear()
        for name, value in env:
            os.environb[name] = value
        importlib.invalidate_caches()
        gc.unfreeze()
        return req

    def start(req):
        rid = req["id"]
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        env_r, env_w = os.pipe()
        held[rid] = [out_r, err_r, env_w]
        send({"id": rid, "fds": [out_r, err_r, env_w]})  # before the fork: C's reports come after it
        try:
            pid = os.fork()
        except OSError as err:
            send({"id": rid, "error": f"fork: {err}"})
            return None
        if pid:
            os.close(out_w)
            os.close(err_w)
            os.close(env_r)
            return None
        # C
        try:
            die_with(zygote_pid)
            close_all_but({1, out_w, err_w, env_r})
            try:
                write_file("/proc/self/oom_score_adj", b"-1000")  # the run's reporter must outlive an OOM kill
            except PermissionError:
                pass  # no CAP_SYS_RESOURCE: S's higher score still makes it the first choice
            me = str(os.getpid()).encode()
            for procs in req["cgroups"]:
                write_file(procs, me)
            init = enter_holder(req["holder"])
            s = os.fork()
        except BaseException as err:
            send({"id": rid, "error": f"entering the sandbox: {err}"})
            os._exit(1)
        if s == 0:
            try:
                return become_script(req, out_w, err_w, env_r)
            except BaseException as err:
                os.write(2, f"sandbox: could not start the script: {err}\n".encode())
                os._exit(126)
        os.close(out_w)
        os.close(err_w)
        os.close(env_r)
        send({"id": rid, "pid": s, "init": init})
        _, wstatus, usage = os.wait4(s, 0)
        code = None if os.WIFSIGNALED(wstatus) else os.WEXITSTATUS(wstatus)
        sig = os.WTERMSIG(wstatus) if os.WIFSIGNALED(wstatus) else None
        cpu_ms = round((usage.ru_utime + usage.ru_stime) * 1000)
        send({"id": rid, "exit": {"code": code, "signal": sig, "cpu_ms": cpu_ms, "rss_kb": usage.ru_maxrss}})
        os._exit(0)

    zygote_pid = os.getpid()
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the worker decides when we stop: it closes stdin
    send({"ready": True})
    buffered = b""
    while True:
        # Each C ends with its run; they are reaped here, at least once a second.
        ready, _, _ = select.select([0], [], [], 1.0)
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        if not ready:
            continue
        chunk = os.read(0, 1 << 16)
        if not chunk:
            os._exit(0)  # the worker is gone; runs in flight die with their C (parent-death signal)
        buffered += chunk
        *lines, buffered = buffered.split(b"\n")
        for line in lines:
            req = json.loads(line)
            if req["op"] == "release":
                for fd in held.pop(req["id"], []):
                    os.close(fd)
            elif req["op"] == "run":
                script = start(req)
                if script is not None:
                    return script  # S only


def _vss_run():
    import os
    import sys  # locals: __main__'s names are cleared below

    req = _vss_zygote(int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "")
    finish = _vss_exit
    import importlib.machinery

    path = req["script"]
    sys.argv[:] = [path]
    sys.path.insert(0, os.path.dirname(path))
    main = sys.modules["__main__"]
    g = main.__dict__
    for name in [name for name in g if name != "__builtins__"]:
        del g[name]
    g.update(__name__="__main__", __doc__=None, __package__=None, __spec__=None, __cached__=None, __annotations__={},
             __file__=path, __loader__=importlib.machinery.SourceFileLoader("__main__", path))
    status = 0
    interrupted = False
    try:
        with open(path, "rb") as f:
            code = compile(f.read(), path, "exec")
        exec(code, g)
    except SystemExit as e:
        if e.code is None:
            status = 0
        elif isinstance(e.code, int):
            status = e.code & 0xFF
        else:
            print(e.code, file=sys.stderr)
            status = 1
    except BaseException as e:
        e = e.with_traceback(e.__traceback__.tb_next)
        sys.excepthook(type(e), e, e.__traceback__)
        interrupted = isinstance(e, KeyboardInterrupt)
        status = 1
    finish(status, interrupted)


def _vss_exit(status, interrupted):
    """The end of a normal interpreter exit, without tearing down every module and object: that
    costs ~10 ms of CPU in an interpreter forked with everything the zygote loaded (Python does not
    promise __del__ calls at exit either). Non-daemon threads are joined, atexit functions run and
    the standard streams are flushed, in the interpreter's order."""
    import os
    import sys

    threading = sys.modules.get("threading")
    try:
        if threading is not None:
            threading._shutdown()
        import atexit

        atexit._run_exitfuncs()
    except BaseException as e:  # as the interpreter does: reported, the exit status stays
        sys.excepthook(type(e), e, e.__traceback__)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            status = 120 if status == 0 else status
    if interrupted:  # like the interpreter: die from SIGINT, so the caller sees it
        import signal

        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    os._exit(status)


_vss_run()
