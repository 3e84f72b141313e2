"""Statistics of `framing compare` against hand computations and scipy/statsmodels reference values."""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import chi2_contingency, norm
from scipy.stats.contingency import association
from statsmodels.stats.multitest import multipletests

from framing import stats

# --------------------------------------------------------------------------------------------------------------
# Estimators
# --------------------------------------------------------------------------------------------------------------


def test_acc_by_hand():
    # (0.30 - 0.10) / (0.90 - 0.10) = 0.25
    assert stats.acc(0.30, 0.90, 0.10) == pytest.approx(0.25)
    # clipped below (cc < fpr) and above (cc > tpr)
    assert stats.acc(0.05, 0.90, 0.10) == 0.0
    assert stats.acc(0.95, 0.90, 0.10) == 1.0
    # vectorised over frames, NaN where tpr - fpr is too small to divide by
    out = stats.acc(np.array([0.3, 0.3]), np.array([0.9, 0.55]), np.array([0.1, 0.5]))
    assert out[0] == pytest.approx(0.25) and np.isnan(out[1])


def test_cc_and_pcc_are_column_means():
    labels = np.array([[1, 0], [1, 1], [0, 0], [1, 0]], dtype=bool)
    probs = np.array([[0.9, 0.1], [0.8, 0.7], [0.2, 0.3], [0.6, 0.1]])
    np.testing.assert_allclose(stats.cc(labels), [0.75, 0.25])
    np.testing.assert_allclose(stats.pcc(probs), [0.625, 0.3])


def _simulate(prevalence: float, n: int, rng: np.random.Generator, mu: float = 1.0):
    """True labels, calibrated probabilities and thresholded predictions from a known score model.

    Scores are N(+mu, 1) for positives and N(-mu, 1) for negatives, so tpr = Φ(mu), fpr = Φ(-mu) whatever the
    prevalence, and P(y=1 | s) computed with the true prevalence is perfectly calibrated.
    """
    y = rng.random(n) < prevalence
    s = rng.normal(np.where(y, mu, -mu), 1.0)
    l1, l0 = norm.pdf(s, mu), norm.pdf(s, -mu)
    p = prevalence * l1 / (prevalence * l1 + (1 - prevalence) * l0)
    return y, p, s > 0


@pytest.mark.parametrize("truth", [0.05, 0.2, 0.5])
def test_acc_and_pcc_recover_known_prevalence_while_cc_is_biased(truth):
    rng = np.random.default_rng(42)
    y, p, yhat = _simulate(truth, 40_000, rng)
    tpr, fpr = norm.cdf(1.0), norm.cdf(-1.0)  # 0.841, 0.159: the classifier's known error rates
    raw = stats.cc(yhat[:, None])[0]
    assert abs(stats.acc(raw, tpr, fpr) - y.mean()) < 0.03
    assert abs(stats.pcc(p[:, None])[0] - y.mean()) < 0.03
    if truth != 0.5:  # CC is pulled towards 50%; at exactly 50% with symmetric errors the bias cancels
        assert abs(raw - y.mean()) > 0.05


# --------------------------------------------------------------------------------------------------------------
# Article-level bootstrap
# --------------------------------------------------------------------------------------------------------------


def test_bootstrap_single_article_has_zero_width_interval():
    values = np.array([[1, 0], [0, 0], [1, 1], [1, 0]], dtype=float)
    ci = stats.bootstrap_share(["a"] * 4, values, n_boot=200, seed=1)
    np.testing.assert_allclose(ci.estimate, [0.75, 0.25])
    np.testing.assert_allclose(ci.low, ci.estimate)
    np.testing.assert_allclose(ci.high, ci.estimate)


def test_bootstrap_resamples_articles_not_sentences():
    # article A: 10 sentences all positive, article B: 30 all negative. Resampling ARTICLES can only give shares
    # 0, 1 or 10/40; resampling sentences would give a near-continuum around 0.25.
    article = ["A"] * 10 + ["B"] * 30
    values = np.array([1.0] * 10 + [0.0] * 30)
    ci = stats.bootstrap_share(article, values, n_boot=500, seed=3, level=0.5)
    assert ci.estimate[0] == pytest.approx(0.25)
    for bound in (ci.low[0], ci.high[0]):
        assert min(abs(bound - v) for v in (0.0, 0.25, 1.0)) < 1e-12


def test_bootstrap_ci_contains_estimate_and_is_seeded():
    rng = np.random.default_rng(0)
    article = np.repeat(np.arange(40), rng.integers(3, 12, 40))
    values = (rng.random((len(article), 4)) < [0.1, 0.3, 0.5, 0.7]).astype(float)
    a = stats.bootstrap_share(article, values, n_boot=1000, seed=7)
    b = stats.bootstrap_share(article, values, n_boot=1000, seed=7)
    c = stats.bootstrap_share(article, values, n_boot=1000, seed=8)
    assert np.all(a.low <= a.estimate) and np.all(a.estimate <= a.high)
    assert np.all(a.high - a.low > 0)
    np.testing.assert_array_equal(a.low, b.low)
    np.testing.assert_array_equal(a.high, b.high)
    assert not np.array_equal(a.low, c.low)
    np.testing.assert_allclose(a.estimate, values.mean(axis=0))


