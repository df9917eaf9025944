"""Event extraction: PLOVER events from a parsed, annotated spaCy ``Doc``.

The dependency parse decides the structure - which word is the trigger (a verb such as
"attacked" or an event noun such as "strike", "agreement"), who acts (subject, passive agent,
possessor "Israel's attack", nationality adjective "Israeli attack", the subject of a light verb
"X carried out an attack"), who is acted on (object, passive subject, "against X", "on X",
"with X"), and the auxiliary mode (negated, future, hypothetical, historical). The trigger
lexicon (``resources/ontology/triggers.yaml``) decides the PLOVER type and mode; the ontology
tables derive the CAMEO code, quad class and Goldstein weight. Coordinated subjects ("Türkiye,
Syria, Jordan and Iraq activated ...") give ONE event with an actor list.

The sentence classifier (``classifier.py``, a small linear model over the same parse features)
completes the hybrid: it gives each event a calibrated confidence, types sentences whose action
word is not in the lexicon (their main clause gives who and whom), and decides whether a
sentence is a mere statement (CAMEO PentaClass 0).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from ..model import ActorMention, EventMention
from ..model import Span as TextSpan
from ..nlp.pipeline import dateline_end, sentence_of
from ..settings import DEFAULT_ARGUMENTS, DEFAULT_TYPES
from . import classifier, ontology

VERSION = "0.3"
EXTRACTOR = f"newsgraph.events/{VERSION}"
#: who/whom conventions (``conventions`` of structural_arguments.yaml, ``Settings.arguments``)
ARGUMENT_CONVENTIONS = ("plover", "cameo")
DEFAULT_CONVENTION = DEFAULT_ARGUMENTS
#: type conventions (``Settings.types``): ``manual`` codes by the PLOVER manual's text, ``table``
#: by the manual's CAMEO-to-PLOVER table where the two differ (``table_overrides`` of
#: triggers.yaml, ``table:`` alternatives of modality.yaml rules), for CAMEO compatibility
TYPE_CONVENTIONS = ("manual", "table")

_SUBJ = {"nsubj", "csubj", "expl"}
_PASS_SUBJ = {"nsubjpass", "csubjpass"}
_OBJ = {"dobj", "obj", "dative", "attr"}
_SIDE_CLAUSES = {"advcl"}
# children that are not part of an argument's phrase
_NP_CUT = {"relcl", "acl", "appos", "prep", "punct", "cc", "conj", "advcl", "parataxis", "mark"}
# inside an argument's modifiers only clauses and further prepositions are cut
_NP_CUT_NESTED = {"relcl", "acl", "advcl", "parataxis", "prep"}
# entity types that can name an actor when used as a modifier ("Israeli attack")
_ACTOR_ENTS = {"NORP", "GPE", "ORG", "PERSON", "LOC", "FAC"}
_NOT_ACTOR_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "his", "her", "our", "which", "who", "that"}
# object pronouns do not name a controller worth keeping over the head's subject
_PRONOUNS_OBJ = {"it", "them", "him", "her", "us", "me", "this", "that"}
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


class Label(tuple):
    """A lexicon entry's (type, mode); ``table`` is the CAMEO-to-PLOVER table's (type, mode)
    where the entry follows the manual's text instead (``table_overrides``), else ``None``.
    A plain 2-tuple to every reader that does not ask for ``table``."""

    table: tuple[str, str] | None

    def __new__(cls, event_type: str, mode: str, table: tuple[str, str] | None = None) -> Label:
        label = super().__new__(cls, (event_type, mode))
        label.table = table
        return label


@dataclass(frozen=True)
class Lexicon:
    """The trigger lexicon and modality cues, indexed for lookup (built once)."""

    verbs: dict[str, tuple[str, str]]
    verb_phrases: dict[tuple[str, str], tuple[str, str]]
    nouns: dict[str, tuple[str, str]]
    noun_phrases: dict[tuple[str, str], tuple[str, str]]
    light_verbs: frozenset[str]
    recipient_preps: dict[str, frozenset[str]]
    negation_dets: frozenset[str]
    report_nouns: frozenset[str]
    false_adjectives: frozenset[str]
    denial_verbs: frozenset[str]
    failure_verbs: frozenset[str]
    future_aux: frozenset[str]
    open_adjectives: frozenset[str]
    intent_verbs: frozenset[str]
    conditional_marks: frozenset[str]
    hypothetical_modals: frozenset[str]
    historical_markers: frozenset[str]
    years_before: int
    reporting_verbs: frozenset[str]
    phrase_preps: frozenset[str]
    direct_preps: frozenset[str]
    no_event_complements: frozenset[str]
    anaphoric_determiners: frozenset[str]
    #: types whose object event noun is the act asked for, not an event ("called for an inquiry")
    content_types: frozenset[str]
    #: types an ambiguous trigger takes only with a second party ("joint" or two parties named)
    dyadic_types: frozenset[str]
    #: types whose direct object is the thing given, the "to"/"for" party the recipient
    given_types: frozenset[str]
    joint_words: frozenset[str]
    #: what puts an act in the background of a sentence (``background`` of modality.yaml)
    background: dict[str, frozenset[str]]
    #: prepositions whose object a verb phrase may name ("take to the streets")
    phrase_pobj_preps: frozenset[str]
    #: quantity and part nouns whose "of" noun names the object ("dozens of prisoners")
    partitives: frozenset[str]
    #: trigger lemma -> the labels its type is chosen among by the sentence classifier
    ambiguous: dict[str, tuple[tuple[str, str], ...]]
    #: (types of a governing event, types of what it commits to: verb complement, object or
    #: "to" noun; new type; the table convention's new type; the governing trigger lemmas, None =
    #: any): "agreed to relax the curfew" is a promised concession, "vowed to attack" a threat
    #: (``complement_rules`` of modality.yaml)
    complement_rules: tuple[tuple[frozenset[str], frozenset[str], str, str, frozenset[str] | None], ...]
    #: (types, modalities, modals, governors; each None = any; new type; the table
    #: convention's new type)
    single_category: tuple[
        tuple[frozenset[str] | None, frozenset[str] | None, frozenset[str] | None, frozenset[str] | None, str, str], ...
    ]


def table_entries(section: str) -> dict[str, tuple[str, str]]:
    """``section`` ("verbs" or "nouns") keys whose CAMEO-to-PLOVER table type differs from the
    lexicon's (``entries`` of ``table_overrides``) -> the table's (type, mode)."""
    out: dict[str, tuple[str, str]] = {}
    for entry in ontology.triggers().get("table_overrides", {}).values():
        for key in (entry.get("entries") or {}).get(section, []):
            out[key.lower()] = ontology.parse_label(entry["table_type"])
    return out


def _split(table: dict[str, str], section: str) -> tuple[dict, dict]:
    single: dict[str, Label] = {}
    phrases: dict[tuple[str, str], Label] = {}
    alternatives = table_entries(section)
    for key, label in table.items():
        words = key.lower().split()
        parsed = Label(*ontology.parse_label(label), alternatives.get(key.lower()))
        if len(words) == 1:
            single[words[0]] = parsed
        else:
            phrases[(words[0], words[-1])] = parsed
    return single, phrases


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    lex = ontology.triggers()
    cues = ontology.modality_cues()
    verbs, verb_phrases = _split(lex["verbs"], "verbs")
    nouns, noun_phrases = _split(lex["nouns"], "nouns")
    neg = cues["negation"]
    return Lexicon(
        verbs=verbs,
        verb_phrases=verb_phrases,
        nouns=nouns,
        # noun phrases are keyed (modifier, head): "air strike" -> ("air", "strike")
        noun_phrases=noun_phrases,
        light_verbs=frozenset(lex["light_verbs"]),
        recipient_preps={k: frozenset(v) for k, v in lex["recipient_preps"].items()},
        negation_dets=frozenset(neg["determiners"]),
        report_nouns=frozenset(neg["report_nouns"]),
        false_adjectives=frozenset(neg["false_adjectives"]),
        denial_verbs=frozenset(neg["denial_verbs"]),
        failure_verbs=frozenset(neg["failure_verbs"]),
        future_aux=frozenset(cues["future"]["auxiliaries"]),
        open_adjectives=frozenset(cues["future"].get("open_adjectives", [])),
        intent_verbs=frozenset(cues["future"]["intent_verbs"]),
        conditional_marks=frozenset(cues["hypothetical"]["markers"]),
        hypothetical_modals=frozenset(cues["hypothetical"]["modals"]),
        historical_markers=frozenset(cues["historical"]["markers"]),
        years_before=int(cues["historical"]["years_before"]),
        reporting_verbs=frozenset(cues["reported_speech"]["verbs"]),
        phrase_preps=frozenset(lex["phrase_preps"]),
        direct_preps=frozenset(lex["direct_preps"]),
        no_event_complements=frozenset(lex["no_event_complements"]),
        anaphoric_determiners=frozenset(lex["anaphoric_determiners"]),
        content_types=frozenset(lex.get("content_types", [])),
        dyadic_types=frozenset(lex.get("dyadic", {}).get("types", [])),
        given_types=frozenset(lex.get("given_types", [])),
        joint_words=frozenset(lex.get("dyadic", {}).get("joint_words", [])),
        partitives=frozenset(lex.get("partitives", [])),
        phrase_pobj_preps=frozenset(lex.get("phrase_pobj_preps", [])),
        background={key: frozenset(values) for key, values in cues["background"].items()},
        ambiguous={
            word: tuple(ontology.parse_label(label) for label in labels)
            for word, labels in lex.get("ambiguous", {}).items()
        },
        complement_rules=tuple(
            (
                frozenset(rule["types"]),
                frozenset(rule["complements"]),
                rule["to"],
                rule.get("table", rule["to"]),
                frozenset(rule["triggers"]) if "triggers" in rule else None,
            )
            for rule in cues.get("complement_rules", [])
        ),
        single_category=tuple(
            (
                frozenset(rule["types"]) if "types" in rule else None,
                frozenset(rule["modalities"]) if "modalities" in rule else None,
                frozenset(rule["modals"]) if "modals" in rule else None,
                frozenset(rule["governors"]) if "governors" in rule else None,
                rule["to"],
                rule.get("table", rule["to"]),
            )
            for rule in cues["single_category"]
        ),
    )


@dataclass
class Candidate:
    """An event found in one sentence, before it is tied to actors and the article."""

    trigger: Token
    event_type: str
    mode: str
    kind: str  # "verb" or "noun" (lexicon trigger), "clause" (main clause typed by the classifier)
    actors: list[Span] = field(default_factory=list)
    recipients: list[Span] = field(default_factory=list)
    modality: str = "asserted"
    reported: bool = False  # inside reported speech ("X said Y attacked")
    confidence: float = 0.0
    #: the CAMEO-to-PLOVER table's (type, mode) where it differs from (event_type, mode): set
    #: from an overridden lexicon entry or a rule with a ``table:`` alternative; the ``table``
    #: type convention swaps it in at the end (``apply_types``)
    table_label: tuple[str, str] | None = None


# --------------------------------------------------------------------------- triggers


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _verb_phrase(tok: Token, lex: Lexicon) -> Label | None:
    """The label of a verb + particle / preposition / object phrase ("call off", "lodge a
    protest"; the object may be a passive subject: "the protests were suspended"). The object
    may also be named by its compound or adjectival modifier ("ended the mediation efforts" is
    "end mediation", "raised its alert level" "raise alert"), or by a secondary predicate or
    gerund complement ("held the engineers captive", "stopped fighting")."""
    lemma = _lemma(tok)
    for child in tok.children:
        if child.dep_ in ("prt", "prep", "dative", "dobj", "nsubjpass", "oprd", "xcomp"):
            if child.dep_ in ("dobj", "nsubjpass"):
                words = [child, *_object_words(child, lex)]
            elif child.dep_ == "prep" and child.lower_ in lex.phrase_pobj_preps:
                # "took to the streets", "brought to trial": the noun after the preposition
                words = [child, *(c for c in child.children if c.dep_ == "pobj")]
            else:
                words = [child]
            for word in words:
                hit = lex.verb_phrases.get((lemma, _lemma(word)))
                if hit:
                    return hit
    return None


def _object_words(obj: Token, lex: Lexicon) -> list[Token]:
    """Other words that name a verb's object: its compound or adjectival modifier ("the
    mediation efforts"), and after a quantity or part ("dozens of prisoners", "a large part of
    its debt"; ``partitives`` of triggers.yaml) the noun counted."""
    words = [c for c in obj.children if c.dep_ in ("compound", "amod")]
    if obj.pos_ == "NUM" or _lemma(obj) in lex.partitives:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                counted = _pobj(prep)
                if counted is not None:
                    words += [counted, *(c for c in counted.children if c.dep_ in ("compound", "amod"))]
    return words


def _verb_label(tok: Token, lex: Lexicon) -> Label | None:
    return _verb_phrase(tok, lex) or lex.verbs.get(_lemma(tok))


def _phrase_label(tok: Token, lex: Lexicon) -> bool:
    """Whether the verb's label comes from a verb + object/particle phrase of its own ("lodge
    a protest" is ACCUSE): then even a light verb carries the event, not its object noun."""
    return _verb_phrase(tok, lex) is not None


def _noun_label(tok: Token, lex: Lexicon) -> Label | None:
    lemma = _lemma(tok)
    for child in tok.children:
        if child.dep_ in ("compound", "amod"):
            hit = lex.noun_phrases.get((_lemma(child), lemma))
            if hit:
                return hit
    return lex.nouns.get(lemma)


def _is_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT")


# --------------------------------------------------------------------------- arguments


def phrase(tok: Token, keep_of: bool = True) -> Span:
    """The noun phrase headed by ``tok``: its subtree without clauses, coordination and
    prepositional phrases, except those naming which party is meant (``phrase_preps`` of the
    lexicon: "the embassy in Kabul", "the head of the agency") and names in apposition."""
    doc = tok.doc
    keep_preps = lexicon().phrase_preps if keep_of else frozenset()
    keep = {tok.i}
    stack = [tok]
    while stack:
        cur = stack.pop()
        for child in cur.children:
            if child.dep_ == "prep" and _lemma(child) in keep_preps and _pobj(child) is not None:
                pass
            elif cur.i == tok.i and child.dep_ == "appos" and child.pos_ == "PROPN" and child.i > tok.i:
                pass  # a name in apposition is the same party: "the minister, Ali Khan", "(NAF)"
            elif child.i < tok.i and _dateline(child) and not _dateline(tok):
                continue  # "KAMPALA, May 4 — Uganda's army": the wire dateline is no part of it
            elif child.dep_ in (_NP_CUT if cur.i == tok.i else _NP_CUT_NESTED):
                continue
            keep.add(child.i)
            stack.append(child)
    return _tidy(doc, min(keep), max(keep) + 1)


def _tidy(doc: Doc, lo: int, hi: int) -> Span:
    """``doc[lo:hi]`` without trailing punctuation or whitespace (the blank line after a
    headline), but with the ")" of an opened bracket."""
    hi -= 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    span = doc[lo : hi + 1]
    if span.text.count("(") > span.text.count(")") and hi + 1 < len(doc) and doc[hi + 1].text == ")":
        span = doc[lo : hi + 2]
    return span


def core(span: Span) -> Span:
    """The part of an argument phrase that names the party: up to its first prepositional
    phrase other than "of" ("the embassy in Kabul" -> "the embassy")."""
    cut = [c.i for c in span.root.children if c.dep_ == "prep" and _lemma(c) != "of" and c.i > span.root.i]
    return span.doc[span.start : min(cut)] if cut else span


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the words coordinated with it ("Türkiye, Syria, Jordan and Iraq")."""
    out = [tok]
    for conj in tok.conjuncts:
        if conj.i > tok.i and conj.pos_ in ("PROPN", "NOUN", "PRON", "ADJ", "NUM"):
            out.append(conj)
    return out


def _np_list(tok: Token) -> list[Span]:
    return [phrase(t) for t in _conjuncts(tok)]


def _pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ in ("pobj", "pcomp"):
            return child
    return None


def _clause_verb(tok: Token) -> Token:
    """The verb of the clause a token belongs to (itself for verbs)."""
    cur = tok
    while not _is_verb(cur) and cur.head.i != cur.i:
        cur = cur.head
    return cur


def _subject(verb: Token, depth: int = 0) -> tuple[list[Span], bool]:
    """Actors of a verb: its subject, passive agent, or the subject it shares through
    control ("agreed to cooperate") or coordination ("trained and equipped").
    Returns (spans, passive)."""
    passive = any(c.dep_ in _PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children)
    for child in verb.children:
        if child.dep_ in _SUBJ and child.pos_ != "DET":
            if child.dep_ == "expl":
                continue
            if _dateline(child):
                # "JEDDAH, August 3 — Sudan's army and the RSF agreed ...": the parser makes the
                # dateline the subject and the real one its apposition
                child = next((c for c in child.children if c.dep_ == "appos" and not _dateline(c)), None)
                if child is None:
                    continue
            if _lemma(child) in ("which", "who", "that") and child.tag_ in ("WDT", "WP"):
                # "companies that it said had supplied ...": the relative clause's antecedent
                relcl = next((t for t in [verb, *verb.ancestors] if t.dep_ == "relcl"), None)
                if relcl is not None:
                    return _np_list(relcl.head), False
            return _np_list(child), False
        if child.dep_ == "agent":
            obj = _pobj(child)
            if obj is not None:
                return _np_list(obj), True
    if depth < 4 and verb.dep_ == "xcomp" and _is_verb(verb.head):
        # object control: "called on both sides to respect ...", "urged donors to send ..."
        for child in verb.head.children:
            obj = _pobj(child) if child.dep_ == "prep" and _lemma(child) in ("on", "upon") else None
            if child.dep_ == "dobj" and _lemma(child) not in _PRONOUNS_OBJ:
                obj = child
            if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                return _np_list(obj), passive
    # "the ministry said 12 policemen were injured": a passive clause with a subject of its own
    # and no agent has an unknown actor; it shares no one's subject
    # (but "X said the law would not be withdrawn" is X's refusal: a commitment the speaker makes)
    own_passive = any(c.dep_ in _PASS_SUBJ for c in verb.children) and not any(
        c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in verb.children
    )
    if depth < 4 and not own_passive:
        # "said that X ... and warned that Y": a complement with no subject and no "that" of its
        # own is a coordinated verb the parser attached to the head (it shares the subject)
        misattached = verb.dep_ == "ccomp" and not any(c.dep_ == "mark" for c in verb.children)
        if (verb.dep_ in ("xcomp", "conj", "advcl") or misattached) and verb.head.i != verb.i:
            head = verb.head
            controller = next((c for c in head.children if c.dep_ in _PASS_SUBJ), None)
            if verb.dep_ == "xcomp" and controller is not None and _is_verb(head):
                # "officials are expected to meet", "X was forced to withdraw": the passive
                # subject of the governing verb does the act
                return _resolve_pronoun(_np_list(controller), head, lexicon()), passive
            if _is_verb(head):
                spans, _ = _subject(head, depth + 1)
                return spans, passive
        if verb.dep_ == "acl" and verb.tag_ == "VBG":
            noun = verb.head
            if noun.dep_ in _OBJ and _is_verb(noun.head) and not _actorish(phrase(noun)):
                # "X issued a statement urging Y": the statement's issuer acts
                return _subject(noun.head, depth + 1)[0], passive
            return _np_list(noun), passive
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            # "reports of Israel carrying out attacks": subject is the possessor-ish pobj
            for sib in verb.head.children:
                if sib.dep_ == "pobj" and sib.i < verb.i:
                    return _np_list(sib), passive
            owner = verb.head.head
            if owner.pos_ in ("NOUN", "PROPN") and owner.dep_ in _OBJ:
                # "accused rebels of attacking a convoy": the accused party acts
                return _np_list(owner), passive
            if _is_verb(owner):
                # the same with "of" on the verb: "accused the army of shelling ..."
                obj = next((c for c in owner.children if c.dep_ in _OBJ and c.pos_ in ("NOUN", "PROPN")), None)
                if obj is not None:
                    return _np_list(obj), passive
    return [], passive


def _dateline(tok: Token) -> bool:
    """Whether a token is part of a wire dateline (parsed as a subject or a modifier)."""
    return tok.i < dateline_end(sentence_of(tok))


def _instrument(span: Span) -> str | None:
    """The weapon mode a phrase names when it is a weapon or device ("a car bomb", "a mortar
    shell"; ``actor.instruments`` of structural_arguments.yaml), else None."""
    head = span.root
    if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_:
        return None
    table = ontology.structural_arguments().get("actor", {}).get("instruments", {})
    # a sentence-initial plural is often tagged a name and left unlemmatised ("Landmines killed")
    word = _lemma(head) if head.pos_ == "NOUN" else head.lower_.removesuffix("s")
    return table.get(word)


def _instrument_object(verb: Token) -> bool:
    """Whether a verb's direct object is a weapon or means ("used water cannon to ...")."""
    return any(c.dep_ in _OBJ and _instrument(phrase(c)) for c in verb.children)


def _nobody(span: Span) -> bool:
    """Whether a phrase names nobody ("no group", "no one"; ``actor.negative_*``)."""
    spec = ontology.structural_arguments().get("actor", {})
    dets = set(spec.get("negative_determiners", []))
    return span.text.lower() in set(spec.get("negative_words", [])) or any(
        c.dep_ == "det" and c.lower_ in dets for c in span.root.children
    )


def actor_filter(cand: Candidate) -> None:
    """Drop actors that name no one who acts: a weapon or device is how, not who ("a car bomb
    exploded ..., killing 14": the actor is unknown), and its weapon gives a mode-less ASSAULT
    its mode; "no group" is nobody. Run on the rules' phrases and again after the argument
    model. In place."""
    kept: list[Span] = []
    for span in cand.actors:
        mode = _instrument(span)
        if mode is not None:
            if cand.event_type == "ASSAULT" and not cand.mode:
                cand.mode = mode
        elif not _nobody(span):
            kept.append(span)
    cand.actors = kept
    # nor is it acted on where it is the one that acts ("a second device detonated", parsed as
    # a participle on "device")
    trigger = cand.trigger
    cand.recipients = [
        s for s in cand.recipients
        if _instrument(s) is None
        or not (s.root.head.i == trigger.i and s.root.dep_ in _SUBJ or trigger.dep_ == "acl" and trigger.head.i == s.root.i)
    ]


def _resolve_pronoun(spans: list[Span], verb: Token, lex: Lexicon) -> list[Span]:
    """A pronoun subject inside reported speech is the speaker ("Israel's military said it
    conducted a strike", "X and Y said they ..."), and so is the owner of "its forces", "their
    troops". Also inside a complement clause ("X made it clear it will not ...") and a relative
    clause in one ("X said they will return weapons they seized"); never across an adverbial
    clause ("police arrested protesters after they ...": who "they" are is open)."""
    if len(spans) != 1:
        return spans
    owned = any(c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in spans[0].root.children)
    if spans[0].text.lower() not in _PRONOUNS and not owned:
        return spans
    cur = verb
    for _ in range(4):
        if cur.dep_ == "relcl" and cur.head.i != cur.i:
            cur = _clause_verb(cur.head)  # on to the clause the relative clause's noun is in
        elif cur.dep_ in ("ccomp", "xcomp", "conj") and cur.head.i != cur.i:
            relation, cur = cur.dep_, cur.head
            if _lemma(cur) in lex.reporting_verbs or relation == "ccomp":
                # the speaker, also when shared: "X condemned ... and said it had ..."
                speaker = _subject(cur)[0]
                if speaker and not any(s.text.lower() in _PRONOUNS for s in speaker):
                    return speaker
        else:
            break
    return spans


def _preps(tok: Token, allowed: frozenset[str]) -> list[Span]:
    out: list[Span] = []
    for child in tok.children:
        if child.dep_ == "prep" and _lemma(child) in allowed:
            obj = _pobj(child)
            if obj is not None and (
                obj.pos_ in ("PROPN", "NOUN", "PRON") and obj.ent_type_ not in _NOT_ACTOR_ENTS
                or _quantified(obj)
            ):
                out.extend(_np_list(obj))
    return out


def _quantified(tok: Token) -> bool:
    """A number heading a group of people or things: "hundreds of protesters"."""
    return (tok.pos_ == "NUM" or tok.ent_type_ == "CARDINAL") and any(c.dep_ == "prep" and _lemma(c) == "of" for c in tok.children)


def _names_party(span: Span) -> bool:
    """Whether the head of a phrase is a name ("Ukraine", "the IMF"), not a thing a name
    modifies ("two Patriot systems")."""
    head = span.root
    return head.ent_type_ in _ACTOR_ENTS or (head.pos_ == "PROPN" and not head.ent_type_)


def _actorish(span: Span) -> bool:
    """Whether a phrase names a party (a proper name, nationality or organisation)."""
    return any(
        t.ent_type_ in _ACTOR_ENTS or (t.pos_ == "PROPN" and not t.ent_type_) for t in span
    )


def _allowed_preps(event_type: str, lex: Lexicon) -> frozenset[str]:
    return lex.recipient_preps.get(event_type, lex.recipient_preps["*"])


def _verb_arguments(verb: Token, event_type: str, lex: Lexicon) -> tuple[list[Span], list[Span]]:
    actors, passive = _subject(verb)
    actors = _resolve_pronoun(actors, verb, lex)
    recipients: list[Span] = []
    if passive:
        for child in verb.children:
            if child.dep_ in _PASS_SUBJ:
                # "a journalist who had been detained": the relative pronoun's antecedent
                relative = verb.dep_ == "relcl" and _lemma(child) in ("which", "who", "that")
                recipients = _np_list(verb.head if relative else child)
    allowed = _allowed_preps(event_type, lex)
    if not recipients:
        for child in verb.children:
            if child.dep_ in _OBJ and child.pos_ in ("PROPN", "NOUN", "PRON") and child.ent_type_ not in _NOT_ACTOR_ENTS:
                recipients = _np_list(child)
                break
        # "provided training to X": a named party beats a thing as the recipient
        if not any(_names_party(s) for s in recipients):
            pool = _preps(verb, allowed)
            for child in verb.children:
                if child.dep_ in _OBJ:  # "provided support for X"
                    pool += _preps(child, allowed)
                    # "provided $2 million in assistance to X"
                    for prep in child.children:
                        obj = _pobj(prep) if prep.dep_ == "prep" else None
                        if obj is not None:
                            pool += _preps(obj, allowed)
                elif child.dep_ == "prep" and (obj := _pobj(child)) is not None and not _actorish(phrase(obj)):
                    pool += _preps(obj, allowed)
            # "fired tear gas at protesters", "called on allies to ...": the object of a
            # directional preposition is the recipient even when it is not a named party
            direct = _preps(verb, allowed & lex.direct_preps)
            # "deliver food to civilians": for a giving type the direct object is the thing given
            given = event_type in lex.given_types and not any(_actorish(s) for s in recipients)
            recipients = (
                [s for s in pool if _names_party(s)] or [s for s in pool if _actorish(s)] or direct
                or (given and pool) or recipients
            )
    if not recipients:
        for child in verb.children:
            if child.dep_ == "xcomp":
                # "urged X to ...": spaCy often parses X as the subject of the xcomp
                for grand in child.children:
                    if grand.dep_ == "nsubj":
                        recipients = _np_list(grand)
    if recipients and all(_instrument(s) for s in recipients):
        # "used water cannon and pepper spray to disperse protesters": the weapon is how, the
        # object of the purpose clause whom
        for child in verb.children:
            if child.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                obj = next((c for c in child.children if c.dep_ in _OBJ), None)
                if obj is not None:
                    recipients = _np_list(obj)
                    break
    if not recipients and verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        # "was among those detained", "aid workers abducted last year": the noun a passive
        # participle modifies is who was acted on
        recipients = _np_list(verb.head)
    if not recipients:
        # coordinated verbs share their objects ("training and providing support for X")
        for conj in verb.conjuncts:
            recipients = _preps(conj, allowed)
            if recipients:
                break
    return actors, recipients


def _noun_arguments(noun: Token, event_type: str, lex: Lexicon) -> tuple[list[Span], list[Span]]:
    actors: list[Span] = []
    recipients: list[Span] = []
    for child in noun.children:
        if child.dep_ == "poss" and child.text.lower() not in _PRONOUNS:
            actors = _np_list(child)
        elif child.dep_ in ("amod", "compound") and (
            child.ent_type_ in _ACTOR_ENTS or (child.pos_ == "PROPN" and not child.ent_type_)
        ):
            if not actors:
                actors = [noun.doc[child.i : child.i + 1]]
        elif child.dep_ == "prep" and _lemma(child) == "by":
            obj = _pobj(child)
            if obj is not None:
                actors = _np_list(obj)
        elif child.dep_ == "prep" and _lemma(child) == "between":
            obj = _pobj(child)
            if obj is not None:
                actors = _np_list(obj)
        elif child.dep_ == "acl" and child.tag_ == "VBG":
            # "a strike targeting X"
            for grand in child.children:
                if grand.dep_ in _OBJ:
                    recipients = _np_list(grand)
        elif child.dep_ == "acl" and not actors:
            # "an accord signed between X and Y", "an attack carried out by X"
            for grand in child.children:
                if grand.dep_ in ("prep", "agent") and _lemma(grand) in ("between", "by"):
                    obj = _pobj(grand)
                    if obj is not None:
                        actors = _np_list(obj)
    if not recipients:
        recipients = _preps(noun, _allowed_preps(event_type, lex) - {"of", "in"} | {"against", "on"})
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and _is_verb(head):
        # "X carried out an attack on Y", "X signed an agreement with Y"
        if not actors:
            actors, _ = _subject(head)
            actors = _resolve_pronoun(actors, head, lex)
        if not recipients:
            recipients = _preps(head, _allowed_preps(event_type, lex))
    elif (
        not actors
        and noun.dep_ == "pobj"
        and _lemma(head) in ("under", "per")
        and _is_verb(head.head)
    ):
        # "Under the accord, X will provide Y with ...": the parties act under it
        verb = head.head
        actors, recipients = _verb_arguments(verb, "", lex)
        recipients = [s for s in recipients if _actorish(s)]
        for child in verb.children:
            if not recipients and child.dep_ in ("xcomp", "ccomp") and _is_verb(child):
                recipients = [s for s in _verb_arguments(child, "", lex)[1] if _actorish(s)]
    return actors, recipients


# --------------------------------------------------------------------------- argument model


def extractor(convention: str = DEFAULT_CONVENTION, types: str = DEFAULT_TYPES) -> str:
    """The coder version recorded on each event: which conventions set its who/whom and its
    type (a non-default one is appended: ``newsgraph.events/0.3+cameo+table``)."""
    suffix = "".join(f"+{c}" for c, default in ((convention, DEFAULT_CONVENTION), (types, DEFAULT_TYPES)) if c != default)
    return EXTRACTOR + suffix


def type_convention(types: str) -> str:
    """``types`` checked against ``TYPE_CONVENTIONS``."""
    if types not in TYPE_CONVENTIONS:
        raise ValueError(f"unknown type convention {types!r}; choose from {', '.join(TYPE_CONVENTIONS)}")
    return types


def typed(cand: Candidate, types: str = DEFAULT_TYPES) -> tuple[str, str]:
    """The candidate's (type, mode) under a type convention: ``table`` takes the
    CAMEO-to-PLOVER table's label where the candidate has one."""
    if types == "table" and cand.table_label is not None:
        return cand.table_label
    return cand.event_type, cand.mode


def apply_types(cands: list[Candidate], types: str = DEFAULT_TYPES) -> None:
    """Code ``cands`` under ``types`` (in place; the last step of ``sentence_events``, after the
    classifier and the primary choice, which read the manual's labels whatever the convention)."""
    for cand in cands:
        cand.event_type, cand.mode = typed(cand, type_convention(types))


@lru_cache(maxsize=len(ARGUMENT_CONVENTIONS))
def argument_convention(convention: str = DEFAULT_CONVENTION) -> dict[str, Any]:
    """structural_arguments.yaml as ``convention`` reads it: its ``conventions`` entry overrides
    settings at dotted paths (``domain.clause: false`` under ``cameo``). PLOVER is the file as
    written; CAMEO (PETRARCH/GDELT/ICEWS) takes the main subject across clauses and a place for
    a target no phrase names."""
    base = ontology.structural_arguments()
    if convention not in ARGUMENT_CONVENTIONS:
        raise ValueError(f"unknown argument convention {convention!r}; choose from {', '.join(ARGUMENT_CONVENTIONS)}")
    spec = copy.deepcopy({k: v for k, v in base.items() if k != "conventions"})
    for path, value in (base.get("conventions", {}).get(convention) or {}).items():
        *parents, key = path.split(".")
        node = spec
        for part in parents:
            node = node.setdefault(part, {})
        node[key] = value
    return spec

_ARG_POS = {"NOUN", "PROPN", "PRON", "NUM"}


@dataclass(frozen=True)
class ArgumentSpan:
    """A phrase that could be an event's actor or recipient, and how it was cut from the parse."""

    head: Token
    span: Span
    extents: tuple[str, ...]  # "np" (``phrase``), "core", "left", "r:<dep>" (cut after that modifier), "sub"


def argument_spans(sent: Span) -> list[ArgumentSpan]:
    """Every phrase of a sentence that could name who acts or who is acted on. Reporters mark
    a phrase's extent differently from case to case ("the embassy" / "the embassy in Kabul" /
    "the proposal submitted by X"), so each noun-like head gives several cuts: the rules'
    ``phrase`` and its ``core``, its pre-modifiers only ("left"), and its subtree cut after each
    right-hand modifier ("r:prep", ..., "sub" = all of it). The argument model picks one."""
    doc = sent.doc
    found: dict[tuple[int, int], tuple[Token, list[str]]] = {}

    def add(head: Token, name: str, span: Span) -> None:
        if len(span):
            found.setdefault((span.start, span.end), (head, []))[1].append(name)

    after_dateline = dateline_end(sent)
    spec = ontology.structural_arguments().get("cuts", {})
    verb_preps = set(spec.get("verb_preps", []))
    for head in sent:
        if head.pos_ not in _ARG_POS or head.dep_ == "compound":
            continue
        np_ = phrase(head)
        # no cut reaches back into a wire dateline ("KAMPALA, May 4 — Uganda's army")
        left = max(head.left_edge.i, after_dateline) if head.i >= after_dateline else head.left_edge.i
        add(head, "np", np_)
        add(head, "core", core(np_))
        add(head, "left", _tidy(doc, left, head.i + 1))
        right = [c for c in head.children if c.i > head.i and c.dep_ != "punct"]
        for k, child in enumerate(right):
            name = "sub" if k == len(right) - 1 else f"r:{child.dep_}"
            add(head, name, _tidy(doc, left, child.right_edge.i + 1))
        # a place phrase the parser hung on the verb right after its object ("stormed a police
        # headquarters in eastern Afghanistan"): reporters often mark it as part of the party
        nxt = doc[np_.end] if np_.end < sent.end else None
        if (
            nxt is not None and nxt.dep_ == "prep" and nxt.head.i == head.head.i and head.dep_ in _OBJ
            and _lemma(nxt) in verb_preps and _pobj(nxt) is not None
        ):
            add(head, "vprep", _tidy(doc, np_.start, nxt.right_edge.i + 1))
    return [ArgumentSpan(head, doc[lo:hi], tuple(names)) for (lo, hi), (head, names) in sorted(found.items())]


def refine_arguments(sent: Span, cands: list[Candidate], convention: str = DEFAULT_CONVENTION) -> bool:
    """Who and whom of each candidate, chosen by the argument model
    (``resources/models/argument_spans.json``) among ``argument_spans``: the parse rules'
    choice is one of its features, the dependency path to the trigger, the phrase's cut and
    shape the others. ``convention`` ("plover" or "cameo", ``argument_convention``) sets where
    the model may look and its decode threshold. Returns False (rules' spans kept) without the
    artifact."""
    for cand in cands:
        plover_roles(cand)
    model = classifier.load_span_model()
    if model is None or not cands:
        return False
    model = model.decode(convention)
    args = argument_spans(sent)
    if not args:
        return False
    places = place_phrases(args)
    protected = protected_places(places, convention)
    groups = coordinations(args)
    for cand in cands:
        banned = domain_bans(cand, args, places, convention)
        rule = {(s.start, s.end): "S" for s in cand.actors}
        rule.update({(s.start, s.end): "T" for s in cand.recipients})
        rule_heads = {s.root.i: "S" for s in cand.actors}
        rule_heads.update({s.root.i: "T" for s in cand.recipients})
        rows = [
            classifier.span_features(cand.trigger, cand.kind, cand.event_type, a, rule, rule_heads) for a in args
        ]
        ranges = [(a.span.start, a.span.end) for a in args]
        chosen = model.choose(
            rows, ranges, [a.head.i for a in args], rule_choice(ranges, rule), structural_roles(cand, convention),
            protected, banned, firm_roles(cand), groups,
        )
        cand.actors = [args[k].span for k in chosen.get("S", [])]
        cand.recipients = [args[k].span for k in chosen.get("T", [])]
        actor_filter(cand)
    return True


def plover_roles(cand: Candidate) -> None:
    """Who and whom by PLOVER conventions the parse alone does not give (``requested_roles``,
    ``claimed_roles``); run on the rules' phrases before the argument model. In place."""
    requested_roles(cand)
    claimed_roles(cand)


def claimed_roles(cand: Candidate) -> None:
    """An attack someone claims responsibility for is theirs: "X claimed responsibility for the
    bombing", "... for the attack, which killed ..." (``claims`` of structural_arguments.yaml).
    The claimant becomes the actor of the event noun and of a relative clause on it."""
    spec = ontology.structural_arguments().get("claims", {})
    noun = cand.trigger
    if cand.kind != "noun":
        subj = next((c for c in cand.trigger.children if c.dep_ in _SUBJ | _PASS_SUBJ), None)
        if cand.trigger.dep_ != "relcl" or subj is None or _lemma(subj) not in ("which", "that"):
            return
        noun = cand.trigger.head
    first = noun
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # "for the Farah and the Ghazni attacks"
    prep, owner = first.head, first.head.head
    if not (
        first.dep_ == "pobj" and _lemma(prep) == "for" and _lemma(owner) in spec.get("nouns", [])
        and owner.dep_ in _OBJ and _lemma(owner.head) in spec.get("verbs", [])
    ):
        return
    claimant = _resolve_pronoun(_subject(owner.head)[0], owner.head, lexicon())
    if claimant:
        cand.actors = claimant


def requested_roles(cand: Candidate, lex: Lexicon | None = None) -> None:
    """PLOVER's REQUEST is the demand, not the demanded act: in "X said Y must do Z" X asks Y.
    Where a modal alone made the event a REQUEST (a ``single_category`` rule with only
    ``modals``) and a reporting verb governs its clause, the speaker becomes the actor and the
    one who must act the recipient. Changes ``cand`` in place (a second call changes nothing)."""
    lex = lex or lexicon()
    if cand.event_type != "REQUEST":
        return
    verb = _clause_verb(cand.trigger)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    modals = {m for needed, to in _modal_rules(lex) if to == "REQUEST" for m in needed}
    if not aux & modals:
        return
    cur = verb
    while cur.dep_ in ("ccomp", "conj") and cur.head.i != cur.i:
        cur = cur.head
        if _lemma(cur) in lex.reporting_verbs:
            speaker = _subject(cur)[0]
            if not speaker or any(s.text.lower() in _PRONOUNS for s in speaker):
                return
            taken = {t.i for s in speaker for t in s}
            asked = [s for s in cand.actors if not taken & {t.i for t in s}]
            cand.actors, cand.recipients = speaker, asked or cand.recipients
            return


def structural_roles(cand: Candidate, convention: str = DEFAULT_CONVENTION) -> frozenset[str]:
    """Roles ("S", "T") whose rule phrase follows one of PLOVER's structural conventions
    (``structural_arguments.yaml`` as ``convention`` reads it: possessive or passive agent,
    coordinated list, "against X" / "on X" target). The argument model may re-cut those phrases
    but not replace them."""
    spec = argument_convention(convention)
    out: set[str] = set()
    clause = {t.i for t in _clause_verb(cand.trigger).subtree}
    for role, key, spans in (("S", "actor", cand.actors), ("T", "recipient", cand.recipients)):
        pattern = spec.get(key, {})
        if spec.get("lists") and len(spans) > 1:
            out.add(role)
        for span in spans:
            head = span.root
            if (
                (pattern.get("inherited") and head.i not in clause)
                or head.dep_ in pattern.get("deps", [])
                or head.head.dep_ in pattern.get("head_deps", [])
                or (head.dep_ == "pobj" and head.head.lower_ in pattern.get("head_preps", []))
            ):
                out.add(role)
    return frozenset(out)


def coordinations(args: list[ArgumentSpan]) -> dict[int, list[int]]:
    """For a candidate that names one member of a coordination ("Togo, Burkina Faso and Ivory
    Coast": its ``np`` or ``core`` cut) or spans the whole of it, the ``np`` candidates of all
    its members: PLOVER codes a coordinated actor or recipient as a list, one phrase each
    (``lists`` of structural_arguments.yaml; empty when it is off)."""
    out: dict[int, list[int]] = {}
    if not ontology.structural_arguments().get("lists"):
        return out
    nps = {a.head.i: k for k, a in enumerate(args) if "np" in a.extents}
    for k, arg in enumerate(args):
        first = arg.head
        while first.dep_ == "conj" and first.head.i in nps:
            first = first.head
        heads = _conjuncts(first)
        if len(heads) < 2 or any(t.i not in nps for t in heads):
            continue
        whole = all(arg.span.start <= t.i < arg.span.end for t in heads)
        if whole or {"np", "core"} & set(arg.extents):
            out[k] = sorted(nps[t.i] for t in heads)
    return out


def firm_roles(cand: Candidate) -> frozenset[str]:
    """Roles whose rules' phrase stays even where the argument model doubts it (its ``keep``
    threshold; ``firm_*`` of structural_arguments.yaml): the direct object of a verb trigger
    ("attacked rebel positions") unless it is itself an event or measure noun of the lexicon
    ("imposed a curfew", "lifted sanctions", whose party is elsewhere), or the object of its
    purpose clause where its own object is a weapon ("used water cannon to disperse
    protesters"); the object of a
    directional preposition ("fired bullets at migrants"); a phrase the rules took from outside
    the trigger's clause by a structural link ("nurses who had been abducted")."""
    spec = ontology.structural_arguments()
    clause = {t.i for t in _clause_verb(cand.trigger).subtree}
    out: set[str] = set()
    for role, key, spans in (("S", "actor", cand.actors), ("T", "recipient", cand.recipients)):
        pattern = spec.get(key, {})
        deps, preps = pattern.get("firm_deps", []), pattern.get("firm_preps", [])
        for span in spans:
            head = span.root
            if (
                (cand.kind == "verb" and head.head.i == cand.trigger.i and head.dep_ in deps
                 and _noun_label(head, lexicon()) is None)
                or (head.dep_ == "pobj" and head.head.head.i == cand.trigger.i and head.head.lower_ in preps)
                or (role == "T" and head.dep_ in deps and head.head.head.i == cand.trigger.i
                    and head.head.dep_ in ("xcomp", "advcl") and _instrument_object(cand.trigger))
                or (pattern.get("firm_inherited") and head.i not in clause)
            ):
                out.add(role)
    return frozenset(out)


def domain_bans(
    cand: Candidate, args: list[ArgumentSpan], places: frozenset[int], convention: str = DEFAULT_CONVENTION
) -> frozenset[int]:
    """Indexes of the candidates the argument model may not choose for ``cand`` unless the
    rules chose them (``domain`` of structural_arguments.yaml as ``convention`` reads it): place
    phrases ("in Nairobi") unless ``domain.places`` lets them fill a role, dates and numbers, the
    wire dateline; with ``domain.clause``, also phrases outside the trigger's clause (the speaker
    of "officials reported that an attack ...") and phrases inside a relative or participial
    clause that does not contain the trigger ("drones launched by Russia")."""
    spec = argument_convention(convention).get("domain", {})
    clause_bans = bool(spec.get("clause", False))
    nested = set(spec.get("nested_clauses", []))
    clause = _domain_clause(cand.trigger, spec)
    inside = {t.i for t in clause.subtree}
    chain = {cand.trigger.i} | {t.i for t in cand.trigger.ancestors}
    objects = {t.i for t in cand.trigger.children if t.dep_ in _OBJ}
    object_preps = set(spec.get("object_participle_preps", []))
    banned = set(places) if spec.get("places", "ban") == "ban" else set()
    for k, arg in enumerate(args):
        head = arg.head
        if _dateline(head) or (head.ent_type_ in _NOT_ACTOR_ENTS and not _quantified(head)):
            banned.add(k)
            continue
        if not clause_bans:
            continue
        if head.i not in inside:
            banned.add(k)
            continue
        cur = arg.head
        while cur.i != clause.i and cur.head.i != cur.i:
            if cur.dep_ in nested and cur.i not in chain and not _object_participle_party(arg.head, cur, objects, object_preps):
                banned.add(k)
                break
            cur = cur.head
    return frozenset(banned)


def _domain_clause(trigger: Token, spec: dict) -> Token:
    """The clause whose phrases may fill the event's roles. With ``purpose_clauses``, an
    infinitival clause without a subject of its own ("summoned the envoy to complain", "sent
    troops to X to help") shares its governing verb's clause: that verb's object or "to" party
    is who the purpose is aimed at, and its subject is the controller. With
    ``subjectless_clauses``, so does any clause of those kinds with no subject or agent of its
    own ("X pounded Y, killing five", "its commitment to support Y"), never across a reporting
    verb."""
    clause = _clause_verb(trigger)
    open_deps = set(spec.get("subjectless_clauses", []))
    bounded = set(spec.get("bounded_tags", []))
    while (
        clause.head.i != clause.i
        and not any(c.dep_ in _SUBJ | _PASS_SUBJ or c.dep_ == "agent" for c in clause.children)
        and _lemma(clause.head) not in lexicon().reporting_verbs
        and (
            spec.get("purpose_clauses")
            and clause.dep_ in ("xcomp", "advcl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
            or clause.dep_ in open_deps
            and not (clause.dep_ == "acl" and clause.tag_ in bounded)
        )
    ):
        clause = _clause_verb(clause.head)
    return clause


def _object_participle_party(head: Token, clause: Token, objects: set[int], preps: set[str]) -> bool:
    """The party of a participle on the trigger's object ("lifted sanctions imposed on X",
    "the ban placed on X"): the object of one of ``preps`` directly under that participle."""
    return (
        clause.dep_ == "acl"
        and clause.head.i in objects
        and head.dep_ == "pobj"
        and head.head.head.i == clause.i
        and head.head.lower_ in preps
    )


def place_phrases(args: list[ArgumentSpan]) -> frozenset[int]:
    """Indexes of the candidates that name a place ("near Aleppo": the object of a
    ``place_preps`` preposition); they never replace a phrase the rules found."""
    preps = set(ontology.structural_arguments().get("place_preps", []))
    return frozenset(
        k for k, a in enumerate(args) if a.head.dep_ == "pobj" and a.head.head.lower_ in preps
    )


def protected_places(places: frozenset[int], convention: str = DEFAULT_CONVENTION) -> frozenset[int]:
    """The place phrases that may not replace the rules' phrase under ``convention`` (all of
    them, unless its ``domain.places`` is ``free``)."""
    return frozenset() if argument_convention(convention).get("domain", {}).get("places") == "free" else places


def rule_choice(ranges: list[tuple[int, int]], rule: dict[tuple[int, int], str]) -> dict[str, list[int]]:
    """Which of the candidate ``ranges`` the parse rules chose, per role ("S", "T")."""
    out: dict[str, list[int]] = {}
    for k, rng in enumerate(ranges):
        if rng in rule:
            out.setdefault(rule[rng], []).append(k)
    return out


# --------------------------------------------------------------------------- modality


def _ancestors_to_clause(tok: Token) -> Iterator[Token]:
    yield tok
    yield from tok.ancestors


def modality(trigger: Token, lex: Lexicon | None = None) -> str:
    """PLOVER auxiliary mode of the event the trigger names (or "asserted")."""
    lex = lex or lexicon()
    verb = _clause_verb(trigger)
    chain = list(_ancestors_to_clause(trigger))
    # -- negation: "not", "no", "reports of X were false", "denied that X", "failed to X"
    for child in trigger.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and _lemma(child) in lex.negation_dets):
            return "negated"
    own = [verb] + [h for h in verb.ancestors if h.dep_ != "ROOT"][:0]
    for tok in own + ([verb.head] if verb.dep_ in ("xcomp", "conj") else []):
        if any(c.dep_ == "neg" for c in tok.children):
            return "negated"
    for below, tok in zip(chain, chain[1:], strict=False):
        lemma = _lemma(tok)
        if below.dep_ in _SIDE_CLAUSES:
            # "rejected the results, accusing the commission of ...": a denial or failure
            # negates what it governs, not an adverbial clause beside it
            break
        if tok.pos_ in ("NOUN", "PROPN") and lemma in lex.report_nouns:
            head = tok.head
            if tok.dep_ in ("nsubj", "nsubjpass") and any(
                c.dep_ in ("acomp", "attr") and _lemma(c) in lex.false_adjectives for c in head.children
            ):
                return "negated"
            if tok.dep_ in ("dobj", "obj") and _lemma(head) in lex.denial_verbs:
                return "negated"
        if _is_verb(tok) and lemma in lex.denial_verbs and tok.i != trigger.i:
            return "negated"
        if _is_verb(tok) and lemma in lex.failure_verbs and tok.i != trigger.i:
            return "negated"
    # -- hypothetical: "if/unless" clause, conditional modals
    for tok in chain:
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and _lemma(c) in lex.conditional_marks for c in tok.children
        ):
            return "hypothetical"
        if _is_verb(tok) and any(
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and _lemma(m) in lex.conditional_marks for m in c.children)
            for c in tok.children
        ):
            return "hypothetical"
        if _lemma(tok) in lex.reporting_verbs and tok.i != trigger.i:
            break
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & lex.hypothetical_modals:
        return "hypothetical"
    # -- future: "will", "plans to"
    if aux & lex.future_aux:
        return "future"
    if verb.dep_ == "xcomp" and _lemma(verb.head) in lex.intent_verbs:
        head_aux = {c.lower_ for c in verb.head.children if c.dep_ == "aux"}
        if not head_aux & {"have", "has", "had"} or _lemma(verb.head) not in ("agree",):
            return "future"
    if {c.lower_ for c in verb.head.children if c.dep_ == "aux"} & lex.future_aux and verb.dep_ == "xcomp":
        return "future"
    if trigger.dep_ == "pobj" and trigger.head.head.pos_ == "ADJ" and _lemma(trigger.head.head) in lex.open_adjectives:
        # "Washington was open to talks", "ready for negotiations": a stated willingness
        return "future"
    # -- historical: "ago", a year well before the article date
    dct = trigger.doc._.dct if Doc.has_extension("dct") else None
    for tok in list(verb.subtree) + [trigger]:
        if _lemma(tok) in lex.historical_markers and tok.head in (verb, trigger) or (
            tok.lower_ == "ago" and tok.head.head in (verb, trigger)
        ):
            return "historical"
        if dct is not None and _YEAR.match(tok.text) and tok.head in (verb, trigger) or (
            dct is not None and _YEAR.match(tok.text) and tok.head.dep_ == "prep" and tok.head.head in (verb, trigger)
        ):
            if int(tok.text) <= dct.year - lex.years_before:
                return "historical"
    return "asserted"


