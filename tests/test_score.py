"""Streaming, batched and parallel scoring give the simple path's rows; the fast featurizer and writers are exact."""

import io
import json
import random
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from framing import FRAMES
from framing.cli import app
from framing.corpus import Article, iter_articles
from framing.output import jsonl_line, jsonl_lines, write_jsonl
from framing.score import (
    BATCH_SENTENCES,
    article_chunks,
    predict,
    rows_to_frame,
    score_articles,
    score_batch,
    score_sentences,
    sentence_batches,
    split_articles,
)

from .conftest import TINY_BANK

SENTENCES = [text for rows in TINY_BANK.values() for text, _ in rows] + [
    "Officials in Kyiv said the talks would continue next week.",
    "The Kremlin spokesman dismissed the report as a provocation.",
    "Heavy shelling was reported overnight near the eastern front line.",
    "“We are ready to negotiate,” the minister told reporters in Geneva.",
    "Mr. Smith, the U.S. envoy, arrived on Feb. 24 for a second round.",
    "Prosecutors charged two men with treason and espionage.",
]


def make_articles(n: int, seed: int = 0) -> list[Article]:
    """``n`` distinct English articles of 1-30 sentences in 1-4 paragraphs."""
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        sentences = [rng.choice(SENTENCES) for _ in range(rng.randint(1, 30))]
        cut = sorted(rng.sample(range(1, len(sentences) + 1), min(len(sentences), rng.randint(1, 4))))
        paragraphs = [" ".join(sentences[a:b]) for a, b in zip([0] + cut, cut) if sentences[a:b]]
        articles.append(Article(id=f"a{i:03d}", text="\n\n".join(paragraphs), outlet=rng.choice(["RT", "BBC"]),
                                date="2022-03-01", title=f"Headline number {i} about the war"))
    return articles


def write_corpus(folder, articles) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as handle:
        for a in articles:
            handle.write(json.dumps({"id": a.id, "outlet": a.outlet, "date": a.date, "title": a.title,
                                     "text": a.text}) + "\n")


def test_streaming_in_small_batches_equals_the_simple_path(tiny_model):
    articles = make_articles(40)
    simple = score_batch(tiny_model, articles)
    assert len(simple) > 3 * 7
    for batch_size in (1, 7, BATCH_SENTENCES):
        assert list(score_articles(tiny_model, articles, jobs=1, batch_size=batch_size)) == simple
    assert rows_to_frame(score_articles(tiny_model, articles, batch_size=7)).equals(rows_to_frame(simple))


def test_sentence_batches_cut_across_articles_in_order():
    articles = make_articles(10)
    sentences = list(split_articles(articles))
    batches = list(sentence_batches(iter(sentences), 7))
    assert [s for batch in batches for s in batch] == sentences
    assert all(len(b) == 7 for b in batches[:-1]) and 0 < len(batches[-1]) <= 7


def test_article_chunks_hold_about_max_chars():
    articles = make_articles(30)
    chunks = list(article_chunks(articles, 2000))
    assert [a for chunk in chunks for a in chunk] == articles
    assert all(sum(len(a.text) + len(a.title) for a in chunk[:-1]) < 2000 for chunk in chunks)


def test_parallel_equals_serial(tiny_model):
    articles = make_articles(60, seed=1)
    serial = list(score_articles(tiny_model, articles, jobs=1))
    parallel = list(score_articles(tiny_model, articles, jobs=2, chunk_chars=1500, batch_size=16))
    assert parallel == serial and len(serial) > 100


def test_rows_encoded_where_scored_are_the_jsonl_lines(tiny_model):
    """encode=jsonl_lines runs in the workers; the lines are those write_jsonl makes from plain rows."""
    articles = make_articles(60, seed=2)
    plain = io.StringIO()
    write_jsonl(score_articles(tiny_model, articles, jobs=1), plain)
    for jobs in (1, 2):
        for batch_size in (7, BATCH_SENTENCES):
            lines = list(score_articles(tiny_model, articles, jobs=jobs, chunk_chars=1500, batch_size=batch_size,
                                        encode=jsonl_lines))
            assert all(isinstance(line, str) for line in lines)
            encoded = io.StringIO()
            assert write_jsonl(lines, encoded) == len(lines) > 100
            assert encoded.getvalue() == plain.getvalue()
    with pytest.raises(ValueError, match="explanations"):
        next(score_articles(tiny_model, articles, explain=5, encode=jsonl_lines))


class CountingSource:
    """An article stream that records how far it has been read."""

    def __init__(self, articles):
        self.articles = articles
        self.taken = 0

    def __iter__(self):
        for article in self.articles:
            self.taken += 1
            yield article


