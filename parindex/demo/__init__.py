"""The demo province: 166 units modelled on Khánh Hòa 2016, and their heads (made by
scripts/make_demo_data.py). A leaf of the package: anything may name these files."""

from pathlib import Path

DEMO_DATA = Path(__file__).parent / "khanh-hoa-2016.csv"
DEMO_HEADS = Path(__file__).parent / "heads-2016.csv"