def test_bootstrap_transform_applies_to_estimate_and_replicates():
    rng = np.random.default_rng(5)
    article = np.repeat(np.arange(30), 8)
    values = (rng.random((240, 1)) < 0.4).astype(float)
    plain = stats.bootstrap_share(article, values, n_boot=300, seed=1)
    adjusted = stats.bootstrap_share(article, values, n_boot=300, seed=1,
                                     transform=lambda s: stats.acc(s, 0.8, 0.1))
    np.testing.assert_allclose(adjusted.estimate, stats.acc(plain.estimate, 0.8, 0.1))
    np.testing.assert_allclose(adjusted.low, stats.acc(plain.low, 0.8, 0.1))


def test_bootstrap_is_fast_enough():
    rng = np.random.default_rng(0)
    article = np.repeat(np.arange(300), 12)
    values = rng.random((len(article), 4))
    start = time.perf_counter()
    for g in range(8):
        stats.bootstrap_share(article, values, n_boot=1000, seed=g)
    assert time.perf_counter() - start < 2.0


# --------------------------------------------------------------------------------------------------------------
# Contingency tables
# --------------------------------------------------------------------------------------------------------------

TABLE = np.array([[30, 12, 25, 8], [14, 28, 10, 19], [22, 20, 18, 21]])


def _per_article(table: np.ndarray, rng: np.random.Generator, per_group: int = 6):
    """Split each row of a group × category table into ``per_group`` articles' count rows (same sums)."""
    counts, groups = [], []
    for g, row in enumerate(table):
        split = np.array([rng.multinomial(n, np.full(per_group, 1 / per_group)) for n in row]).T
        counts.append(split)
        groups += [g] * per_group
    return np.vstack(counts), np.array(groups)


def test_independence_test_matches_scipy_when_counts_are_large():
    counts, groups = _per_article(TABLE, np.random.default_rng(0))
    res = stats.independence_test(counts, groups)
    ref = chi2_contingency(TABLE, correction=False)
    assert res.method == "chi2"
    assert res.statistic == pytest.approx(ref.statistic)
    assert res.p == pytest.approx(ref.pvalue)
    assert res.dof == ref.dof == 6
    assert res.min_expected == pytest.approx(ref.expected_freq.min())
    assert res.cramers_v == pytest.approx(association(TABLE, method="cramer"))
    assert res.shape == (3, 4) and res.n == TABLE.sum()


def test_independence_test_drops_empty_columns_and_needs_two_groups():
    table = np.array([[10, 0, 20], [15, 0, 12]])
    counts, groups = _per_article(table, np.random.default_rng(1))
    res = stats.independence_test(counts, groups)
    assert res.shape == (2, 2)
    assert res.statistic == pytest.approx(chi2_contingency(table[:, [0, 2]], correction=False).statistic)
    assert stats.independence_test(counts, np.zeros(len(counts))) is None


def test_permutation_used_when_expected_counts_are_small():
    table = np.array([[6, 1], [1, 5], [3, 2]])
    counts, groups = _per_article(table, np.random.default_rng(2), per_group=3)
    res = stats.independence_test(counts, groups, n_perm=999, seed=4)
    assert res.method == "permutation" and res.n_permutations == 999
    assert res.min_expected < 5
    assert res.statistic == pytest.approx(chi2_contingency(table, correction=False).statistic)
    assert 1 / 1000 <= res.p <= 1
    again = stats.independence_test(counts, groups, n_perm=999, seed=4)
    assert again.p == res.p


def test_permutation_p_agrees_with_chi2_when_articles_are_independent_units():
    # one sentence per article: permuting articles is permuting sentences, and for moderate counts the exact
    # permutation p-value should be close to the chi-square approximation
    rng = np.random.default_rng(3)
    groups = np.repeat([0, 1, 2], 120)
    cat = rng.choice(3, size=360, p=[0.5, 0.3, 0.2]) + (groups == 2) * (rng.random(360) < 0.15)
    counts = np.eye(4)[np.minimum(cat, 3)]
    stat, p_perm = stats.permutation_chi2(counts, groups, n_perm=4000, seed=0)
    table = stats.group_table(counts, groups, 3)
    ref = chi2_contingency(table[:, table.sum(axis=0) > 0], correction=False)
    assert stat == pytest.approx(ref.statistic)
    assert abs(p_perm - ref.pvalue) < 0.03


def test_permutation_keeps_articles_together():
    # two groups, each with two big articles that are all-category-0 or all-category-1. With only 4 articles the
    # label permutations give few distinct tables, so the p-value cannot be small, unlike a sentence-level test.
    counts = np.array([[50, 0], [50, 0], [0, 50], [0, 50]], dtype=float)
    groups = np.array([0, 0, 1, 1])
    stat, p = stats.permutation_chi2(counts, groups, n_perm=2000, seed=0)
    assert chi2_contingency(np.array([[100, 0], [0, 100]]), correction=False).pvalue < 1e-40
    assert p > 0.1  # 2 of the 6 distinct splits are as extreme: p ≈ 1/3


