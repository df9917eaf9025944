"""The ``newsgraph_quotes`` component: who said what, and which claims were denied.

Thin by design: the rules live in :mod:`newsgraph.extract.quotes` (testable on any parsed
doc). Reads the parse and ``doc._.actor_mentions``; writes ``doc._.quotes`` (list of
``QuoteMention``) and ``doc._.claims`` (list of ``ClaimMention``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extract.quotes import quotes_and_claims

for _name in ("quotes", "claims"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("newsgraph_quotes", requires=["token.dep", "token.lemma"])
def quotes_component(doc: Doc) -> Doc:
    doc._.quotes, doc._.claims = quotes_and_claims(doc, doc._.article_id or "")
    return doc


@Language.component("newsgraph_paragraphs")
def paragraphs_component(doc: Doc) -> Doc:
    """Start a sentence after every blank line, so a heading or dateline never becomes the
    subject of the next paragraph's first sentence. Goes before the parser, which keeps
    boundaries that are already set."""
    for tok in doc[1:]:
        if "\n\n" in doc[tok.i - 1].text_with_ws or doc[tok.i - 1].is_space and "\n" in doc[tok.i - 1].text:
            tok.is_sent_start = True
    return doc
