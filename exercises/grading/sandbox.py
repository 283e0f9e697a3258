"""En sandkasse per besvarelse: bubblewrap (bwrap) med grenser for minne, CPU-tid og prosesser.

Inne i sandkassen finnes bare: systemet (/usr, skrivebeskyttet), Python og .venv
(skrivebeskyttet), kildekoden til mlfw (skrivebeskyttet), det rettingen selv legger inn
(skrivebeskyttet) og én mappe med elevens egne filer (skrivbar). Lærerens filer, de andre
besvarelsene og karakterboka er ikke der. Ingen nettverk (egen nettverksnavnerom), egne
prosess-id-er (alle prosessene dør når sandkassen stopper), egen økt (ingen terminal).

Grensene settes med `resource.setrlimit` (som `prlimit`) i prosessen som starter bwrap, og
arves av alt inne i sandkassen. Antall prosesser begrenses med en pids-cgroup når den kan
lages (som root på de fleste Linux-maskiner), ellers med RLIMIT_NPROC (virker for vanlige
brukere, ikke for root).
"""

import os
import resource
import shutil
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import mlfw

MLFW_DIR = Path(mlfw.__file__).resolve().parent
GRADING_DIR = Path(__file__).resolve().parent
WORKDIR = "/oppgave"  # elevens mappe inne i sandkassen
PYTHON = os.path.normpath(os.path.abspath(sys.executable))  # .venv/bin/python (uten «..»)
PIDS_CGROUP_ROOT = Path("/sys/fs/cgroup/pids")


@dataclass
class Limits:
    """Grenser for én kjøring. Tidene er i sekunder, minne og filer i byte."""

    wall: float = 300.0
    cpu: int = 240  # per prosess (RLIMIT_CPU)
    memory: int = 3 * 1024**3  # adresserom per prosess (RLIMIT_AS)
    file_size: int = 64 * 1024**2  # største fil som kan skrives (RLIMIT_FSIZE)
    processes: int = 64  # prosesser og tråder i sandkassen


@dataclass
class Result:
    returncode: int | None  # None: stoppet etter tidsgrensen
    stdout: bytes
    stderr: bytes
    timed_out: bool = False
    notes: list = field(default_factory=list)


def available() -> str | None:
    """None når bwrap virker her, ellers en norsk forklaring."""
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) er ikke installert — `apt-get install bubblewrap`."
    probe = subprocess.run(["bwrap", "--ro-bind", "/", "/", "--unshare-all", "--", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        return f"bwrap virker ikke på denne maskinen: {probe.stderr.decode(errors='replace')[:200]}"
    return None


def _mounts(workdir: Path, extra_ro: dict, extra_rw: dict, hide: list) -> list:
    args = ["--ro-bind", "/usr", "/usr", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    for name in ("bin", "lib", "lib64", "sbin"):
        target = Path("/") / name
        if target.is_symlink():
            args += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            args += ["--ro-bind", str(target), str(target)]
    for etc in ("/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives", "/etc/fonts", "/etc/hosts",
                "/etc/nsswitch.conf", "/etc/passwd", "/etc/group"):
        args += ["--ro-bind-try", etc, etc]
    # Python, .venv og mlfw på de samme stiene som utenfor, så .venv og den redigerbare
    # installasjonen av mlfw virker uendret.
    for path in {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), MLFW_DIR}:
        args += ["--ro-bind", str(path), str(path)]
    for inside, outside in extra_ro.items():
        args += ["--ro-bind", str(outside), str(inside)]
    for inside, outside in extra_rw.items():
        args += ["--bind", str(outside), str(inside)]
    for path in hide:
        args += ["--tmpfs", str(path)]
    args += ["--bind", str(workdir), WORKDIR, "--chdir", WORKDIR]
    return args


def _environment() -> dict:
    return {
        "PATH": f"{os.path.dirname(PYTHON)}:/usr/bin:/bin",
        "HOME": WORKDIR,
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "NBGRADER_EXECUTION": "autograde",
    }


def command(workdir: Path, argv: list, *, extra_ro=None, extra_rw=None, hide=()) -> list:
    """Hele bwrap-kommandoen som kjører `argv` i sandkassen."""
    args = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--clearenv"]
    for key, value in _environment().items():
        args += ["--setenv", key, value]
    args += _mounts(Path(workdir), extra_ro or {}, extra_rw or {}, list(hide))
    return args + ["--"] + list(argv)


def _make_cgroup(limits: Limits) -> Path | None:
    """En egen pids-cgroup med pids.max, eller None når den ikke kan lages her."""
    if os.geteuid() != 0 or not (PIDS_CGROUP_ROOT / "cgroup.procs").exists():
        return None
    group = PIDS_CGROUP_ROOT / f"nevrale-retting-{uuid.uuid4().hex[:12]}"
    try:
        group.mkdir()
        (group / "pids.max").write_text(str(limits.processes))
    except OSError:
        return None
    return group


def _remove_cgroup(group: Path | None) -> None:
    if group is None:
        return
    procs = group / "cgroup.procs"
    for _ in range(50):  # prosessene er drept; vent til kjernen har ryddet dem bort
        try:
            pids = procs.read_text().split()
        except OSError:
            return
        for pid in pids:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        try:
            group.rmdir()
            return
        except OSError:
            import time

            time.sleep(0.02)


def run(workdir: Path, argv: list, limits: Limits, *, stdin: bytes = b"", extra_ro=None,
        extra_rw=None, hide=(), max_output: int = 2 * 1024**2) -> Result:
    """Kjør `argv` i sandkassen. Alle prosessene i sandkassen er borte når dette returnerer."""
    group = _make_cgroup(limits)

    def preexec():
        os.setsid()
        if group is not None:
            (group / "cgroup.procs").write_text(str(os.getpid()))
        elif os.geteuid() != 0:
            resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu, limits.cpu + 5))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size, limits.file_size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    cmd = command(workdir, argv, extra_ro=extra_ro, extra_rw=extra_rw, hide=hide)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, preexec_fn=preexec)
    timed_out = False
    try:
        out, err = proc.communicate(stdin, timeout=limits.wall)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)  # bwrap dør, og dermed hele sandkassen
        out, err = proc.communicate()
    finally:
        _remove_cgroup(group)
    notes = [] if group is not None else ["prosessgrensen er RLIMIT_NPROC (ingen pids-cgroup)"]
    return Result(None if timed_out else proc.returncode, out[:max_output], err[:max_output],
                  timed_out, notes)