def test_cramers_v_plain_and_bias_corrected():
    assert stats.cramers_v(TABLE) == pytest.approx(association(TABLE, method="cramer"))
    # Bergsma (2013) by hand
    chi2 = chi2_contingency(TABLE, correction=False).statistic
    n, r, k = TABLE.sum(), 3, 4
    phi2c = max(0, chi2 / n - (k - 1) * (r - 1) / (n - 1))
    rc, kc = r - (r - 1) ** 2 / (n - 1), k - (k - 1) ** 2 / (n - 1)
    assert stats.cramers_v(TABLE, bias_corrected=True) == pytest.approx(np.sqrt(phi2c / min(kc - 1, rc - 1)))
    assert stats.cramers_v(TABLE, bias_corrected=True) < stats.cramers_v(TABLE)


def test_adjusted_residuals_match_statsmodels_and_hand_value():
    ref = sm.stats.Table(TABLE, shift_zeros=False).standardized_resids
    np.testing.assert_allclose(stats.adjusted_residuals(TABLE), ref)
    # one cell by hand: (O - E) / sqrt(E (1 - row/N)(1 - col/N))
    n, row, col = TABLE.sum(), TABLE[0].sum(), TABLE[:, 0].sum()
    e = row * col / n
    assert stats.adjusted_residuals(TABLE)[0, 0] == pytest.approx((30 - e) / np.sqrt(e * (1 - row / n) * (1 - col / n)))


@settings(max_examples=40, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(2, 5), st.integers(2, 5)), elements=st.integers(1, 200)))
def test_table_statistics_agree_with_references_on_random_tables(table):
    np.testing.assert_allclose(stats.adjusted_residuals(table),
                               sm.stats.Table(table, shift_zeros=False).standardized_resids, rtol=1e-9, atol=1e-9)
    assert stats.cramers_v(table) == pytest.approx(association(table, method="cramer"), abs=1e-9)
    np.testing.assert_allclose(stats.expected_counts(table), chi2_contingency(table).expected_freq)


def test_bh_adjust_matches_statsmodels_and_passes_nan_through():
    p = np.array([0.001, 0.04, 0.03, np.nan, 0.5, 0.012])
    p_adj, reject = stats.bh_adjust(p)
    ok = ~np.isnan(p)
    ref_reject, ref_adj = multipletests(p[ok], alpha=0.05, method="fdr_bh")[:2]
    np.testing.assert_allclose(p_adj[ok], ref_adj)
    np.testing.assert_array_equal(reject[ok], ref_reject)
    assert np.isnan(p_adj[3]) and not reject[3]


# --------------------------------------------------------------------------------------------------------------
# Distinctive terms
# --------------------------------------------------------------------------------------------------------------


def test_tokenize_drops_stop_words_and_numbers_and_makes_bigrams():
    tokens = stats.tokenize("The Kremlin's troops shelled Kharkiv on 24 February 2022, officials said.")
    assert "the" not in tokens and "said" not in tokens and "24" not in tokens and "2022" not in tokens
    assert {"kremlin", "troops", "shelled", "kharkiv", "february", "officials"} <= set(tokens)
    assert "kremlin troops" in tokens and "troops shelled" in tokens
    assert "kharkiv february" not in tokens  # a number stood between them
    assert "february officials" not in tokens  # the comma ends the clause
    tokens = stats.tokenize("U.S. officials, Kyiv’s mayor said: “no talks”.")
    assert {"u.s", "officials", "u.s officials", "kyiv", "mayor", "kyiv mayor", "talks"} == set(tokens)


def test_log_odds_by_hand():
    target, rest = Counter({"truce": 6, "war": 2}), Counter({"truce": 1, "war": 9})
    z = stats.log_odds_z(target, rest, prior_scale=1.0)
    # α = pooled counts: truce 7, war 11, α0 = 18; n_i = 8, n_j = 10
    delta = np.log((6 + 7) / (8 + 18 - 6 - 7)) - np.log((1 + 7) / (10 + 18 - 1 - 7))
    assert z["truce"] == pytest.approx(delta / np.sqrt(1 / (6 + 7) + 1 / (1 + 7)))
    assert z.index[0] == "truce" and z["war"] < 0


def test_log_odds_finds_planted_words():
    rng = np.random.default_rng(0)
    common = "officials reported the situation in the region remained tense after talks".split()
    a_texts = [" ".join(rng.choice(common, 6)) + " ceasefire mediator" for _ in range(60)]
    b_texts = [" ".join(rng.choice(common, 6)) + " sovereignty violation" for _ in range(60)]
    a, b = stats.term_counts(a_texts), stats.term_counts(b_texts)
    z_a, z_b = stats.log_odds_z(a, b), stats.log_odds_z(b, a)
    assert set(z_a.index[:3]) == {"ceasefire", "mediator", "ceasefire mediator"}
    assert set(z_b.index[:3]) == {"sovereignty", "violation", "sovereignty violation"}
    assert z_a["ceasefire"] > 3 and abs(z_a["officials"]) < 2