# --------------------------------------------------------------------------- candidates


def _confidence(cand: Candidate) -> float:
    """A score from the evidence found; calibrated on data in bench/results/events.md."""
    score = 0.35 if cand.kind == "verb" else 0.25
    if cand.actors:
        score += 0.25
    if cand.recipients:
        score += 0.15
    if cand.actors and all(s.text.lower() not in _PRONOUNS for s in cand.actors):
        score += 0.05
    if cand.modality != "asserted":
        score -= 0.05
    return round(max(0.05, min(score, 0.95)), 3)


def sentence_candidates(sent: Span, lex: Lexicon | None = None) -> list[Candidate]:
    """All events one sentence describes, with arguments and modality."""
    lex = lex or lexicon()
    found: list[Candidate] = []
    noun_triggers: dict[int, Label] = {}
    for tok in sent:
        if tok.pos_ == "NOUN" and tok.dep_ != "compound":
            label = _noun_label(tok, lex)
            if label:
                noun_triggers[tok.i] = label
    for tok in sent:
        if _is_verb(tok):
            label = _verb_label(tok, lex)
            if not label:
                continue
            # a light verb with an event-noun object: the noun carries the event
            if _lemma(tok) in lex.light_verbs and not _phrase_label(tok, lex) and any(
                c.dep_ in _OBJ and c.i in noun_triggers for c in tok.children
            ):
                continue
            # "release detained aid workers": a participle used as an adjective names a state
            if tok.dep_ == "amod":
                continue
            # "declined to comment": no action towards anyone
            if any(c.dep_ == "xcomp" and _lemma(c) in lex.no_event_complements for c in tok.children):
                continue
            # "agreed to cooperate", "threatened to attack": the governing act is the event
            if tok.dep_ == "xcomp" and _verb_label(tok.head, lex):
                continue
            # "an accord signed ...", "a strike targeting ...": the event noun carries it
            if tok.dep_ == "acl" and tok.head.i in noun_triggers:
                continue
            actors, recipients = _verb_arguments(tok, label[0], lex)
            if len(actors) == 1 and actors[0].root.i in noun_triggers:
                # "an attack injured three people": the attack's actor acts (often unknown)
                noun = actors[0].root
                actors = _noun_arguments(noun, noun_triggers[noun.i][0], lex)[0]
            found.append(Candidate(tok, label[0], label[1], "verb", actors, recipients, table_label=label.table))
        elif tok.i in noun_triggers:
            label = noun_triggers[tok.i]
            head = tok.head
            # "signed an agreement" where the verb is itself the same act: keep the noun only
            actors, recipients = _noun_arguments(tok, label[0], lex)
            if head.i != tok.i and _is_verb(head) and _verb_label(head, lex) and (
                _lemma(head) not in lex.light_verbs or _phrase_label(head, lex)
            ) and tok.dep_ in _OBJ:
                continue
            if _anaphoric(tok, actors, recipients, lex) or _asked_for(tok, lex):
                continue
            found.append(Candidate(tok, label[0], label[1], "noun", actors, recipients, table_label=label.table))
    for cand in found:
        actor_filter(cand)
        cand.modality = modality(cand.trigger, lex)
        cand.reported = any(_lemma(a) in lex.reporting_verbs for a in cand.trigger.ancestors)
        single_category(cand, lex)
        cand.confidence = _confidence(cand)
    return found


