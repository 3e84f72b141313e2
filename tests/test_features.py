"""Featurizer: text normalisation, column layout, stemming, and models surviving labelling-function changes."""

import pytest

from framing.features import FeatureConfig, Featurizer, normalise_text, stem_tokens

TEXTS = ["Troops shelled the town on 24 February.", "Talks resumed in Geneva.", "The ministry denied the report."]


def test_normalise_folds_typography_and_masks_numbers():
    assert normalise_text("“It’s 1,250 km” — he said") == '"It\'s 0 km" - he said'


def test_columns_are_word_char_then_labelling_functions():
    from framing.labelling import LABELLING_FUNCTIONS

    featurizer = Featurizer(FeatureConfig(char_ngrams=(2, 5), min_df=1)).fit(TEXTS)
    X = featurizer.transform(TEXTS)
    names = featurizer.feature_names()
    assert X.shape == (3, len(names))
    assert names[0].startswith("w:") and any(n.startswith("c:") for n in names)
    assert names[-len(LABELLING_FUNCTIONS):] == [f"lf:{lf.name}" for lf in LABELLING_FUNCTIONS]


def test_word_only_config_and_description():
    config = FeatureConfig(char_ngrams=None, labelling_functions=False, stem=False, min_df=1)
    featurizer = Featurizer(config).fit(TEXTS)
    assert all(n.startswith("w:") for n in featurizer.feature_names())
    assert config.describe() == "word1-2" and FeatureConfig(char_ngrams=(2, 5)).describe() == "stem1-2+char2-5+lf"


def test_stemming_merges_inflections():
    assert stem_tokens("negotiations negotiated") == ["negoti", "negoti"]
    featurizer = Featurizer(FeatureConfig(char_ngrams=None, labelling_functions=False, stem=True, min_df=1)).fit(TEXTS)
    assert "w:shell" in featurizer.feature_names()


def test_model_from_older_function_set_selects_its_columns_by_name(monkeypatch):
    featurizer = Featurizer(FeatureConfig(min_df=1)).fit(TEXTS)
    full = featurizer.transform(TEXTS)
    n_lfs = len(featurizer.lf_names)
    featurizer.lf_names = featurizer.lf_names[2:7]  # as if trained when only these five functions existed
    part = featurizer.transform(TEXTS)
    assert part.shape[1] == full.shape[1] - n_lfs + 5 == len(featurizer.feature_names())
    assert (part[:, -5:] != full[:, -n_lfs + 2:-n_lfs + 7]).nnz == 0
    featurizer.lf_names = ["no-such-function"]
    with pytest.raises(ValueError, match="run 'make train'"):
        featurizer.transform(TEXTS)
