"""The SQL aggregation against a plain reference of DOMAIN's counting rules, on random records."""

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.records.indicators import aggregate, open_records
from parindex.records.periods import parse_period

START = datetime(2016, 4, 1)
CUTOFF = datetime(2016, 8, 1)
HEADER = (
    "dossier_id,unit_id,procedure,channel,received_at,due_at,finished_at,withdrawn,"
    "apology_letter,supplement_requests,post_return\n"
)


@st.composite
def dossier(draw):
    received = START + timedelta(hours=draw(st.integers(0, 100 * 24)))
    due = received + timedelta(hours=draw(st.integers(0, 20 * 24)))
    finished = None
    if draw(st.booleans()):
        finished = received + timedelta(hours=draw(st.integers(0, 30 * 24)))
        if finished >= CUTOFF:
            finished = None
    return {
        "unit": draw(st.sampled_from(["A", "B"])),
        "procedure": draw(st.sampled_from(["P1", "P2", "P3"])),
        "online": draw(st.booleans()),
        "received": received,
        "due": due,
        "finished": finished,
        "withdrawn": finished is not None and draw(st.booleans()),
        "apology": draw(st.booleans()),
        "supplements": draw(st.integers(0, 3)),
        "post": draw(st.booleans()),
    }


def reference(ds, unit, start, end, cutoff):
    """DOMAIN.md "Counting dossiers", one dossier at a time."""
    t = min(end, cutoff)
    mine = [d for d in ds if d["unit"] == unit]
    rec = [d for d in mine if start <= d["received"] < end]
    res = [d for d in mine if d["finished"] is not None and start <= d["finished"] < end]
    graded = [d for d in res if not d["withdrawn"]]
    late = [d for d in graded if d["finished"] > d["due"]]
    day = lambda x: x.date()  # noqa: E731
    open_ = [d for d in mine if d["received"] < t and (d["finished"] is None or d["finished"] >= t)]
    return {
        "dossiers_received": len(rec),
        "dossiers_online": sum(d["online"] for d in rec),
        "procedures_received": len({d["procedure"] for d in rec}),
        "procedures_online": len({d["procedure"] for d in rec if d["online"]}),
        "dossiers_resupplied": sum(d["supplements"] > 1 for d in rec),
        "dossiers_resolved": len(res),
        "dossiers_withdrawn": sum(d["withdrawn"] for d in res),
        "dossiers_late": len(late),
        "dossiers_early": sum(d not in late and day(d["finished"]) < day(d["due"]) for d in graded),
        "dossiers_on_time": sum(
            d not in late and day(d["finished"]) == day(d["due"]) for d in graded
        ),
        "apology_letters": sum(d["apology"] for d in late),
        "results_by_post": sum(d["post"] for d in res),
        "dossiers_open": len(open_),
        "dossiers_open_overdue": sum(d["due"] < t for d in open_),
    }


def write(tmp, ds):
    lines = [HEADER]
    for i, d in enumerate(ds):
        fin = d["finished"].isoformat(sep=" ") if d["finished"] else ""
        lines.append(
            f"D{i},{d['unit']},{d['procedure']},{'online' if d['online'] else 'direct'},"
            f"{d['received'].isoformat(sep=' ')},{d['due'].isoformat(sep=' ')},{fin},"
            f"{int(d['withdrawn'])},{int(d['apology'])},{d['supplements']},{int(d['post'])}\n"
        )
    path = tmp / "r.csv"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ds=st.lists(dossier(), min_size=1, max_size=40),
    period=st.sampled_from(["2016-06", "2016-Q2", "2016-07", "2016-H1"]),
    cutoff_day=st.sampled_from([date(2016, 6, 20), date(2016, 7, 31)]),
)
def test_sql_counts_equal_the_reference(tmp_path, ds, period, cutoff_day):
    cutoff = datetime.combine(cutoff_day + timedelta(days=1), datetime.min.time())
    ds = [d for d in ds if d["received"] < cutoff]
    for d in ds:
        if d["finished"] is not None and d["finished"] >= cutoff:
            d["finished"], d["withdrawn"] = None, False
    if not ds:
        return
    p = parse_period(period)
    rec = open_records([(write(tmp_path, ds), "r.csv")], cutoff=cutoff)
    got = {r["unit_id"]: r for r in aggregate(rec, p.grain, p.bucket, p.bucket)}
    for unit in {d["unit"] for d in ds}:
        want = reference(ds, unit, p.start, p.end, cutoff)
        assert {k: got[unit][k] for k in want} == want