@pytest.mark.parametrize("jobs", [1, 2])
def test_scoring_consumes_its_input_lazily(tiny_model, jobs):
    """Memory stays bounded: the first rows come out after reading a batch's (or a few chunks') worth of articles."""
    source = CountingSource(make_articles(400, seed=2))
    rows = score_articles(tiny_model, source, jobs=jobs, batch_size=10, chunk_chars=500)
    assert source.taken == 0  # a generator: nothing read before the first row is asked for
    first = next(rows)
    assert first["article"] == "a000"
    bound = 10 if jobs == 1 else 2 * (2 + 2) * 10  # one batch; or in-flight chunks of ~500 characters
    assert source.taken <= bound < 400
    rows.close()


def test_cli_jsonl_csv_and_parquet_agree(tiny_model_dir, tmp_path):
    import pyarrow.parquet as pq

    write_corpus(tmp_path / "in", make_articles(25, seed=3))
    common = ["--model", str(tiny_model_dir), "--trust-model", "--jobs", "1"]
    runner = CliRunner()
    jsonl = runner.invoke(app, ["score", str(tmp_path / "in"), "-f", "jsonl", *common])
    assert jsonl.exit_code == 0, jsonl.output
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    out = tmp_path / "out.parquet"
    result = runner.invoke(app, ["score", str(tmp_path / "in"), "-f", "parquet", "-o", str(out), *common])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out).to_pylist()
    assert len(table) == len(rows)
    for record, row in zip(table, rows):
        assert record["text"] == row["text"] and record["frames"] == row["frames"]
        assert all(record[f"p_{f}"] == row["scores"][f] and record[f] == (f in row["frames"]) for f in FRAMES)
    refused = runner.invoke(app, ["score", str(tmp_path / "in"), "-f", "parquet", *common])
    assert refused.exit_code == 2 and "--output" in refused.stderr


def test_parallel_cli_output_is_byte_identical(tiny_model_dir, tmp_path):
    write_corpus(tmp_path / "in", make_articles(80, seed=4))
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        result = CliRunner().invoke(app, ["score", str(tmp_path / "in"), "-f", "jsonl", "-o", str(out), "--jobs", jobs,
                                          "--model", str(tiny_model_dir), "--trust-model", "--batch-size", "50"])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") > 200


class FixedModel:
    """A model stand-in that answers given probabilities, to encode chosen values."""

    def __init__(self, probs: np.ndarray, thresholds: np.ndarray):
        self.probs, self.thresholds = probs, thresholds

    def predict_proba(self, texts):
        return self.probs


def _encoded_both_ways(sentences, probs: np.ndarray) -> tuple[list[str], list[str]]:
    """(jsonl_lines of the scored batch, json.dumps of score_sentences' rows) for chosen probabilities."""
    model = FixedModel(probs, np.linspace(0.0, 1.0, len(FRAMES)))
    return jsonl_lines(sentences, *predict(model, sentences)), list(map(jsonl_line, score_sentences(model, sentences)))


def test_batch_jsonl_lines_equal_json_dumps_of_the_rows():
    rng = random.Random(5)
    chars = 'ab "\\\n\t\x00\x1f\u2028é😀/'
    text = lambda: "".join(rng.choice(chars) for _ in range(rng.randint(0, 12)))  # noqa: E731
    sentences = []
    for _ in range(300):
        article = Article(id=text(), text="x", outlet=text(), date=text(), title=text(),
                          language=rng.choice(["en", "ru"]))
        sentences += [(article, j, text()) for j in range(rng.randint(1, 5))]
    edges = [0.0, 1.0, -0.0, 0.5, 0.03125, 0.99995, 0.00005, 0.00015, 1e-6, 0.1, 0.12, 0.123, 0.1234, 0.99999]
    probs = np.array([[rng.choice([rng.random(), rng.choice(edges)]) for _ in FRAMES] for _ in sentences])
    fast, plain = _encoded_both_ways(sentences, probs)
    assert fast == plain and len(fast) == len(sentences)
    assert all(json.loads(line)["scores"] == {f: round(p, 4) for f, p in zip(FRAMES, row)}
               for line, row in zip(fast, probs.tolist()))
    probs[3, 1], probs[4, 0], probs[5, 2] = np.nan, np.inf, 7.25  # not probabilities: encoded as json.dumps does
    fast, plain = _encoded_both_ways(sentences, probs)
    assert fast == plain and "NaN" in fast[3] and "Infinity" in fast[4]
    assert _encoded_both_ways([], np.zeros((0, len(FRAMES)))) == ([], [])


def _near_tie(k: int, step: int) -> float:
    """The tie (k + 0.5) / 10_000 at the 4th decimal, or the float just below (step -1) or above (step 1) it."""
    tie = (k + 0.5) / 10_000
    return float(np.nextafter(tie, tie + step)) if step else tie


