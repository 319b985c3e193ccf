"""Emulation-award eligibility (thi đua, khen thưởng): every unit × award, with its reasons.

For each unit and award: the exclusion that removed it, or each condition with whether it held
and the value that decided it; then the block's quota, best rank first, with the stated rule for
a tie at the limit. A unit refused an award can read exactly which condition failed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from parindex.criteria.consequences import Award, Awards
from parindex.scoring.accountability import HeadResult
from parindex.scoring.engine import Results


@dataclass(frozen=True)
class Check:
    condition: str  # class | rank_at_most | min_index | min_improvement | no_cap | head_at_least
    held: bool
    value: str  # what the unit had, as the file's words
    required: str  # what the award asks, as the file's words
    # The same as data, for a report to say in any language: what the unit had (a class, rank,
    # index, head's level, or whether a cap lowered it) and what was asked (classes, a number,
    # a level); for an improvement the index before and after and the gain; `missing` when the
    # input was absent: "previous" (no last period given), "no_result" (the unit had none in
    # it), "heads" (no roster, or no rating of this unit's head).
    got: str | float | bool | None = None
    need: str | float | list[str] | None = None
    before: float | None = None
    after: float | None = None
    gain: float | None = None
    missing: str | None = None


@dataclass(frozen=True)
class Decision:
    unit: str
    name: str
    block: str
    award: str
    title: str
    eligible: bool
    excluded: str | None = None  # the exclusion's reason, when one applied
    checks: list[Check] = field(default_factory=list)
    quota: str | None = None  # why the quota refused it, when it did
    # the same as data: the exclusion ({"kind": "block"} or {"kind": "class", "reason": …,
    # "class": …}) and the quota ({"per_block": n, "rank": r, "ties": "excluded" | "included"
    # | None, the rule applied when the unit was tied at the limit})
    exclusion: dict[str, str] | None = None
    quota_detail: dict[str, int | str | None] | None = None
    # the input without which this award cannot be decided for anyone: "heads" (no roster, so
    # no head rating) or "previous" (no last period's results); never read as "not eligible"
    undetermined: str | None = None

    @property
    def reasons(self) -> list[str]:
        """Why the award was refused, in the file's words; empty when eligible."""
        out = [self.excluded] if self.excluded else []
        out += [
            f"{c.condition}: {c.value} (required {c.required})" for c in self.checks if not c.held
        ]
        return out + ([self.quota] if self.quota else [])


@dataclass(frozen=True)
class _Unit:
    id: str
    name: str
    block: str
    index: float
    klass: str
    rank: int
    capped: bool


def decide(
    awards: Awards,
    results: list[Results],
    *,
    heads: list[HeadResult] | None = None,
    levels: list[str] | None = None,
    previous: dict[str, float] | None = None,
) -> list[Decision]:
    """Decisions for every unit of `results` and every award, in unit then award order.

    `levels` lists the accountability levels best first (needed by `head_at_least`);
    `previous` maps unit id → last period's index (needed by `min_improvement`).
    """
    units = [_unit(r, i) for r in results for i in range(len(r.table))]
    worst_level: dict[str, int] = {}
    if heads is not None and levels is not None:
        folded = [lv.casefold() for lv in levels]
        for h in heads:
            pos = folded.index(h.level.casefold())
            worst_level[h.unit.id] = max(worst_level.get(h.unit.id, -1), pos)
    out: list[Decision] = []
    for award in awards.awards:
        decided = [_decide(award, awards, u, worst_level, levels, previous) for u in units]
        out += _quota(award, units, decided)
    order = {u.id: k for k, u in enumerate(units)}
    return sorted(out, key=lambda d: (order[d.unit], [a.id for a in awards.awards].index(d.award)))


def missing_input(
    award: Award, levels: list[str] | None, previous: dict[str, float] | None
) -> str | None:
    """The input an award's conditions need and the run lacks, if any."""
    if award.conditions.head_at_least is not None and levels is None:
        return "heads"
    if award.conditions.min_improvement is not None and previous is None:
        return "previous"
    return None


def _unit(res: Results, i: int) -> _Unit:
    block = res.table.blocks[i]
    cl = res.classification
    return _Unit(
        res.table.ids[i],
        res.table.names[i],
        block,
        float(cl.rounded[i]),
        cl.label(res.plan, block, i),
        int(cl.rank[i]),
        bool(cl.caps_lowered[i].any()),
    )


