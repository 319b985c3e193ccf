"""Benchmark: reading and checking a 10,000-unit × 150-indicator table, against main's reader.

Usage: python bench/read_indicators.py [units] [repeats] [baseline_ref]

`baseline_ref` defaults to d4fb830, the last commit before this reader (main has it since).

Generates, in a temporary folder, criteria with 150 indicators (100 counts, 50 rates) and three
files of `units` units: a tidy CSV (rates with decimal commas), a tidy XLSX (numbers stored as
numbers) and an officer's XLSX (title rows, a two-row grouped header, STT, Ghi chú, Khối merged
down each block, rates and half the counts typed as text — "0,873", "4.603" —, a total row and a
signature block).
Each reader runs in its own process, alternating, so both see the same machine load: this
branch's `read_indicators`, and the one of `baseline_ref` (extracted with `git archive` into a
temporary folder). Prints the median and min of `repeats` reads each.
"""

from __future__ import annotations

import json
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTS, RATES = 100, 50
BLOCKS = [
    ("department", "Sở, ban, ngành"),
    ("district", "UBND cấp huyện"),
    ("commune", "UBND cấp xã"),
]

TIMER = """
import json, statistics, sys, time
from pathlib import Path
from parindex.criteria.loader import load
from parindex.scoring.compile import compile_plan
from parindex.data.indicators import read_indicators
plan = compile_plan(load(Path(sys.argv[1])).criteria)
out = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    try:
        table = read_indicators(Path(sys.argv[2]), [plan])
        n = len(table)
    except Exception as exc:
        print(json.dumps({"error": str(exc).splitlines()[0][:160]}))
        sys.exit(0)
    out.append(time.perf_counter() - t)
print(json.dumps({"times": out, "units": n}))
"""


def criteria() -> str:
    lines = [
        "schema_version: 1",
        "id: bench-read",
        "title: Đo tốc độ đọc",
        'period: "2024"',
        f"total: {RATES}",
        "blocks:",
        *[f'  {b}: {{label: "{label}"}}' for b, label in BLOCKS],
        "indicators:",
        *[f"  c{i:03}: {{label: Hồ sơ loại {i}, kind: count}}" for i in range(COUNTS)],
        *[f"  r{i:03}: {{label: Tỷ lệ {i}, kind: rate}}" for i in range(RATES)],
        "areas:",
        '  - id: "1"',
        "    title: Tất cả",
        "    criteria:",
        *[
            f'      - {{id: "1.{i + 1}", title: Tỷ lệ {i}, max: 1, '
            f"rule: {{proportional: {{of: r{i:03}}}}}}}"
            for i in range(RATES)
        ],
        "classes:",
        "  - {label: Tốt, min: 85}",
        "  - {label: Yếu}",
    ]
    return "\n".join(lines) + "\n"


def units(n: int) -> list[list[object]]:
    """id, name, block label, 100 counts (int), 50 rates (float), sorted by block."""
    rows = []
    for u in range(n):
        b = 0 if u < n // 20 else (1 if u < n // 10 else 2)
        counts = [(u * 7 + i * 13) % 5000 for i in range(COUNTS)]
        rates = [((u * 31 + i * 17) % 1000) / 1000 for i in range(RATES)]
        rows.append([f"U{u:05}", f"Đơn vị số {u}", BLOCKS[b][1], *counts, *rates])
    return rows


def header() -> list[str]:
    return (
        ["Mã đơn vị", "Tên đơn vị", "Khối"]
        + [f"Hồ sơ loại {i}" for i in range(COUNTS)]
        + [f"Tỷ lệ {i}" for i in range(RATES)]
    )


def comma(v: float) -> str:
    return f"{v:g}".replace(".", ",")


def write_csv(path: Path, rows: list[list[object]]) -> None:
    lines = [";".join(header())]
    for r in rows:
        lines.append(";".join(comma(v) if isinstance(v, float) else str(v) for v in r))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Số liệu")
    ws.write_row(0, 0, header())
    for r, row in enumerate(rows, 1):
        ws.write_row(r, 0, row)
    wb.close()


