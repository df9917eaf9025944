"""Quotes, attribution and claims: unit tests on sentences written for these tests."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import newsgraph.nlp.paragraphs  # noqa: F401  (registers newsgraph_paragraphs)
from newsgraph.evaluate.quotes import evaluate_quotes, match, read_ann
from newsgraph.extract.quotes import (
    CUE_CLASSES,
    MODEL_FILE,
    PROPOSER_FILE,
    STANCES,
    Proposer,
    Scorer,
    attribution_candidates,
    candidate_records,
    extract_claims,
    extract_quotes,
    link_claims,
    load_lexicon,
    load_proposer,
    load_scorer,
    pass_two_features,
    rival_features,
)
from newsgraph.model import Actor, ActorMention, EventMention, QuoteMention, Span
from newsgraph.settings import DEFAULT_MODEL, Settings


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The model's parser plus the paragraph splitter (the quote rules need only the parse)."""
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("newsgraph_paragraphs", before="parser")
    return nlp


def parse(nlp: Language, text: str, actors: list[ActorMention] | None = None) -> Doc:
    doc = nlp(text)
    doc._.actor_mentions = actors or []
    doc._.dct = date(2024, 3, 5)
    return doc


def only(quotes: list[QuoteMention], needle: str) -> QuoteMention:
    hits = [q for q in quotes if needle in q.content.text]
    assert len(hits) == 1, [q.content.text for q in quotes]
    return hits[0]


# ----------------------------------------------------------------------------- lexicons


def test_lexicons_load_and_are_consistent() -> None:
    lex = load_lexicon()
    assert set(lex.classes) == set(CUE_CLASSES)
    assert {"say", "tell", "deny"} <= lex.cues
    assert set(lex.cue_stance.values()) <= set(STANCES)
    assert set(lex.judgement.values()) <= set(STANCES)
    # every stance verb is also a cue, otherwise its stance could never be seen
    assert set(lex.cue_stance) <= lex.cues
    assert lex.judgement["false"] == "denies"  # YAML must not turn it into a boolean
    assert "according to" in lex.source_phrases


# ----------------------------------------------------------------------------- quotes


def test_direct_multi_sentence_quote_after_cue(nlp: Language) -> None:
    text = 'The mayor said: "We will rebuild the bridge. It will take two years."'
    q = only(extract_quotes(parse(nlp, text)), "rebuild")
    assert q.kind == "direct"
    assert q.content.text == '"We will rebuild the bridge. It will take two years."'
    assert q.speaker is not None and q.speaker.text == "The mayor"
    assert q.cue is not None and q.cue.text == "said"


def test_quote_split_by_cue_is_one_quote_of_two_parts(nlp: Language) -> None:
    text = "“The talks failed,” the envoy said, “and nobody knows what comes next.”"
    quotes = extract_quotes(parse(nlp, text))
    assert len(quotes) == 1
    q = quotes[0]
    assert [p.text for p in q.content_parts] == [
        "“The talks failed,”",
        "“and nobody knows what comes next.”",
    ]
    assert q.speaker is not None and q.speaker.text == "the envoy"
    assert "said" not in q.content_parts[0].text + q.content_parts[1].text


def test_indirect_said_that(nlp: Language) -> None:
    text = "The finance minister said that the budget would be cut by ten percent."
    q = only(extract_quotes(parse(nlp, text)), "budget")
    assert q.kind == "indirect"
    assert q.content.text == "that the budget would be cut by ten percent"
    assert q.speaker is not None and q.speaker.text == "The finance minister"


def test_according_to(nlp: Language) -> None:
    text = "According to the United Nations, more than 2,000 families fled the town."
    q = only(extract_quotes(parse(nlp, text)), "families")
    assert q.cue is not None and q.cue.text == "According to"
    assert q.speaker is not None and q.speaker.text == "the United Nations"
    assert q.content.text == "more than 2,000 families fled the town"


def test_mixed_quote(nlp: Language) -> None:
    text = 'The governor said the storm was "the worst in living memory" and closed the schools.'
    q = only(extract_quotes(parse(nlp, text)), "storm")
    assert q.kind == "mixed"
    assert '"the worst in living memory"' in q.content.text


def test_pronoun_and_description_speakers_resolve(nlp: Language) -> None:
    text = (
        "Police spokesman Daniel Ortiz said the road would reopen on Friday.\n\n"
        "Two people were injured, he added.\n\n"
        "“We are investigating,” the spokesman said."
    )
    quotes = extract_quotes(parse(nlp, text))
    added = only(quotes, "injured")
    assert added.speaker is not None and added.speaker.text == "he"
    assert added.speaker_antecedent is not None
    assert added.speaker_antecedent.text == "Police spokesman Daniel Ortiz"
    later = only(quotes, "investigating")
    assert later.speaker_antecedent is not None
    assert later.speaker_antecedent.text == "Police spokesman Daniel Ortiz"


def test_unnamed_sources_keep_affiliation_and_actor(nlp: Language) -> None:
    text = "Navy sources said the ship had returned to port."
    start = text.index("Navy")
    navy = Actor(id="XXX-MIL", name="Navy", sector="MIL")
    mention = ActorMention(span=Span(start, start + 4, "Navy"), actor=navy)
    q = only(extract_quotes(parse(nlp, text, [mention])), "ship")
    assert q.speaker_description == "Navy sources"
    assert q.speaker_actor == navy


def test_writer_in_first_person_plural_is_not_a_source(nlp: Language) -> None:
    # "we"/"you" outside quotations are the writer talking ("I" is a source: PolNeAR
    # annotates first-person writers)
    text = "We think the plan will fail."
    assert extract_quotes(parse(nlp, text)) == []


# ----------------------------------------------------------------------------- claims


def test_reports_were_false_is_a_denied_claim_linked_to_its_event(nlp: Language) -> None:
    text = "Officials said that reports of rebels shelling the airport were false."
    doc = parse(nlp, text)
    quotes = extract_quotes(doc, "a1")
    claims = extract_claims(doc, "a1", quotes)
    denied = [c for c in claims if c.stance == "denies"]
    assert len(denied) == 1
    claim = denied[0]
    assert "rebels shelling the airport" in claim.proposition.text
    assert "false" not in claim.proposition.text
    assert claim.claimant is not None and claim.claimant.text == "Officials"
    assert claim.date == date(2024, 3, 5)

    trig = text.index("shelling")
    sent = Span(0, len(text), text)
    event = EventMention("a1", 0, sent, Span(trig, trig + 8, "shelling"), "ASSAULT")
    unrelated = EventMention("a1", 0, sent, Span(0, 9, "Officials"), "CONSULT")
    assert link_claims(claims, [event, unrelated]) == [event.id]
    assert claim.event_mention_id == event.id
    assert event.modality == "negated"
    assert unrelated.modality == "asserted"


