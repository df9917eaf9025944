"""Temporal tagger: find time expressions and normalise them to TIMEX3 values.

Rules live in ``resources/timex/`` (``lexicon.yaml``: words and their values;
``patterns.yaml``: regular expressions with ``{MACRO}`` slots filled from the
lexicon). They are compiled once. Matching runs on raw text (no parser needed),
the longest match wins where patterns overlap, and each match is normalised against
the document creation time (DCT) by the function named by its pattern's ``kind``.

News is past-leaning: without a future cue in the sentence ("will", "next", ...),
an underspecified weekday or month is the most recent one on or before the DCT.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from ..model import TimeExpression

_RESOURCE = "newsgraph.resources.timex"

#: lexicon sections that become ``{MACRO}`` named groups: macro -> (section, group name)
_GROUP_MACROS: dict[str, tuple[str, str]] = {
    "MONTH": ("months", "month"),
    "WEEKDAY": ("weekdays", "weekday"),
    "SEASON": ("seasons", "season"),
    "POD": ("parts_of_day", "pod"),
    "DIR": ("direction", "dir"),
    "REF": ("references", "ref"),
    "DEICTIC": ("deictic_days", "deictic"),
    "SET": ("sets", "setword"),
    "ORD": ("ordinals", "ord"),
    "CENTURY": ("spoken_years", "century"),
}
_REQUIRED_SECTIONS = (
    *(section for section, _ in _GROUP_MACROS.values()),
    "holidays",
    "movable_holidays",
    "frequencies",
    "numbers",
    "units",
    "modifiers",
    "quantifiers",
    "future_cues",
    "past_cues",
)
#: months and weekdays written in full; shorter forms must carry a dot or a number.
_FULL_CALENDAR_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday",
}  # fmt: skip
#: cost of placing an underspecified date on the side the sentence does not point to.
_SIDE_PENALTY_DAYS = 60
#: extra cost of placing it after the article date when the sentence is in the past tense.
_PAST_TENSE_PENALTY_DAYS = 60


def _alternation(words: Any) -> str:
    """Regex alternation of words, longest first, spaces matching any whitespace/hyphen."""
    items = sorted({str(w).lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in items)


@dataclass(frozen=True)
class Rules:
    """Compiled lexicon and patterns (built once per process)."""

    lexicon: dict[str, Any]
    patterns: tuple[tuple[str, str, re.Pattern[str]], ...]  # (name, kind, regex)
    future_cue: re.Pattern[str]
    past_cue: re.Pattern[str]


def load_yaml(name: str) -> dict[str, Any]:
    """Read one of the package's timex resource files."""
    return yaml.safe_load(resources.files(_RESOURCE).joinpath(name).read_text("utf-8"))


def _macros(lex: dict[str, Any]) -> dict[str, str]:
    macros = {
        macro: f"(?P<{group}>{_alternation(lex[section])})"
        for macro, (section, group) in _GROUP_MACROS.items()
    }
    units = _alternation(lex["units"])
    macros["UNIT"] = f"(?P<unit>(?:{units}|centurie)s?)"
    words = {str(w) for w in lex["numbers"]}
    tens = [w for w, v in lex["numbers"].items() if isinstance(v, int) and 20 <= v <= 90]
    ones = [w for w, v in lex["numbers"].items() if isinstance(v, int) and 1 <= v <= 9 and len(w) > 2]
    compound = f"(?:{_alternation(tens)})(?:[\\s-]+(?:{_alternation(ones)}))?"
    macros["NUM"] = (
        f"(?P<num>\\d+(?:[.,]\\d+)?(?:\\s+1/2)?|{compound}|{_alternation(words)})"
    )
    teens = [w for w, v in lex["numbers"].items() if isinstance(v, int) and 10 <= v <= 19]
    macros["TWODIGIT"] = f"(?P<rest>{compound}|{_alternation(teens)}|hundred)"
    macros["YEAR"] = r"(?P<year>(?:1[5-9]|20)\d\d)(?![\d,.]\d)"
    macros["DAY"] = r"(?P<day>[12]\d|3[01]|0?[1-9])"
    macros["HOLIDAY"] = f"(?P<holiday>{_alternation([*lex['holidays'], *lex['movable_holidays']])})"
    macros["FREQ"] = f"(?P<freqword>{_alternation(lex['frequencies'])})"
    macros["MOD"] = f"(?:(?P<mod>{_alternation(lex['modifiers'])})[\\s-]+)?"
    macros["QUANT"] = f"(?:(?P<quant>{_alternation(lex['quantifiers'])})\\s+)?"
    return macros


@lru_cache(maxsize=1)
def rules() -> Rules:
    """Load and compile the lexicon and patterns (validated: unknown kinds raise)."""
    lex = load_yaml("lexicon.yaml")
    missing = [s for s in _REQUIRED_SECTIONS if not lex.get(s)]
    if missing:
        raise ValueError(f"timex lexicon lacks sections: {missing}")
    macros = _macros(lex)
    compiled = []
    for entry in load_yaml("patterns.yaml")["patterns"]:
        name, kind, source = entry["name"], entry["kind"], entry["regex"]
        if kind not in _NORMALISERS:
            raise ValueError(f"timex pattern {name!r}: unknown kind {kind!r}")
        body = re.sub(r"\{([A-Z]+)\}", lambda m: macros[m.group(1)], source)
        regex = re.compile(rf"(?<![\w$£€'-])(?:{body})(?![\w%]|-\w)", re.IGNORECASE)
        compiled.append((name, kind, regex))
    cue = re.compile(rf"\b(?:{_alternation(lex['future_cues'])})\b", re.IGNORECASE)
    past = re.compile(rf"\b(?:{_alternation(lex['past_cues'])}|{lex['past_suffix']})\b", re.IGNORECASE)
    return Rules(lex, tuple(compiled), cue, past)


