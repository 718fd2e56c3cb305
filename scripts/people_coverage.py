#!/usr/bin/env python3
"""Which countries lack a head of state or government, a foreign or a defence minister
in the people tables, year by year (on 1 July of each year from 2000).

    python scripts/people_coverage.py [ISO3 ...]     (default: the G20, the corpus countries, their neighbours)

Prints one line per country: the number of gaps, then each gap as ROLE+YEAR. A country
without a defence ministry (Costa Rica, Guyana) has no defence gaps, and a post known to
have been vacant on the day (VACANT) is no gap.
The tests require no gap in heads of state or government.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

G20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA".split()
CORPUS = "BLR VEN UKR CUB NIC ECU AZE IRN".split()
# Land neighbours of the corpus countries (and of Russia, the corpus's most frequent actor).
NEIGHBOURS = sorted(set("""POL LTU LVA COL BRA GUY CAN MEX NOR FIN EST GEO KAZ CHN MNG PRK SVK HUN ROU MDA
                       HND CRI PER ARM TUR IRQ TKM AFG PAK""".split()))
# Years in which a country had no government of its own on 1 July (not an omission).
NO_GOVERNMENT = {"IRQ": {2003}}
# Countries with no defence minister (not an omission): Costa Rica abolished its army in
# 1948; Guyana's President commands the Defence Force through the Defence Board, with no
# ministry of defence.
NO_DEFENCE_MINISTRY = {"CRI", "GUY"}
# Posts empty on 1 July of a year between one minister leaving and the next being appointed
# (deputies acted; not an omission).
VACANT = {("MEX", "fm", 2023), ("ARM", "fm", 2021), ("MDA", "def", 2017), ("PAK", "fm", 2002)}
ROLES = {"lead": ("head_of_state", "head_of_government"), "fm": ("foreign_minister",), "def": ("defence_minister",)}
FIRST_YEAR = 2000


def role_rows() -> list[dict[str, str]]:
    from parley.datafiles import read_table

    return [row for path in sorted((ROOT / "src" / "parley" / "data" / "actors" / "people").glob("*.tsv"))
            for row in read_table(path, ("id", "name", "country", "variants"), ("sector", "role", "start", "end"))]


def in_force(rows: list[dict[str, str]], country: str, roles: tuple[str, ...], when: date) -> bool:
    for row in rows:
        if row["country"] == country and row.get("role") in roles:
            start = date.fromisoformat(row["start"]) if row.get("start") else date.min
            end = date.fromisoformat(row["end"]) if row.get("end") else date.max
            if start <= when <= end:
                return True
    return False


def gaps(rows: list[dict[str, str]], country: str, last_year: int) -> list[str]:
    """ROLE+YEAR for each 1 July on which nobody is on record in the role."""
    roles = dict(ROLES, fm=("secretary",)) if country == "USA" else dict(ROLES)
    if country in NO_DEFENCE_MINISTRY:
        del roles["def"]
    return [f"{name}{year}" for year in range(FIRST_YEAR, last_year + 1) for name, role in roles.items()
            if year not in NO_GOVERNMENT.get(country, ()) and (country, name, year) not in VACANT
            and not in_force(rows, country, role, date(year, 7, 1))]


def main(argv: list[str]) -> int:
    rows = role_rows()
    for country in argv or G20 + CORPUS + NEIGHBOURS:
        missing = gaps(rows, country, date.today().year - 1)
        print(f"{country} {len(missing)} {' '.join(missing)}".rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