def _decide(
    award: Award,
    awards: Awards,
    u: _Unit,
    worst_level: dict[str, int],
    levels: list[str] | None,
    previous: dict[str, float] | None,
) -> Decision:
    base = Decision(
        u.id, u.name, u.block, award.id, award.title, eligible=False,
        undetermined=missing_input(award, levels, previous),
    )  # fmt: skip
    if award.blocks is not None and u.block not in award.blocks:
        return replace(base, excluded="award not open to this block", exclusion={"kind": "block"})
    for ex in awards.exclude:
        if u.klass.casefold() in {c.casefold() for c in ex.class_}:
            what = {"kind": "class", "reason": ex.reason, "class": u.klass}
            return replace(base, excluded=f"{ex.reason} ({u.klass})", exclusion=what)
    c = award.conditions
    checks: list[Check] = []
    if c.class_ is not None:
        checks.append(
            Check(
                "class",
                u.klass.casefold() in {k.casefold() for k in c.class_},
                u.klass,
                " / ".join(c.class_),
                got=u.klass,
                need=list(c.class_),
            )
        )
    if c.rank_at_most is not None:
        checks.append(
            Check(
                "rank_at_most",
                u.rank <= c.rank_at_most,
                str(u.rank),
                f"≤ {c.rank_at_most}",
                got=u.rank,
                need=c.rank_at_most,
            )
        )
    if c.min_index is not None:
        checks.append(
            Check(
                "min_index",
                u.index >= c.min_index - 1e-9,
                f"{u.index:.2f}",
                f"≥ {c.min_index:g}",
                got=u.index,
                need=c.min_index,
            )
        )
    if c.min_improvement is not None:
        before = previous.get(u.id) if previous is not None else None
        if previous is None:
            checks.append(
                Check(
                    "min_improvement",
                    False,
                    "no previous period's results given",
                    f"≥ +{c.min_improvement:g}",
                    need=c.min_improvement,
                    missing="previous",
                )
            )
        elif before is None or math.isnan(before):
            checks.append(
                Check(
                    "min_improvement",
                    False,
                    "no result in the previous period",
                    f"≥ +{c.min_improvement:g}",
                    need=c.min_improvement,
                    missing="no_result",
                )
            )
        else:
            gain = u.index - before
            checks.append(
                Check(
                    "min_improvement",
                    gain >= c.min_improvement - 1e-9,
                    f"{gain:+.2f} ({before:.2f} → {u.index:.2f})",
                    f"≥ +{c.min_improvement:g}",
                    got=gain,
                    need=c.min_improvement,
                    before=before,
                    after=u.index,
                    gain=gain,
                )
            )
    if c.no_cap:
        checks.append(
            Check(
                "no_cap",
                not u.capped,
                "class capped" if u.capped else "no cap",
                "no cap",
                got=u.capped,
            )
        )
    if c.head_at_least is not None:
        if levels is None or u.id not in worst_level:
            checks.append(
                Check(
                    "head_at_least",
                    False,
                    "no head rating (no roster given)",
                    f"≥ {c.head_at_least}",
                    need=c.head_at_least,
                    missing="heads",
                )
            )
        else:
            need = [lv.casefold() for lv in levels].index(c.head_at_least.casefold())
            got = worst_level[u.id]
            checks.append(
                Check(
                    "head_at_least",
                    got <= need,
                    levels[got],
                    f"≥ {c.head_at_least}",
                    got=levels[got],
                    need=c.head_at_least,
                )
            )
    return replace(base, eligible=all(ch.held for ch in checks), checks=checks)


def _quota(award: Award, units: list[_Unit], decided: list[Decision]) -> list[Decision]:
    if award.quota is None:
        return decided
    limit = award.quota.per_block
    out = list(decided)
    by_block: dict[str, list[int]] = {}
    for k, d in enumerate(decided):
        if d.eligible:
            by_block.setdefault(d.block, []).append(k)
    for members in by_block.values():
        members.sort(key=lambda k: (units[k].rank, units[k].id))
        if len(members) <= limit:
            continue
        edge = units[members[limit - 1]].rank  # the rank of the last unit within the quota
        tied = [k for k in members if units[k].rank == edge]
        within = {k for k in members if units[k].rank <= edge}
        if len(within) > limit and award.quota.ties == "exclude_all":
            keep = within - set(tied)
            rule, ties = "ties at the limit are all excluded", "excluded"
        else:
            keep = within
            rule, ties = "ties at the limit are all included", "included"
        for k in members:
            if k in keep:
                continue
            why = (
                f"quota of {limit} per block reached (rank {units[k].rank}; {rule})"
                if k in tied
                else f"quota of {limit} per block reached (rank {units[k].rank})"
            )
            detail = {
                "per_block": limit,
                "rank": units[k].rank,
                "ties": ties if k in tied else None,
            }
            out[k] = replace(decided[k], eligible=False, quota=why, quota_detail=detail)
    return out
