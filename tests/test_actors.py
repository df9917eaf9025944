"""Actor mentions and their canonical records, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.nlp.actor_dictionary import load_actor_dictionary
from newsgraph.nlp.pipeline import make_doc

SECTORS = {"GOV", "MIL", "COP", "REB", "OPP", "LEG", "JUD", "PTY", "MED", "BUS", "CVL", "EDU", "HLH", "IGO", "NGO"}


def actors(nlp, text: str, day: date = date(2025, 1, 15)) -> dict[str, str]:
    doc = nlp(make_doc(nlp, text, day))
    return {m.span.text: m.actor.id for m in doc._.actor_mentions if m.actor}


def test_dictionaries_validate():
    d = load_actor_dictionary()
    assert d.organisations and d.people
    for actor in d.organisations.values():
        assert actor.sector in SECTORS, actor
        assert actor.country == "" or len(actor.country) == 3
    for p in d.people.values():
        for role in p.roles:
            assert role.sector in SECTORS and (role.start is None or role.end is None or role.start <= role.end), p
    assert all(sector in SECTORS for _, sector in d.sector_keywords)


def test_capital_as_government_but_not_as_place(nlp):
    found = actors(nlp, "Ankara says it will not accept the plan. Talks were held in Ankara on Monday.")
    assert found.get("Ankara") == "TUR-GOV"
    doc = nlp(make_doc(nlp, "Talks were held in Ankara on Monday.", date(2025, 1, 15)))
    assert all(m.span.text != "Ankara" for m in doc._.actor_mentions)


@pytest.mark.parametrize(
    "text, span, expected",
    [
        ("Syrian troops shelled the town.", "Syrian troops", "SYR-MIL"),
        ("Kenya's police arrested forty protesters.", "Kenya's police", "KEN-COP"),
        ("The French government condemned the attack.", "French government", "FRA-GOV"),
        ("NATO warned Russia on Friday.", "NATO", "NATO"),
        ("Hamas fired rockets at Israel.", "Hamas", "HAMAS"),
    ],
)
def test_sector_and_organisation_actors(nlp, text, span, expected):
    assert actors(nlp, text).get(span) == expected


def test_person_role_depends_on_the_date(nlp):
    d = load_actor_dictionary()
    trump = d.person("Donald Trump")
    assert trump.role_on(date(2019, 5, 1)).country == "USA"
    assert trump.role_on(date(2022, 5, 1)) is None  # out of office
    doc = nlp(make_doc(nlp, "Foreign Minister Hakan Fidan met his counterpart.", date(2025, 9, 1)))
    fidan = [m for m in doc._.actor_mentions if "Fidan" in m.span.text][0]
    assert fidan.actor.country == "TUR" and fidan.actor.sector == "GOV" and "minister" in fidan.role.lower()


def test_surname_refers_to_earlier_full_name(nlp):
    found = actors(nlp, "Spokesman Omar Haddad spoke to reporters. Haddad said the talks failed.")
    assert found.get("Haddad") == found.get("Omar Haddad") == "person:omar-haddad"


def test_a_country_tagged_as_a_person_is_the_country(nlp):
    found = actors(nlp, "Malawi's government met Mali's prime minister in Lilongwe.")
    assert found["Malawi's government"] == "MWI-GOV" and found["Mali's prime minister"] == "MLI-GOV"
    assert not any(a.startswith("person:") for a in found.values())


def test_a_surname_that_is_a_country_name_stays_the_person(nlp):
    found = actors(nlp, "Michael Jordan visited the capital. Later Jordan said he liked it.")
    assert found["Jordan"] == found["Michael Jordan"] and found["Jordan"].startswith("person:")


def test_a_wire_dateline_is_never_an_actor(nlp):
    found = actors(nlp, "KAMPALA, May 4 — Uganda's army said it killed 12 rebels. NAIROBI (Reuters) - Kenya sent troops.")
    assert "KAMPALA" not in found and "NAIROBI" not in found
    assert found["Uganda's army"] == "UGA-MIL" and found["Kenya"] == "KEN"


def test_a_hyphen_inside_a_word_is_no_dateline(nlp):
    from newsgraph.nlp.pipeline import dateline_end

    doc = nlp(make_doc(nlp, "Marta Ilves, a 55-year-old nurse, said the clinic was closed.", date(2025, 1, 15)))
    sent = next(iter(doc.sents))
    assert dateline_end(sent) == sent.start
    doc = nlp(make_doc(nlp, "TALLINN, May 3 - Marta Ilves said the clinic was closed.", date(2025, 1, 15)))
    sent = next(iter(doc.sents))
    assert doc[dateline_end(sent)].text == "Marta"
