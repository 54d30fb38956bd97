"""Generate a deterministic sector file of financial resilience indicators for benchmarks.

    python benchmarks/make_sector.py --authorities 300 --out bench-sector.csv
    python benchmarks/make_sector.py --corpus bench-corpus --out bench-sector.csv

Writes the long-format CSV `bvduty indicators --sector` reads (docs/format.md 6.14): one row per
authority, indicator and year (2020/21 to 2024/25), with the authority's type. The authorities
are those `make_corpus.py` draws (the same names, codes and types, seed for seed), so with
`--corpus FOLDER` the script also writes an `indicators.yaml` into each authority folder of a
corpus made by make_corpus.py, holding that authority's own figures: `bvduty indicators CORPUS
--sector FILE` then ranks every authority of the corpus against the others.

Every figure is made up, drawn from a seeded random stream per authority: the same arguments
give the same bytes on every run. A few authorities in fifty borrow far beyond the rest, as the
Best Value Notices of 2023 found (ratios such as 71 and 45), so the file has outliers.
Nothing here is a threshold: the sector's own spread is what the comparison reads.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import make_corpus

YEARS = ("2020/21", "2021/22", "2022/23", "2023/24", "2024/25")
HEADER = ("authority_code", "authority_name", "year", "indicator", "value", "authority_type")


def _series(rng: random.Random, start: float, drift: float, noise: float) -> list[float]:
    values, value = [], start
    for _ in YEARS:
        values.append(value)
        value = max(0.0, value * (1 + drift + rng.gauss(0, noise)))
    return values


def figures(seed: int, index: int) -> tuple[make_corpus.Authority, dict[str, list[float]]]:
    """One authority (as make_corpus draws it) and its figures by indicator, one per year."""
    authority = make_corpus._authority(seed, index)
    rng = random.Random(f"bvduty-sector:{seed}:{index}")
    scale = {"county": 12.0, "unitary": 10.0, "metropolitan-district": 11.0}.get(
        authority.kind, 1.0
    )
    spending = rng.uniform(12e6, 30e6) * scale
    ratio = rng.lognormvariate(1.0, 0.6)
    if rng.random() < 0.04:  # a few borrow far beyond the rest
        ratio = rng.uniform(20, 75)
    power = _series(rng, spending, 0.035, 0.01)
    debt = [p * r for p, r in zip(power, _series(rng, ratio, 0.05, 0.08), strict=True)]
    return authority, {
        "core-spending-power": power,
        "gross-external-debt": debt,
        "debt-to-core-spending-power": [d / p for d, p in zip(debt, power, strict=True)],
        "reserves-years-left": _series(rng, rng.uniform(3, 15), -0.06, 0.05),
        "reserves-level": _series(rng, rng.uniform(15, 70), -0.04, 0.05),
        "interest-to-net-revenue": _series(rng, rng.uniform(1, 12) * min(ratio, 8) / 3, 0.05, 0.05),
        "council-tax-share": _series(rng, rng.uniform(35, 70), -0.01, 0.01),
    }


def _text(value: float) -> str:
    return f"{value:.2f}" if value < 1000 else f"{value:.0f}"


def sector_csv(authorities: int, seed: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for index in range(authorities):
        authority, found = figures(seed, index)
        for indicator, values in found.items():
            for year, value in zip(YEARS, values, strict=True):
                row = (
                    authority.code,
                    authority.name,
                    year,
                    indicator,
                    _text(value),
                    authority.kind,
                )
                writer.writerow(row)
    return buffer.getvalue()


def indicators_yaml(seed: int, index: int) -> str:
    """An authority's own indicators file (its figures, as in the sector file)."""
    authority, found = figures(seed, index)
    lines = [
        f"# Financial resilience indicators, {authority.name} (generated for bvduty benchmarks by",
        "# benchmarks/make_sector.py: every figure is made up).",
        "bvduty: 1",
        "kind: indicators",
        "indicators:",
    ]
    for indicator, values in found.items():
        if indicator == "debt-to-core-spending-power":
            continue  # computed from its parts, as bvduty's catalogue says
        lines.append(f"  - id: {indicator}")
        lines.append("    values:")
        for year, value in zip(YEARS, values, strict=True):
            source = f"Statement of Accounts {year}"
            lines.append(f"      - {{year: {year}, value: {_text(value)}, source: {source}}}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--authorities", type=int, default=300, help="how many (default 300)")
    parser.add_argument("--out", type=Path, default=Path("bench-sector.csv"), help="CSV file")
    parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
    parser.add_argument(
        "--corpus",
        type=Path,
        help="a corpus from make_corpus.py: give each of its authorities an indicators.yaml",
    )
    args = parser.parse_args(argv)
    count = args.authorities
    if args.corpus is not None:
        marker = make_corpus.read_marker(args.corpus)
        if marker is None:
            sys.stderr.write(f"make_sector: {args.corpus} is not a corpus from make_corpus.py\n")
            return 2
        count = int(str(marker["authorities"]))
        seed = int(str(marker["seed"]))
        if seed != args.seed:
            sys.stderr.write(f"make_sector: using the corpus's seed {seed}\n")
            args.seed = seed
        for index in range(count):
            folder = make_corpus._authority(args.seed, index).slug
            target = args.corpus / folder / "indicators.yaml"
            target.write_text(indicators_yaml(args.seed, index), encoding="utf-8")
    args.out.write_text(sector_csv(count, args.seed), encoding="utf-8")
    rows = count * 7 * len(YEARS)
    sys.stderr.write(f"wrote {rows:,} figures of {count} authorities to {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
