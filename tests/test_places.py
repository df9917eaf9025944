"""Toponym detection, resolution with reasons, and the event's place, on sentences written here."""

from __future__ import annotations

import pytest

from newsgraph.extract.places import event_place, find_demonyms, find_toponyms
from newsgraph.nlp.pipeline import build_pipeline
from newsgraph.resolve.places import geoparse


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def _by_text(mentions):
    return {m.span.text: m for m in mentions}


def test_countries_and_demonyms(nlp):
    doc = nlp("Syrian troops crossed into Turkey near the border, Turkish officials said.")
    tops = [t.text for t in find_toponyms(doc)]
    assert "Turkey" in tops and "Syrian" not in tops and "Turkish" not in tops
    assert {d.text for d in find_demonyms(doc)} == {"Syrian", "Turkish"}
    m = _by_text(geoparse(doc))["Turkey"]
    assert m.place.country == "TUR" and m.reason == "country name"


def test_capital_as_government_is_not_a_place(nlp):
    doc = nlp("Ankara says the talks with Damascus will continue.")
    roles = {t.text: t.role for t in find_toponyms(doc)}
    assert roles.get("Ankara") == "government"


def test_capital_after_in_is_a_place(nlp):
    doc = nlp("A bomb exploded in Ankara on Monday.")
    roles = {t.text: t.role for t in find_toponyms(doc)}
    assert roles.get("Ankara") == "place"


def test_focus_country_picks_the_right_city(nlp):
    doc = nlp("Canada's police said the crash happened in London, Ontario, where Canadian investigators arrived.")
    m = _by_text(geoparse(doc))["London"]
    assert m.place.country == "CAN" and m.reason


def test_unknown_name_stays_local(nlp):
    doc = nlp("Fighting spread from Zzyzxqor to Aleppo and Homs in Syria.")
    mentions = geoparse(doc)
    resolved = {m.span.text: m.place for m in mentions}
    assert resolved.get("Aleppo") is not None and resolved["Aleppo"].country == "SYR"
    assert resolved.get("Syria") is not None
    for m in mentions:
        if m.place is None:
            assert m.reason  # says why


def test_event_place_is_the_attached_place(nlp):
    doc = nlp("Israel's military conducted a strike on Hamas leaders in the Qatari capital Doha on Tuesday.")
    places = geoparse(doc)
    trigger = next(t for t in doc if t.text == "strike")
    ep = event_place(trigger, doc, places)
    assert ep is not None and ep.place.name == "Doha" and ep.place.country == "QAT"
    assert ep.place.lat is not None


def test_event_place_is_none_without_attachment(nlp):
    doc = nlp("Ankara condemned the attack, and Turkey recalled its ambassador.")
    places = geoparse(doc)
    trigger = next(t for t in doc if t.text == "attack")
    assert event_place(trigger, doc, places) is None


def test_foreign_capital_name_in_an_article_about_another_country(nlp):
    # "London" has a Canadian sense; the article is about Canada: the capital's name alone is
    # no evidence for Britain
    doc = nlp("Canada's premier visited Alberta and Ontario. Police in London, a city in Canada, said "
              "a rally in London drew Canadian families.")
    m = _by_text(geoparse(doc))["London"]
    assert m.place.country == "CAN"


def test_name_followed_by_country_may_be_a_division(nlp):
    doc = nlp("She won the state title in Queensland, Australia before moving to Alberta.")
    m = _by_text(geoparse(doc))["Queensland"]
    assert m.place.feature == "admin1" and m.place.country == "AUS"


def test_county_resolves_to_its_state_not_a_namesake_town(nlp):
    doc = nlp("Farmers in Adair County, Kentucky, met officials from Frankfort, Kentucky.")
    m = _by_text(geoparse(doc))["Adair County"]
    assert m.place.feature == "admin1" and m.place.name == "Kentucky"
    assert "county" in m.reason


def test_direction_before_a_country_is_part_of_it(nlp):
    doc = nlp("Wildfires spread across Western Canada on Monday.")
    m = next(m for m in geoparse(doc) if "Canada" in m.span.text)
    assert m.place is not None and m.place.country == "CAN" and m.place.feature == "country"


def test_seat_of_government_preferred_over_same_named_division(nlp):
    doc = nlp("Officials in Washington said the United States would respond.")
    m = _by_text(geoparse(doc))["Washington"]
    assert m.place.feature == "capital" and m.place.country == "USA"


def test_division_preferred_over_smaller_town_of_that_name(nlp):
    doc = nlp("They looked at farms from Ohio to the borders of Montana and Wyoming in the United States.")
    m = _by_text(geoparse(doc))["Wyoming"]
    assert m.place.feature == "admin1"


def test_country_name_that_is_a_state_of_the_focus_country(nlp):
    doc = nlp("Storms hit Atlanta, Georgia and Alabama, and Florida, Texas and Tennessee in the US.")
    mentions = geoparse(doc)
    georgia = next(m for m in mentions if m.span.text == "Georgia")
    assert georgia.place.country == "USA" and georgia.place.feature == "admin1"
    doc = nlp("Russia and Georgia signed a deal in Tbilisi; Georgian officials praised it.")
    georgia = next(m for m in geoparse(doc) if m.span.text == "Georgia")
    assert georgia.place.country == "GEO"


def test_towns_named_together_are_read_together(nlp):
    # "Edmonton" alone is the Canadian city; beside "Tottenham" it is the London district
    doc = nlp("Shops in Edmonton, Enfield and Tottenham were looted.")
    m = _by_text(geoparse(doc))
    assert m["Edmonton"].place.country == "GBR", m["Edmonton"].reason
    alone = _by_text(geoparse(nlp("Police closed a street in Edmonton on Monday.")))["Edmonton"]
    assert alone.place.country == "CAN"


def test_degree_abbreviation_is_not_a_state(nlp):
    doc = nlp("John Smith, M.D., treated patients in Maryland.")
    texts = {t.text for t in find_toponyms(doc)}
    assert "M.D." not in texts and "Maryland" in texts
