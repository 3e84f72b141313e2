"""The shipped seed corpus: page furniture gone, every sentence annotated, metadata present."""

from pathlib import Path

import pytest

from framing.corpus import iter_articles
from framing.dataset import load_annotations, normalise

PROJECT = Path(__file__).resolve().parent.parent
FURNITURE = ["All news", "Related Stories", "No stories found.", "Bobylew/TASS", "(Photo |", "www.newindianexpress.com",
             "The New Indian Express", "WASHINGTON, June 25", "/TASS/"]


@pytest.fixture(scope="module")
def seeds():
    return list(iter_articles([PROJECT / "data" / "corpus"], strict=True))


def test_two_seed_articles_with_metadata(seeds):
    assert sorted(a.outlet for a in seeds) == ["TASS", "The New Indian Express"]
    assert all(a.date and a.title for a in seeds)


def test_page_furniture_is_gone(seeds):
    for article in seeds:
        text = "\n".join(article.sentences())
        for marker in FURNITURE:
            assert marker not in text, (article.id, marker)
        assert "US Ambassador to Russia Lynne Tracy\n" not in text + "\n"  # the photo caption


def test_no_sentence_appears_twice(seeds):
    for article in seeds:
        sentences = article.sentences()
        assert len(sentences) == len(set(sentences))


def test_every_seed_sentence_is_annotated(seeds):
    annotations = load_annotations(PROJECT / "data" / "annotations")
    for article in seeds:
        keys = {normalise(s) for s in article.sentences()}
        assert keys == set(annotations[article.id]), article.id


def test_codebook_worked_examples_are_annotated_as_the_codebook_says():
    annotations = {k: v for a in load_annotations(PROJECT / "data" / "annotations").values() for k, v in a.items()}
    expected = {
        "The Defense Ministry dismissed the claims about alleged strikes on the \"rear camps of the PMC Wagner\" as false.": ["denial", "escalation"],
        "The New York Times reported that the CIA declined to comment on Naryshkin's remarks.": ["denial"],
        "He said Russia was losing the war and there could be no negotiations with people like Naryshkin.": ["legitimacy", "negotiation"],
    }
    for text, labels in expected.items():
        assert annotations[normalise(text)] == labels