def write_officer(path: Path, rows: list[list[object]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Biểu 01")
    head = header()
    width = len(head) + 2
    ws.merge_range(0, 0, 0, 5, "UBND TỈNH KHÁNH HÒA")
    ws.merge_range(1, 0, 1, 20, "BẢNG SỐ LIỆU XÁC ĐỊNH CHỈ SỐ CCHC NĂM 2024")
    ws.write(2, 0, "(Kèm theo Báo cáo số 123/BC-SNV)")
    top = ["STT", *head, "Ghi chú"]
    for j, h in enumerate(top):
        if h.startswith("Hồ sơ "):
            ws.write(5, j, h[len("Hồ sơ ") :])
        else:
            ws.merge_range(4, j, 5, j, h)
    ws.merge_range(4, 4, 4, 3 + COUNTS, "Hồ sơ")
    ws.write_row(6, 0, [f"({j + 1})" for j in range(width)])
    first = 7
    for k, row in enumerate(rows):
        r = first + k
        ws.write_number(r, 0, k + 1)
        ws.write_row(r, 1, row[:2])
        counts = row[3 : 3 + COUNTS]
        half = COUNTS // 2  # half the counts typed as text with thousands dots, as officers do
        ws.write_row(r, 4, counts[:half])
        ws.write_row(r, 4 + half, [f"{v:,}".replace(",", ".") for v in counts[half:]])
        ws.write_row(r, 4 + COUNTS, [comma(v) for v in row[3 + COUNTS :]])  # type: ignore[arg-type]
    start = 0
    for k in range(1, len(rows) + 1):
        if k == len(rows) or rows[k][2] != rows[start][2]:
            if k - start > 1:
                ws.merge_range(first + start, 3, first + k - 1, 3, rows[start][2])
            else:
                ws.write(first + start, 3, rows[start][2])
            start = k
    end = first + len(rows)
    ws.merge_range(end, 0, end, 3, "Tổng cộng")
    ws.write(end + 2, 2, "Người lập biểu")
    ws.write(end + 2, 8, "GIÁM ĐỐC")
    ws.write(end + 5, 2, "Nguyễn Văn A")
    wb.close()


FLOOR = """
import json, sys, time
from python_calamine import CalamineWorkbook
out = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
    out.append(time.perf_counter() - t)
print(json.dumps({"times": out}))
"""


def floor(data: Path, repeats: int) -> str:
    """python-calamine's own parse of the sheet: what no reader built on it can go under."""
    out = subprocess.run(
        [sys.executable, "-c", FLOOR, str(data), str(repeats)], capture_output=True, text=True
    )
    ts = json.loads(out.stdout.strip().splitlines()[-1])["times"]
    return f"{statistics.median(ts):.2f} s"


def run(src: Path, crit: Path, data: Path, repeats: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", TIMER, str(crit), str(data), str(repeats)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        cwd=src,  # `python -c` puts the working folder first on the path
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    ref = sys.argv[3] if len(sys.argv) > 3 else "d4fb830"
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        base = t / "baseline"
        base.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "parindex"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        crit = t / "criteria.yaml"
        crit.write_text(criteria(), encoding="utf-8")
        rows = units(n)
        files = {"tidy CSV": t / "data.csv", "tidy XLSX": t / "data.xlsx"}
        files["officer's XLSX"] = t / "officer.xlsx"
        write_csv(files["tidy CSV"], rows)
        write_xlsx(files["tidy XLSX"], rows)
        write_officer(files["officer's XLSX"], rows)
        print(f"machine: {platform.machine()}, Python {platform.python_version()}")
        print(f"{n:,} units × {COUNTS + RATES} indicators, {repeats} reads per process")
        print(
            "| file | size | this branch median (min) | "
            + ref
            + " median (min) | ratio | calamine's parse alone |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for label, path in files.items():
            new = run(ROOT, crit, path, repeats)
            old = run(base, crit, path, max(1, repeats // 2))
            size = f"{path.stat().st_size / 1e6:.1f} MB"

            def fmt(r: dict[str, object]) -> str:
                if "error" in r:
                    return f"fails: {r['error']}"
                ts = r["times"]
                assert isinstance(ts, list)
                return f"{statistics.median(ts):.2f} s ({min(ts):.2f})"

            ratio = ""
            if "times" in new and "times" in old:
                a, b = new["times"], old["times"]
                assert isinstance(a, list) and isinstance(b, list)
                ratio = f"{statistics.median(b) / statistics.median(a):.1f}×"
            alone = floor(path, repeats) if path.suffix == ".xlsx" else "—"
            print(f"| {label} | {size} | {fmt(new)} | {fmt(old)} | {ratio} | {alone} |")


if __name__ == "__main__":
    main()