# --------------------------------------------------------------------------- calendar


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _iso_week(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def _quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _number(text: str | None, lex: dict[str, Any]) -> float | str | None:
    """Value of a number written in digits or words ("twenty four" = 24); "X" if vague."""
    if not text:
        return None
    t = re.sub(r"[\s-]+", " ", text.lower()).strip()
    if t[0].isdigit():
        half = 0.5 if t.endswith("1/2") else 0.0
        t = t.split()[0].replace(",", "")
        try:
            return float(t) + half
        except ValueError:
            return None
    numbers = lex["numbers"]
    if t in numbers:
        v = numbers[t]
        return v if v == "X" else float(v)
    parts = t.split()
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        return float(numbers[parts[0]]) + float(numbers[parts[1]])
    return None


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


# --------------------------------------------------------------------------- normalisers


@dataclass
class _Ctx:
    """What a normaliser needs: the match, the DCT, the lexicon, the sentence direction."""

    groups: dict[str, str | None]
    text: str
    dct: date | None
    lex: dict[str, Any]
    future: bool
    past: bool = False  # a past-tense verb in the sentence (and no future cue)
    before: str = ""  # the text just before the match ("$5 a year": a rate, so a SET)
    freq: str = ""  # set by a normaliser: TIMEX3 freq of a SET ("twice a week" -> 2X)

    def g(self, name: str) -> str:
        return (self.groups.get(name) or "").lower()


#: a normaliser returns (type, value, precision, anchored, note) or None to drop the match.
Result = tuple[str, str, str, bool, str] | None


def _month_num(ctx: _Ctx) -> int | None:
    if ctx.groups.get("mnum"):
        return int(ctx.groups["mnum"] or 0)
    word = ctx.g("month").rstrip(".")
    return int(ctx.lex["months"][word]) if word in ctx.lex["months"] else None


def _given_year(ctx: _Ctx) -> tuple[int, bool] | None:
    """The year written with a month or season: digits, words ("nineteen ninety-four")
    or relative ("June last year"); (year, anchored) or None when none is written."""
    if ctx.groups.get("year"):
        return int(ctx.groups["year"] or 0), False
    if ctx.groups.get("century"):
        spoken = _norm_spoken_year(ctx)
        return (int(spoken[1]), False) if spoken else None
    if ctx.groups.get("ydir") and ctx.dct:
        return ctx.dct.year + int(ctx.lex["direction"][ctx.g("ydir")]), True
    return None


def _pick_year_for_month(ctx: _Ctx, month: int, day: int | None = None) -> tuple[int, str]:
    """Year of a month (and day) given without one: see :func:`_pick_year`."""
    assert ctx.dct is not None
    dct = ctx.dct

    def distance(year: int) -> int | None:
        if day is None:
            return ((year * 12 + month) - (dct.year * 12 + dct.month)) * 30
        try:
            return (date(year, month, day) - dct).days
        except ValueError:
            return None

    return _pick_year(ctx, distance)


def _pick_year(ctx: _Ctx, distance_of: Callable[[int], int | None]) -> tuple[int, str]:
    """The year (DCT year +-1) whose date is nearest the DCT (``distance_of`` gives days),
    where the side the sentence does not point to (future, unless a future cue) pays a
    penalty of two months: news is past-leaning."""
    assert ctx.dct is not None
    best: tuple[int, int] | None = None
    for year in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1):
        distance = distance_of(year)
        if distance is None:
            continue
        ahead = distance > 0
        cost = abs(distance) + (_SIDE_PENALTY_DAYS if ahead != ctx.future and distance else 0)
        if ahead and ctx.past:
            cost += _PAST_TENSE_PENALTY_DAYS
        if best is None or cost < best[0]:
            best = (cost, year)
    if best is None:
        raise ValueError("no year fits the expression")
    year = best[1]
    if year == ctx.dct.year:
        return year, _YEAR_NOTES[0]
    return year, _YEAR_NOTES[1] if year < ctx.dct.year else _YEAR_NOTES[2]


_YEAR_NOTES = ("article year", "previous year (nearest, past-leaning)", "next year (nearest)")


def _norm_date(ctx: _Ctx) -> Result:
    month = _month_num(ctx)
    day = int(ctx.groups["day"]) if ctx.groups.get("day") else None
    if month is None:
        return None
    if day is not None and day > 31:
        return None
    if given := _given_year(ctx):
        (year, anchored), note = given, "year given"
    elif ctx.dct:
        year, note = _pick_year_for_month(ctx, month, day)
        anchored = True
    else:
        year, note, anchored = 0, "no article date", False
    y = f"{year:04d}" if year else "XXXX"
    if day is None:
        return "DATE", f"{y}-{month:02d}", "month", anchored, note
    try:
        date(year or 2000, month, day)
    except ValueError:
        return None
    if suffix := _pod_suffix(ctx):
        return "TIME", f"{y}-{month:02d}-{day:02d}{suffix}", "time", anchored, note
    return "DATE", f"{y}-{month:02d}-{day:02d}", "day", anchored, note


