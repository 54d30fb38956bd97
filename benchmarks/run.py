"""Time `bvduty validate` on a national-scale corpus against a bare PyYAML parse of the same files.

    .venv/bin/python benchmarks/run.py            # 317 authorities, 5 rounds
    .venv/bin/python benchmarks/run.py --rounds 9 --jobs 1

Builds the corpus with make_corpus.py when it is missing or was made with other settings, runs
one uncounted warm-up round, then alternates the commands for N rounds (the order flips every
round, so drift in the machine's speed falls on both): `bvduty validate CORPUS` and a fresh
Python that `yaml.load`s every file with CSafeLoader, plus `bvduty heatmap` and `bvduty gaps`
when those commands exist. Then `bvduty --help` against `python -c pass`, peak memory, and the
sector website (`bvduty site`, once): how long it takes and how big it is.
Prints a Markdown table: median and minimum wall time, median CPU time (user + system of the
command and every worker it waited for, less sensitive to a busy machine), ratios, and the
issue's targets.

Why it always exits 0: these are figures to read, not assertions (machines differ). A run that
exits with the wrong code (the valid corpus failing validation, say) is reported as an ERROR.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import make_corpus

# The baseline: what "PyYAML merely parsing the corpus" means, in one process, same file walk.
BARE_PARSE = """
import os, sys, yaml
count = 0
for folder, subfolders, names in os.walk(sys.argv[1]):
    subfolders.sort()
    for name in sorted(names):
        if name.endswith((".yaml", ".yml")) and not name.startswith("."):
            with open(os.path.join(folder, name), "rb") as f:
                yaml.load(f, Loader=yaml.CSafeLoader)
            count += 1
print(count)
"""
# Runs a command as its child and reports the child's exit code and peak resident set size.
MAX_RSS = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
MB = 1024 * 1024


@dataclass
class Timed:
    """One command timed over several rounds."""

    label: str
    command: list[str]
    expect: int
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # user + system seconds, workers included
    errors: list[str] = field(default_factory=list)
    stdout: str = ""

    def run(self, *, warm_up: bool = False) -> None:
        """Time one run with stdout to /dev/null; a warm-up run keeps stdout and is not timed."""
        output = subprocess.PIPE if warm_up else subprocess.DEVNULL
        cpu_before = _children_cpu()
        start = time.perf_counter()
        proc = subprocess.run(self.command, stdout=output, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
        if warm_up:
            self.stdout = proc.stdout.decode("utf-8", "replace")
        else:
            self.times.append(elapsed)
            self.cpu.append(_children_cpu() - cpu_before)
        if proc.returncode != self.expect:
            text = (proc.stdout or b"").decode("utf-8", "replace") + proc.stderr.decode(
                "utf-8", "replace"
            )
            tail = text.strip().splitlines()
            shown = "\n    ".join(tail[:8] + (["..."] if len(tail) > 8 else []))
            self.errors.append(
                f"{self.label} exited {proc.returncode}, expected {self.expect}:\n    {shown}"
            )

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def _children_cpu() -> float:
    """CPU seconds used so far by every finished child and the children they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def alternate(commands: Sequence[Timed], rounds: int, *, warm_up: bool = True) -> None:
    """Run every command once per round, flipping the order each round, after a warm-up."""
    if warm_up:
        for command in commands:
            command.run(warm_up=True)
    for index in range(rounds):
        for command in commands if index % 2 == 0 else list(reversed(commands)):
            command.run()


def interpreter_of(script: Path) -> str:
    """The Python a console script runs with (its #! line), so baselines use the same one."""
    try:
        first = script.read_bytes().split(b"\n", 1)[0].decode()
    except (OSError, UnicodeDecodeError):
        return sys.executable
    candidate = first.removeprefix("#!").strip()
    return candidate if first.startswith("#!") and Path(candidate).is_file() else sys.executable


def find_bvduty() -> Path | None:
    """The bvduty next to this Python (the venv), else the one on PATH."""
    beside = Path(sys.executable).with_name("bvduty")
    if beside.is_file():
        return beside
    found = shutil.which("bvduty")
    return Path(found) if found else None


def max_rss(python: str, command: Sequence[str]) -> tuple[int, float]:
    """Exit code and peak RSS in MB of the largest process `command` ran (itself or a worker)."""
    proc = subprocess.run(
        [python, "-c", MAX_RSS, *command], capture_output=True, text=True, check=True
    )
    code, rss = proc.stdout.split()
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB on Linux
    return int(code), int(rss) * scale / MB


