"""The ``newsgraph_paragraphs`` component: a blank line always ends a sentence.

Reads the token whitespace; writes ``token.is_sent_start``. It goes before the parser, which
keeps boundaries already set, so a heading ("Israeli attack in Qatar") or a dateline never
becomes the subject of the next paragraph's first sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_paragraphs")
def paragraphs_component(doc: Doc) -> Doc:
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n\n" in prev.text_with_ws or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc
