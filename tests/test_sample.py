"""Annotation samples: a reproducible stratified draw, labels published without text, and finding them again."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus import Article
from framing.dataset import AnnotationError
from framing.dataset import sentence_sha1
from framing.sample import draw, find_labelled, label_rows, read_labels

runner = CliRunner()

SENTENCES = [
    "Troops shelled the port overnight.",
    "The ministers held talks in Ankara.",
    "The Kremlin denied the report.",
    "Prosecutors opened a treason case.",
    "The museum reopened on Sunday.",
]


def articles(outlets: list[str], per_article: int = 5) -> list[Article]:
    """One article per outlet entry, each with ``per_article`` distinct sentences."""
    out = []
    for i, outlet in enumerate(outlets):
        text = " ".join(f"{SENTENCES[j % len(SENTENCES)][:-1]} in case {i}-{j}." for j in range(per_article))
        out.append(Article(id=f"art{i}", text=text, outlet=outlet, url=f"https://example.org/{i}"))
    return out


def test_draw_takes_n_per_group_and_keeps_small_groups_whole():
    rows = draw(articles(["AP", "AP", "AP", "RT"]), per_group=6)
    by_outlet = {o: [r for r in rows if r["outlet"] == o] for o in ("AP", "RT")}
    assert len(by_outlet["AP"]) == 6 and len(by_outlet["RT"]) == 5
    assert all(r["sha1"] == sentence_sha1(r["text"]) for r in rows)
    assert {r["id"] for r in by_outlet["RT"]} == {f"art3:{i}" for i in range(5)}


@settings(max_examples=40, deadline=None)
@given(outlets=st.lists(st.sampled_from(["AP", "BBC", "RT", ""]), min_size=1, max_size=8),
       n=st.integers(1, 12), seed=st.integers(0, 50))
def test_draw_is_reproducible_without_repeats(outlets, n, seed):
    first = draw(articles(outlets), n, seed=seed)
    assert first == draw(articles(outlets), n, seed=seed)
    ids = [r["id"] for r in first]
    assert len(ids) == len(set(ids))
    groups = {r["outlet"] for r in first}
    assert groups == {o or "unknown" for o in outlets}
    for group in groups:
        available = sum(5 for o in outlets if (o or "unknown") == group)
        assert sum(r["outlet"] == group for r in first) == min(n, available)


def test_published_labels_hold_no_text_and_are_found_again(tmp_path):
    rows = draw(articles(["AP", "RT"]), 3)
    annotated = [r | {"labels": ["escalation"] if "shelled" in r["text"] else []} for r in rows]
    published = tmp_path / "labels.jsonl"
    published.write_text("".join(json.dumps(r) + "\n" for r in label_rows(annotated)))
    assert all("text" not in json.loads(line) for line in published.read_text().splitlines())
    found, missing = find_labelled(articles(["AP", "RT"]), read_labels(published))
    assert missing == []
    assert sorted(found, key=lambda r: r["id"]) == sorted(annotated, key=lambda r: r["id"])


def test_labels_are_found_by_hash_not_position():
    original = articles(["AP"])
    rows = draw(original, 5)
    labels = {r["id"]: {"sha1": r["sha1"], "labels": ["denial"]} for r in rows}
    changed = [Article(id="art0", text="A new opening sentence was added. " + original[0].text, outlet="AP")]
    found, missing = find_labelled(changed, labels)
    assert missing == [] and [r["sentence_index"] for r in found] == [1, 2, 3, 4, 5]
    edited = [Article(id="art0", text=original[0].text.replace("case 0-2", "case 0-2 (updated)"), outlet="AP")]
    found, missing = find_labelled(edited, labels)
    assert missing == ["art0:2"] and len(found) == 4
    found, missing = find_labelled([Article(id="other", text=original[0].text, outlet="AP")], labels)
    assert found == [] and len(missing) == 5  # same text in another article is not the labelled sentence


@pytest.mark.parametrize("line, message", [
    ("{not json", "malformed JSON"),
    ('{"id": "a:0", "labels": []}', "missing key"),
    ('{"id": "a:0", "sha1": "x", "labels": ["war"]}', "war"),
])
def test_read_labels_errors_name_the_line(tmp_path, line, message):
    path = tmp_path / "labels.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(AnnotationError, match=message):
        read_labels(path)


def test_cli_sample_then_labels_then_evaluate(tmp_path, tiny_model_dir):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w") as handle:
        for article in articles(["AP", "RT", "RT"]):
            handle.write(json.dumps({"outlet": article.outlet, "url": article.url, "title": "", "date": "2022-03-01",
                                     "text": article.text}) + "\n")
    drawn = tmp_path / "sample.jsonl"
    result = runner.invoke(app, ["sample", str(corpus), "--n", "4", "--out", str(drawn)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in drawn.read_text().splitlines()]
    assert len(rows) == 8 and all(r["labels"] == [] for r in rows)
    published = tmp_path / "labels.jsonl"
    annotated = [r | {"labels": ["escalation"] if "shelled" in r["text"] else []} for r in rows]
    published.write_text("".join(json.dumps(r) + "\n" for r in label_rows(annotated)))
    labelled = tmp_path / "labelled.jsonl"
    result = runner.invoke(app, ["sample", str(corpus), "--labels", str(published), "--out", str(labelled)])
    assert result.exit_code == 0, result.output
    rebuilt = {json.loads(line)["id"]: json.loads(line)["labels"] for line in labelled.read_text().splitlines()}
    assert rebuilt == {r["id"]: r["labels"] for r in annotated}
    result = runner.invoke(app, ["evaluate", str(labelled), "--by", "outlet", "-f", "json", "--model",
                                 str(tiny_model_dir), "--trust-model"])
    assert result.exit_code == 0, result.output
    assert {row["group"] for row in json.loads(result.stdout)["prevalence"]["rows"]} == {"AP", "RT"}


def test_cli_sample_with_labels_of_another_corpus_is_one_line_error(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"outlet": "AP", "url": "u", "title": "", "date": "", "text": "Troops shelled the port."}) + "\n")
    published = tmp_path / "labels.jsonl"
    published.write_text(json.dumps({"id": "elsewhere:0", "sha1": "abc", "labels": []}) + "\n")
    result = runner.invoke(app, ["sample", str(corpus), "--labels", str(published), "--out", str(tmp_path / "x.jsonl")])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "none of its 1 labelled sentences is in the given corpus" in result.output
    assert not (tmp_path / "x.jsonl").exists()


def test_published_labels_are_gold_when_building_from_the_corpus(tmp_path):
    from framing.dataset import build

    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w") as handle:
        for article in articles(["AP", "RT"]):
            handle.write(json.dumps({"outlet": article.outlet, "url": article.url, "title": "", "text": article.text}) + "\n")
    from framing.corpus import iter_articles

    rows = draw(iter_articles([corpus]), 2)
    gold = tmp_path / "gold"
    gold.mkdir()
    annotated = [r | {"labels": ["negotiation"]} for r in rows]
    (gold / "sample.jsonl").write_text("".join(json.dumps(r) + "\n" for r in label_rows(annotated)))
    data, report = build([corpus], [tmp_path / "no-annotations", gold], tmp_path / "no-bank", test_size=0.0)
    assert report.counts["gold"] == 4 and report.unmatched == []
    assert all(labels == [3] for labels in data["train"]["labels"])  # FRAMES index of negotiation
