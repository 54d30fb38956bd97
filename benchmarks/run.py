"""Time bvduty on generated national-scale corpora against a bare PyYAML parse of the same files.

    .venv/bin/python benchmarks/run.py                 # everything: about an hour on 2 idle cores
    .venv/bin/python benchmarks/run.py --sections speed --shapes block --rounds 3

Builds the corpora with make_corpus.py when missing (under --corpus, one folder per shape and
size), then prints Markdown tables, section by section:

- speed, for each shape (block, prose, flow): `bvduty validate`, `heatmap` and `gaps` against a
  fresh Python that `yaml.load`s every file with CSafeLoader (one process, same file walk);
- startup: validate of the shipped example against `python -c "import yaml, pydantic"`, and
  `--help`, `validate --help` against `python -c pass`;
- export: xlsx against csv for the block corpus;
- pool: the default worker choice against `--jobs 1`, on an idle machine and beside a process
  that keeps one core busy;
- memory: peak memory of the whole process tree (PSS: a forked worker's shared pages are split
  between sharers) for every command and format, at --authorities and --large authorities;
- limits: peak memory for a 4 MiB file of a million problems, a 1 GiB file and a link to one;
- papers: a PDF holding a 100,000-character word against the example's PDF, and Word papers of
  2,500 and 10,000 characteristics over the seven themes;
- site: `bvduty site` over the corpus, once: time, pages, total size and peak memory.

Every timing is the median of alternating rounds after one uncounted warm-up: each round runs
every command once, and the order flips every round, so drift in the machine's speed falls on
all of them. CPU is user + system of the command and every process it waited for (its
workers): the figure that holds on a busy machine, where wall time does not. Targets are judged
on CPU medians, except the pool's, which is about wall time.

Why it always exits 0: these are figures to read, not assertions (machines differ). A run that
exits with the wrong code is reported as an ERROR under the tables.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import make_corpus

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "assessments" / "example-borough-2024-25"
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
BUSY = "while True: pass"
MB = 1024 * 1024
Row = tuple[str, ...]


@dataclass
class Timed:
    """One command timed over several rounds."""

    label: str
    command: list[str]
    expect: int = 0
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
    def wall(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def _children_cpu() -> float:
    """CPU seconds used so far by every finished child and the children they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def alternate(commands: Sequence[Timed], rounds: int) -> None:
    """Run every command once per round, flipping the order each round, after a warm-up."""
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


def ensure_corpus(
    out: Path, authorities: int, seed: int, invalid_rate: float, shape: str = "block"
) -> dict[str, object]:
    """The corpus marker, building the corpus first when missing or made with other settings."""
    wanted = make_corpus.marker_settings(authorities, seed, invalid_rate, shape)
    marker = make_corpus.read_marker(out)
    if marker is None or any(marker.get(k) != v for k, v in wanted.items()):
        sys.stderr.write(f"building the {shape} corpus in {out} ({authorities} authorities)...\n")
        make_corpus.generate(out, authorities, seed=seed, invalid_rate=invalid_rate, shape=shape)
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


class Bench:
    """The settings of one benchmark run and the errors it saw."""

    def __init__(self, args: argparse.Namespace, bvduty: Path) -> None:
        self.args = args
        self.bvduty = str(bvduty)
        self.python = interpreter_of(bvduty)
        self.errors: list[str] = []

    def corpus(self, shape: str, authorities: int) -> tuple[str, dict[str, object]]:
        folder = self.args.corpus / f"{shape}-{authorities}"
        marker = ensure_corpus(folder, authorities, self.args.seed, 0.0, shape)
        return str(folder), marker

    def cmd(self, *args: str) -> list[str]:
        """A bvduty command line; with --jobs, the worker count is fixed (not the pool section)."""
        fixed = self.args.jobs and "--help" not in args
        return [self.bvduty, *args, *(["--jobs", str(self.args.jobs)] if fixed else [])]

    def collect(self, *commands: Timed) -> None:
        for command in commands:
            if command.errors:  # the first failure shows why; count the rest
                more = len(command.errors) - 1
                note = f"\n    (and {more} more run(s))" if more else ""
                self.errors.append(command.errors[0] + note)


