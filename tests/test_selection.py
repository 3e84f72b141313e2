"""Model selection: candidates are ranked by grouped cross-validation on the same folds."""

from framing.features import FeatureConfig
from framing.model import TrainConfig
from framing.selection import CANDIDATES, compare_candidates, describe

from .conftest import TINY_BANK


def test_candidates_are_distinct_and_named():
    names = [describe(c) for c in CANDIDATES]
    assert len(names) == len(set(names))
    assert {c.classifier for c in CANDIDATES} == {"logreg", "svm"}


def test_compare_ranks_best_first():
    rows = [(t, labels, a) for a, items in TINY_BANK.items() for t, labels in items]
    texts, labels, groups = zip(*rows)
    candidates = (
        TrainConfig(features=FeatureConfig(char_ngrams=None, labelling_functions=False, stem=False, min_df=1), folds=3),
        TrainConfig(features=FeatureConfig(min_df=1), classifier="svm", folds=3),
    )
    result = compare_candidates(texts, labels, groups, None, candidates, n_jobs=1)
    assert [r["macro_f1"] for r in result] == sorted((r["macro_f1"] for r in result), reverse=True)
    assert {r["candidate"] for r in result} == {describe(c) for c in candidates}
    assert all(set(r["per_frame_f1"]) == {"legitimacy", "denial", "escalation", "negotiation"} for r in result)
