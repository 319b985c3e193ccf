"""The dossier record and the processing step: canonical fields, their types, and the headers
(Vietnamese or English) each may be written under in a one-stop system's export.

Headers are compared like the indicator readers compare them (NFC, case-folded, single spaces).
A field that is not `required` may be absent from a file; it then counts as blank (no, zero).
"""

from __future__ import annotations

from dataclasses import dataclass

from parindex.data.cells import norm


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | code | time | flag | count | rating
    label: str  # Vietnamese, as shown in messages
    aliases: tuple[str, ...]
    required: bool = False
    codes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # kind=code: canonical → accepted words


CHANNELS = (
    ("direct", ("trực tiếp", "truc tiep", "direct", "tại quầy", "in person")),
    ("online", ("trực tuyến", "truc tuyen", "online", "dịch vụ công trực tuyến")),
    ("post", ("bưu chính", "bưu chính công ích", "buu chinh", "post", "postal")),
)
SERVICE_LEVELS = (
    ("full", ("toàn trình", "trực tuyến toàn trình", "mức độ 4", "4", "full", "online in full")),
    ("part", ("một phần", "trực tuyến một phần", "mức độ 3", "3", "part", "online in part")),
    ("none", ("không", "không trực tuyến", "mức độ 2", "2", "1", "none", "not online")),
)
LEVELS = (
    ("province", ("tỉnh", "cấp tỉnh", "province", "provincial")),
    ("district", ("huyện", "cấp huyện", "district")),
    ("commune", ("xã", "cấp xã", "commune")),
)

ROLES = (
    ("head", ("người đứng đầu", "thủ trưởng", "thủ trưởng đơn vị", "head")),
    ("staff", ("cán bộ", "công chức", "chuyên viên", "cấp phó", "phó", "staff", "deputy")),
)

DOSSIER_FIELDS = (
    Field(
        "dossier_id", "text", "Mã hồ sơ", ("mã hồ sơ", "số hồ sơ", "dossier id", "dossier"), True
    ),
    Field("unit_id", "text", "Mã đơn vị", ("mã đơn vị", "đơn vị", "unit id", "unit"), True),
    Field(
        "procedure", "text", "Mã thủ tục", ("mã thủ tục", "thủ tục", "mã tthc", "procedure code")
    ),
    Field("level", "code", "Cấp", ("cấp", "cấp thực hiện", "level"), codes=LEVELS),
    Field(
        "service_level",
        "code",
        "Mức độ dịch vụ",
        ("mức độ dịch vụ", "mức độ dvc", "mức độ", "service level"),
        codes=SERVICE_LEVELS,
    ),
    Field(
        "channel",
        "code",
        "Kênh tiếp nhận",
        ("kênh tiếp nhận", "hình thức nộp", "kênh", "channel"),
        True,
        CHANNELS,
    ),
    Field("received_at", "time", "Ngày tiếp nhận", ("ngày tiếp nhận", "received at"), True),
    Field("due_at", "time", "Ngày hẹn trả", ("ngày hẹn trả", "hạn trả", "due at"), True),
    Field(
        "finished_at",
        "time",
        "Ngày hoàn thành",
        ("ngày hoàn thành", "ngày có kết quả", "ngày trả kết quả", "finished at"),
        True,
    ),
    Field("withdrawn", "flag", "Rút hồ sơ", ("rút hồ sơ", "đã rút", "withdrawn")),
    Field(
        "post_return",
        "flag",
        "Trả kết quả qua bưu chính",
        ("trả kết quả qua bưu chính", "trả qua bưu chính", "result by post", "post return"),
    ),
    Field(
        "online_payment",
        "flag",
        "Thanh toán trực tuyến",
        ("thanh toán trực tuyến", "online payment"),
    ),
    Field(
        "supplement_requests",
        "count",
        "Số lần yêu cầu bổ sung",
        ("số lần yêu cầu bổ sung", "số lần bổ sung", "supplement requests"),
    ),
    Field(
        "apology_letter",
        "flag",
        "Văn bản xin lỗi",
        ("văn bản xin lỗi", "thư xin lỗi", "apology letter"),
    ),
    Field(
        "digitised_on_receipt",
        "flag",
        "Số hóa khi tiếp nhận",
        ("số hóa khi tiếp nhận", "số hóa hồ sơ", "digitised on receipt"),
    ),
    Field(
        "result_digitised",
        "flag",
        "Số hóa kết quả",
        ("số hóa kết quả", "kết quả được số hóa", "result digitised"),
    ),
    Field(
        "satisfaction",
        "rating",
        "Mức độ hài lòng",
        ("mức độ hài lòng", "đánh giá hài lòng", "satisfaction"),
    ),
)

STEP_FIELDS = (
    Field(
        "dossier_id", "text", "Mã hồ sơ", ("mã hồ sơ", "số hồ sơ", "dossier id", "dossier"), True
    ),
    Field("step", "count", "Bước", ("bước", "bước xử lý", "thứ tự bước", "step"), True),
    Field(
        "official_id",
        "text",
        "Mã cán bộ",
        ("mã cán bộ", "mã công chức", "cán bộ xử lý", "official id", "official"),
        True,
    ),
    Field("step_due", "time", "Hạn xử lý bước", ("hạn xử lý bước", "hạn bước", "step due"), True),
    Field(
        "step_finished",
        "time",
        "Ngày hoàn thành bước",
        ("ngày hoàn thành bước", "hoàn thành bước", "step finished"),
        True,
    ),
    # who the official is in the unit: the head's steps give the heads' own indicators
    Field("role", "code", "Vai trò", ("vai trò", "chức danh", "role"), codes=ROLES),
)

SATISFIED_AT_LEAST = 3  # ratings 1–5; 1 and 2 are the dissatisfied ones (766/QĐ-TTg group 5)


def lookup(fields: tuple[Field, ...]) -> dict[str, str]:
    """Normalised header → canonical field name (names themselves, and every alias)."""
    out: dict[str, str] = {}
    for f in fields:
        for text in (f.name, f.label, *f.aliases):
            out.setdefault(norm(text), f.name)
    return out


def code_words(f: Field) -> dict[str, str]:
    """Normalised accepted word → canonical code, for a `code` field."""
    return {norm(w): code for code, words in f.codes for w in (code, *words)}