def _timing(timed: Timed, label: str) -> Row:
    return (label, _seconds(timed.cpu_median), _seconds(timed.wall), "", "")


def _ratio(label: str, top: Timed, bottom: Timed, limit: float, *, on: str = "cpu") -> Row:
    """The ratio of CPU medians (and of wall medians beside it); the target applies to `on`."""
    cpu = top.cpu_median / bottom.cpu_median
    wall = top.wall / bottom.wall
    judged = cpu if on == "cpu" else wall
    verdict = "met" if judged <= limit else "MISSED"
    return (label, f"{cpu:.2f}x", f"{wall:.2f}x", f"<= {limit:g}x ({on})", verdict)


def speed(bench: Bench, shape: str) -> list[Row]:
    corpus, marker = bench.corpus(shape, bench.args.authorities)
    validate = Timed("validate", bench.cmd("validate", corpus))
    parse = Timed("parse", [bench.python, "-c", BARE_PARSE, corpus])
    heatmap = Timed("heatmap", bench.cmd("heatmap", corpus))
    gaps = Timed("gaps", bench.cmd("gaps", corpus))
    sys.stderr.write(f"speed, {shape}: {bench.args.rounds} rounds...\n")
    alternate([validate, parse, heatmap, gaps], bench.args.rounds)
    bench.collect(validate, parse, heatmap, gaps)
    if parse.stdout.strip() != str(marker.get("files")):
        bench.errors.append(f"the {shape} parse read {parse.stdout.strip()} files")
    size = marker.get("bytes")
    assert isinstance(size, int)
    return [
        (f"**{shape}** ({marker.get('files'):,} files, {size / 1e6:.1f} MB)", "", "", "", ""),
        _timing(validate, "`bvduty validate`"),
        _timing(parse, "CSafeLoader parse"),
        _ratio("validate / parse", validate, parse, 0.8),
        _timing(heatmap, "`bvduty heatmap`"),
        _ratio("heatmap / validate", heatmap, validate, 1.2),
        _timing(gaps, "`bvduty gaps`"),
        _ratio("gaps / validate", gaps, validate, 1.2),
    ]


def startup(bench: Bench) -> list[Row]:
    rounds = bench.args.startup_rounds
    one = Timed("validate one folder", bench.cmd("validate", str(EXAMPLE)))
    floor = Timed("import floor", [bench.python, "-c", "import yaml, pydantic"])
    top_help = Timed("--help", bench.cmd("--help"))
    validate_help = Timed("validate --help", bench.cmd("validate", "--help"))
    bare = Timed("pass", [bench.python, "-c", "pass"])
    sys.stderr.write(f"startup: {rounds} rounds...\n")
    alternate([one, floor, top_help, validate_help, bare], rounds)
    bench.collect(one, floor, top_help, validate_help, bare)
    return [
        _timing(one, f"`bvduty validate` on the {len(list(EXAMPLE.rglob('*.yaml')))}-file example"),
        _timing(floor, '`python -c "import yaml, pydantic"`'),
        _ratio("validate example / import floor", one, floor, 1.8),
        _timing(top_help, "`bvduty --help`"),
        _timing(validate_help, "`bvduty validate --help`"),
        _timing(bare, "`python -c pass`"),
        _ratio("--help / pass", top_help, bare, 4.0),
        _ratio("validate --help / pass", validate_help, bare, 4.0),
    ]