def test_denied_that_and_confirmed_that(nlp: Language) -> None:
    text = (
        "The army denied that its troops had crossed the border.\n\n"
        "The ministry confirmed that two soldiers were wounded."
    )
    doc = parse(nlp, text)
    claims = extract_claims(doc, "a1", extract_quotes(doc, "a1"))
    stance = {c.stance: c.proposition.text for c in claims}
    assert "troops had crossed the border" in stance["denies"]
    assert "two soldiers were wounded" in stance["confirms"]


# ----------------------------------------------------------------------------- eval


def test_match_exact_and_overlap() -> None:
    gold = [((0, 10),), ((20, 30),)]
    pred = [((0, 10),), ((25, 40),), ((50, 60),)]
    assert match(gold, pred, "exact") == 1
    assert match(gold, pred, "overlap") == 2
    # one prediction cannot match two gold spans
    assert match([((0, 10),), ((5, 15),)], [((0, 15),)], "overlap") == 1


def test_eval_on_a_brat_folder(tmp_path: Path, nlp: Language) -> None:
    text = "Title.\n\nThe mayor said that the bridge would reopen. Rain fell all day."
    (tmp_path / "doc1.txt").write_text(text)
    cue = text.index("said")
    content = text.index("that the bridge")
    end = text.index(". Rain")
    (tmp_path / "doc1_ann1.ann").write_text(
        f"T1\tSource 8 17\tThe mayor\n"
        f"T2\tCue {cue} {cue + 4}\tsaid\n"
        f"T3\tContent {content} {end}\t{text[content:end]}\n"
        f"E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n"
    )
    assert len(read_ann(tmp_path / "doc1_ann1.ann")) == 1
    report = evaluate_quotes(tmp_path, Settings(), nlp=nlp)
    assert report.headline == "content_overlap_f1"
    assert report.metrics["cue_exact_f1"] == 1.0
    assert report.metrics["source_exact_f1"] == 1.0
    assert report.value == 1.0
    assert report.render().splitlines()[-1] == "content_overlap_f1: 1.0000"


def test_asked_whether_questions(nlp: Language) -> None:
    text = "The senator asked whether the contract had been signed legally."
    doc = parse(nlp, text)
    claims = extract_claims(doc, "a1", extract_quotes(doc, "a1"))
    assert [c.stance for c in claims] == ["questions"]
    assert "contract had been signed" in claims[0].proposition.text


def test_noun_cue_with_that_clause_nested_in_a_rejection(nlp: Language) -> None:
    text = "The council rejected the mayor's claim that the budget was balanced."
    doc = parse(nlp, text)
    quotes = extract_quotes(doc, scorer=None)  # the rules' candidates, before the scorer picks
    by_cue = {q.cue.text: q for q in quotes if q.cue is not None}
    assert set(by_cue) == {"rejected", "claim"}
    assert by_cue["claim"].content.text == "that the budget was balanced"
    assert by_cue["claim"].speaker is not None and by_cue["claim"].speaker.text == "the mayor's"
    assert by_cue["rejected"].speaker is not None and by_cue["rejected"].speaker.text == "The council"
    stances = {c.cue.text: c.stance for c in extract_claims(doc, "a1", quotes) if c.cue is not None}
    assert stances == {"rejected": "denies", "claim": "asserts"}


def test_question_mark_without_a_question_cue_still_asserts(nlp: Language) -> None:
    text = 'The senator said: "Who would sign such a contract?"'
    doc = parse(nlp, text)
    claims = extract_claims(doc, "a1", extract_quotes(doc, "a1"))
    assert claims and {c.stance for c in claims} == {"asserts"}


def test_in_someones_view_is_an_attribution(nlp: Language) -> None:
    doc = parse(nlp, "In the senator's view, the budget deal was a mistake.")
    quotes = extract_quotes(doc)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.cue is not None and q.cue.text == "view"
    assert q.speaker is not None and q.speaker.text == "the senator's"
    assert q.content.text == "the budget deal was a mistake"


def test_speaker_of_a_by_saying_clause_is_the_main_subject(nlp: Language) -> None:
    doc = parse(nlp, "The mayor distanced himself from the group by saying he had never met its leaders.")
    by_cue = {q.cue.text: q for q in extract_quotes(doc) if q.cue is not None}
    assert "saying" in by_cue
    assert by_cue["saying"].speaker is not None and by_cue["saying"].speaker.text == "The mayor"
    assert by_cue["saying"].content.text == "he had never met its leaders"


def test_participle_cue_takes_the_noun_it_modifies_as_source(nlp: Language) -> None:
    doc = parse(nlp, "Analysts pointed to a survey showing that most voters oppose the tax.")
    by_cue = {q.cue.text: q for q in extract_quotes(doc, scorer=None) if q.cue is not None}
    q = by_cue["showing"]
    assert q.speaker is not None and q.speaker.text == "a survey"  # not the whole noun phrase
    assert q.content.text == "that most voters oppose the tax"


def test_mined_cues_extend_the_hand_lexicon() -> None:
    lex = load_lexicon()
    # mined from PolNeAR train: prepositional cues keep their particle ("referred to X")
    assert lex.particle_cues.get("refer") == "to"
    assert "refer" in lex.cues
    # the hand decisions stay: a not_clause_cues verb is never added by mining
    assert not lex.not_clause_cues & (lex.cues - {"ask", "prefer", "demand"})


