"""Placeholder: the actor gazetteer component (being written)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_actors")
def actors_component(doc: Doc) -> Doc:
    doc._.actor_mentions = []
    return doc
