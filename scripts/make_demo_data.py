"""Generate the bundled demo data: a province modelled on Khánh Hòa (DOMAIN.md), 2016.

21 departments, 8 district committees and 137 commune committees with the province's real unit
names of that time; every value is synthetic, drawn from a seeded generator so the file is the
same on every run. Spreads follow the published figures: late rates from about 1 % to 30 %,
online shares from 0 to 60 %, a few units with no dossiers, a few not applicable (the provincial
inspectorate has no administrative procedures; some units had no survey).

Usage: python scripts/make_demo_data.py  (rewrites parindex/demo/khanh-hoa-2016.csv)
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from parindex.criteria.loader import load
from parindex.criteria.validate import bundled_sets
from parindex.scoring.compile import compile_plan

OUT = Path(__file__).resolve().parent.parent / "parindex" / "demo" / "khanh-hoa-2016.csv"
ROSTER = OUT.parent / "heads-2016.csv"
SEED = 20160706  # the day of the steering committee meeting
STRONG_BUT_LATE = "SXD"  # shows the cap "late rate above 20% → at most Khá" at work

DEPARTMENTS = [
    ("SNV", "Sở Nội vụ"),
    ("STP", "Sở Tư pháp"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
    ("STC", "Sở Tài chính"),
    ("SCT", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("SGTVT", "Sở Giao thông vận tải"),
    ("SXD", "Sở Xây dựng"),
    ("STNMT", "Sở Tài nguyên và Môi trường"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội"),
    ("SVHTT", "Sở Văn hóa và Thể thao"),
    ("SDL", "Sở Du lịch"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("TTT", "Thanh tra tỉnh"),
    ("VPUBND", "Văn phòng UBND tỉnh"),
    ("BQLKKT", "Ban Quản lý Khu kinh tế Vân Phong"),
    ("SNGV", "Sở Ngoại vụ"),
    ("BDT", "Ban Dân tộc"),
]
DISTRICTS = [
    ("NTR", "UBND thành phố Nha Trang"),
    ("CRA", "UBND thành phố Cam Ranh"),
    ("NHO", "UBND thị xã Ninh Hòa"),
    ("VNI", "UBND huyện Vạn Ninh"),
    ("DKH", "UBND huyện Diên Khánh"),
    ("CLA", "UBND huyện Cam Lâm"),
    ("KVI", "UBND huyện Khánh Vĩnh"),
    ("KSO", "UBND huyện Khánh Sơn"),
]
COMMUNES = {
    "NTR": "Vĩnh Hòa, Vĩnh Hải, Vĩnh Phước, Vĩnh Thọ, Xương Huân, Vạn Thắng, Vạn Thạnh, "
    "Phương Sài, Phương Sơn, Ngọc Hiệp, Phước Hòa, Phước Tân, Phước Tiến, Phước Hải, Lộc Thọ, "
    "Tân Lập, Vĩnh Nguyên, Vĩnh Trường, Phước Long, Vĩnh Lương, Vĩnh Phương, Vĩnh Ngọc, "
    "Vĩnh Thạnh, Vĩnh Trung, Vĩnh Hiệp, Vĩnh Thái, Phước Đồng",
    "CRA": "Cam Nghĩa, Cam Phúc Bắc, Cam Phúc Nam, Cam Lộc, Cam Phú, Ba Ngòi, Cam Thuận, "
    "Cam Lợi, Cam Linh, Cam Thành Nam, Cam Phước Đông, Cam Thịnh Tây, Cam Thịnh Đông, Cam Lập, "
    "Cam Bình",
    "NHO": "Ninh Hiệp, Ninh Đa, Ninh Giang, Ninh Hà, Ninh Diêm, Ninh Thủy, Ninh Hải, Ninh Sơn, "
    "Ninh Tây, Ninh Thượng, Ninh An, Ninh Thọ, Ninh Trung, Ninh Sim, Ninh Xuân, Ninh Thân, "
    "Ninh Đông, Ninh Phụng, Ninh Bình, Ninh Phước, Ninh Phú, Ninh Tân, Ninh Quang, Ninh Hưng, "
    "Ninh Lộc, Ninh Ích, Ninh Vân",
    "VNI": "Vạn Giã, Đại Lãnh, Vạn Phước, Vạn Long, Vạn Bình, Vạn Thọ, Vạn Khánh, Vạn Phú, "
    "Vạn Lương, Vạn Thắng, Vạn Thạnh, Xuân Sơn, Vạn Hưng",
    "DKH": "Diên Khánh, Diên Lâm, Diên Điền, Diên Xuân, Diên Sơn, Diên Đồng, Diên Phú, Diên Thọ, "
    "Diên Phước, Diên Lạc, Diên Tân, Diên Hòa, Diên Thạnh, Diên Toàn, Diên An, Diên Bình, "
    "Suối Hiệp, Suối Tiên, Diên Lộc",
    "CLA": "Cam Đức, Cam Tân, Cam Hòa, Cam Hải Đông, Cam Hải Tây, Sơn Tân, Cam Hiệp Bắc, "
    "Cam Hiệp Nam, Cam Thành Bắc, Cam An Bắc, Cam An Nam, Cam Phước Tây, Suối Cát, Suối Tân",
    "KVI": "Khánh Vĩnh, Khánh Bình, Khánh Đông, Khánh Hiệp, Khánh Nam, Khánh Phú, Khánh Thành, "
    "Khánh Thượng, Khánh Trung, Liên Sang, Sơn Thái, Sông Cầu, Cầu Bà, Giang Ly",
    "KSO": "Tô Hạp, Ba Cụm Bắc, Ba Cụm Nam, Sơn Bình, Sơn Hiệp, Sơn Lâm, Sơn Trung, Thành Sơn",
}
WARD_DISTRICTS = {"NTR", "CRA", "NHO"}  # towns: wards (phường) rather than communes
TOWNSHIPS = {"Diên Khánh", "Khánh Vĩnh", "Tô Hạp", "Vạn Giã"}


def units() -> list[tuple[str, str, str]]:
    out = [(i, n, "Sở, ban, ngành") for i, n in DEPARTMENTS]
    out += [(i, n, "UBND cấp huyện") for i, n in DISTRICTS]
    for d, names in COMMUNES.items():
        for k, name in enumerate(n.strip() for n in names.split(",")):
            kind = "thị trấn" if name in TOWNSHIPS else "phường" if d in WARD_DISTRICTS else "xã"
            out.append((f"{d}{k + 1:02d}", f"UBND {kind} {name}", "UBND cấp xã"))
    assert len(out) == 21 + 8 + 137, len(out)
    return out


def main() -> None:
    rng = np.random.default_rng(SEED)
    plans = {}
    for path in bundled_sets():
        plan = compile_plan(load(path).criteria)
        for block in plan.criteria.blocks.values():
            plans[block.label] = plan
    # columns: indicators under their Vietnamese label (as offices write them), then the
    # appraised points and the self-assessed ones under the criterion id
    labels: dict[str, str] = {}
    appraised: list[str] = []
    for plan in plans.values():
        for name, ind in plan.criteria.indicators.items():
            labels.setdefault(name, ind.label)
        for leaf in plan.leaves:
            if leaf.kind == "appraised" and leaf.of not in appraised:
                appraised.append(str(leaf.of))
    appraised.sort(key=lambda c: [int(x) for x in c.split(".")])
    header = ["Mã đơn vị", "Tên đơn vị", "Khối", *labels.values()]
    header += [c for a in appraised for c in (a, f"{a}:self")]
    rows = []
    for uid, name, block in units():
        plan = plans[block]
        q = rng.beta(9, 2)  # the unit's underlying quality, most units fairly good
        if uid == STRONG_BUT_LATE:
            q = 0.97
        row = {"Mã đơn vị": uid, "Tên đơn vị": name, "Khối": block}
        values = _indicators(rng, q, block, uid, plan)
        for ind, v in values.items():
            row[labels[ind]] = v
        for leaf in plan.leaves:
            if leaf.kind != "appraised":
                continue
            score = leaf.max * float(np.clip(q + rng.normal(0, 0.12), 0.2, 1.0))
            got = round(score * 4) / 4  # appraisal councils award quarter points
            inflated = min(leaf.max, got + round(abs(rng.normal(0, 0.12)) * leaf.max * 4) / 4)
            row[str(leaf.of)] = _num(got)
            row[f"{leaf.of}:self"] = _num(inflated)
        rows.append(row)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} units, {len(header)} columns)")
    heads = roster()
    ROSTER.write_text(heads, encoding="utf-8")
    print(f"wrote {ROSTER} ({heads.count(chr(10)) - 1} terms)")


SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quang", "Xuân", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hạnh",
    "Hòa",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phong",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Tuấn",
    "Vinh",
    "Yến",
]
CHANGED_MIDYEAR = {"SNV": "30/06/2016", "NHO": "31/08/2016", "CLA05": "31/03/2016"}
DISCIPLINED = "STNMT"  # one head disciplined during the year


def _position(uid: str, block: str, name: str) -> str:
    if block == "Sở, ban, ngành":
        if name.startswith("Sở"):
            return "Giám đốc"
        return {"TTT": "Chánh Thanh tra", "VPUBND": "Chánh Văn phòng"}.get(uid, "Trưởng ban")
    return "Chủ tịch UBND"


def roster() -> str:
    """One row per term: a head for every unit, a few changes of head, one disciplined head."""
    rng = np.random.default_rng(SEED + 1)  # its own stream: the unit data stay as they are
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(
        [
            "Mã đơn vị",
            "Người đứng đầu",
            "Chức vụ",
            "Từ ngày",
            "Đến ngày",
            "Kỷ luật",
            "Tỷ lệ hồ sơ người đứng đầu trực tiếp xử lý trên phần mềm một cửa",
            "Hồ sơ trễ hẹn tại bước xử lý của người đứng đầu",
            "Số tháng có đánh giá công chức trong quy trình xử lý hồ sơ",
        ]
    )
    for uid, name, block in units():
        ends = [CHANGED_MIDYEAR[uid], "31/12/2016"] if uid in CHANGED_MIDYEAR else ["31/12/2016"]
        start = "01/01/2016"
        for end in ends:
            person = (
                f"{SURNAMES[rng.integers(len(SURNAMES))]} "
                f"{MIDDLE[rng.integers(len(MIDDLE))]} {GIVEN[rng.integers(len(GIVEN))]}"
            )
            months = (
                12 if end == "31/12/2016" and start == "01/01/2016" else int(rng.integers(2, 10))
            )
            writer.writerow(
                [
                    uid,
                    person,
                    _position(uid, block, name),
                    start,
                    end,
                    "có" if uid == DISCIPLINED else "không",
                    _num(round(float(rng.uniform(0.3, 1.0)), 2)),
                    int(rng.poisson(1.5)),
                    int(min(12, rng.integers(months // 2, months + 1))),
                ]
            )
            day, month, year = (int(x) for x in end.split("/"))
            nxt = np.datetime64(f"{year:04d}-{month:02d}-{day:02d}") + np.timedelta64(1, "D")
            start = str(nxt.astype(object).strftime("%d/%m/%Y"))
    return buf.getvalue()


def _num(v: float) -> str:
    """Vietnamese decimal comma, as the offices' spreadsheets export."""
    return f"{v:g}".replace(".", ",")