_near_ties = st.builds(_near_tie, st.integers(0, 9_999), st.integers(-1, 1))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.floats(min_value=-1.0, max_value=1.0) | _near_ties, min_size=len(FRAMES), max_size=len(FRAMES)))
def test_batch_scores_are_rounded_as_round_does(values):
    """The looked-up scores are json.dumps of round(p, 4) for every value, ties and near-ties included."""
    article = Article(id="a", text="x")
    fast, plain = _encoded_both_ways([(article, 0, "Text.")], np.array([values]))
    assert fast == plain


def test_write_jsonl_takes_rows_and_lines():
    rows = [{"text": "other shape", "frames": [], "scores": {}}, {"sentence": True}]
    out = io.StringIO()
    assert write_jsonl(rows + ["{}"] * 3000, out) == len(rows) + 3000
    assert out.getvalue() == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows) + "{}\n" * 3000


@pytest.mark.parametrize(
    "options",
    [
        {"ngram_range": (1, 2), "token_pattern": r"(?u)\b\w[\w'-]*\b"},
        {"ngram_range": (1, 3), "tokenizer": "stem", "token_pattern": None},
        {"ngram_range": (2, 2), "token_pattern": r"(?u)\b\w\w+\b"},
        {"analyzer": "char_wb", "ngram_range": (2, 5), "max_features": 3000},
        {"analyzer": "char_wb", "ngram_range": (1, 3)},
    ],
)
def test_fitted_tfidf_is_bit_identical_to_scikit_learn(options):
    """The scoring featurizer reproduces scikit-learn's TF-IDF matrices exactly (so predictions are unchanged)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from framing.features import FittedTfidf, normalise_text, stem_tokens

    options = dict(options)
    if options.get("tokenizer") == "stem":
        options["tokenizer"] = stem_tokens
    rng = random.Random(6)
    train = [normalise_text(s) for s in SENTENCES * 2]
    tests = [normalise_text(a.text) for a in make_articles(30, seed=7)] + SENTENCES + [
        "", "   ", "a", "x\u00a0\u2003y  z\t\tw", "İstanbul ǅ ﬁ ß STRASSE", "talks " * 400,
    ] + ["".join(rng.choice("abcXYZ .,'\"-\t\néß0") for _ in range(rng.randint(0, 120))) for _ in range(200)]
    reference = TfidfVectorizer(min_df=1, sublinear_tf=True, dtype=np.float32, **options).fit(train)
    expected = reference.transform(tests).tocsr()
    fitted = FittedTfidf.from_sklearn(reference)
    for vectorizer in (fitted, _round_trip(fitted)):
        got = vectorizer.transform(tests)
        assert got.shape == expected.shape and got.dtype == expected.dtype == np.float32
        assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data.view(np.uint32), expected.data.view(np.uint32))  # bit for bit
    assert list(fitted.get_feature_names_out()) == list(reference.get_feature_names_out())


def _round_trip(obj):
    import pickle

    return pickle.loads(pickle.dumps(obj))


def test_saved_model_loads_and_scores_without_importing_scikit_learn(tiny_model_dir):
    """Cold start stays short: a saved model needs neither scikit-learn nor pandas to load and score."""
    code = (
        "import sys; from pathlib import Path; from framing.model import load; from framing.score import score_texts; "
        f"m = load(Path({str(tiny_model_dir)!r}), trust=True); score_texts(m, ['Troops shelled the town.']); "
        "print(sorted(k for k in ('sklearn', 'pandas') if k in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_cli_batch_size_default_is_the_scorers():
    import inspect

    from framing.cli import score

    assert inspect.signature(score).parameters["batch_size"].default == BATCH_SENTENCES


def test_iter_articles_then_streaming_equals_simple_path_on_files(tiny_model, tmp_path):
    write_corpus(tmp_path / "in", make_articles(30, seed=8))
    articles = list(iter_articles([tmp_path / "in"]))
    assert list(score_articles(tiny_model, iter_articles([tmp_path / "in"]), batch_size=5)) == score_batch(
        tiny_model, articles
    )


class DyingInWorkers:
    """A stand-in model that scores in the main process and kills any worker process that uses it."""

    thresholds = np.full(len(FRAMES), 0.5)

    def __init__(self):
        import os

        self.parent = os.getpid()

    def predict_proba(self, texts):
        import os

        if os.getpid() != self.parent:
            os._exit(1)
        return np.zeros((len(texts), len(FRAMES)))


def test_a_dead_worker_is_an_error_not_a_hang():
    from concurrent.futures.process import BrokenProcessPool

    with pytest.raises(BrokenProcessPool):
        list(score_articles(DyingInWorkers(), make_articles(40, seed=9), jobs=2, chunk_chars=500))
