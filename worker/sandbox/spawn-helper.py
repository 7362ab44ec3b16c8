"""Starts the worker's sandboxes (see spawn-helper.ts for why this is not done by Node itself).

Started as `python3 -I -S spawn-helper.py <worker pid>`. Protocol: one JSON object per line.
  worker -> helper  {"op": "spawn", "id": N, "file": F, "args": [...], "env": {...}, "stdin": bool,
                     "open": {"fd": path...}, "cgroups": [[run's cgroup.procs, the helper's own]...]}
                    {"op": "release", "id": N}   the worker opened its ends: drop the helper's copies
                    {"op": "kill", "pid": P, "signal": S}   signal P's process group unless P was reaped
  helper -> worker  {"id": N, "pid": P, "fds": [stdin|null, stdout, stderr]}   or {"id": N, "error": E}
                    {"exit": P, "code": C|null, "signal": S|null}
The worker opens the pipes through /proc/<helper pid>/fd/<n>, so output never passes through here.
Every child is a session leader (its own process group). A child is born in its run's control groups:
the helper moves itself into them, spawns, and moves back (it does one thing at a time, so nothing
else is started in between); files in "open" are opened read-only at those descriptor numbers. When the worker goes away (stdin closes,
or the kernel's parent-death signal) every child's group is killed before the helper exits.
"""
import ctypes
import json
import os
import selectors
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the worker died before prctl took effect
        sys.exit(1)


def write_file(path, data):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


# The child starts like one of Node's: every signal at its default action, nothing blocked
# (Python itself ignores SIGPIPE and SIGXFSZ, which a script must not inherit).
DEFAULT_SIGNALS = [s for s in signal.valid_signals() if s not in (signal.SIGKILL, signal.SIGSTOP) and s < 32]


class Helper:
    def __init__(self):
        self.out = sys.stdout.buffer
        self.held = {}  # id -> fds the worker has not opened yet
        self.children = set()

    def send(self, message):
        self.out.write(json.dumps(message, separators=(",", ":")).encode() + b"\n")
        self.out.flush()

    def spawn(self, req):
        rid = req["id"]
        opened = []
        try:
            if req.get("stdin"):
                in_r, in_w = os.pipe()
                opened += [in_r, in_w]
            else:
                in_r = in_w = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
                opened.append(in_r)
            out_r, out_w = os.pipe()
            err_r, err_w = os.pipe()
            opened += [out_r, out_w, err_r, err_w]
            actions = [(os.POSIX_SPAWN_DUP2, in_r, 0), (os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)]
            for fd, path in req.get("open", {}).items():
                actions.append((os.POSIX_SPAWN_OPEN, int(fd), path, os.O_RDONLY, 0))
            env = {k: v for k, v in req["env"].items()}
            pid = self.spawn_in(req.get("cgroups", []), lambda: os.posix_spawn(
                req["file"], [req["file"], *req["args"]], env, file_actions=actions,
                setsid=True, setsigdef=DEFAULT_SIGNALS, setsigmask=[]))
        except OSError as err:
            for fd in opened:
                os.close(fd)
            self.send({"id": rid, "error": f"spawn {req['file']}: {err.strerror} ({err.errno})", "errno": err.errno})
            return
        self.children.add(pid)
        for fd in (in_r, out_w, err_w):
            os.close(fd)
        keep = [out_r, err_r] + ([in_w] if req.get("stdin") else [])
        self.held[rid] = keep
        self.send({"id": rid, "pid": pid, "fds": [in_w if req.get("stdin") else None, out_r, err_r]})

    @staticmethod
    def spawn_in(groups, start):
        joined = []
        me = str(os.getpid()).encode()
        try:
            for run_procs, home_procs in groups:
                write_file(run_procs, me)
                joined.append(home_procs)
            return start()
        finally:
            for home_procs in joined:
                write_file(home_procs, me)

    def release(self, req):
        for fd in self.held.pop(req["id"], []):
            os.close(fd)

    def kill(self, req):
        # Only a child not reaped yet: its pid (= its group id) cannot have been reused.
        if req["pid"] in self.children:
            try:
                os.killpg(req["pid"], req["signal"])
            except OSError:
                pass

    def reap(self):
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.children.discard(pid)
            if os.WIFSIGNALED(status):
                self.send({"exit": pid, "code": None, "signal": os.WTERMSIG(status)})
            else:
                self.send({"exit": pid, "code": os.WEXITSTATUS(status), "signal": None})

    def kill_all(self):
        for pid in self.children:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass


def main():
    die_with_parent(int(sys.argv[1]))
    helper = Helper()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the worker decides when we stop: it closes stdin

    stdin = sys.stdin.buffer.raw
    os.set_blocking(stdin.fileno(), False)
    selector = selectors.DefaultSelector()
    selector.register(stdin, selectors.EVENT_READ, "stdin")
    selector.register(wake_r, selectors.EVENT_READ, "signal")
    buffered = b""
    try:
        while True:
            for key, _ in selector.select():
                if key.data == "signal":
                    try:
                        while os.read(wake_r, 512):
                            pass
                    except BlockingIOError:
                        pass
                    helper.reap()
                    continue
                try:
                    chunk = os.read(stdin.fileno(), 1 << 16)
                except BlockingIOError:
                    continue
                if not chunk:
                    return
                buffered += chunk
                *lines, buffered = buffered.split(b"\n")
                for line in lines:
                    req = json.loads(line)
                    if req["op"] == "spawn":
                        helper.spawn(req)
                    elif req["op"] == "release":
                        helper.release(req)
                    elif req["op"] == "kill":
                        helper.kill(req)
    finally:
        helper.kill_all()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        pass
