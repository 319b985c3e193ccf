"""Benchmark: `parindex validate` on a generated criteria file with N leaf criteria.

Usage: python bench/validate_large.py [N] [repeats]

Writes the file to a temporary folder, then measures (a) the library call `check_file`
(read + compose + validate + lint) in-process, median of `repeats`, and (b) the whole
`parindex validate` command as a fresh process, median of `repeats`, which adds start-up.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from parindex.criteria.validate import check_file


def generate(n: int) -> str:
    areas = 50
    per_area = n // areas
    lines = [
        "schema_version: 1",
        "id: bench",
        "title: Bộ tiêu chí đo hiệu năng",
        'period: "2024"',
        f"total: {n}",
        "blocks:",
        "  department: {label: Sở}",
        "indicators:",
        "  dossiers_resolved: {label: Hồ sơ đã giải quyết, kind: count}",
        "  dossiers_late: {label: Hồ sơ trễ hẹn, kind: count, at_most: dossiers_resolved}",
        "  plan_on_time: {label: Kế hoạch đúng hạn, kind: yes_no}",
        "derived:",
        "  late_rate: {formula: dossiers_late / dossiers_resolved, kind: rate, "
        "zero_denominator: full_marks}",
        "areas:",
    ]
    for a in range(areas):
        lines += [f'  - id: "{a + 1}"', f"    title: Lĩnh vực {a + 1}", "    criteria:"]
        for c in range(per_area):
            cid = f"{a + 1}.{c + 1}"
            if c % 3 == 0:
                lines += [
                    f'      - id: "{cid}"',
                    f"        title: Tỷ lệ hồ sơ trễ hẹn {cid}",
                    "        max: 1",
                    "        rule:",
                    "          bands:",
                    "            of: late_rate",
                    "            better: lower",
                    "            cuts:",
                    "              - {below: 0.02, points: 1}",
                    "              - {below: 0.05, points: 0.5}",
                    "            otherwise: 0",
                ]
            elif c % 3 == 1:
                lines.append(
                    f'      - {{id: "{cid}", title: Kế hoạch {cid}, max: 1, '
                    "rule: {yes_no: plan_on_time}}"
                )
            else:
                lines.append(
                    f'      - {{id: "{cid}", title: Thẩm định {cid}, max: 1, '
                    "rule: {appraised: {}}}"
                )
    lines += [
        "classes:",
        "  - {label: Tốt, min: 85}",
        "  - {label: Khá, min: 70}",
        "  - {label: Trung bình, min: 50}",
        "  - {label: Yếu}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.yaml"
        path.write_text(generate(n), encoding="utf-8")
        size = path.stat().st_size
        report = check_file(path)
        assert report.diagnostics == [], report.diagnostics[:3]
        lib = []
        for _ in range(repeats):
            t = time.perf_counter()
            check_file(path)
            lib.append(time.perf_counter() - t)
        cli = []
        for _ in range(repeats):
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "parindex", "validate", str(path)],
                check=True,
                capture_output=True,
            )
            cli.append(time.perf_counter() - t)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"criteria: {n:,} leaves in 50 areas, file {size / 1024:,.0f} KiB, {repeats} repeats")
    print(
        f"check_file (in-process): median {statistics.median(lib) * 1000:,.0f} ms, "
        f"min {min(lib) * 1000:,.0f} ms"
    )
    print(
        f"parindex validate (new process): median {statistics.median(cli) * 1000:,.0f} ms, "
        f"min {min(cli) * 1000:,.0f} ms"
    )


if __name__ == "__main__":
    main()