def _indicators(
    rng: np.random.Generator, q: float, block: str, uid: str, plan: object
) -> dict[str, str]:
    big = {"Sở, ban, ngành": 3000, "UBND cấp huyện": 12000, "UBND cấp xã": 900}[block]
    received = int(rng.lognormal(np.log(big * (0.4 + q)), 0.6))
    if block == "UBND cấp xã" and rng.random() < 0.04:
        received = 0  # a few communes received no dossier all year
    resolved = int(received * rng.uniform(0.92, 1.0))
    late_rate = float(np.clip(0.005 + (1 - q) ** 2 * rng.uniform(0.0, 6.0), 0.005, 0.30))
    if uid == STRONG_BUT_LATE:
        late_rate = 0.22  # a strong department held back by one bad year of late dossiers
    late = round(resolved * late_rate)
    early_on_time = resolved - late - int(resolved * rng.uniform(0, 0.02))
    online = int(received * float(np.clip(q * rng.uniform(0.0, 0.75), 0, 0.6)))
    out: dict[str, str] = {
        "plan_on_time": "có" if rng.random() < 0.6 + 0.4 * q else "không",
        "reports_on_time": "có" if rng.random() < 0.5 + 0.5 * q else "không",
        "dossiers_received": str(received),
        "dossiers_online": str(online),
        "dossiers_resolved": str(resolved),
        "dossiers_early_on_time": str(max(early_on_time, 0)),
        "dossiers_late": str(late),
        "results_by_post": str(int(resolved * rng.uniform(0.0, 0.35))),
        "sipas": _num(round(float(np.clip(70 + 25 * q + rng.normal(0, 3), 60, 99)), 2)),
    }
    if block == "UBND cấp xã":
        out["complaints_unresolved"] = str(int(rng.poisson(2 * (1 - q))))
        out["staff_meeting_standard"] = _num(round(float(np.clip(q + 0.2, 0, 1)), 2))
        if rng.random() < 0.05:
            out["sipas"] = "KAD"  # no survey in this commune: rescaled to 100
        return out
    procedures = int(rng.integers(40, 160)) if block == "Sở, ban, ngành" else 252
    out |= {
        "plan_completion": _num(round(float(np.clip(q + rng.normal(0.1, 0.1), 0.4, 1)), 2)),
        "procedures_total": str(procedures),
        "procedures_one_stop": str(int(procedures * float(np.clip(q + 0.1, 0, 1)))),
        "apology_letters": str(int(late * rng.uniform(0.2, 1.0))),
        "dossiers_resupplied": str(int(rng.poisson(6 * (1 - q)))),
        "staff_disciplined": str(int(rng.poisson(0.6 * (1 - q)))),
        "edocs_share": _num(round(float(np.clip(q + rng.normal(0, 0.1), 0.2, 1)), 2)),
        "iso_applied": "có" if rng.random() < 0.85 else "không",
        "online_services": str(int(rng.integers(0, 40 * q + 1))),
        "officials_survey": _num(round(float(np.clip(70 + 25 * q + rng.normal(0, 4), 55, 99)), 2)),
    }
    if block == "Sở, ban, ngành":
        out["staff_trained"] = _num(round(float(np.clip(q + rng.normal(0.05, 0.1), 0, 1)), 2))
    if uid == "TTT":
        # the provincial inspectorate handles no administrative procedures: not applicable
        for key in (
            "procedures_total",
            "procedures_one_stop",
            "dossiers_received",
            "dossiers_online",
            "dossiers_resolved",
            "dossiers_early_on_time",
            "dossiers_late",
            "apology_letters",
            "dossiers_resupplied",
            "results_by_post",
            "online_services",
            "sipas",
        ):
            out[key] = "KAD"
    return out


if __name__ == "__main__":
    main()
