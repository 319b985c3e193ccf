"""Synthetic dossier records, deterministic by seed, written as Parquet in chunks.

Province scale: the demo province's 166 units, each unit's volume and rates (online share, late
rate, early-or-on-time share, post return, apology letters, repeated supplement requests) taken
from the demo indicator table, scaled to the number of dossiers asked for. National scale: as
many units as asked, each drawing its rates from the demo units' spread. Rows are made and
written one chunk at a time (never all in memory); chunk k draws from the seed sequence
(seed, k), so the same seed and size give the same files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

CHUNK = 1_000_000
PROCEDURES = 1_800  # codes in a province's catalogue of administrative procedures
LEVEL_OF_BLOCK = {"department": "province", "district": "district", "commune": "commune"}


@dataclass(frozen=True)
class UnitParams:
    ids: list[str]
    levels: list[str]
    weight: np.ndarray  # share of all dossiers
    online: np.ndarray
    late: np.ndarray
    early_on_time: np.ndarray  # of the not-late
    post: np.ndarray
    apology: np.ndarray  # of the late
    resupplied: np.ndarray


def demo_units() -> UnitParams:
    """The demo province's units with the rates of its indicator table (blanks: block medians)."""
    from parindex.data.cells import norm, text_of
    from parindex.data.sheet import read_sheet
    from parindex.demo import DEMO_DATA

    sheet = read_sheet(DEMO_DATA)
    col = {norm(h): j for j, h in enumerate(sheet.header)}

    def num(row: list[Any], header: str) -> float:
        t = text_of(row[col[norm(header)]]).replace(".", "").replace(",", ".")
        try:
            return float(t)
        except ValueError:
            return float("nan")

    blocks = {"sở, ban, ngành": "department", "ubnd cấp huyện": "district"}
    ids, levels, vals = [], [], []
    for _, row in sheet.rows:
        ids.append(text_of(row[col["mã đơn vị"]]))
        block = blocks.get(norm(text_of(row[col["khối"]])), "commune")
        levels.append(LEVEL_OF_BLOCK[block])
        heads = (
            "Hồ sơ tiếp nhận",
            "Hồ sơ tiếp nhận trực tuyến (mức độ 3, 4)",
            "Hồ sơ đã giải quyết",
            "Hồ sơ trễ hẹn",
            "Hồ sơ giải quyết sớm và đúng hạn",
            "Kết quả trả qua dịch vụ bưu chính công ích",
            "Hồ sơ trễ hẹn có văn bản xin lỗi (Mẫu 04)",
            "Hồ sơ yêu cầu bổ sung quá một lần",
        )
        vals.append([num(row, h) for h in heads])
    c = np.array(vals, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.stack(
            [
                c[:, 0],
                c[:, 1] / c[:, 0],  # online share
                c[:, 3] / c[:, 2],  # late rate
                c[:, 4] / c[:, 2],  # early or on time
                c[:, 5] / c[:, 2],  # returned by post
                c[:, 6] / c[:, 3],  # apology letters among the late
                c[:, 7] / c[:, 0],  # sent back for supplement more than once
            ],
            axis=1,
        )
    lv = np.array(levels)
    for j in range(a.shape[1]):  # blanks and KAD: the median of the unit's level
        for level in set(levels):
            m = lv == level
            med = np.nanmedian(a[m, j]) if np.isfinite(a[m, j]).any() else 0.0
            a[m & ~np.isfinite(a[:, j]), j] = med
    a = np.clip(a, 0.0, None)
    a[:, 1:] = np.clip(a[:, 1:], 0.0, 1.0)
    not_late = np.maximum(1.0 - a[:, 2], 1e-9)
    return UnitParams(
        ids,
        levels,
        a[:, 0] / a[:, 0].sum(),
        a[:, 1],
        a[:, 2],
        np.clip(a[:, 3] / not_late, 0.0, 1.0),
        a[:, 4],
        a[:, 5],
        a[:, 6],
    )


def national_units(n: int, seed: int) -> UnitParams:
    """`n` units whose rates are drawn from the demo units' spread."""
    demo = demo_units()
    rng = np.random.default_rng([seed, 1 << 30])
    pick = rng.integers(0, len(demo.ids), n)
    width = len(str(n))
    levels = [demo.levels[i] for i in pick]
    weight = demo.weight[pick] * rng.lognormal(0.0, 0.3, n)
    return UnitParams(
        [f"DV{i:0{width}d}" for i in range(1, n + 1)],
        levels,
        weight / weight.sum(),
        demo.online[pick],
        demo.late[pick],
        demo.early_on_time[pick],
        demo.post[pick],
        demo.apology[pick],
        demo.resupplied[pick],
    )


def generate(
    out: Path,
    units: UnitParams,
    total: int,
    *,
    seed: int = 2016,
    year: int = 2016,
    steps: bool = False,
    tick: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write `total` dossiers (and, with `steps`, their processing steps) under `out`."""
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "dossiers.parquet"] + ([out / "steps.parquet"] if steps else [])
    tmp = [p.with_name(f".{p.name}.tmp") for p in paths]
    writers: list[Any] = []
    try:
        for k, start in enumerate(range(0, total, CHUNK)):
            rng = np.random.default_rng([seed, k])
            table, step_table = _chunk(rng, units, start, min(CHUNK, total - start), year, steps)
            if not writers:
                writers.append(pq.ParquetWriter(tmp[0], table.schema))
                if steps:
                    writers.append(pq.ParquetWriter(tmp[1], step_table.schema))
            writers[0].write_table(table)
            if steps:
                writers[1].write_table(step_table)
            if tick:
                tick(table.num_rows)
        for w in writers:
            w.close()
        writers = []
        for t, p in zip(tmp, paths, strict=True):
            t.replace(p)
    finally:
        for w in writers:
            w.close()
        for t in tmp:
            t.unlink(missing_ok=True)
    return paths


def _chunk(
    rng: np.random.Generator, u: UnitParams, start: int, n: int, year: int, steps: bool
) -> tuple[Any, Any]:
    import pyarrow as pa
    import pyarrow.compute as pc

    us = np.int64(1_000_000)
    day = 86_400 * us
    begin = np.datetime64(datetime(year, 1, 1), "us").astype(np.int64)
    cutoff = np.datetime64(datetime(year + 1, 1, 1), "us").astype(np.int64)
    unit = rng.choice(len(u.ids), n, p=u.weight)
    # received on a day of the year, in office hours
    received = begin + rng.integers(0, 365, n) * day + rng.integers(7 * 3600, 17 * 3600, n) * us
    proc = (unit * 37 + rng.zipf(1.6, n)) % PROCEDURES
    allowed = 1 + (proc * 7919) % 15  # days the procedure allows
    due = received - received % day + allowed * day + 17 * 3600 * us
    late = rng.random(n) < u.late[unit]
    on_due_day = rng.random(n) >= u.early_on_time[unit]
    early_days = 1 + (rng.random(n) * np.maximum(allowed - 1, 0)).astype(np.int64)
    finished = np.where(
        late,
        due + rng.integers(1, 10 * 24, n) * 3600 * us,
        np.where(
            on_due_day,
            due - rng.integers(0, 8 * 3600, n) * us,
            np.maximum(due - early_days * day - rng.integers(0, 8 * 3600, n) * us, received),
        ),
    )
    finished = np.maximum(finished, received + 3600 * us)
    late = finished > due
    still_open = finished >= cutoff
    withdrawn = (rng.random(n) < 0.01) & ~still_open
    online = rng.random(n) < u.online[unit]
    post = ~online & (rng.random(n) < 0.05)
    channel = np.where(online, 1, np.where(post, 2, 0))
    service = np.where(online, rng.integers(0, 2, n), rng.integers(0, 3, n))
    rated = rng.random(n) < 0.3
    satisfaction = np.where(rated, rng.choice(5, n, p=[0.03, 0.04, 0.13, 0.4, 0.4]) + 1, 0)
    width = 10
    ids = pc.utf8_lpad(pa.array(np.arange(start, start + n) + 1).cast(pa.string()), width, "0")
    finished_arr = pa.array(finished.astype("datetime64[us]"), mask=still_open)
    level = np.array([{"province": 0, "district": 1, "commune": 2}[v] for v in u.levels])[unit]
    table = pa.table(
        {
            "dossier_id": pc.binary_join_element_wise("HS", ids, ""),
            "unit_id": pa.DictionaryArray.from_arrays(pa.array(unit.astype(np.int32)), u.ids),
            "procedure": pc.binary_join_element_wise(
                "1.00", pa.array(proc + 1000).cast(pa.string()), ""
            ),
            # the canonical codes (schema.py), so Spark reads the file as it is
            "level": _codes(level, ["province", "district", "commune"]),
            "service_level": _codes(service, ["full", "part", "none"]),
            "channel": _codes(channel, ["direct", "online", "post"]),
            "received_at": pa.array(received.astype("datetime64[us]")),
            "due_at": pa.array(due.astype("datetime64[us]")),
            "finished_at": finished_arr,
            "withdrawn": withdrawn,
            "post_return": ~still_open & (rng.random(n) < u.post[unit]),
            "online_payment": online & (rng.random(n) < 0.5),
            "supplement_requests": np.where(
                rng.random(n) < u.resupplied[unit], 2, rng.integers(0, 2, n)
            ).astype(np.int32),
            "apology_letter": late & ~still_open & (rng.random(n) < u.apology[unit]),
            "digitised_on_receipt": rng.random(n) < 0.6,
            "result_digitised": ~still_open & (rng.random(n) < 0.5),
            "satisfaction": pa.array(satisfaction.astype(np.int32), mask=~rated | still_open),
        }
    )
    step_table = _steps(rng, table, unit, received, due, finished, still_open) if steps else None
    return table, step_table


def _codes(index: np.ndarray, words: list[str]) -> Any:
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(pa.array(index.astype(np.int32)), words)


def _steps(
    rng: np.random.Generator,
    table: Any,
    unit: np.ndarray,
    received: np.ndarray,
    due: np.ndarray,
    finished: np.ndarray,
    still_open: np.ndarray,
) -> Any:
    """Three steps per dossier: reception (one-stop desk), processing (a specialist of three),
    approval (the head, official 0 of the unit, or a deputy); the step deadlines split the time
    10/70/20 and the steps' finishing times split its actual time the same way."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(unit)
    span, used = due - received, finished - received
    bounds = [0.1, 0.8, 1.0]
    # the head approves a unit-specific share of its dossiers (40–100%), a deputy (5) the rest
    by_head = rng.random(n) < 0.4 + 0.6 * ((unit * 2654435761) % 1000) / 1000
    who = [np.full(n, 1), 2 + rng.integers(0, 3, n), np.where(by_head, 0, 5)]
    jitter = rng.normal(0.0, 0.05, n)
    cols: dict[str, list[Any]] = {k: [] for k in ("i", "step", "official", "due", "fin", "open")}
    for s, b in enumerate(bounds):
        cut = b if s == 2 else np.clip(b + jitter, 0.05, 0.95)
        cols["i"].append(np.arange(n))
        cols["step"].append(np.full(n, s + 1, dtype=np.int32))
        cols["official"].append(unit * 8 + who[s])
        cols["due"].append(received + (span * b).astype(np.int64))
        cols["fin"].append(received + (used * cut).astype(np.int64))
        cols["open"].append(still_open)
    i = np.concatenate(cols["i"])
    official = np.concatenate(cols["official"])
    unit_ids = pa.array(table.column("unit_id").combine_chunks().dictionary)
    off_unit = pc.take(unit_ids, pa.array(official // 8))
    return pa.table(
        {
            "dossier_id": pc.take(table.column("dossier_id"), pa.array(i)),
            "step": np.concatenate(cols["step"]),
            "official_id": pc.binary_join_element_wise(
                off_unit, pa.array(official % 8).cast(pa.string()), "-CB"
            ),
            "step_due": pa.array(np.concatenate(cols["due"]).astype("datetime64[us]")),
            "step_finished": pa.array(
                np.concatenate(cols["fin"]).astype("datetime64[us]"),
                mask=np.concatenate(cols["open"]),
            ),
            "role": pa.DictionaryArray.from_arrays(
                pa.array((official % 8 != 0).astype(np.int32)), ["head", "staff"]
            ),
        }
    )
