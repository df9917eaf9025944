"""The annotate stage: one spaCy pipeline, built by a factory from a model name and
newsgraph's own components (registered the spaCy way with ``@Language.factory``).

Each component declares what it reads and writes:

| component | reads | writes |
|---|---|---|
| ``newsgraph_timex`` | ``doc.text``, ``doc._.dct`` | ``doc._.timexes`` (list of ``TimeExpression``) |
| ``newsgraph_actors`` | ``doc.ents`` | ``doc._.actor_mentions`` (list of ``ActorMention``) |
| ``newsgraph_quotes`` | parse, ``doc._.actor_mentions`` | ``doc._.quotes`` |

The article date (document creation time) is set on ``doc._.dct`` before the
pipeline runs: :func:`annotate` does that, so nothing falls back to "today".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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

#: newsgraph components, in pipeline order (after the model's own).
COMPONENTS: tuple[str, ...] = ("newsgraph_timex", "newsgraph_actors")


def _register_components() -> None:
    """Import the modules whose ``@Language.factory`` decorators register our components."""
    from . import actors, timex  # noqa: F401


@lru_cache(maxsize=4)
def build_pipeline(model: str = DEFAULT_MODEL, components: tuple[str, ...] = COMPONENTS) -> Language:
    """Load ``model`` and append newsgraph's components. Cached per (model, components)."""
    _register_components()
    nlp = spacy.load(model)
    for name in components:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


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