def _norm_month(ctx: _Ctx) -> Result:
    month = _month_num(ctx)
    if month is None:
        return None
    direction = ctx.g("dir")
    if given := _given_year(ctx):
        return "DATE", f"{given[0]:04d}-{month:02d}", "month", given[1], "year given"
    if not ctx.dct:
        return "DATE", f"XXXX-{month:02d}", "month", False, "no article date"
    y = ctx.dct.year
    if direction in ("last", "past", "previous", "preceding"):
        year = y if month < ctx.dct.month else y - 1
        note = f"'{direction}' {ctx.g('month')}: the previous one"
    elif direction in ("next", "coming", "following"):
        year = y if month > ctx.dct.month else y + 1
        note = f"'{direction}' {ctx.g('month')}: the next one"
    elif direction in ("this", "current"):
        year, note = y, "this year's"
    else:
        year, note = _pick_year_for_month(ctx, month)
    return "DATE", f"{year:04d}-{month:02d}", "month", True, note


def _norm_year(ctx: _Ctx) -> Result:
    year = int(ctx.groups["year"] or 0)
    return "DATE", f"{year:04d}", "year", False, "explicit year"


def _norm_spoken_year(ctx: _Ctx) -> Result:
    century = ctx.lex["spoken_years"][re.sub(r"[\s-]+", " ", ctx.g("century"))]
    if int(century) >= 1000:
        return "DATE", f"{int(century)}", "year", False, "year in words"
    rest = ctx.g("rest")
    if not rest:
        return None
    n = 0 if rest == "hundred" else _number(rest, ctx.lex)
    if not isinstance(n, (int, float)):
        return None
    return "DATE", f"{int(century) * 100 + int(n):04d}", "year", False, "year in words"


def _norm_decade(ctx: _Ctx) -> Result:
    """TimeML writes a decade as its first three digits ("197" = the 1970s)."""
    if ctx.groups.get("decade"):
        return "DATE", str(ctx.groups["decade"]), "decade", False, "explicit decade"
    tens = ctx.lex["decade_words"][ctx.g("decword").lstrip("'")]
    return "DATE", f"19{tens}", "decade", False, "decade in words, 20th century assumed"


def _norm_century(ctx: _Ctx) -> Result:
    """"the 20th century" is 19 (TimeML: the first two digits of its years)."""
    n = int(ctx.groups.get("cnum") or 0)
    if not 1 <= n <= 21:
        return None
    return "DATE", f"{n - 1:02d}", "century", False, "ordinal century"


