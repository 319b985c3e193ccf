"""What every model of the criteria language shares: strictness, names, formula checks."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from parindex.criteria import formula as fx
from parindex.errors import Text as Message
from parindex.errors import t

SCHEMA_VERSION = 1

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""Indicator and block ids: usable inside formulas, so lowercase letters, digits and `_`."""

Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=32)]
"""Area and criterion ids as printed in the decision: "3", "3.4", "II.2.a"."""

Text = Annotated[str, Field(min_length=1)]
Better = Literal["higher", "lower"]


class Model(BaseModel):
    # allow_inf_nan=False: `impute: .nan` or `max: .inf` would score silently wrong
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _remember_allowed_keys(cls, data: Any, info: ValidationInfo) -> Any:
        # The error for an unknown key says only which key; the loader uses this record to
        # offer "did you mean" from the keys that are allowed at that exact place.
        if isinstance(data, dict) and isinstance(info.context, dict):
            info.context.setdefault("allowed", {})[id(data)] = _allowed_keys(cls)
        return data


@cache
def _allowed_keys(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset(f.alias or name for name, f in cls.model_fields.items())


def problem(code: str, message: Message, at: tuple[str | int, ...] | None = None) -> Exception:
    """A validator's finding, raised as pydantic's error of type `code` (PX…): the message
    travels as `ctx["message"]` so the loader shows it in the reader's language (pydantic's own
    `msg` is its English text); `at` is the key path it is about, when not the validated one."""
    ctx: dict[str, object] = {"message": message}
    if at is not None:
        ctx["at"] = at
    return PydanticCustomError(code, "{message}", ctx)


def check_formula(text: str, *, boolean: bool | None = None) -> str:
    try:
        expr = fx.parse(text)
    except fx.FormulaError as exc:
        raise problem(
            "PX020", t("formula `{formula}`: {problem}", formula=text, problem=exc.message)
        ) from None
    if boolean is True and not fx.is_boolean(expr):
        raise problem(
            "PX020",
            t(
                "formula `{formula}` must be a condition (a comparison such as `late_rate > 0.2`)",
                formula=text,
            ),
        )
    return text


IndicatorKind = Literal["count", "rate", "percent", "yes_no", "points", "score"]
MissingPolicy = Literal["error", "zero", "not_applicable", "impute"]

DEFAULT_RANGE: dict[str, tuple[float, float | None]] = {
    "count": (0.0, None),
    "rate": (0.0, 1.0),
    "percent": (0.0, 100.0),
    "yes_no": (0.0, 1.0),
    "points": (0.0, None),
    "score": (0.0, 100.0),
}


class Indicator(Model):
    """An input column of the indicator data (chỉ tiêu đầu vào)."""

    label: Text
    label_en: Text | None = None
    kind: IndicatorKind
    min: float | None = None
    max: float | None = None
    at_most: Name | None = None  # another indicator this one can never exceed (late ≤ resolved)
    columns: list[Text] = Field(default_factory=list)  # other headers accepted in data files
    missing: MissingPolicy = "error"
    impute: float | None = None  # the value used when `missing: impute`

    def value_range(self) -> tuple[float, float | None]:
        low, high = DEFAULT_RANGE[self.kind]
        low = self.min if self.min is not None else low
        return (low, self.max if self.max is not None else high)