def export(bench: Bench, scratch: Path) -> list[Row]:
    corpus, _ = bench.corpus("block", bench.args.authorities)
    scratch.mkdir(parents=True, exist_ok=True)
    xlsx = Timed("xlsx", bench.cmd("export", corpus, "-o", str(scratch / "out.xlsx"), "-q"))
    csv = Timed("csv", bench.cmd("export", corpus, "-f", "csv", "-o", str(scratch / "csv"), "-q"))
    sys.stderr.write(f"export: {bench.args.rounds} rounds...\n")
    alternate([xlsx, csv], bench.args.rounds)
    bench.collect(xlsx, csv)
    peak = tree_pss(xlsx.command)
    return [
        _timing(xlsx, "`bvduty export --format xlsx`"),
        _timing(csv, "`bvduty export --format csv`"),
        _ratio("xlsx / csv", xlsx, csv, 1.5),
        ("peak PSS of xlsx, all processes", _mb(peak), "", "< 150 MB", _under(peak, 150)),
    ]


def pool(bench: Bench) -> list[Row]:
    corpus, _ = bench.corpus("block", bench.args.authorities)
    rows: list[Row] = []
    for busy in (False, True):
        auto = Timed("auto", [bench.bvduty, "validate", corpus])
        single = Timed("one", [bench.bvduty, "validate", corpus, "--jobs", "1"])
        burner = subprocess.Popen([bench.python, "-c", BUSY]) if busy else None
        try:
            time.sleep(1 if busy else 0)  # let the worker choice see the busy core
            sys.stderr.write(f"pool, {'busy' if busy else 'idle'}: {bench.args.rounds} rounds\n")
            alternate([auto, single], bench.args.rounds)
        finally:
            if burner is not None:
                burner.kill()
                burner.wait()
        bench.collect(auto, single)
        where = "one core busy" if busy else "idle"
        rows += [
            _timing(auto, f"`validate` (default workers), {where}"),
            _timing(single, f"`validate --jobs 1`, {where}"),
            _ratio(f"default / --jobs 1, {where}", auto, single, 1.0, on="wall"),
        ]
    return rows


COMMANDS = [
    ("validate",),
    ("heatmap",),
    ("heatmap", "-f", "json"),
    ("heatmap", "-f", "csv"),
    ("heatmap", "-f", "svg"),
    ("gaps",),
    ("gaps", "-f", "json"),
    ("gaps", "-f", "csv"),
    ("export", "-f", "csv"),
    ("export", "-f", "xlsx"),
]


def memory(bench: Bench, scratch: Path) -> list[Row]:
    sizes = [bench.args.authorities, bench.args.large]
    corpora = {n: bench.corpus("block", n)[0] for n in sizes}
    rows: list[Row] = []
    for args in COMMANDS:
        peaks = []
        for n in sizes:
            sys.stderr.write(f"memory: {' '.join(args)}, {n} authorities...\n")
            out = ["-o", str(scratch / ("mem.xlsx" if "xlsx" in args else "mem"))]
            command = bench.cmd(
                args[0], corpora[n], *args[1:], *(out if args[0] == "export" else [])
            )
            peaks.append(tree_pss(command))
        worst = max((p for p in peaks if p is not None), default=None)
        label = f"`{' '.join(args)}`"
        rows.append((label, *(_mb(p) for p in peaks), "< 150 MB", _under(worst, 150)))
    return rows


def limits(bench: Bench, scratch: Path) -> list[Row]:
    """A 4 MiB file of a million problems, a 1 GiB file and a link to it, each in a copy of the
    shipped example."""
    cases = {}
    for name in ("flood", "huge", "link"):
        folder = scratch / name
        shutil.copytree(EXAMPLE, folder)
        cases[name] = folder
    head = "bvduty: 1\nkind: actions\nactions:\n"
    flood = head + "- x\n" * ((4 * MB - len(head)) // 4)  # 1,048,567 items, each a problem
    (cases["flood"] / "flood.yaml").write_text(flood, encoding="utf-8")
    huge = cases["huge"] / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(1024 * MB)
    (cases["link"] / "link.yaml").symlink_to(huge)
    rows: list[Row] = []
    labels = {
        "flood": "a 4 MiB file of 1,048,567 problems",
        "huge": "a 1 GiB file",
        "link": "a link to a 1 GiB file",
    }
    for name, folder in cases.items():
        sys.stderr.write(f"limits: {labels[name]}...\n")
        code, rss = max_rss(bench.python, bench.cmd("validate", str(folder)))
        if code != 1:
            bench.errors.append(f"validate of {labels[name]} exited {code}, expected 1")
        rows.append((f"peak RSS, {labels[name]}", f"{rss:.0f} MB", "< 200 MB", _under(rss, 200)))
    return rows


def _with_themes(
    folder: Path, change: Callable[[dict[str, Any]], None], pattern: str = "*.yaml"
) -> None:
    """Change the parsed theme files of an example copy and write them back (comments go)."""
    import yaml

    for path in sorted((folder / "themes").glob(pattern)):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, width=100), encoding="utf-8")