def _norm_quarter(ctx: _Ctx) -> Result:
    if ctx.groups.get("ordnum"):
        n = int(ctx.groups["ordnum"] or 0)
        half = ctx.g("qcode") == "h"
    else:
        n = int(ctx.lex["ordinals"].get(ctx.g("ord"), 0))
        half = ctx.g("qunit") == "half"
    if not 1 <= n <= (2 if half else 4):
        return None
    code = f"H{n}" if half else f"Q{n}"
    explicit = ctx.groups.get("year") or ctx.groups.get("year2")
    if explicit:
        return "DATE", f"{explicit}-{code}", "quarter", False, "explicit"
    if not ctx.dct:
        return "DATE", f"XXXX-{code}", "quarter", False, "no article date"
    current = ((ctx.dct.month - 1) // 6 + 1) if half else _quarter(ctx.dct)
    year = ctx.dct.year
    if n > current and not ctx.future:
        year -= 1
    return "DATE", f"{year}-{code}", "quarter", True, "most recent such quarter"


def _norm_latest_quarter(ctx: _Ctx) -> Result:
    """'the quarter', 'the latest quarter': the last quarter reported (the one before the DCT's)."""
    if not ctx.dct:
        return None
    latest = ctx.g("latest")
    y, q = ctx.dct.year, _quarter(ctx.dct) - 1
    if q == 0:
        y, q = y - 1, 4
    if latest.startswith("year-"):
        y -= 1
    if ctx.groups.get("year"):  # "the 1988 quarter": that year's same quarter
        y = int(ctx.groups["year"] or 0)
    return "DATE", f"{y}-Q{q}", "quarter", True, "last completed quarter"


def _norm_year_ago(ctx: _Ctx) -> Result:
    if not ctx.dct:
        return None
    y = ctx.dct.year - 1
    if ctx.g("qunit"):
        q = _quarter(ctx.dct) - 1 or 4
        return "DATE", f"{y}-Q{q}", "quarter", True, "same quarter a year before"
    return "DATE", f"{y}", "year", True, "a year before the article"


def _norm_season(ctx: _Ctx) -> Result:
    word = re.sub(r"[\s-]+", " ", ctx.g("season"))
    code = ctx.lex["seasons"][word]
    if given := _given_year(ctx):
        return "DATE", f"{given[0]}-{code}", "season", given[1], "year given"
    if word == "fall" and not ctx.g("dir") and not ctx.text.lower().startswith("the"):
        return None  # "prices fall" is a verb
    if not ctx.dct:
        return None
    direction = int(ctx.lex["direction"].get(ctx.g("dir"), 0))
    starts = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
    y = ctx.dct.year
    begun = ctx.dct.month >= starts[code]
    if direction < 0:
        y = y if begun and ctx.dct.month >= starts[code] + 3 else y - 1
    elif direction > 0:
        y = y + 1 if begun else y
    return "DATE", f"{y}-{code}", "season", True, f"'{ctx.g('dir')}' season"


def _norm_this_unit(ctx: _Ctx) -> Result:
    """"the (current, full, fiscal) year", "the current quarter", "the week": the unit
    containing the article date; "the latest fiscal year" the one before; "the year
    ended June 30" is a length of time."""
    unit = ctx.g("thisunit") or "year"  # "year-end" names no unit group
    if ctx.g("ended") and unit == "year":
        return "DURATION", "P1Y", "none", False, "'the year ended ...': a length of time"
    if not ctx.dct:
        return None
    offset = -1 if ctx.g("which") in ("latest", "most recent", "last completed") else 0
    if unit == "quarter":
        y, m = _shift_months(ctx.dct.year, ctx.dct.month, 3 * offset)
        return "DATE", f"{y}-Q{(m - 1) // 3 + 1}", "quarter", True, "the article's quarter"
    value, precision = _relative_value(unit, offset, ctx.dct)
    return "DATE", value, precision, True, f"the article's {unit}"


def _norm_anaphoric(ctx: _Ctx) -> Result:
    """"that day", "the following year": relative to the DCT here; re-anchored to the
    last time mentioned before it by :func:`_anchor_to_reference`."""
    if not ctx.dct:
        return None
    unit = ctx.g("anaunit")
    offset = int(ctx.lex["direction"].get(ctx.g("anadir"), 0))
    if unit == "day":
        return "DATE", (ctx.dct + timedelta(days=offset)).isoformat(), "day", True, "article date"
    value, precision = _relative_value(unit, offset, ctx.dct)
    return "DATE", value, precision, True, "article date"


def _relative_value(unit: str, offset: int, dct: date) -> tuple[str, str]:
    if unit == "year":
        return f"{dct.year + offset}", "year"
    if unit == "month":
        y, m = _shift_months(dct.year, dct.month, offset)
        return f"{y}-{m:02d}", "month"
    if unit in ("week", "weekend"):
        value = _iso_week(dct + timedelta(weeks=offset))
        return (value + "-WE", "week") if unit == "weekend" else (value, "week")
    if unit == "decade":
        return f"{(dct.year // 10 + offset):03d}", "decade"
    if unit == "century":
        return f"{(dct.year // 100 + offset):02d}", "century"
    raise ValueError(unit)


def _norm_relative(ctx: _Ctx) -> Result:
    unit, direction = ctx.g("relunit"), ctx.g("dir")
    offset = int(ctx.lex["direction"][direction])
    if not ctx.dct:
        return None
    value, precision = _relative_value(unit, offset, ctx.dct)
    return "DATE", value, precision, True, f"'{direction} {unit}' from the article date"


def _weekday_date(ctx: _Ctx, weekday: int) -> tuple[date, str]:
    assert ctx.dct is not None
    direction = ctx.g("dir")
    today = ctx.dct.isoweekday()
    back = (today - weekday) % 7
    ahead = (weekday - today) % 7
    if direction in ("last", "past", "previous"):
        return ctx.dct - timedelta(days=back or 7), f"'{direction}': the previous one"
    if direction in ("next", "coming", "following"):
        return ctx.dct + timedelta(days=ahead or 7), f"'{direction}': the next one"
    if direction == "this":
        return ctx.dct + timedelta(days=weekday - today), "this week's"
    if ctx.future and back != 0 and not ctx.text.lower().endswith("'s"):
        return ctx.dct + timedelta(days=ahead), "next one (future cue in sentence)"
    return ctx.dct - timedelta(days=back), "most recent on or before the article date"


def _pod_suffix(ctx: _Ctx) -> str:
    pod = re.sub(r"[\s-]+", " ", ctx.g("pod"))
    return f"T{ctx.lex['parts_of_day'][pod]}" if pod else ""


def _norm_weekday(ctx: _Ctx) -> Result:
    word = ctx.g("weekday").rstrip(".")
    weekday = int(ctx.lex["weekdays"][word])
    if not ctx.dct:
        return "DATE", f"XXXX-WXX-{weekday}", "day", False, "no article date"
    day, note = _weekday_date(ctx, weekday)
    suffix = _pod_suffix(ctx)
    kind = "TIME" if suffix else "DATE"
    return kind, day.isoformat() + suffix, "time" if suffix else "day", True, note


def _norm_weekend(ctx: _Ctx) -> Result:
    if not ctx.dct:
        return None
    word = ctx.text.split()[0].lower()
    offset = {"last": -1, "next": 1}.get(word, 0)
    if word in ("the", "that") and not ctx.future and ctx.dct.isoweekday() < 6:
        offset = -1
    if word == "this" and ctx.future is False and ctx.dct.isoweekday() < 3:
        offset = -1
    return "DATE", _iso_week(ctx.dct + timedelta(weeks=offset)) + "-WE", "week", True, "weekend"


def _norm_deictic(ctx: _Ctx) -> Result:
    if not ctx.dct:
        return None
    word = re.sub(r"[\s-]+", " ", ctx.g("deictic"))
    if ctx.g("podrel"):
        offset = -1 if ctx.g("podrel") == "last" else 0
        word = ctx.g("podrel")
    elif not word:  # "mid-afternoon": a part of the article's day
        offset, word = 0, "part of day"
    else:
        offset = int(ctx.lex["deictic_days"][word])
    suffix = _pod_suffix(ctx) or ("TNI" if word == "tonight" else "")
    value = (ctx.dct + timedelta(days=offset)).isoformat() + suffix
    kind = "TIME" if suffix else "DATE"
    return kind, value, "time" if suffix else "day", True, f"'{word}' from the article date"


def _easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus)."""
    golden = year % 19
    century, yy = divmod(year, 100)
    leap_c, leap_r = divmod(century, 4)
    moon_lag = (century + 8) // 25
    correction = (century - moon_lag + 1) // 3
    epact = (19 * golden + century - leap_c - correction + 15) % 30
    q, r = divmod(yy, 4)
    weekday = (32 + 2 * leap_r + 2 * q - epact - r) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


def _holiday_date(rule: dict[str, int], year: int) -> date:
    """The day a movable holiday falls on in ``year`` (rule from ``movable_holidays``)."""
    if "easter" in rule:
        return _easter(year) + timedelta(days=int(rule["easter"]))
    month, weekday, nth = int(rule["month"]), int(rule["weekday"]), int(rule["nth"])
    if nth > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    else:
        last = _month_end(year, month)
        day = last - timedelta(days=(last.isoweekday() - weekday) % 7 + 7 * (-nth - 1))
    return day + timedelta(days=int(rule.get("offset_days", 0)))


def _norm_movable_holiday(ctx: _Ctx, rule: dict[str, int]) -> Result:
    if ctx.groups.get("year"):
        day = _holiday_date(rule, int(ctx.groups["year"] or 0))
        return "DATE", day.isoformat(), "day", False, "holiday rule, year given"
    if not ctx.dct:
        return None
    dct = ctx.dct
    year, note = _pick_year(ctx, lambda y: (_holiday_date(rule, y) - dct).days)
    return "DATE", _holiday_date(rule, year).isoformat(), "day", True, f"holiday rule; {note}"


def _norm_holiday(ctx: _Ctx) -> Result:
    name = re.sub(r"[\s-]+", " ", ctx.g("holiday"))
    if name in ctx.lex["movable_holidays"]:
        return _norm_movable_holiday(ctx, ctx.lex["movable_holidays"][name])
    mmdd = str(ctx.lex["holidays"][name])
    if ctx.groups.get("year"):
        return "DATE", f"{ctx.groups['year']}-{mmdd}", "day", False, "explicit"
    if not ctx.dct:
        return "DATE", f"XXXX-{mmdd}", "day", False, "no article date"
    month, day = (int(p) for p in mmdd.split("-"))
    year, note = _pick_year_for_month(ctx, month, day)
    return "DATE", f"{year}-{mmdd}", "day", True, note


def _unit_code(ctx: _Ctx) -> str:
    word = ctx.g("unit").rstrip(".")
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s") and word[:-1] in ctx.lex["units"]:
        word = word[:-1]
    return str(ctx.lex["units"].get(word, ""))


def _norm_ago(ctx: _Ctx) -> Result:
    n, unit = _number(ctx.groups.get("num"), ctx.lex), _unit_code(ctx)
    later = ctx.g("ago") in ("later", "from now", "hence")
    if n == "X" or not ctx.dct or not unit:
        ref = "FUTURE_REF" if later else "PAST_REF"
        return "DATE", ref, "ref", bool(ctx.dct), "vague amount"
    assert isinstance(n, float)
    sign = 1 if later else -1
    if unit in ("DE", "CE"):
        n, unit = n * (10 if unit == "DE" else 100), "Y"
    if unit == "FN":
        n, unit = n * 2, "W"
    count = int(round(n))
    if unit == "Y":
        return "DATE", f"{ctx.dct.year + sign * count}", "year", True, "years from the article date"
    if unit == "Q":
        y, m = _shift_months(ctx.dct.year, ctx.dct.month, sign * 3 * count)
        return "DATE", f"{y}-Q{(m - 1) // 3 + 1}", "quarter", True, "quarters from the article date"
    if unit == "M":
        y, m = _shift_months(ctx.dct.year, ctx.dct.month, sign * count)
        return "DATE", f"{y}-{m:02d}", "month", True, "months from the article date"
    if unit == "W":
        return "DATE", _iso_week(ctx.dct + timedelta(weeks=sign * count)), "week", True, "weeks"
    if unit == "D":
        day = ctx.dct + timedelta(days=sign * count)
        return "DATE", day.isoformat(), "day", True, "days from the article date"
    return None  # "an hour later": left to the duration pattern


#: an amount just before "a year" makes it a rate ("$5 a year", "3% a year"): a SET.
_RATE_BEFORE = re.compile(r"(?:\d|%|\b(?:percent|cents?|dollars?|million|billion|trillion))\s*$", re.IGNORECASE)


def _norm_duration(ctx: _Ctx) -> Result:
    plural = ctx.g("plural")
    if plural:
        unit = ctx.lex["units"].get(plural.rstrip("s"), "Y" if plural == "centuries" else "")
        unit = "CE" if plural == "centuries" else unit
        return "DURATION", _duration_code("X", unit), "none", False, "unspecified amount"
    unit = _unit_code(ctx)
    if not unit or (unit == "Q" and re.search(r"\w-quarters\b", ctx.text, re.I)):
        return None  # "three-quarters of the vote" is a fraction
    num_text = ctx.groups.get("num")
    if (num_text or "").lower() in ("a", "an") and ctx.text.lower() == f"{num_text} {ctx.g('unit')}".lower() and _RATE_BEFORE.search(ctx.before):
        return "SET", _duration_code(1.0, unit, keep_quarters=True), "none", False, "a rate: per unit"
    if num_text is None:  # "the past year"
        if ctx.g("durdir") in ("last", "past", "next", "coming", "previous") and (
            not ctx.g("the") or unit in _CALENDAR_UNITS
        ):
            return None  # "last year", "the past year" are dates: left to the relative pattern
        n: float | str = "X" if ctx.g("unit").endswith("s") else 1.0
    else:
        n = _number(num_text, ctx.lex) or "X"
    return "DURATION", _duration_code(n, unit), "none", False, "a length of time"


#: units whose "the past/next ..." is a calendar date (the previous year), not a length.
_CALENDAR_UNITS = ("Y", "M", "W", "DE", "CE")


def _duration_code(n: float | str, unit: str, keep_quarters: bool = False) -> str:
    """TIMEX3 duration value; quarters become months unless ``keep_quarters`` (SETs: P1Q)."""
    if n != "X":
        assert isinstance(n, float)
        if unit == "DE":
            n, unit = n * 10, "Y"
        elif unit == "CE":
            n, unit = n * 100, "Y"
        elif unit == "FN":
            n, unit = n * 2, "W"
        elif unit == "Q" and not keep_quarters:
            n, unit = n * 3, "M"
        if not float(n).is_integer():  # 1.5 years -> P18M, 5.5 hours -> PT5H30M
            smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("TH", 24), "TH": ("TM", 60)}
            if unit in smaller:
                whole, frac = int(n), n - int(n)
                sub, factor = smaller[unit]
                if unit == "TH":
                    return f"PT{whole}H{int(frac * factor)}M"
                n, unit = n * factor, sub
        amount = _fmt_num(n)
    else:
        amount = "X"
    if unit.startswith("T"):
        return f"PT{amount}{unit[1]}"
    return f"P{amount}{unit}"


def _norm_set(ctx: _Ctx) -> Result:
    """TIMEX3 SETs: a period ("every two weeks" P2W; "twice a week" P1W with freq 2X) or
    a calendar pattern ("each July" XXXX-07, "Tuesday nights" XXXX-WXX-2TNI)."""
    word = re.sub(r"[\s-]+", " ", ctx.g("setword"))
    if word:
        return "SET", str(ctx.lex["sets"][word]), "none", False, "frequency word"
    suffix = _pod_suffix(ctx)
    if ctx.groups.get("weekday"):
        wd = int(ctx.lex["weekdays"][ctx.g("weekday").rstrip(".")])
        return "SET", f"XXXX-WXX-{wd}{suffix}", "none", False, "every such weekday"
    if month := _month_num(ctx):
        return "SET", f"XXXX-{month:02d}", "none", False, "every such month"
    if season := ctx.g("season"):
        return "SET", f"XXXX-{ctx.lex['seasons'][season]}", "none", False, "every such season"
    if suffix:
        return "SET", f"XXXX-XX-XX{suffix}", "none", False, "every such part of day"
    unit = _unit_code(ctx)
    if not unit:
        return None
    if ctx.g("freqword") or ctx.groups.get("num"):
        times = ctx.lex["frequencies"].get(ctx.g("freqword")) or _number(ctx.groups.get("num"), ctx.lex)
        ctx.freq = f"{_fmt_num(times)}X" if isinstance(times, (int, float)) else ""
        return "SET", _duration_code(1.0, unit, keep_quarters=True), "none", False, "times per unit"
    step = {"other": 2.0}.get(ctx.g("setnum")) or _number(ctx.g("setnum"), ctx.lex) or 1.0
    amount = float(step) if step != "X" else "X"
    return "SET", _duration_code(amount, unit, keep_quarters=True), "none", False, "every"


def _norm_time(ctx: _Ctx) -> Result:
    named = ctx.g("named")
    if named:
        hh, mm = (24, 0) if named == "midnight" else (12, 0)  # TimeML: midnight ends its day
    else:
        hh, mm = int(ctx.groups["hour"] or 0), int(ctx.groups.get("minute") or 0)
        ampm = ctx.g("ampm")
        if hh > 12 and ampm:
            return None
        if ampm.startswith("p") and hh < 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
    clock = f"T{hh:02d}:{mm:02d}"
    if not ctx.dct:
        return "TIME", f"XXXX-XX-XX{clock}", "time", False, "no article date"
    day, note = ctx.dct, "on the article date"
    if ctx.groups.get("month") and (on_date := _norm_date(ctx)) and on_date[1][:4].isdigit():
        day, note = date.fromisoformat(on_date[1]), f"on {on_date[1]} ({on_date[4]})"
    elif ctx.groups.get("weekday"):
        day, note = _weekday_date(ctx, int(ctx.lex["weekdays"][ctx.g("weekday").rstrip(".")]))
    return "TIME", day.isoformat() + clock, "time", True, note


def _norm_reference(ctx: _Ctx) -> Result:
    word = re.sub(r"[\s-]+", " ", ctx.g("ref"))
    value = str(ctx.lex["references"][word])
    return "DATE", value, "ref", False, "reference word"


_NORMALISERS: dict[str, Callable[[_Ctx], Result]] = {
    "date": _norm_date,
    "month": _norm_month,
    "year": _norm_year,
    "decade": _norm_decade,
    "century": _norm_century,
    "spoken_year": _norm_spoken_year,
    "quarter": _norm_quarter,
    "latest_quarter": _norm_latest_quarter,
    "year_ago": _norm_year_ago,
    "season": _norm_season,
    "relative": _norm_relative,
    "this_unit": _norm_this_unit,
    "anaphoric": _norm_anaphoric,
    "weekday": _norm_weekday,
    "weekend": _norm_weekend,
    "deictic": _norm_deictic,
    "holiday": _norm_holiday,
    "ago": _norm_ago,
    "duration": _norm_duration,
    "set": _norm_set,
    "time": _norm_time,
    "reference": _norm_reference,
}


# --------------------------------------------------------------------------- tagging

_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"'“‘(])|\n\s*\n")


def _calendar_word_ok(text: str, groups: dict[str, str | None], match: re.Match[str]) -> bool:
    """Month, weekday and holiday names must be capitalised ("may" the verb is not May), and
    abbreviations must carry a dot or a day number ("Sat." not "sat")."""
    for group in ("month", "weekday"):
        word = groups.get(group)
        if not word:
            continue
        if not word[0].isupper():
            return False
        if word.lower() not in _FULL_CALENDAR_WORDS:
            after = text[match.end(group) : match.end(group) + 1]
            if after != "." and not groups.get("day"):
                return False
    holiday = groups.get("holiday")
    return not holiday or holiday[0].isupper()  # "easter" or "labor day" in lower case: not the holiday


_CLAUSE_BREAK = re.compile(r"[,;:()—]|\s-\s")


def _sentence_bounds(breaks: list[int], pos: int, length: int) -> tuple[int, int]:
    """Start and end offsets of the sentence containing ``pos`` (cheap, regex-based)."""
    i = bisect.bisect_right(breaks, pos)
    return (breaks[i - 1] if i > 0 else 0), (breaks[i] if i < len(breaks) else length)


def _clause_bounds(text: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """The clause around ``[start, end)``: from the last clause break before it to the next after."""
    before = [m.end() for m in _CLAUSE_BREAK.finditer(text, sentence[0], start)]
    after = _CLAUSE_BREAK.search(text, end, sentence[1])
    return (before[-1] if before else sentence[0]), (after.start() if after else sentence[1])


def _points_forward(text: str, start: int, end: int, sentence: tuple[int, int], cue: re.Pattern[str]) -> bool:
    """A future cue before the expression in its clause ("will meet Friday"; commas bound a
    clause), or in the clause after a sentence-opening one ("On Friday, the board will
    meet"). A cue after the expression belongs to another verb ("said Friday it would")."""
    s_start, s_end = sentence
    before = [m.end() for m in _CLAUSE_BREAK.finditer(text, s_start, start)]
    c_start = before[-1] if before else s_start
    if cue.search(text, c_start, start):
        return True
    if before or len(text[s_start:start].split()) > 1:
        return False
    after = _CLAUSE_BREAK.search(text, end, s_end)
    if after is None or after.start() - end > 2:
        return False
    following = _CLAUSE_BREAK.search(text, after.end(), s_end)
    return bool(cue.search(text, after.end(), following.start() if following else s_end))


def _reference_quarter(found: list[tuple[TimeExpression, str]], upto: int, window: int) -> str | None:
    """The last quarter value mentioned shortly before ``upto`` (the reference time of
    "a year earlier" in earnings reports: the same quarter a year before)."""
    for timex, kind in reversed(found):
        if timex.start >= upto or kind in _YEAR_AGO_KINDS:
            continue  # a year-ago quarter is not the reference: "a year earlier" would chain
        if upto - timex.end > window:
            return None
        if re.fullmatch(r"\d{4}-Q[1-4]", timex.value):
            return timex.value
    return None


def _anchor_to_quarters(found: list[tuple[TimeExpression, str]], dct: date | None) -> None:
    """Re-anchor year-granular "a year ago/earlier", "year-earlier" to a quarter just
    mentioned: TimeML anchors them to the reference time, not the DCT."""
    if not dct:
        return
    for timex, kind in found:
        if kind not in _YEAR_AGO_KINDS or not re.fullmatch(r"\d{4}", timex.value):
            continue
        quarter = _reference_quarter(found, timex.start, _QUARTER_WINDOW)
        if quarter:
            years = dct.year - int(timex.value)
            value = f"{int(quarter[:4]) - years}{quarter[4:]}"
            timex.resolution = f"'{timex.text}' relative to the quarter {quarter} just mentioned → {value} (quarter)"
            timex.value, timex.precision = value, "quarter"


#: reference values each precision can be re-anchored to (the reference must be as fine).
_REFERENCE_VALUE = {
    "day": re.compile(r"\d{4}-\d\d-\d\d"),
    "week": re.compile(r"\d{4}-\d\d-\d\d"),
    "month": re.compile(r"\d{4}-\d\d(?:-\d\d)?"),
    "year": re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?"),
}
#: how far back (characters) the last mentioned time still anchors "that day", "two days later".
_REFERENCE_WINDOW = 800
#: words that make an "N units ..." expression relative to the reference time, not the DCT.
_REFERENCE_WORDS = ("earlier", "later", "before", "after")


def _reference_time(found: list[tuple[TimeExpression, str]], upto: int, precision: str) -> date | None:
    """The last calendar date mentioned shortly before ``upto``, at least as fine as
    ``precision`` (its first day): the TimeML reference time of an anaphoric expression."""
    wanted = _REFERENCE_VALUE[precision]
    for timex, _kind in reversed(found):
        if timex.start >= upto or _kind in _YEAR_AGO_KINDS:
            continue  # "a year earlier" after "a year ago" would chain
        if upto - timex.end > _REFERENCE_WINDOW:
            return None
        value = timex.value.split("T")[0]
        if timex.type in ("DATE", "TIME") and wanted.fullmatch(value):
            first, _ = timex_range(value)
            return first
    return None


def _shift(value: str, precision: str, dct: date, ref: date) -> str | None:
    """``value`` (computed relative to ``dct``) moved so it is relative to ``ref`` instead."""
    if precision in ("day", "week"):
        day = date.fromisoformat(value[:10]) + (ref - dct) if precision == "day" else None
        if day is not None:
            return day.isoformat()
        first, _ = timex_range(value)
        return _iso_week(first + (ref - dct)) if first else None
    if precision == "month":
        y, m = _shift_months(int(value[:4]), int(value[5:7]), (ref.year - dct.year) * 12 + ref.month - dct.month)
        return f"{y}-{m:02d}"
    if precision == "year":
        return f"{int(value[:4]) + ref.year - dct.year:04d}"
    return None


def _anchor_to_reference(found: list[tuple[TimeExpression, str]], dct: date | None) -> None:
    """Re-anchor "that day", "the following year", "two days later" to the last time
    mentioned before them (TimeML: relative expressions are anchored to the DCT unless
    they refer to another time). Without such a time nearby the DCT stays the anchor."""
    if not dct:
        return
    for timex, kind in found:
        last_word = timex.text.lower().split()[-1] if timex.text.split() else ""
        if kind != "anaphoric" and not (kind == "ago" and last_word in _REFERENCE_WORDS):
            continue
        if timex.precision not in _REFERENCE_VALUE:
            continue
        ref = _reference_time(found, timex.start, timex.precision)
        if ref is None or ref == dct:
            continue
        value = _shift(timex.value, timex.precision, dct, ref)
        if value and value != timex.value:
            timex.resolution = f"'{timex.text}' relative to {ref.isoformat()}, the time last mentioned → {value}"
            timex.value = value


#: pattern kinds whose value is a year before a reference time.
_YEAR_AGO_KINDS = ("ago", "year_ago")
#: how far back (characters) a mentioned quarter anchors "a year earlier".
_QUARTER_WINDOW = 400


def tag_times(text: str, dct: date | None) -> list[TimeExpression]:
    """Find time expressions in ``text`` and normalise them against the article date ``dct``."""
    r = rules()
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for _name, kind, regex in r.patterns:
        for m in regex.finditer(text):
            if m.end() > m.start():
                candidates.append((m.start(), m.end(), kind, m))
    # longest first; on equal spans the pattern listed first in patterns.yaml wins
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    breaks = [m.end() for m in _SENTENCE_END.finditer(text)]
    found: list[tuple[TimeExpression, str]] = []
    for start, end, kind, m in candidates:
        if any(start < e and s < end for s, e in taken):
            continue
        groups = m.groupdict()
        if not _calendar_word_ok(text, groups, m):
            continue
        span_text = text[start:end].rstrip(",")
        end = start + len(span_text)
        sentence = _sentence_bounds(breaks, start, len(text))
        future = _points_forward(text, start, end, sentence, r.future_cue)
        past = not future and bool(r.past_cue.search(text, *_clause_bounds(text, start, end, sentence)))
        ctx = _Ctx(groups, span_text, dct, r.lexicon, future, past, text[max(0, start - 20) : start])
        try:
            result = _NORMALISERS[kind](ctx)
        except (ValueError, OverflowError, ArithmeticError):
            result = None  # a date out of the calendar's range ("10,000 years ago"): not a value we can give
        if result is None:
            continue
        ttype, value, precision, anchored, note = result
        if anchored and dct:
            resolution = f"'{span_text}' relative to {dct.isoformat()} → {value} ({precision}; {note})"
        else:
            resolution = f"'{span_text}' → {value} ({note})"
        timex = TimeExpression(start, end, span_text, ttype, value, precision, resolution, anchored, ctx.freq,
                               year_inferred=any(n in note for n in _YEAR_NOTES))
        found.append((timex, kind))
        taken.append((start, end))
    found.sort(key=lambda f: f[0].start)
    _anchor_to_quarters(found, dct)
    _anchor_to_reference(found, dct)
    return [timex for timex, _ in found]


# --------------------------------------------------------------------------- ranges

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_end(year: int, month: int) -> date:
    y, m = _shift_months(year, month, 1)
    return date(y, m, 1) - timedelta(days=1)


def timex_range(value: str) -> tuple[date | None, date | None]:
    """First and last day a TIMEX3 date value covers; (None, None) if not anchorable."""
    v = value.split("T")[0] if re.match(r"^\d{4}-\d\d-\d\dT", value) else value
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := re.fullmatch(r"(\d{4})-(\d\d)", v):
            return date(int(m[1]), int(m[2]), 1), _month_end(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})", v):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
        if m := re.fullmatch(r"(\d{4})-W(\d\d?)(-WE)?", v):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if m[3]:
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            first = (int(m[2]) - 1) * 3 + 1
            return date(int(m[1]), first, 1), _month_end(int(m[1]), first + 2)
        if m := re.fullmatch(r"(\d{4})-H([12])", v):
            first = 1 if m[2] == "1" else 7
            return date(int(m[1]), first, 1), _month_end(int(m[1]), first + 5)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
            a, b = _SEASON_MONTHS[m[2]]
            y = int(m[1])
            ey, em = _shift_months(y, 1, b - 1)
            return date(y, a, 1), _month_end(ey, em)
        if m := re.fullmatch(r"(\d{3})X?", v):
            return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
        if m := re.fullmatch(r"(\d{2})", v):
            return date(int(m[1]) * 100, 1, 1), date(int(m[1]) * 100 + 99, 12, 31)
    except ValueError:
        return None, None
    return None, None


# --------------------------------------------------------------------------- spaCy


@Language.component("newsgraph_timex")
def timex_component(doc: Doc) -> Doc:
    """Tag ``doc.text`` against ``doc._.dct`` (raw text only: needs no other pipe)."""
    doc._.timexes = tag_times(doc.text, doc._.dct)
    return doc
