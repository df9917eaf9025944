"""The annotate stage: components in order, anchored to the article date."""

from __future__ import annotations

from datetime import date

from newsgraph.model import Article
from newsgraph.nlp.pipeline import COMPONENTS, annotate


def test_components_in_place(nlp):
    names = nlp.pipe_names
    assert all(c in names for c in COMPONENTS)
    assert names.index("newsgraph_paragraphs") < names.index("parser")
    assert names.index("ner") < names.index("newsgraph_actors")


def test_blank_line_ends_a_sentence(nlp):
    text = "Flood warning in the north\n\nSeparately, the minister said the dam held."
    (_, doc), = annotate([Article(text=text, date=date(2024, 4, 2), date_source="option")], nlp)
    first = list(doc.sents)[0]
    assert first.text.strip() == "Flood warning in the north"


def test_each_doc_is_anchored_to_its_own_article_date(nlp):
    arts = [
        Article(text="The talks ended on Monday.", date=date(2024, 4, 3), date_source="option"),
        Article(text="The talks ended on Monday!", date=date(2023, 1, 5), date_source="option"),
    ]
    values = [doc._.timexes[0].value for _, doc in annotate(arts, nlp)]
    assert values == ["2024-04-01", "2023-01-02"]
