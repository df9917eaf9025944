"""Placeholder: the temporal tagger component (being written)."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_timex")
def timex_component(doc: Doc) -> Doc:
    doc._.timexes = []
    return doc
