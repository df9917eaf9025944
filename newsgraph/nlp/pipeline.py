"""The annotate stage: one spaCy pipeline, built by a factory from a model name and
newsgraph's own components (registered the spaCy way with ``@Language.factory``).

Each component declares what it reads and writes:

| component | reads | writes |
|---|---|---|
| ``newsgraph_paragraphs`` (before the parser) | token whitespace | ``token.is_sent_start`` after blank lines |
| ``newsgraph_timex`` | ``doc.text``, ``doc._.dct`` | ``doc._.timexes`` (list of ``TimeExpression``) |
| ``newsgraph_actors`` | ``doc.ents`` | ``doc._.actor_mentions`` (list of ``ActorMention``) |

The article date (document creation time) is set on ``doc._.dct`` before the
pipeline runs: :func:`annotate` does that, so nothing falls back to "today".
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..model import Article
from ..settings import DEFAULT_MODEL

for _name, _default in (
    ("dct", None),
    ("article_id", ""),
    ("timexes", None),
    ("actor_mentions", None),
    ("quotes", None),
    ("claims", None),
    ("place_mentions", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

#: newsgraph components, in pipeline order; each goes after the model's own components
#: unless ``PLACEMENT`` puts it before one of them.
COMPONENTS: tuple[str, ...] = ("newsgraph_paragraphs", "newsgraph_timex", "newsgraph_actors")
PLACEMENT: dict[str, str] = {"newsgraph_paragraphs": "parser"}


def _register_components() -> None:
    """Import the modules whose ``@Language.component`` decorators register our components."""
    from . import actors, paragraphs, timex  # noqa: F401


@lru_cache(maxsize=4)
def build_pipeline(model: str = DEFAULT_MODEL, components: tuple[str, ...] = COMPONENTS) -> Language:
    """Load ``model`` and append newsgraph's components. Cached per (model, components)."""
    _register_components()
    nlp = spacy.load(model)
    for name in components:
        if name in nlp.pipe_names:
            continue
        before = PLACEMENT.get(name)
        if before in nlp.pipe_names:
            nlp.add_pipe(name, before=before)
        else:
            nlp.add_pipe(name, last=True)
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, cached: spaCy rebuilds the string from every token on each access."""
    text = doc.user_data.get("newsgraph_text")
    if text is None:
        text = doc.user_data["newsgraph_text"] = doc.text
    return text


def sentence_of(token: Token) -> Span:
    """``token.sent``, but O(log n): spaCy's walks every sentence of the doc on each call,
    which dominated extraction time on long articles. Boundaries are cached per doc."""
    doc = token.doc
    bounds = doc.user_data.get("newsgraph_sentence_bounds")
    if bounds is None:
        bounds = [(s.start, s.end) for s in doc.sents]
        doc.user_data["newsgraph_sentence_bounds"] = bounds
    k = bisect.bisect_right(bounds, (token.i, len(doc) + 1)) - 1
    start, end = bounds[k]
    return doc[start:end]


DASHES = frozenset({"—", "–", "-", "--"})


def dateline_end(sentence: Span) -> int:
    """The first token after a wire dateline that opens ``sentence`` ("KYIV, May 2 —",
    "NAIROBI (Reuters) -"), else ``sentence.start``. A dateline says where the report was filed:
    none of its words is an actor, a target or part of a quote. Needs tags and entities."""
    first = sentence[0]
    seen_date = False
    for tok in sentence[:12]:
        if tok.text in DASHES:
            spaced = bool(tok.whitespace_) or tok.i == 0 or bool(tok.doc[tok.i - 1].whitespace_)
            opens = spaced and tok.i > sentence.start and (seen_date or (first.is_upper and len(first.text) > 1))
            return tok.i + 1 if opens else sentence.start  # "a 55-year-old nurse": a hyphen in a word
        if tok.pos_ in ("VERB", "AUX"):
            break
        seen_date = seen_date or tok.ent_type_ == "DATE"
    return sentence.start


def make_doc(nlp: Language, text: str, dct: date | None, article_id: str = "") -> Doc:
    doc = nlp.make_doc(text)
    doc._.dct = dct
    doc._.article_id = article_id
    return doc


def annotate(
    articles: Iterable[Article], nlp: Language, batch_size: int = 32
) -> Iterator[tuple[Article, Doc]]:
    """Run the pipeline over articles, each doc anchored to its article's date."""
    pending: list[Article] = []

    def docs() -> Iterator[Doc]:
        for article in articles:
            pending.append(article)
            yield make_doc(nlp, article.text, article.date, article.id)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield pending.pop(0), doc