def _tree(root: int) -> list[int]:
    """`root` and its live descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _pss(pid: int) -> int:
    """Proportional set size in KiB: shared pages (a forked pool's) are split between sharers."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def tree_pss(command: Sequence[str], interval: float = 0.02) -> float | None:
    """Peak total PSS in MB of `command` and its workers, sampled; None where /proc lacks it."""
    if not Path(f"/proc/{os.getpid()}/smaps_rollup").is_file():
        return None
    peak = 0
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, sum(_pss(pid) for pid in _tree(proc.pid)))
                time.sleep(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        proc.wait()
        done.set()
        sampler.join()
    return peak * 1024 / MB


def ensure_corpus(out: Path, authorities: int, seed: int, invalid_rate: float) -> dict[str, object]:
    """The corpus marker, building the corpus first when missing or made with other settings."""
    wanted = make_corpus.marker_settings(authorities, seed, invalid_rate)
    marker = make_corpus.read_marker(out)
    if marker is None or any(marker.get(k) != v for k, v in wanted.items()):
        sys.stderr.write(f"building the corpus in {out} ({authorities} authorities)...\n")
        make_corpus.generate(out, authorities, seed=seed, invalid_rate=invalid_rate)
        marker = make_corpus.read_marker(out)
    assert marker is not None
    return marker


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--authorities", type=int, default=317, help="corpus size (default 317)")
    parser.add_argument("--corpus", type=Path, default=Path("bench-corpus"), help="its folder")
    parser.add_argument("--seed", type=int, default=2025, help="corpus seed (default 2025)")
    parser.add_argument(
        "--invalid-rate", type=make_corpus.fraction, default=0.0, help="see make_corpus.py"
    )
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--startup-rounds", type=int, default=20, help="for --help (default 20)")
    parser.add_argument("--jobs", "-j", type=int, help="passed to bvduty as --jobs")
    args = parser.parse_args(argv)

    bvduty = find_bvduty()
    if bvduty is None:
        sys.stderr.write("run.py: no bvduty found; run this with the venv's Python\n")
        return 2
    python = interpreter_of(bvduty)
    try:
        marker = ensure_corpus(args.corpus, args.authorities, args.seed, args.invalid_rate)
    except FileExistsError as exc:
        sys.stderr.write(f"run.py: {exc}\n")
        return 2
    corpus = str(args.corpus)
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    expect = 1 if marker.get("injected") else 0
    validate = Timed("bvduty validate", [str(bvduty), "validate", corpus, *jobs], expect)
    parse = Timed("CSafeLoader parse", [python, "-c", BARE_PARSE, corpus], 0)
    commands = [validate, parse]
    extra: dict[str, Timed] = {}
    for name in ("heatmap", "gaps"):
        probe = subprocess.run([str(bvduty), name, "--help"], capture_output=True, check=False)
        if probe.returncode == 0:
            extra[name] = Timed(f"bvduty {name}", [str(bvduty), name, corpus, *jobs], expect)
    commands += extra.values()

    sys.stderr.write(f"timing {len(commands)} commands, {args.rounds} rounds...\n")
    alternate(commands, args.rounds)
    help_run = Timed("bvduty --help", [str(bvduty), "--help"], 0)
    bare_python = Timed("python -c pass", [python, "-c", "pass"], 0)
    alternate([help_run, bare_python], args.startup_rounds)
    sys.stderr.write("measuring peak memory...\n")
    code, rss = max_rss(python, validate.command)
    if code != expect:
        validate.errors.append(f"bvduty validate exited {code} in the memory run")
    _, parse_rss = max_rss(python, parse.command)
    pss = tree_pss(validate.command)

    site_figures = time_site(bvduty, corpus, jobs) if not marker.get("injected") else None

    files, size, injected = marker.get("files"), marker.get("bytes"), marker.get("injected")
    assert isinstance(files, int) and isinstance(size, int) and isinstance(injected, list)
    print(
        f"bvduty benchmark: {args.authorities} authorities, {files:,} files,"
        f" {size / 1e6:.1f} MB ({corpus}); {os.cpu_count()} cores, {_cpu()};"
        f" Python {platform.python_version()}; {args.rounds} rounds"
        + (f"; {len(injected)} injected errors" if injected else "")
    )
    print()
    rows = [("measure", "median", "min", "CPU", "target", "result")]
    rows += [_row(validate, f"`bvduty validate {corpus}`"), _row(parse, "CSafeLoader parse")]
    rows.append(_ratio("validate / parse", validate, parse, 1.0))
    for name, timed in extra.items():
        rows += [
            _row(timed, f"`bvduty {name} {corpus}`"),
            _ratio(f"{name} / validate", timed, validate, 1.5),
        ]
    rows += [
        (f"{name} / validate", "n/a", "", "", "<= 1.5", f"no `bvduty {name}` yet")
        for name in ("heatmap", "gaps")
        if name not in extra
    ]
    rows += [_row(help_run, "`bvduty --help`"), _row(bare_python, "`python -c pass`")]
    rows.append(_ratio("--help / pass", help_run, bare_python, 8.0))
    memory = "met" if rss < 200 else "MISSED"
    rows.append(
        ("peak RSS, validate, largest process", f"{rss:.0f} MB", "", "", "< 200 MB", memory)
    )
    if pss is not None:
        rows.append(("peak PSS, validate, all processes", f"{pss:.0f} MB", "", "", "", ""))
    rows.append(("peak RSS, CSafeLoader parse", f"{parse_rss:.0f} MB", "", "", "", ""))
    if site_figures is not None:
        seconds, pages, total, error = site_figures
        rows.append((f"`bvduty site {corpus}` (once)", _seconds(seconds), "", "", "", ""))
        rows.append(
            (f"site size: {pages:,} pages, all files", f"{total / 1e6:.1f} MB", "", "", "", "")
        )
        if error:
            validate.errors.append(error)
    print(_table(rows))
    errors = []
    for command in (*commands, help_run, bare_python):
        if command.errors:  # the first failure shows why (the warm-up keeps stdout); count the rest
            more = len(command.errors) - 1
            errors.append(command.errors[0] + (f"\n    (and {more} more run(s))" if more else ""))
    if parse.stdout.strip() != str(files):
        errors.append(f"the CSafeLoader baseline read {parse.stdout.strip()} files, not {files}")
    for error in errors:
        print(f"ERROR: {error}")
    if errors:
        sys.stderr.write("run.py: some runs exited with the wrong code; figures are suspect\n")
    return 0


Row = tuple[str, str, str, str, str, str]


def time_site(bvduty: Path, corpus: str, jobs: Sequence[str]) -> tuple[float, int, int, str]:
    """`bvduty site` on the corpus, once, into a temporary folder: (seconds, pages, bytes, error).

    Once, not in rounds: it writes thousands of files, and its figure is for reading, not for a
    target (issue 15 sets none).
    """
    import tempfile

    sys.stderr.write("writing the sector website once...\n")
    with tempfile.TemporaryDirectory(prefix="bvduty-site-") as folder:
        start = time.perf_counter()
        done = subprocess.run(
            [str(bvduty), "site", corpus, "--quiet", "--output", folder, *jobs],
            capture_output=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        written = [p for p in Path(folder).rglob("*") if p.is_file()]
        pages = sum(1 for p in written if p.suffix == ".html")
        total = sum(p.stat().st_size for p in written)
    error = "" if done.returncode == 0 else f"bvduty site exited {done.returncode}"
    return seconds, pages, total, error


def _row(timed: Timed, label: str) -> Row:
    return (
        label,
        _seconds(timed.median),
        _seconds(timed.best),
        _seconds(timed.cpu_median),
        "",
        "",
    )


def _ratio(label: str, top: Timed, bottom: Timed, limit: float) -> Row:
    """Ratios of the medians, the minimums and the CPU times; the target applies to medians."""
    ratio = top.median / bottom.median
    verdict = "met" if ratio <= limit else "MISSED"
    return (
        label,
        f"{ratio:.2f}x",
        f"{top.best / bottom.best:.2f}x",
        f"{top.cpu_median / bottom.cpu_median:.2f}x",
        f"<= {limit:g}x",
        verdict,
    )


def _table(rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; the figure columns (median, min, CPU) are right-aligned."""
    width = max(len(r) for r in rows)
    cells = [[*r, *([""] * (width - len(r)))] for r in rows]
    sizes = [max(len(row[i]) for row in cells) for i in range(width)]
    right = {1, 2, 3}
    lines = []
    for n, row in enumerate(cells):
        parts = [
            cell.rjust(size) if i in right else cell.ljust(size)
            for i, (cell, size) in enumerate(zip(row, sizes, strict=True))
        ]
        lines.append("| " + " | ".join(parts) + " |")
        if n == 0:
            rules = ["-" * (s - 1) + (":" if i in right else "-") for i, s in enumerate(sizes)]
            lines.append("| " + " | ".join(rules) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
