"""Training, thresholds, calibration, explanations, saving and safe loading."""

import json

import numpy as np
import pytest

from framing import FRAMES
from framing.model import ModelError, best_threshold, fit_platt, labels_matrix, load, save


def test_labels_matrix():
    assert labels_matrix([["denial"], [], ["legitimacy", "negotiation"]]).tolist() == [
        [0, 1, 0, 0], [0, 0, 0, 0], [1, 0, 0, 1]
    ]


def test_best_threshold_maximises_f1():
    probs = np.array([0.9, 0.8, 0.7, 0.4, 0.3, 0.1])
    y = np.array([1, 1, 0, 1, 0, 0])
    # cuts: top1 F1=.67, top2 .8, top3 .67, top4 .86, top5 .75 -> keep the top four
    threshold = best_threshold(probs, y)
    assert 0.3 < threshold <= 0.4
    assert ((probs >= threshold) == np.array([1, 1, 1, 1, 0, 0], bool)).all()


def test_best_threshold_without_positives_is_neutral():
    assert best_threshold(np.array([0.2, 0.7]), np.array([0, 0])) == 0.5


def test_platt_scaling_is_monotone_and_calibrated_on_logistic_data():
    rng = np.random.default_rng(0)
    scores = rng.normal(size=20000)
    y = (rng.random(20000) < 1 / (1 + np.exp(-(2 * scores - 1)))).astype(int)
    a, b = fit_platt(scores, y)
    assert a == pytest.approx(2, abs=0.15) and b == pytest.approx(-1, abs=0.1)


def test_tiny_model_separates_frames(tiny_model):
    probs = tiny_model.predict_proba([
        "Troops shelled the city and missiles struck the port.",
        "The ministers held talks about a ceasefire deal.",
        "The spokesman denied the report and called it fake.",
    ])
    assert probs.shape == (3, 4)
    assert [FRAMES[i] for i in probs.argmax(axis=1)] == ["escalation", "negotiation", "denial"]
    assert ((probs >= 0) & (probs <= 1)).all()


def test_card_records_what_reproducibility_needs(tiny_model_dir):
    card = json.loads((tiny_model_dir / "model-card.json").read_text())
    for key in ("labels", "thresholds", "library_versions", "training_data", "cross_validation", "error_rates", "model_sha256"):
        assert key in card
    assert len(card["training_data"]["sha256"]) == 64
    assert card["cross_validation"]["grouped_by"] == "article"
    assert set(card["cross_validation"]["per_frame"]) == set(FRAMES)


def test_explanations_name_the_pushing_ngrams(tiny_model):
    explained = tiny_model.explain("The spokesman denied the report and called it fake.", k=5)
    terms = [term for term, weight in explained["denial"]]
    assert terms and all(weight > 0 for _, weight in explained["denial"])
    assert any("denied" in t or "fake" in t or "deni" in t for t in terms)


def test_training_is_reproducible(tiny_model):
    from framing.model import TrainConfig, train

    from .conftest import TINY_BANK

    rows = [(t, l, a) for a, items in TINY_BANK.items() for t, l in items]
    texts, labels, groups = zip(*rows)
    m1 = train(texts, labels, groups, None, TrainConfig(folds=3, n_jobs=1))
    assert np.allclose(m1.coef, tiny_model.coef) and np.allclose(m1.thresholds, tiny_model.thresholds)


def test_load_refuses_tampered_untrusted_and_missing(tiny_model_dir, tmp_path):
    with pytest.raises(ModelError, match="outside .*--trust-model"):
        load(tiny_model_dir, trusted_root=tmp_path / "models")
    assert load(tiny_model_dir, trusted_root=tmp_path / "models", trust=True) is not None
    copy = tmp_path / "copy"
    save(load(tiny_model_dir, trust=True), copy, "copy")
    with (copy / "model.joblib").open("ab") as handle:
        handle.write(b"tamper")
    with pytest.raises(ModelError, match="sha256 does not match"):
        load(copy, trust=True)
    with pytest.raises(ModelError, match="no trained model here"):
        load(tmp_path / "nothing", trust=True)


def test_version_mismatch_says_how_to_fix(tiny_model_dir, tmp_path):
    import shutil

    copy = tmp_path / "old"
    shutil.copytree(tiny_model_dir, copy)
    card = json.loads((copy / "model-card.json").read_text())
    card["library_versions"]["scikit-learn"] = "0.1.0"
    (copy / "model-card.json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="trained with scikit-learn 0.1.0 .* run 'make train'"):
        load(copy, trust=True)
