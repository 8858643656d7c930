"""Write the two call-record files of the fictional "network" case (seeded, so re-runs give the same bytes).

Run from the repository root:  .venv/bin/python examples/network-case/make_cdr.py
All numbers are invented. Who each number belongs to is in ../TRUTH.json; the calls below follow the story
told in README.md: the organiser's line A talks to the recruiters, the cashier, the forger and the sergeant;
his line B talks only to the driver, the guide and the Sebha ghetto keeper. Noise numbers are ordinary
contacts (a garage, shops, family) that each talk to one member only.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

EVIDENCE = Path(__file__).parent / "evidence"
SEED = 20250525

# Niger lines as the operator writes them (national, 8 digits); foreign numbers with 00.
BOSS_A, BOSS_B = "96442170", "93580261"
SOLO, RABE, AICHA, SERGENT, BOUSSOLE = "98176305", "90271488", "88516043", "99034175", "97663012"
DOULAYE, YACOUBA = "0022376315842", "0022366204719"
SUNDAY, BOUSSOLE_LY = "00218924471936", "00218913482207"
MOUMOUNI, RABE_HOME, KONATE_FATHER, KWABENA = "96581440", "90882155", "0022375028831", "00233244170093"

# Lines the Niger request covered: the cell and IMEI columns describe the first of these in a row.
TARGETS = {
    BOSS_A: ("356938035643809", ["AGZ-0203", "AGZ-0211"]),
    BOSS_B: ("356938035643817", ["AGZ-0203", "AGZ-0211"]),  # same dual-SIM handset, next IMEI
    SOLO: ("353917064120552", ["NIA-0150", "NIA-0152"]),
    RABE: ("358240051877213", ["AGZ-0245", "AGZ-0211"]),
    AICHA: ("352099081143366", ["AGZ-0211", "AGZ-0230"]),
    SERGENT: ("359871042205719", ["DRK-0001"]),
    BOUSSOLE: ("861543037712408", ["DRK-0001", "DRK-0004"]),
}

START, END = datetime(2025, 5, 1, 6, 0), datetime(2025, 5, 25, 23, 0)
RABE_LAST = datetime(2025, 5, 17, 19, 0)  # then the Ténéré (no network); his last calls are fixed below
BOUSSOLE_LAST = datetime(2025, 5, 20, 12, 0)  # he throws the Niger chip away after the arrest

# (a, b, number of rows, share of SMS, latest time) — who talks to whom, how often.
PAIRS: list[tuple[str, str, int, float, datetime]] = [
    (BOSS_A, DOULAYE, 14, 0.1, END),
    (BOSS_A, YACOUBA, 5, 0.0, END),
    (BOSS_A, SOLO, 16, 0.2, END),
    (BOSS_A, AICHA, 30, 0.25, END),
    (BOSS_A, SERGENT, 8, 0.0, END),
    (BOSS_A, RABE, 3, 0.0, datetime(2025, 5, 9, 22, 0)),  # before "only call me on this number"
    (BOSS_B, RABE, 18, 0.15, RABE_LAST),
    (BOSS_B, BOUSSOLE, 10, 0.1, BOUSSOLE_LAST),
    (BOSS_B, SUNDAY, 12, 0.0, END),
    (RABE, AICHA, 6, 0.0, RABE_LAST),
    (RABE, BOUSSOLE, 8, 0.2, RABE_LAST),
    (RABE, SERGENT, 2, 0.0, RABE_LAST),
    (SOLO, DOULAYE, 7, 0.3, END),
    (SOLO, AICHA, 4, 0.0, END),
    (AICHA, KONATE_FATHER, 3, 0.0, END),
    (MOUMOUNI, SOLO, 6, 0.2, END),
    (KWABENA, SOLO, 2, 0.0, END),
    (RABE, RABE_HOME, 40, 0.3, RABE_LAST),  # the driver's wife: many calls, one neighbour
    # noise: ordinary contacts, each of one member
    (BOSS_A, "97124066", 9, 0.1, END),
    (BOSS_A, "99812507", 6, 0.0, END),
    (BOSS_A, "93116284", 1, 0.0, END),  # an Agadez phone shop also called by the cashier
    (AICHA, "93116284", 2, 0.0, END),
    (SOLO, "90661349", 7, 0.3, END),
    (SOLO, "94205871", 5, 0.0, END),
    (RABE, "96307715", 8, 0.0, RABE_LAST),
    (AICHA, "88703312", 11, 0.4, END),
    (AICHA, "98450926", 6, 0.0, END),
    (SERGENT, "89214430", 7, 0.2, END),
    (SERGENT, "90113527", 4, 0.0, END),
    (BOUSSOLE, "97551806", 5, 0.0, BOUSSOLE_LAST),
    (BOSS_A, "90517732", 10, 0.2, END),
    (SOLO, "99460218", 6, 0.0, END),
    (AICHA, "96734091", 8, 0.25, END),
    (SERGENT, "98802615", 5, 0.0, END),
    (RABE, "88190457", 6, 0.0, RABE_LAST),
]

# Calls told in the transcripts and the seized phone: (caller, callee, time, seconds).
FIXED: list[tuple[str, str, str, int]] = [
    (DOULAYE, BOSS_A, "06/05/2025 09:12:00", 171),
    (YACOUBA, BOSS_A, "08/05/2025 16:40:00", 118),
    (SOLO, BOSS_A, "10/05/2025 07:55:00", 200),
    (BOSS_A, AICHA, "13/05/2025 20:18:00", 245),
    (BOSS_B, RABE, "15/05/2025 22:47:00", 214),
    (SERGENT, BOSS_A, "16/05/2025 13:05:00", 106),
    (BOSS_B, SUNDAY, "16/05/2025 21:30:00", 182),
    (SERGENT, RABE, "18/05/2025 23:58:00", 41),
    (RABE, BOSS_B, "19/05/2025 00:55:00", 63),
    (RABE, BOUSSOLE, "20/05/2025 05:31:00", 22),
    (RABE, BOSS_B, "20/05/2025 06:02:00", 38),
    (BOUSSOLE_LY, BOSS_B, "21/05/2025 06:10:00", 145),
    (BOUSSOLE_LY, BOSS_B, "23/05/2025 19:40:00", 96),
]
TRIP_CELLS = {  # where the trip's fixed calls were made
    "18/05/2025 23:58:00": "DRK-0001",
    "19/05/2025 00:55:00": "DRK-0001",
    "20/05/2025 05:31:00": "DRK-0004",
    "20/05/2025 06:02:00": "DRK-0004",
}


def _when(rng: random.Random, latest: datetime) -> datetime:
    """A waking-hours time (06:00-23:59) between START and latest."""
    days = max(0, (latest - START).days - 1)
    day = START + timedelta(days=rng.randint(0, days))
    moment = day.replace(hour=rng.randint(6, 23), minute=rng.randint(0, 59), second=rng.randint(0, 59))
    return min(moment, latest)


def _niger_rows(rng: random.Random) -> list[tuple[datetime, str, str, int, str]]:
    rows = []
    for a, b, count, sms_share, latest in PAIRS:
        for _ in range(count):
            caller, callee = (a, b) if rng.random() < 0.55 else (b, a)
            sms = rng.random() < sms_share
            rows.append(
                (
                    _when(rng, latest),
                    caller,
                    callee,
                    0 if sms else rng.randint(8, 420),
                    "SMS" if sms else "VOIX",
                )
            )
    for caller, callee, stamp, seconds in FIXED:
        rows.append((datetime.strptime(stamp, "%d/%m/%Y %H:%M:%S"), caller, callee, seconds, "VOIX"))
    return sorted(rows)


def write_niger(rng: random.Random, rows: list[tuple[datetime, str, str, int, str]]) -> int:
    lines = [
        "# DONNÉES FICTIVES / FICTIONAL DATA - cas d'exercice Filière « réseau » (aucune personne réelle)",
        "Appelant;Appelé;Date/Heure;Durée (s);Type;Cellule;IMEI",
    ]
    for moment, caller, callee, seconds, kind in rows:
        side = caller if caller in TARGETS else callee
        imei, cells = TARGETS[side]
        stamp = moment.strftime("%d/%m/%Y %H:%M:%S")
        cell = TRIP_CELLS.get(stamp) or rng.choice(cells)
        lines.append(f"{caller};{callee};{stamp};{seconds};{kind};{cell};{imei}")
    (EVIDENCE / "cdr_airtel_ne_2025-05.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return len(rows)


# Libyan export: the ghetto keeper's line and the guide's Libyan chip, numbers written 218… or 00218….
LY_SUNDAY, LY_GUIDE = "218924471936", "218913482207"
SUNDAY_BOYS = ["218913660428", "218944871502"]  # unidentified members of the Sebha group
FAMILIES = ["2348035552716", "2347065550982", "2348135554471"]  # victims' families in Nigeria
LY_NOISE = ["218925310774", "00218917023318", "218927745160"]
LY_PAIRS = [
    (LY_SUNDAY, SUNDAY_BOYS[0], 14, 0.2),
    (LY_SUNDAY, SUNDAY_BOYS[1], 9, 0.2),
    (LY_SUNDAY, FAMILIES[0], 3, 0.34),
    (LY_SUNDAY, FAMILIES[1], 2, 0.0),
    (LY_SUNDAY, FAMILIES[2], 2, 0.5),
    (LY_SUNDAY, LY_NOISE[0], 5, 0.0),
    (LY_SUNDAY, LY_NOISE[1], 3, 0.0),
    (LY_SUNDAY, LY_NOISE[2], 4, 0.25),
]
LY_FIXED = [  # the guide's chip after the arrest: handing the nine over at Toummo
    (LY_GUIDE, SUNDAY_BOYS[0], datetime(2025, 5, 21, 6, 48), 77),
    (SUNDAY_BOYS[0], LY_GUIDE, datetime(2025, 5, 21, 9, 15), 35),
    (LY_GUIDE, LY_SUNDAY, datetime(2025, 5, 21, 11, 2), 58),
]


def _libyan(number: str) -> str:
    """The Niger file writes 00218…/00227…; the Libyan export writes its own lines 218… and others 00…."""
    bare = number.removeprefix("00")
    if bare.startswith("218"):
        return bare
    return "00227" + number if len(number) == 8 else number


def write_libya(rng: random.Random, niger_rows: list[tuple[datetime, str, str, int, str]]) -> int:
    rows: list[tuple[datetime, str, str, int, str]] = []
    end = datetime(2025, 5, 25, 22, 0)
    for a, b, count, sms_share in LY_PAIRS:
        for _ in range(count):
            caller, callee = (a, b) if rng.random() < 0.6 else (b, a)
            sms = rng.random() < sms_share
            seconds = 0 if sms else rng.randint(10, 360)
            rows.append((_when(rng, end), caller, callee, seconds, "sms" if sms else "voice"))
    rows += [(moment, a, b, seconds, "voice") for a, b, moment, seconds in LY_FIXED]
    # the same calls as the Niger file saw them (both operators answered, in Niger time)
    for moment, caller, callee, seconds, kind in niger_rows:
        if SUNDAY in (caller, callee) or BOUSSOLE_LY in (caller, callee):
            rows.append(
                (moment, _libyan(caller), _libyan(callee), seconds, "sms" if kind == "SMS" else "voice")
            )
    rows.sort()
    lines = [
        '\ufeff# FICTIONAL DATA - Filière "network" training case (no real person)',
        "calling_number,called_number,start_time,duration,cell_id,event_type",
    ]
    for moment, caller, callee, seconds, kind in rows:
        cell = "QTR-0007" if LY_GUIDE in (caller, callee) else "SBH-0032"
        lines.append(f"{caller},{callee},{moment.strftime('%Y-%m-%dT%H:%M:%S')},{seconds},{cell},{kind}")
    (EVIDENCE / "cdr_libyana_2025-05.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def main() -> None:
    rng = random.Random(SEED)
    niger_rows = _niger_rows(rng)
    print("Niger rows:", write_niger(rng, niger_rows))
    print("Libya rows:", write_libya(rng, niger_rows))


if __name__ == "__main__":
    main()