def test_mined_cue_file_is_well_formed() -> None:
    from importlib import resources

    text = resources.files("newsgraph.resources.quotes").joinpath("mined_cues.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert rows[0][:5] == ["lemma", "pos", "gold", "total", "precision"]
    keys = [(r[0], r[1]) for r in rows[1:]]
    assert keys == sorted(keys, key=lambda k: (k[1], k[0])) and len(set(keys)) == len(keys)
    for r in rows[1:]:
        assert 0 < int(r[2]) <= int(r[3])
        assert abs(float(r[4]) - int(r[2]) / int(r[3])) < 0.001


def test_attitude_adjective_after_a_copula(nlp: Language) -> None:
    doc = parse(nlp, "The governor was confident that the bill would pass.")
    by_cue = {q.cue.text: q for q in extract_quotes(doc) if q.cue is not None}
    q = by_cue["confident"]
    assert q.speaker is not None and q.speaker.text == "The governor"
    assert q.content.text == "that the bill would pass"
    doc = parse(nlp, "The bridge was long.")
    assert extract_quotes(doc) == []


# ----------------------------------------------------------------------------- scorer


def test_scorer_is_a_thresholded_logistic_model() -> None:
    scorer = Scorer({"a": 2.0, "b": -3.0}, bias=0.0, threshold=0.5)
    assert scorer.probability([]) == 0.5
    assert scorer.probability(["a"]) > 0.5 > scorer.probability(["b"])
    assert scorer.probability(["a"]) >= scorer.threshold > scorer.probability(["a", "b"])
    assert scorer.probability(["unknown feature"]) == 0.5  # unseen features weigh nothing


def test_shipped_attribution_model_is_valid_and_small() -> None:
    from importlib import resources

    raw = resources.files("newsgraph.resources.quotes").joinpath(MODEL_FILE).read_bytes()
    assert len(raw) < 2_000_000
    data = json.loads(raw)
    assert data["weights"] == dict(sorted(data["weights"].items()))  # written sorted
    scorer = load_scorer()
    assert scorer is not None and 0.0 < scorer.threshold < 1.0
    assert all(math.isfinite(w) for w in scorer.weights.values())
    # the features the extractor emits are the ones the model knows
    assert any(f.startswith("lemma=") for f in scorer.weights)
    assert any(f.startswith("rule=") for f in scorer.weights)
    # the two-pass scorer ships its pass-2 table, which reads rival features and own features
    assert scorer.rival_weights is not None and all(math.isfinite(w) for w in scorer.rival_weights.values())
    assert any(f.startswith("r:") for f in scorer.rival_weights)
    assert any(f.startswith("lemma=") for f in scorer.rival_weights)
    assert data["rival_weights"] == dict(sorted(data["rival_weights"].items()))


def test_candidates_have_features_and_the_scorer_only_removes(nlp: Language) -> None:
    text = (
        "The mayor said that the bridge would reopen in May.\n\n"
        "Critics argued the repairs were far too costly.\n\n"
        "The engineers made sure that the lights stayed on."
    )
    doc = parse(nlp, text)
    candidates = attribution_candidates(doc)
    assert candidates
    for cue, content, _source, features in candidates:
        assert "bias" in features and any(f.startswith("rule=") for f in features)
        assert content and all(0 <= s < e <= len(text) for s, e in content)
        assert not any(s <= cue[0] < e for s, e in content)  # the cue is not part of what was said
    every = {(q.cue.start, q.content.start) for q in extract_quotes(doc, scorer=None) if q.cue}
    kept = {(q.cue.start, q.content.start) for q in extract_quotes(doc) if q.cue}
    assert kept <= every
    assert any(text[c : c + 4] == "said" for c, _ in kept)


def test_exclusive_scorer_keeps_no_attribution_inside_another(nlp: Language) -> None:
    # PolNeAR never annotates an attribution nested in another's content: the shipped scorer
    # keeps the likelier one of the two candidates
    doc = parse(nlp, "The council rejected the mayor's claim that the budget was balanced.")
    assert len(extract_quotes(doc, scorer=None)) == 2
    scorer = load_scorer()
    assert scorer is not None and scorer.exclusive
    assert len(extract_quotes(doc)) == 1
    doc = parse(nlp, (
        "Analysts pointed to a survey showing that most voters oppose the tax.\n\n"
        "The mayor said that officials claimed the bridge would reopen."
    ))
    quotes = extract_quotes(doc)
    assert len(quotes) >= 2
    pieces = [[(p.start, p.end) for p in q.content_parts or [q.content]] for q in quotes]
    for i, a in enumerate(quotes):
        for j in range(len(quotes)):
            if i != j:
                assert not any(s < e2 and s2 < e for s, e in pieces[i] for s2, e2 in pieces[j])
                assert a.cue is not None and not any(s <= a.cue.start < e for s, e in pieces[j])


def test_pass_two_table_can_reverse_which_of_two_clashing_candidates_is_kept(nlp: Language) -> None:
    # a toy two-pass scorer: stage 1 prefers "rejected"; the pass-2 table reads only the rival
    # features and prefers the candidate ranked second in its sentence, so the clash flips
    doc = parse(nlp, "The council rejected the mayor's claim that the budget was balanced.")
    text = doc.text
    stage1 = {"lemma=reject": 2.0, "lemma=claim": 1.0}
    one = Scorer(stage1, 0.0, 0.5, exclusive=True)
    two = Scorer(stage1, 0.0, 0.5, exclusive=True, rival_weights={"r:srank=0": -2.0, "r:srank=1": 2.0})

    def cues(scorer: Scorer) -> list[str]:
        return [text[q.cue.start : q.cue.end] for q in extract_quotes(doc, scorer=scorer) if q.cue]

    assert cues(one) == ["rejected"]
    assert cues(two) == ["claim"]


def test_rival_features_describe_rank_and_clash(nlp: Language) -> None:
    doc = parse(nlp, "The council rejected the mayor's claim that the budget was balanced.")
    found, feats = candidate_records(doc, None)
    assert len(found) == 2 and len(feats) == 2
    probs = [0.9, 0.2] if found[0].cue[0] < found[1].cue[0] else [0.2, 0.9]
    rivals = rival_features(found, probs)
    likely, unlikely = (rivals[0], rivals[1]) if probs[0] > probs[1] else (rivals[1], rivals[0])
    assert "r:srank=0" in likely and "r:srank=1" in unlikely
    assert "r:band=18" in likely and "r:band=4" in unlikely
    # the nested report's likeliest rival outranks it; the outer one is not outranked
    assert any(f.startswith("r:inner:outranks=1") for f in unlikely)
    assert any(f.startswith("r:outer:outranks=0") for f in likely)
    assert not any(f.startswith("r:alone") for f in likely + unlikely)
    both = pass_two_features(found, feats, probs)
    assert all(b[: len(f)] == f for b, f in zip(both, feats, strict=True))


# ----------------------------------------------------------------------------- unseen news (fourth pass)


def test_wire_dateline_is_never_content_source_or_cue(nlp: Language) -> None:
    text = "Floods in the north\n\nLILONGWE, June 9 — Army trucks carried food to three flooded villages, aid workers said."
    doc = parse(nlp, text)
    q = only(extract_quotes(doc), "Army trucks")
    start = text.index("LILONGWE")
    dash = text.index("—")
    for span in [q.content, q.cue, q.speaker, *q.content_parts]:
        assert span is not None and not (span.start <= dash and start < span.end), span
    assert q.content.text.startswith("Army trucks")
    assert q.speaker is not None and q.speaker.text == "aid workers"


def test_reuters_style_dateline_is_not_the_speaker(nlp: Language) -> None:
    text = "HARARE (Reuters) - The central bank will raise interest rates next week, two bankers said."
    q = only(extract_quotes(parse(nlp, text)), "interest rates")
    assert "HARARE" not in q.content.text and "Reuters" not in q.content.text
    assert q.speaker is not None and q.speaker.text == "two bankers"


def test_fourth_pass_lexicon_entries_are_loaded() -> None:
    lex = load_lexicon()
    assert {"comment", "elaborate"} <= lex.empty_speech
    assert 0.0 < lex.object_min_precision < 1.0
    # the precision of mined verbs is known, and hand cues are never refused as actions
    assert lex.cue_precision and all(0.0 <= p <= 1.0 for p in lex.cue_precision.values())


def test_non_speech_verb_with_an_object_is_no_attribution(nlp: Language) -> None:
    text = "The farmers blocked a highway outside the capital on Monday and burned tyres."
    assert extract_quotes(parse(nlp, text)) == []


def test_headline_denial_after_a_semicolon_takes_the_clause_after_its_cue(nlp: Language) -> None:
    text = "Israel says it struck a weapons depot; Hezbollah denies storing arms in villages"
    doc = parse(nlp, text)
    quotes = extract_quotes(doc)
    denial = only(quotes, "storing arms")
    assert denial.cue is not None and denial.cue.text == "denies"
    assert "weapons depot" not in denial.content.text
    assert denial.speaker is not None and denial.speaker.text == "Hezbollah"
    claims = extract_claims(doc, "a", quotes)
    denied = [c for c in claims if c.stance == "denies"]
    assert [c.proposition.text for c in denied] == [denial.content.text]
    assert denied[0].claimant is not None and denied[0].claimant.text == "Hezbollah"


def test_coordinated_cue_shares_the_speaker_and_splits_the_content(nlp: Language) -> None:
    text = "The army said its troops had destroyed a rebel camp and denied that villagers had been harmed."
    doc = parse(nlp, text)
    quotes = extract_quotes(doc)
    first = only(quotes, "rebel camp")
    assert "denied" not in first.content.text and not first.content.text.endswith("and")
    denial = only(quotes, "villagers had been harmed")
    assert denial.cue is not None and denial.cue.text == "denied"
    assert denial.speaker is not None and denial.speaker.text == "The army"
    claims = extract_claims(doc, "a", quotes)
    assert any(c.stance == "denies" and "villagers had been harmed" in c.proposition.text
               and c.claimant is not None and c.claimant.text == "The army" for c in claims)


def test_coordinated_cue_with_a_backshifted_first_clause(nlp: Language) -> None:
    text = "The mayor said that the city would reopen the bridge soon and promised that tolls would stay low."
    quotes = extract_quotes(parse(nlp, text))
    first = only(quotes, "reopen the bridge")
    assert "promised" not in first.content.text
    second = only(quotes, "tolls would stay low")
    assert second.speaker is not None and second.speaker.text == "The mayor"


def test_declining_to_comment_is_no_quote(nlp: Language) -> None:
    for text in ("The central bank declined to comment.", "A spokeswoman for the company refused to comment on the report."):
        assert extract_quotes(parse(nlp, text)) == [], text
    # an infinitive of saying with something said is still a quote
    quotes = extract_quotes(parse(nlp, "The company declined to say whether it would cut jobs."))
    assert quotes and "cut jobs" in quotes[0].content.text


def test_relative_clause_verb_with_an_object_does_not_take_the_rest_of_the_sentence(nlp: Language) -> None:
    for text in (
        "The World Bank, which approved a new loan for the port last year, declined to comment.",
        "The bank, which agreed a debt deal with Zambia in June, declined to comment on the talks.",
    ):
        quotes = extract_quotes(parse(nlp, text))
        assert all("declined" not in q.content.text for q in quotes), [q.content.text for q in quotes]


# ----------------------------------------------------------------------------- fifth pass


def _colon_candidates(doc: Doc) -> list[tuple[str, list[str], list[str]]]:
    text = doc.text
    return [
        (text[c[0] : c[1]], [text[s:e] for s, e in content], [text[s:e] for s, e in source])
        for c, content, source, feats in attribution_candidates(doc)
        if any(f.startswith("rule=colon") for f in feats)
    ]


def test_title_case_headline_colon_is_a_candidate_without_a_parsed_verb(nlp: Language) -> None:
    # the parser tags every word after the colon as a name or noun ("Blocks" included)
    doc = parse(nlp, "Ramirez: Harbour Board Blocks Ferry Fare Rise\n\nThe board met on Monday.")
    found = _colon_candidates(doc)
    assert any(src == ["Ramirez"] and "Ferry Fare" in " ".join(content) for _, content, src in found), found


def test_colon_before_a_quotation_names_the_speaker(nlp: Language) -> None:
    text = "The delay did not surprise harbour engineer Lena Ostrova: “Every winter the pumps fail first.”"
    found = _colon_candidates(parse(nlp, text))
    assert any(
        cue == ":" and "Lena Ostrova" in " ".join(src) and "pumps fail" in " ".join(content)
        for cue, content, src in found
    ), found


def test_colon_before_a_list_is_no_quote_speaker(nlp: Language) -> None:
    text = "The council bought three things: pumps, pipes and valves."
    assert not [c for c in _colon_candidates(parse(nlp, text)) if c[0] == ":"]


def test_age_hyphen_after_a_name_is_no_dateline(nlp: Language) -> None:
    # "55-year-old" is a date entity followed by a hyphen: no wire dateline, the name speaks
    text = "The ferry queue was long.\n\nMarta Ilves, a 55-year-old nurse from Tartu, says the fares are too high."
    doc = parse(nlp, text)
    found = [(text[c[0] : c[1]], [text[s:e] for s, e in src]) for c, _, src, _ in attribution_candidates(doc)]
    assert any(cue == "says" and "Marta Ilves" in " ".join(src) for cue, src in found), found


def test_framing_lexicon_loads() -> None:
    lex = load_lexicon()
    assert "poll" in lex.framing["in"]
    assert lex.framing["for"] == frozenset()  # any person-like noun
    # a framing noun must not shadow the cue lexicons: "In a statement, she said" is "said"
    assert not lex.framing["in"] & {"say", "tell"}


def test_in_a_poll_frames_the_clause_it_opens(nlp: Language) -> None:
    text = "In a Harbour Gazette poll released Monday, 58 percent of islanders backed the new ferry."
    doc = parse(nlp, text)
    found = [
        (text[c[0] : c[1]], " ".join(text[s:e] for s, e in src), " ".join(text[s:e] for s, e in content))
        for c, content, src, _ in attribution_candidates(doc)
    ]
    assert any(cue == "In" and "poll" in src and "58 percent" in content for cue, src, content in found), found


def test_for_a_period_is_no_framing(nlp: Language) -> None:
    text = "For four years, the ferry ran twice a day."
    doc = parse(nlp, text)
    assert not [c for c in attribution_candidates(doc) if text[c[0][0] : c[0][1]] == "For"]


def test_in_a_statement_with_a_cue_verb_adds_no_framing_candidate(nlp: Language) -> None:
    text = "In a statement, the harbour board said the ferry would run on Sunday."
    doc = parse(nlp, text)
    assert not [c for c in attribution_candidates(doc) if text[c[0][0] : c[0][1]] == "In"]


def test_speaker_after_a_dateline_the_parser_made_the_subject(nlp: Language) -> None:
    text = "Ferry fares rise.\n\nTALLINN (AP) — Jaan Tamm and Mayor Liis Kask pledged to keep the fares low."
    doc = parse(nlp, text)
    q = only(extract_quotes(doc, scorer=None), "keep the fares")
    assert q.speaker is not None and "Jaan Tamm" in q.speaker.text and "TALLINN" not in q.speaker.text


def test_statement_noun_inside_a_cue_phrase_takes_the_verbs_speaker(nlp: Language) -> None:
    text = "The harbour board's chair Anu Saar said in a statement that the ferry would run on Sunday."
    doc = parse(nlp, text)
    found = [
        (text[c[0] : c[1]], " ".join(text[s:e] for s, e in src))
        for c, _, src, _ in attribution_candidates(doc)
    ]
    assert ("statement", next(s for c, s in found if c == "said")) in found, found
    assert "Anu Saar" in dict(found)["statement"]



# ----------------------------------------------------------------------------- third pass: recall of source and cue


def _found(nlp: Language, text: str) -> list[tuple[str, str, str, str]]:
    """(cue, source, content, rule feature) of every candidate of ``text``."""
    doc = parse(nlp, text)
    return [
        (text[c[0] : c[1]], " ".join(text[s:e] for s, e in src), " ".join(text[s:e] for s, e in content), fs[1])
        for c, content, src, fs in attribution_candidates(doc)
    ]


def test_new_cue_lexicons_load() -> None:
    lex = load_lexicon()
    assert "answer" in lex.copula_nouns
    assert "case" in lex.light_verbs["make"] and "aim" in lex.light_verbs["take"]
    assert "supporter" in lex.role_nouns
    assert "support" in lex.stance_phrases and "reportedly" in lex.hearsay_adverbs
    assert 0.0 < lex.quote_cue_min_precision <= 1.0
    assert not lex.light_verbs.keys() & {"say", "tell"}  # a speech verb is a cue by itself
    assert not lex.hearsay_adverbs & lex.cues


def test_reporting_noun_before_a_copula_is_a_cue(nlp: Language) -> None:
    found = _found(nlp, "The harbour board's answer was that the ferry would run all winter.")
    assert any(
        "answer" in cue and "harbour board" in src and "ferry would run" in content and rule == "rule=copula_noun"
        for cue, src, content, rule in found
    ), found


def test_light_verb_with_its_noun_is_a_cue(nlp: Language) -> None:
    found = _found(nlp, "Mayor Liis Kask made the case that the old bridge should be rebuilt before winter.")
    assert any(
        cue.startswith("made") and "Liis Kask" in src and "bridge should be rebuilt" in content
        for cue, src, content, _ in found
    ), found


def test_light_verb_content_is_the_target_not_the_date(nlp: Language) -> None:
    found = [f for f in _found(nlp, "Mayor Kask took aim at the harbour board on Tuesday.") if f[3] == "rule=light"]
    assert found and "harbour board" in found[0][2] and "Tuesday" not in found[0][2], found


def test_role_noun_after_a_copula_is_a_stance(nlp: Language) -> None:
    found = _found(nlp, "The singer is a vocal supporter of the ferry union.")
    assert any(
        rule == "rule=role_noun" and src == "The singer" and content == "the ferry union"
        for _, src, content, rule in found
    ), found


def test_adjective_outside_the_lexicon_with_a_person_is_a_candidate(nlp: Language) -> None:
    found = _found(nlp, "Councillor Aas was more measured on the fare rise.")
    assert any(rule == "rule=adjective_any" and "Aas" in src and "fare rise" in content for _, src, content, rule in found), found
    # a thing is no holder of a view
    assert not [f for f in _found(nlp, "The road was busy with trucks.") if f[3] == "rule=adjective_any"]


def test_finite_verb_hung_on_its_subject_keeps_the_speaker(nlp: Language) -> None:
    # the parser makes "found" a clause of "poll": the poll is still what found it
    text = "A Harbour Gazette poll found last week that most islanders back the new ferry."
    q = only(extract_quotes(parse(nlp, text), scorer=None), "islanders back")
    assert q.speaker is not None and "poll" in q.speaker.text


def test_double_apostrophes_are_quotation_marks(nlp: Language) -> None:
    text = "''We will run the ferry all winter, whatever it costs,'' said Anu Saar, the harbour master."
    quotes = extract_quotes(parse(nlp, text), scorer=None)
    q = only(quotes, "run the ferry")
    assert q.kind == "direct" and q.speaker is not None and "Anu Saar" in q.speaker.text


def test_a_quotation_left_open_runs_to_the_end_of_its_paragraph(nlp: Language) -> None:
    text = (
        "Kask spoke for an hour.\n\n“The board said the pumps were fine, and the board was wrong about that.\n\n"
        "“We will fix them,” she said."
    )
    doc = parse(nlp, text)
    # "said" inside the open quotation is the quoted speaker's, not a new attribution
    inner = text.index("said the pumps")
    assert not [c for c in attribution_candidates(doc) if c[0][0] == inner]


def test_while_clause_of_another_speaker_is_left_out_of_the_content(nlp: Language) -> None:
    text = "Several islanders said the ferry was too slow, while other voters said they had no complaints."
    found = _found(nlp, text)
    first = [f for f in found if f[1] == "Several islanders"]
    assert first and "other voters" not in first[0][2], found
    assert any(src == "other voters" and "no complaints" in content for _, src, content, _ in found), found


def test_asked_frame_has_no_speaker_and_a_bare_answer_is_content(nlp: Language) -> None:
    found = _found(nlp, "Asked if the ferry would run in winter, Kask said no.")
    assert any(cue == "Asked" and src == "" and "ferry would run" in content for cue, src, content, _ in found), found
    assert any(cue == "said" and src == "Kask" and content == "no" for cue, src, content, _ in found), found


def test_in_support_of_is_a_stance_of_the_verbs_subject(nlp: Language) -> None:
    found = _found(nlp, "The fishermen's union has come out in support of the new harbour fees.")
    assert any(
        rule == "rule=stance_phrase" and "union" in src and "harbour fees" in content and cue.startswith("come")
        for cue, src, content, rule in found
    ), found


def test_passive_cue_without_agent_reports_its_subject(nlp: Language) -> None:
    found = _found(nlp, "The new ferry timetable was announced on Monday.")
    assert any(
        cue == "announced" and src == "" and "ferry timetable" in content and rule == "rule=verb_passive"
        for cue, src, content, rule in found
    ), found


def test_agency_in_parentheses_makes_a_dateline(nlp: Language) -> None:
    text = "Ferry fares rise.\n\nTartu (AFP) – Mayor Liis Kask said on Monday that the fares were too high."
    quotes = extract_quotes(parse(nlp, text), scorer=None)
    q = only(quotes, "fares were too high")
    assert q.speaker is not None and "Kask" in q.speaker.text and "AFP" not in q.speaker.text


def test_speaker_the_parser_hung_as_an_apposition_is_found(nlp: Language) -> None:
    # the parse the rule is for, written out: "Ruiz" is an apposition of "West" (the object
    # of "At"), and "suggested" has no subject
    words = ["At", "Boca", "West", ",", "Jay", "Ruiz", ",", "the", "manager", ",", "suggested", "that", "prices", "rose", "."]
    heads = [10, 2, 0, 2, 5, 2, 5, 8, 5, 5, 10, 13, 13, 10, 10]
    deps = ["prep", "compound", "pobj", "punct", "compound", "appos", "punct", "det", "appos", "punct", "ROOT", "mark", "nsubj", "ccomp", "punct"]
    tags = ["IN", "NNP", "NNP", ",", "NNP", "NNP", ",", "DT", "NN", ",", "VBD", "IN", "NNS", "VBD", "."]
    pos = ["ADP", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "DET", "NOUN", "PUNCT", "VERB", "SCONJ", "NOUN", "VERB", "PUNCT"]
    lemmas = ["at", "Boca", "West", ",", "Jay", "Ruiz", ",", "the", "manager", ",", "suggest", "that", "price", "rise", "."]
    ents = ["O", "B-FAC", "I-FAC", "O", "B-PERSON", "I-PERSON"] + ["O"] * 9
    spaces = [True, True, False, True, True, False, True, True, False, True, True, True, True, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas, ents=ents)
    doc._.actor_mentions = []
    text = doc.text
    found = [(text[c[0] : c[1]], " ".join(text[s:e] for s, e in src)) for c, _, src, _ in attribution_candidates(doc)]
    assert any(cue == "suggested" and src.startswith("Jay Ruiz") for cue, src in found), found


def test_of_two_parsed_subjects_the_one_next_to_the_verb_speaks(nlp: Language) -> None:
    # the parse the rule is for, written out: a place before the subject is taken for a
    # second subject ("..., Harbour Town, Kask went after the board, calling it ...")
    words = ["In", "Salem", ",", "Harbour", "Town", ",", "Kask", "went", "after", "the", "board", ",",
             "calling", "it", "a", "disgrace", "."]
    heads = [7, 0, 7, 4, 7, 7, 7, 7, 7, 10, 8, 7, 7, 12, 15, 12, 7]
    deps = ["prep", "pobj", "punct", "compound", "nsubj", "punct", "nsubj", "ROOT", "prep", "det", "pobj", "punct",
            "advcl", "dobj", "det", "oprd", "punct"]
    tags = ["IN", "NNP", ",", "NNP", "NNP", ",", "NNP", "VBD", "IN", "DT", "NN", ",", "VBG", "PRP", "DT", "NN", "."]
    pos = ["ADP", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "PROPN", "VERB", "ADP", "DET", "NOUN", "PUNCT",
           "VERB", "PRON", "DET", "NOUN", "PUNCT"]
    lemmas = ["in", "Salem", ",", "Harbour", "Town", ",", "Kask", "go", "after", "the", "board", ",", "call", "it",
              "a", "disgrace", "."]
    spaces = [True, False, True, True, False, True, True, True, True, True, False, True, True, True, True, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas,
              ents=["O", "B-GPE", "O", "B-GPE", "I-GPE", "O", "B-PERSON"] + ["O"] * 10)
    doc._.actor_mentions = []
    text = doc.text
    found = [(text[c[0] : c[1]], " ".join(text[s:e] for s, e in src)) for c, _, src, _ in attribution_candidates(doc)]
    assert ("calling", "Kask") in found, found


def test_subject_taken_by_an_adjective_before_the_cue_speaks(nlp: Language) -> None:
    # the parser makes "privy" a clause of "say" and "officials" its subject
    text = "Several officials privy to the negotiations say the ferry deal is close."
    q = only(extract_quotes(parse(nlp, text), scorer=None), "ferry deal")
    assert q.speaker is not None and q.speaker.text.startswith("Several officials")


def test_a_title_beside_a_verb_that_seldom_reports_is_no_quote(nlp: Language) -> None:
    lex = load_lexicon()
    assert "vote" in lex.cues and lex.cue_precision["vote"] < lex.quote_cue_min_precision
    refuse_all = Scorer({}, -30.0, 0.5)  # only loose quotations are attached, after scoring
    text = "Islanders will vote for “Harbour Lights,” the film about the old ferry, on Sunday."
    assert not extract_quotes(parse(nlp, text), scorer=refuse_all)
    # a speech verb still takes the quotation
    text = "Islanders are tired of waiting. “The old ferry will run again next spring,” wrote the harbour master."
    assert only(extract_quotes(parse(nlp, text), scorer=refuse_all), "old ferry").cue.text == "wrote"


def test_verb_with_its_own_object_takes_no_in_support_of_cue(nlp: Language) -> None:
    found = _found(nlp, "The singer announced a concert in support of the ferry union.")
    assert not [f for f in found if f[3] == "rule=stance_phrase"], found


def test_nesting_features_mark_a_report_within_a_report(nlp: Language) -> None:
    text = "The mayor said that the harbour board claimed the pumps were fine."
    doc = parse(nlp, text)
    feats = {text[c[0] : c[1]]: fs for c, _, _, fs in attribution_candidates(doc)}
    assert "nest=outer" in feats["said"] and "nest=inner" not in feats["said"]
    assert "nest=inner" in feats["claimed"]


def test_cue_context_features_describe_the_cue_heads_surroundings(nlp: Language) -> None:
    text = "The mayor said that the bridge would reopen in May."
    doc = parse(nlp, text)
    feats = {text[c[0] : c[1]]: fs for c, _, _, fs in attribution_candidates(doc)}
    context = [f for f in feats["said"] if f.startswith("tok:")]
    # the head's children as the proposer sees them: a subject and a clause
    assert "tok:kid=nsubj" in context and "tok:lemma_kid=say:ccomp" in context
    # each once (the scorer sums every listed feature), and none repeats the scorer's own kinds
    assert len(context) == len(set(context))
    assert not any(f.split("=")[0] in ("tok:lemma", "tok:pos", "tok:tag", "tok:dep", "tok:bias") for f in context)


def test_hearsay_adverb_reports_its_clause_without_a_source(nlp: Language) -> None:
    found = _found(nlp, "The mayor reportedly told aides that the ferry would stop in May.")
    assert any(
        cue == "reportedly" and src == "" and "told aides" in content and rule == "rule=hearsay"
        for cue, src, content, rule in found
    ), found


def test_cue_after_an_adjective_takes_the_copulas_subject(nlp: Language) -> None:
    text = "Harbour workers are quick to point out that the pumps failed twice last winter."
    q = only(extract_quotes(parse(nlp, text), scorer=None), "pumps failed")
    assert q.speaker is not None and q.speaker.text == "Harbour workers"


# ----------------------------------------------------------------------------- cue proposer


def _rule_cues(doc: Doc) -> set[tuple[int, int]]:
    return {cue for cue, _c, _s, _f in attribution_candidates(doc, proposer=None)}


def test_shipped_cue_proposer_is_valid_and_small() -> None:
    from importlib import resources

    path = resources.files("newsgraph.resources.quotes").joinpath(PROPOSER_FILE)
    if not path.is_file():
        assert load_proposer() is None  # rules only: nothing is proposed
        return
    raw = path.read_bytes()
    assert len(raw) < 3_000_000
    data = json.loads(raw)
    assert data["weights"] == dict(sorted(data["weights"].items()))
    proposer = load_proposer()
    assert proposer is not None and 0.0 < proposer.threshold < 1.0
    assert all(math.isfinite(w) for w in proposer.weights.values())
    assert any(f.startswith("lemma=") for f in proposer.weights)


def test_proposer_adds_a_verb_the_rules_miss_with_its_subject_and_object(nlp: Language) -> None:
    text = "Republicans pounced on the senator's remarks about the budget."
    doc = parse(nlp, text)
    start = text.index("pounced")
    assert not any(s <= start < e for s, e in _rule_cues(doc))  # the rules have no cue here
    proposer = Proposer({"lemma=pounce": 10.0}, bias=-5.0, threshold=0.5)
    proposed = [c for c in attribution_candidates(doc, proposer=proposer) if "rule=proposed_verb" in c[3]]
    assert len(proposed) == 1
    cue, content, source, features = proposed[0]
    assert text[cue[0] : cue[1]] == "pounced"
    assert any("remarks" in text[s:e] for s, e in content)
    assert [text[s:e] for s, e in source] == ["Republicans"]
    assert "detail=proposed_verb:4" in features  # the proposer's probability band


def test_proposed_colon_in_running_text_splits_source_and_content(nlp: Language) -> None:
    text = "The verdict of the union was clear: the strike would go on until Friday."
    doc = parse(nlp, text)
    proposer = Proposer({"colon_text": 10.0}, bias=-5.0, threshold=0.5)
    proposed = [c for c in attribution_candidates(doc, proposer=proposer) if "rule=proposed_colon" in c[3]]
    assert len(proposed) == 1
    _cue, content, source, _features = proposed[0]
    assert "the strike would go on" in " ".join(text[s:e] for s, e in content)
    assert any("verdict of the union" in text[s:e] for s, e in source)


def test_proposer_skips_quotations_and_cues_the_rules_found(nlp: Language) -> None:
    text = 'The minister said that taxes would rise. "We have no choice at all," she added.'
    doc = parse(nlp, text)
    rules = _rule_cues(doc)
    everything = Proposer({}, bias=10.0, threshold=0.5)  # rates every token a cue
    proposed = [c for c in attribution_candidates(doc, proposer=everything) if any(f.startswith("rule=proposed") for f in c[3])]
    quote = (text.index('"'), text.rindex('"') + 1)
    for cue, _content, _source, _features in proposed:
        assert not quote[0] <= cue[0] < quote[1]
        assert not any(s <= cue[0] < e for s, e in rules)
    assert proposed  # it did propose the other words


def test_proposed_verb_beside_a_quotation_takes_the_quotation(nlp: Language) -> None:
    text = '"Go back to your seat, sir," barked the chairman of the committee.'
    doc = parse(nlp, text)
    start = text.index("barked")
    proposer = Proposer({"lemma=bark": 10.0}, bias=-5.0, threshold=0.5)
    proposed = [c for c in attribution_candidates(doc, proposer=proposer) if c[0][0] == start]
    if not proposed:  # the rules found it themselves: nothing for the proposer to add
        assert any(s <= start < e for s, e in _rule_cues(doc))
        return
    _cue, content, _source, _features = proposed[0]
    assert any("Go back to your seat" in text[s:e] for s, e in content)


def test_proposer_keeps_the_rules_conventions(nlp: Language) -> None:
    everything = Proposer({}, bias=10.0, threshold=0.5)
    for text in ("The central bank declined to comment.", "We think the plan will fail.",
                 "The farmers blocked a highway outside the capital on Monday."):
        doc = parse(nlp, text)
        cues = [text[c[0] : c[1]] for c, _x, _y, f in attribution_candidates(doc, proposer=everything)
                if any(x.startswith("rule=proposed") for x in f)]
        assert not {"declined", "comment", "think", "blocked"} & set(cues), (text, cues)


# ----------------------------------------------------------------------------- selection among overlapping candidates


def _selected(nlp: Language, text: str, weights: dict[str, float], **selection: float) -> set[str]:
    """Cues kept by a hand-set exclusive scorer (every other candidate falls under its threshold)."""
    scorer = Scorer(weights, -2.0, 0.3, True, **selection)
    return {q.cue.text for q in extract_quotes(parse(nlp, text), scorer=scorer, proposer=None)}


def test_report_holding_a_likelier_reports_cue_is_kept_when_likely_enough(nlp: Language) -> None:
    text = "The mayor said the harbour board claimed the pumps were fine."
    likely = {"lemma=claim": 5.0, "lemma=say": 3.0}  # "claimed" is taken first; "said" holds it
    assert _selected(nlp, text, likely) == {"claimed"}  # exclusive: one report per stretch of text
    assert _selected(nlp, text, likely, outer_threshold=0.7) == {"claimed", "said"}
    unlikely = {"lemma=claim": 5.0, "lemma=say": 2.5}  # p(said) = 0.62
    assert _selected(nlp, text, unlikely, outer_threshold=0.7) == {"claimed"}


def test_report_inside_a_kept_content_needs_its_own_threshold(nlp: Language) -> None:
    text = "The mayor said the harbour board claimed the pumps were fine."
    weights = {"lemma=claim": 3.0, "lemma=say": 5.0}  # "said" is taken first; "claimed" is inside it
    assert _selected(nlp, text, weights, outer_threshold=0.7) == {"said"}
    assert _selected(nlp, text, weights, inner_threshold=0.7) == {"said", "claimed"}


def test_shipped_selection_settings_are_valid() -> None:
    scorer = load_scorer()
    assert scorer is not None and scorer.exclusive
    for limit in (scorer.inner_threshold, scorer.outer_threshold, scorer.overlap_threshold):
        assert scorer.threshold <= limit  # a clashing candidate never needs less than a free one


def test_passive_agent_hung_on_a_prepositional_object_speaks(nlp: Language) -> None:
    text = "The ferry deal was criticised in a letter by the harbour workers."
    q = only(extract_quotes(parse(nlp, text), scorer=None, proposer=None), "ferry deal")
    assert q.cue.text == "criticised"
    assert q.speaker is not None and q.speaker.text == "the harbour workers"


def test_passive_with_a_by_phrase_on_a_thing_keeps_no_speaker(nlp: Language) -> None:
    text = "The timetable was announced in a statement by email on Monday."
    quotes = extract_quotes(parse(nlp, text), scorer=None, proposer=None)
    assert all(q.speaker is None or q.speaker.text != "email" for q in quotes), quotes


def test_statement_someone_issued_speaks_with_their_voice(nlp: Language) -> None:
    text = "The mayor and the governor issued a statement describing the ferry deal as a good start."
    quotes = extract_quotes(parse(nlp, text), scorer=None, proposer=None)
    q = next(q for q in quotes if q.cue.text == "describing")
    assert q.speaker is not None and q.speaker.text == "The mayor and the governor"


def test_a_poll_that_is_the_subject_still_speaks_itself(nlp: Language) -> None:
    text = "A new poll showing that most voters back the ferry was published on Monday."
    quotes = extract_quotes(parse(nlp, text), scorer=None, proposer=None)
    q = next(q for q in quotes if q.cue.text == "showing")
    assert q.speaker is not None and q.speaker.text == "A new poll"


# ----------------------------------------------------------------------------- ninth pass


def test_title_case_headline_verb_is_a_cue(nlp: Language) -> None:
    text = "Harbour Mayor Lena Ostrova Slams Ferry Board Over Fare Rise\n\nThe board met on Monday."
    found = _found(nlp, text)
    hits = [f for f in found if f[0] == "Slams"]
    assert hits and hits[0][3] == "rule=headline_verb", found
    assert hits[0][1] == "Harbour Mayor Lena Ostrova" and hits[0][2].startswith("Ferry Board")


def test_headline_verb_only_in_the_first_line_and_not_a_plural_noun(nlp: Language) -> None:
    text = "Ferry Fares Rise Again\n\nHarbour Mayor Lena Ostrova Slams Ferry Board Over Fare Rise."
    found = _found(nlp, text)
    assert not any(rule == "rule=headline_verb" for *_x, rule in found), found


def test_headline_verb_with_the_speaker_after_the_quotation(nlp: Language) -> None:
    text = "Pumps Are ‘Good Enough,’ Harbour Board Finds\n\nThe board met on Monday."
    hit = next(f for f in _found(nlp, text) if f[0] == "Finds")
    assert hit[1] == "Harbour Board" and "Pumps" in hit[2]


def test_reaction_noun_reverses_source_and_content(nlp: Language) -> None:
    text = "The ferry plan drew sharp criticism from the harbour workers on Monday."
    hit = next(f for f in _found(nlp, text) if f[3] == "rule=reaction")
    assert hit[0] == "drew sharp criticism"
    assert hit[1] == "the harbour workers" and hit[2] == "The ferry plan"


def test_reaction_without_a_reaction_noun_is_no_cue(nlp: Language) -> None:
    found = _found(nlp, "The ferry plan drew a large crowd from the harbour.")
    assert not any(rule == "rule=reaction" for *_x, rule in found), found


def test_reaction_lexicon_loads() -> None:
    lex = load_lexicon()
    assert {"draw", "receive"} <= lex.reaction_verbs and {"criticism", "praise"} <= lex.reaction_nouns
