"""Assemble BENCHMARKS.md from the fragments the bench scripts write to bench/results/."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["pipeline", "events", "timex", "geo", "quotes", "merge", "api"]


def main() -> None:
    parts = sorted((HERE / "results").glob("*.md"), key=lambda p: (ORDER.index(p.stem) if p.stem in ORDER else 99, p.stem))
    body = [
        "# Benchmarks",
        "",
        "Measured on this project's machines (2 cores, shared, noisy): speed is reported as ratios "
        "against a baseline measured in the same run. Accuracy figures come from `newsgraph eval …` "
        "on the development sets in `../shared/eval-data` (never copied into the repository). Each "
        "section names the command that produced it.",
        "",
    ]
    for part in parts:
        body.append(part.read_text(encoding="utf-8").strip())
        body.append("")
    (HERE.parent / "BENCHMARKS.md").write_text("\n".join(body), encoding="utf-8")
    print(f"BENCHMARKS.md from {len(parts)} fragments")


if __name__ == "__main__":
    main()