def papers(bench: Bench, scratch: Path) -> list[Row]:
    """Hostile papers: a PDF whose text holds a 100,000-character word against the example's
    own PDF, and Word papers of 2,500 and 10,000 characteristics over the seven themes (time
    must grow in step with the size, not with its square)."""
    folders: dict[str, Path] = {}
    for name in ("plain", "word", "small", "large"):
        folders[name] = scratch / name / EXAMPLE.name
        shutil.copytree(EXAMPLE, folders[name])

    def long_word(data: dict[str, Any]) -> None:
        data["summary"] = "Overall " + "x" * 100_000 + " was found."

    def many(total: int) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            kept = data["criteria"]  # other files refer to these
            prefix = kept[0]["id"].rstrip("0123456789")
            count = total // 7  # each theme's file stays under the 50,000-value cap
            data["criteria"] = kept + [
                {**copy.deepcopy(kept[0]), "id": f"{prefix}{n:03d}", "title": f"Item {n}"}
                for n in range(len(kept) + 1, count + 1)
            ]

        return change

    _with_themes(folders["word"], long_word, "05-*.yaml")
    _with_themes(folders["small"], many(2_500))
    _with_themes(folders["large"], many(10_000))
    out = scratch / "papers"
    out.mkdir()

    def report(name: str, kind: str) -> Timed:
        target = str(out / f"{name}.{kind}")
        return Timed(name, bench.cmd("report", str(folders[name]), "-f", kind, "-o", target))

    plain, word = report("plain", "pdf"), report("word", "pdf")
    small, large = report("small", "docx"), report("large", "docx")
    rounds = max(1, bench.args.rounds // 2)
    sys.stderr.write(f"papers: {rounds} rounds...\n")
    alternate([plain, word], rounds)
    alternate([small, large], rounds)
    bench.collect(plain, word, small, large)
    return [
        _timing(plain, "PDF of the example"),
        _timing(word, "PDF with a 100,000-character word"),
        _ratio("long word / example", word, plain, 3.0),
        _timing(small, "Word, 2,500 characteristics"),
        _timing(large, "Word, 10,000 characteristics"),
        _ratio("10,000 / 2,500 (4 is linear)", large, small, 4.5),
    ]


def site(bench: Bench, scratch: Path) -> list[Row]:
    """`bvduty site` over the corpus (a sector site of every authority): time, pages, size and
    peak memory. Once, not in rounds: it writes thousands of files, and no target is set."""
    corpus, _ = bench.corpus("block", bench.args.authorities)
    out = scratch / "site"
    made = Timed("site", bench.cmd("site", corpus, "-q", "--output", str(out)))
    sys.stderr.write("site: once...\n")
    made.run()
    bench.collect(made)
    written = [p for p in out.rglob("*") if p.is_file()]
    pages = sum(1 for p in written if p.suffix == ".html")
    size = sum(p.stat().st_size for p in written)
    shutil.rmtree(out)
    peak = tree_pss(bench.cmd("site", corpus, "-q", "--output", str(out)))
    return [
        _timing(made, f"`bvduty site`, {bench.args.authorities} authorities (once)"),
        (f"{pages:,} pages, {len(written):,} files", f"{size / MB:.1f} MB", "", "", ""),
        ("peak PSS of site, all processes", _mb(peak), "", "", ""),
    ]


def _mb(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def _under(value: float | None, limit: float) -> str:
    if value is None:
        return "n/a"
    return "met" if value < limit else "MISSED"


def _table(header: Row, rows: Sequence[Row]) -> str:
    """A Markdown table; columns after the first are right-aligned figures, the last two words."""
    width = len(header)
    cells = [[*r, *([""] * (width - len(r)))] for r in [header, *rows]]
    sizes = [max(len(row[i]) for row in cells) for i in range(width)]
    right = set(range(1, width - 2))
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


SECTIONS = ("speed", "startup", "export", "pool", "memory", "limits", "papers", "site")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--authorities", type=int, default=317, help="corpus size (default 317)")
    parser.add_argument("--large", type=int, default=2000, help="for memory (default 2000)")
    parser.add_argument("--corpus", type=Path, default=Path("bench-corpus"), help="their folder")
    parser.add_argument("--seed", type=int, default=2025, help="corpus seed (default 2025)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--startup-rounds", type=int, default=20, help="(default 20)")
    parser.add_argument(
        "--shapes", default=",".join(make_corpus.SHAPES), help="for speed (default: all)"
    )
    parser.add_argument("--sections", default=",".join(SECTIONS), help="(default: all)")
    parser.add_argument(
        "--jobs", "-j", type=int, help="passed to bvduty (default: its own choice of workers)"
    )
    args = parser.parse_args(argv)
    sections = [s for s in args.sections.split(",") if s]
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {unknown[0]!r}; sections: {', '.join(SECTIONS)}")

    bvduty = find_bvduty()
    if bvduty is None:
        sys.stderr.write("run.py: no bvduty found; run this with the venv's Python\n")
        return 2
    bench = Bench(args, bvduty)
    print(
        f"bvduty benchmark: {os.cpu_count()} cores, {_cpu()}; Python {platform.python_version()};"
        f" {args.authorities} authorities ({args.large} for memory); medians of {args.rounds}"
        f" alternating rounds ({args.startup_rounds} for start-up)"
    )
    timing = ("measure", "CPU", "wall", "target", "result")
    ratio_note = "ratios: CPU, then wall time beside it"
    with tempfile.TemporaryDirectory(prefix="bvduty-bench-") as temporary:
        scratch = Path(temporary)
        try:
            if "speed" in sections:
                rows: list[Row] = []
                for shape in [s for s in args.shapes.split(",") if s]:
                    rows += speed(bench, shape)
                print(f"\n### Speed against a bare parse ({ratio_note})\n")
                print(_table(timing, rows))
            if "startup" in sections:
                print(f"\n### Start-up ({ratio_note})\n")
                print(_table(timing, startup(bench)))
            if "export" in sections:
                print(f"\n### Export ({ratio_note})\n")
                print(_table(timing, export(bench, scratch / "export")))
            if "pool" in sections:
                print("\n### Worker processes (judged on wall time)\n")
                print(_table(timing, pool(bench)))
            if "memory" in sections:
                header = ("peak PSS, all processes", f"{args.authorities}", f"{args.large}")
                print("\n### Memory\n")
                print(_table((*header, "target", "result"), memory(bench, scratch)))
            if "limits" in sections:
                print("\n### Limits\n")
                print(_table(("measure", "peak", "target", "result"), limits(bench, scratch)))
            if "papers" in sections:
                print(f"\n### Hostile papers ({ratio_note})\n")
                print(_table(timing, papers(bench, scratch / "papers")))
            if "site" in sections:
                print("\n### Website\n")
                print(_table(timing, site(bench, scratch)))
        except FileExistsError as exc:
            sys.stderr.write(f"run.py: {exc}\n")
            return 2
    for error in bench.errors:
        print(f"ERROR: {error}")
    if bench.errors:
        sys.stderr.write("run.py: some runs exited with the wrong code; figures are suspect\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