def _asked_for(noun: Token, lex: Lexicon) -> bool:
    """Whether an event noun is what a request asks for ("called for an independent inquiry",
    "demanded the release of ..."; ``content_types`` of triggers.yaml): PLOVER codes the
    request, and the act asked for has not happened."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in _OBJ:
        return False
    label = _verb_label(head, lex) if _is_verb(head) else None
    return label is not None and label[0] in lex.content_types


def _anaphoric(noun: Token, actors: list[Span], recipients: list[Span], lex: Lexicon) -> bool:
    """Whether an event noun refers back to an event already reported ("saying the strikes
    showed that ...", "called the attack cowardly"): a definite or demonstrative determiner, no
    actor or recipient inside its own phrase, and not the object of a light verb ("carried out
    the attack")."""
    own = {t.i for t in noun.subtree}
    if any(s.root.i in own for s in [*actors, *recipients]):
        # the parties the noun names itself; those it takes from a governing verb ("Tinubu
        # called the attack cowardly") do not make it a new event
        return False
    if noun.dep_ in _OBJ and _lemma(noun.head) in lex.light_verbs:
        return False
    return any(c.dep_ == "det" and _lemma(c) in lex.anaphoric_determiners for c in noun.children)


def _complement_labels(verb: Token, lex: Lexicon) -> Iterator[tuple[str, str]]:
    """Labels of what a verb commits to: its verb complement ("agreed to relax"; a light verb's
    event noun: "offered to make concessions"), the event noun after "to" ("agreed to
    concessions") or its object ("promised further concessions")."""
    for child in verb.children:
        if child.dep_ == "xcomp":
            label = _verb_label(child, lex)
            if label is None and _lemma(child) in lex.light_verbs:
                obj = next((c for c in child.children if c.dep_ in _OBJ), None)
                label = _noun_label(obj, lex) if obj is not None else None
        elif child.dep_ in _OBJ:
            label = _noun_label(child, lex)
        elif child.dep_ == "prep" and child.lower_ == "to":
            obj = _pobj(child)
            label = _noun_label(obj, lex) if obj is not None else None
        else:
            continue
        if label:
            yield label


def single_category(cand: Candidate, lex: Lexicon | None = None) -> None:
    """PLOVER codes one category, not "type + auxiliary mode": a promised cooperative act is
    AGREE, a threatened conflictual one THREATEN, a "must" a REQUEST (``single_category`` rules
    of modality.yaml). A promise or agreement to concede or retreat is a concession first
    (``complement_rules``: "agreed to relax the curfew", "offered to release"). The rules recode
    the manual's label and, where it differs, the table's (``table_label``, with each rule's
    ``table:`` alternative), so both conventions come from one pass. Changes ``cand`` in place;
    the modality follows the manual's label."""
    lex = lex or lexicon()
    verb = _clause_verb(cand.trigger)
    modals = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    governor = _lemma(verb.head) if verb.dep_ == "xcomp" else ""
    complements: list[str] | None = None  # types the verb commits to, read once when a rule asks

    def committed() -> list[str]:
        nonlocal complements
        if complements is None:
            complements = [label[0] for label in _complement_labels(cand.trigger, lex)]
        return complements

    def recode(label: tuple[str, str], table: bool) -> tuple[tuple[str, str], bool]:
        """``label`` after the rules (the table's alternatives if ``table``), and whether a
        single-category rule fired (the recoded event is then asserted)."""
        if cand.kind == "verb":
            for types, wanted, new_type, table_type, triggers in lex.complement_rules:
                if triggers is not None and _lemma(cand.trigger) not in triggers:
                    continue
                if label[0] in types and any(t in wanted for t in committed()):
                    label = (table_type if table else new_type, "")
                    break
        for types, modalities, needed_modals, governors, new_type, table_type in lex.single_category:
            if types is not None and label[0] not in types:
                continue
            if modalities is not None and cand.modality not in modalities:
                continue
            if needed_modals is not None and not modals & needed_modals:
                continue
            if governors is not None and governor not in governors:
                continue
            to = table_type if table else new_type
            return (label if label[0] == to else (to, "")), True
        return label, False

    original = (cand.event_type, cand.mode)
    manual, fired = recode(original, False)
    table, table_fired = recode(cand.table_label or original, True)
    if fired and not table_fired:
        # a rule both conventions share recoded the act ("refused to apologise" is REJECT): the
        # table's label of the act itself no longer describes the (asserted) event
        table = manual
    cand.event_type, cand.mode = manual
    cand.table_label = table if table != manual else None
    if fired:
        cand.modality = "asserted"


def doc_candidates(doc: Doc) -> list[Candidate]:
    """Candidates of every sentence of a document."""
    lex = lexicon()
    return [cand for sent in doc.sents for cand in sentence_candidates(sent, lex)]


def _depth(tok: Token) -> int:
    return sum(1 for _ in tok.ancestors)


def _governs(cand: Candidate, other: Candidate, lex: Lexicon) -> bool:
    """Whether ``cand``'s act governs ``other``'s in the parse: ``other``'s trigger lies below
    ``cand``'s trigger (or below the light verb carrying ``cand``'s event noun)."""
    anchor = cand.trigger
    if cand.kind == "noun" and anchor.dep_ in _OBJ and _lemma(anchor.head) in lex.light_verbs:
        anchor = anchor.head
    return anchor.i != other.trigger.i and any(a.i == anchor.i for a in other.trigger.ancestors)


def _background(cand: Candidate, lex: Lexicon) -> bool:
    """Whether the trigger sits in a clause that sets the scene for the main act: a relative or
    participle clause on a noun ("the strike that killed four", "the deal signed in 2015"), or
    a time clause or phrase ("after talks, X signed ...", "following the attack", "as X
    announced ..."; ``background`` of modality.yaml)."""
    spec = lex.background
    for tok in [cand.trigger, *cand.trigger.ancestors]:
        if tok.dep_ in spec["clauses"] or (tok.dep_ == "acl" and tok.tag_ in spec["participle_tags"]):
            return True
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in spec["markers"] for c in tok.children):
            return True
        if tok.dep_ == "pcomp" and tok.head.lower_ in spec["markers"]:
            return True
        if tok is cand.trigger and tok.dep_ == "pobj" and tok.head.lower_ in spec["markers"]:
            return True
    return False


def primary(cands: list[Candidate]) -> Candidate | None:
    """The event a sentence is mainly about. PLOVER codes the governing act ("threatened to
    shell", "demanded that X release", "refused to deploy ... and urged"), so only candidates no
    other candidate governs compete, and a background act (``_background``: "the attack that
    killed", "after talks") only when nothing else does; among them the best-supported, highest
    in the parse. Used where one label per sentence is wanted (sentence-level coding,
    evaluation)."""
    if not cands:
        return None
    lex = lexicon()
    cands = [c for c in cands if not _background(c, lex)] or cands
    top = [c for c in cands if not any(o is not c and _governs(o, c, lex) for o in cands)] or cands
    return max(top, key=lambda c: (c.confidence - 0.1 * _depth(c.trigger), -c.trigger.i))


def code_sentence(sent: Span, cands: list[Candidate]) -> classifier.SentenceCoding | None:
    """The hybrid step: the parse and the lexicon found ``cands`` (trigger, type, who, whom);
    the sentence classifier's reading sets every candidate's calibrated confidence.

    The classifier does not override a lexicon type in general: on the GSR it was less accurate
    than the lexicon where both apply (bench/results/events.md). It only chooses among the
    labels the lexicon lists for an ambiguous trigger (``ambiguous`` in triggers.yaml: a
    workers' "strike" is PROTEST, an air "strike" ASSAULT), types sentences the lexicon misses
    (``sentence_events``) and decides PentaClass 0 (statement) vs event. Returns its reading
    (``None`` without the model artifact: then the lexicon's first label and the heuristic
    confidences stand)."""
    coding = classifier.code_sentence(sent, cands)
    if coding is not None:
        _choose_ambiguous(cands, coding, lexicon())
        _set_confidence(cands, coding)
    return coding


def _choose_ambiguous(cands: list[Candidate], coding: classifier.SentenceCoding, lex: Lexicon) -> None:
    """The classifier's most probable label among an ambiguous trigger's listed labels. A
    candidate the single-category rule already recoded (its label is not among them), or whose
    verb + object phrase is an entry of its own ("expelled the ambassador"), keeps its category.
    A cooperation label (``dyadic``) needs a second party: two actors, a recipient or a "joint"
    ("China launched drills around Taiwan" is a show of force, not joint manoeuvres). Changes
    ``cands`` in place."""
    for cand in cands:
        labels = lex.ambiguous.get(_lemma(cand.trigger), ())
        if labels and cand.kind == "verb" and _phrase_label(cand.trigger, lex):
            continue  # the phrase names the sense
        if (cand.event_type, cand.mode) in labels:
            joint = len(cand.actors) > 1 or cand.recipients or any(
                _lemma(c) in lex.joint_words for c in cand.trigger.children
            )
            if not joint:
                labels = tuple(lab for lab in labels if lab[0] not in lex.dyadic_types) or labels
            cand.event_type, cand.mode = max(labels, key=lambda lab: coding.type_probs.get(lab[0], 0.0))


def _set_confidence(cands: list[Candidate], coding: classifier.SentenceCoding) -> None:
    best = primary(cands)
    for cand in cands:
        cand.confidence = calibrated_confidence(cand, coding, cand is best)


#: a sentence with no lexicon trigger gets an event from its main clause only when the
#: classifier is this sure it describes one (and not a mere statement)
FALLBACK_MIN_PROB = 0.6
FALLBACK_MAX_STATEMENT = 0.3


def clause_candidate(
    sent: Span, event_type: str = "", lex: Lexicon | None = None, refine: bool = True, verb: Token | None = None,
    convention: str = DEFAULT_CONVENTION,
) -> Candidate | None:
    """The sentence's main verb (or ``verb``) with its who/whom, as an event of ``event_type``:
    the frame of a sentence whose action word is not in the lexicon."""
    lex = lex or lexicon()
    root = verb if verb is not None else sent.root
    if not _is_verb(root):
        return None
    actors, recipients = _verb_arguments(root, event_type, lex)
    cand = Candidate(root, event_type, "", "clause", actors, recipients)
    cand.modality = modality(root, lex)
    cand.reported = False
    if refine:
        refine_arguments(sent, [cand], convention)
    return cand


def sentence_events(
    sent: Span, lex: Lexicon | None = None, refine: bool = True, convention: str = DEFAULT_CONVENTION,
    types: str = DEFAULT_TYPES,
) -> tuple[list[Candidate], classifier.SentenceCoding | None]:
    """All events of a sentence after the hybrid step, and the classifier's sentence reading.
    Where the lexicon found nothing and the classifier is sure of an event, the main clause
    gives one (its type from the classifier). With ``refine``, the argument model
    (``refine_arguments``) sets who and whom; ``refine=False`` keeps the parse rules' spans
    (its training script reads those as features); ``convention`` is the who/whom convention
    (``argument_convention``), ``types`` the type convention (``apply_types``; under ``manual``
    each candidate still carries the table's label in ``table_label``)."""
    lex = lex or lexicon()
    cands = sentence_candidates(sent, lex)
    coding = code_sentence(sent, cands)
    if refine and cands and refine_arguments(sent, cands, convention) and coding is not None:
        _set_confidence(cands, coding)
    modal = None if cands else _modal_event(sent, lex)
    if modal is not None:
        cand = clause_candidate(sent, modal[1], lex, refine, verb=modal[0], convention=convention)
        if cand is not None:
            cand.modality = "asserted"  # the demand itself is asserted
            cand.confidence = calibrated_confidence(cand, coding, True) if coding else _confidence(cand)
            cands = [cand]
    if (
        not cands
        and coding is not None
        and coding.type_prob >= FALLBACK_MIN_PROB
        and coding.statement_prob <= FALLBACK_MAX_STATEMENT
    ):
        cand = clause_candidate(sent, coding.event_type, lex, refine, convention=convention)
        if cand is not None and cand.actors:
            cand.confidence = calibrated_confidence(cand, coding, True)
            cands = [cand]
    if types != "manual":
        apply_types(cands, types)
    return cands, coding


def _modal_rules(lex: Lexicon) -> list[tuple[frozenset[str], str]]:
    """The ``single_category`` rules a modal alone decides (no type, mode or governor
    condition): "must" makes a REQUEST whatever the act. Each as (modals, new category)."""
    return [(m, to) for types, mods, m, gov, to, _ in lex.single_category if m and types is mods is gov is None]


def _modal_event(sent: Span, lex: Lexicon) -> tuple[Token, str] | None:
    """A verb the lexicon does not know that carries a modal which alone decides the PLOVER
    category (``single_category`` rules with only ``modals``: "Sudan must return the
    helicopter" is a demand, whatever the act): the first such verb and its category."""
    rules = _modal_rules(lex)
    for tok in sent:
        if not _is_verb(tok):
            continue
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        for modals, new_type in rules:
            if aux & modals:
                return tok, new_type
    return None


def calibrated_confidence(cand: Candidate, coding: classifier.SentenceCoding, is_primary: bool) -> float:
    """How likely the event and its type are right: the classifier's probability of the
    candidate's type, plus structural evidence (actors and recipients found, primary event, a
    lexicon trigger, asserted). Fixed weights, not fitted to any scored file; the measured
    precision per threshold (the ``--min-confidence`` curve) is in bench/results/events.md."""
    score = 0.2 + 0.45 * coding.type_probs.get(cand.event_type, 0.0)
    score += 0.1 * (1 - coding.statement_prob)
    score += 0.1 if cand.actors else 0.0
    score += 0.05 if cand.recipients else 0.0
    score += 0.05 if is_primary else -0.05
    if cand.kind == "clause":  # no lexicon trigger: the type rests on the classifier alone
        score -= 0.1
    if cand.modality != "asserted":
        score -= 0.05
    return round(max(0.05, min(score, 0.95)), 3)


# --------------------------------------------------------------------------- mentions


def _actor_mentions(spans: Iterable[Span], known: list[ActorMention]) -> list[ActorMention]:
    """Tie argument spans to the pipeline's resolved actor mentions where they overlap."""
    out: list[ActorMention] = []
    seen: set[tuple[int, int]] = set()
    for full in spans:
        span = core(full)
        hits = [
            m for m in known
            if m.span.start < span.end_char and span.start_char < m.span.end and m.actor is not None
        ]
        if hits:
            for m in hits:
                if (m.span.start, m.span.end) not in seen:
                    seen.add((m.span.start, m.span.end))
                    out.append(m)
        elif (full.start_char, full.end_char) not in seen:
            seen.add((full.start_char, full.end_char))
            out.append(ActorMention(TextSpan.of(full), None))
    return out


def _not_own_country(recipients: list[ActorMention], actors: list[ActorMention]) -> list[ActorMention]:
    """Recipients without the actors' own country: a bare country that is the actor's (from
    "40 Russian drones" for a Russian actor) is a self-loop, not a party acted on. Sectors of
    the same country stay ("the government arrested opposition leaders")."""
    own = {m.actor.country for m in actors if m.actor is not None and m.actor.country}
    return [
        m for m in recipients
        if m.actor is None or m.actor.kind != "country" or m.actor.country not in own
    ]


def _optional(module: str, name: str):
    """A function from a sibling module that may not exist yet (times, places)."""
    try:
        mod = __import__(f"newsgraph.extract.{module}", fromlist=[name])
    except ImportError:
        return None
    return getattr(mod, name, None)


def extract_events(
    doc: Doc, article_id: str, convention: str = DEFAULT_CONVENTION, types: str = DEFAULT_TYPES
) -> list[EventMention]:
    """PLOVER event mentions of one annotated document (stage: extract); ``convention``
    ("plover" or "cameo", ``Settings.arguments``) decides who and whom, ``types`` ("manual" or
    "table", ``Settings.types``) the type convention."""
    lex = lexicon()
    types = type_convention(types)
    coder = extractor(convention, types)
    known = list(doc._.actor_mentions or []) if Doc.has_extension("actor_mentions") else []
    event_time = _optional("times", "event_time")
    event_place = _optional("places", "event_place")
    places = []
    for ext in ("place_mentions", "places"):
        if Doc.has_extension(ext):
            places = getattr(doc._, ext) or []
            break
    mentions: list[EventMention] = []
    for index, sent in enumerate(doc.sents):
        cands, _ = sentence_events(sent, lex, convention=convention, types=types)
        for cand in cands:
            code = ontology.coding(cand.event_type, cand.mode)
            trigger = cand.trigger
            actors = _actor_mentions(cand.actors, known)
            mention = EventMention(
                article_id=article_id,
                sentence_index=index,
                sentence=TextSpan.of(sent),
                trigger=TextSpan.of(trigger),
                event_type=cand.event_type,
                mode=cand.mode,
                actors=actors,
                recipients=_not_own_country(_actor_mentions(cand.recipients, known), actors),
                modality=cand.modality,
                cameo=code.cameo,
                quad_class=code.quad_class,
                goldstein=code.goldstein,
                confidence=cand.confidence,
                extractor=coder,
            )
            if event_time is not None:
                mention.time = event_time(trigger, doc)
            if event_place is not None:
                mention.place = event_place(trigger, doc, places)
            mentions.append(mention)
    return mentions
