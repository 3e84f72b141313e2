"""Dataset building: schema, sources, article-level split, annotation checks, JSONL export, atomic save."""

import json

import pytest

from framing import FRAMES
from framing.dataset import AnnotationError, build, export_jsonl, load, load_annotations, save, split_by_article

from .conftest import TINY_BANK, write_bank


def _corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "art.txt").write_text("---\noutlet: BBC\ndate: 2022-03-01\n---\nTroops shelled the town. The mayor spoke to reporters.\n")
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    (annotations / "art.jsonl").write_text(
        json.dumps({"article_id": "art", "sentence_index": 0, "text": "Troops shelled the town.", "labels": ["escalation"]}) + "\n"
    )
    return corpus, annotations


def test_build_uses_all_sources_and_the_schema(tmp_path):
    corpus, annotations = _corpus(tmp_path)
    written = tmp_path / "written"
    write_bank(written)
    data, report = build([corpus], annotations, written, silver=True, test_size=0.3, seed=1)
    assert report.counts == {"gold": 1, "written": sum(len(v) for v in TINY_BANK.values()), "silver": 1}
    train = data["train"]
    assert train.features["labels"].feature.names == list(FRAMES)
    assert train.features["source"].names == ["gold", "written", "silver"]
    assert set(train.column_names) == {"text", "article_id", "outlet", "date", "sentence_index", "labels", "source"}


def test_split_is_by_article(tmp_path):
    written = tmp_path / "written"
    write_bank(written)
    data, _ = build([], tmp_path / "none", written, test_size=0.34, seed=3)
    train_articles, test_articles = set(data["train"]["article_id"]), set(data["test"]["article_id"])
    assert train_articles and test_articles and not train_articles & test_articles
    assert len(test_articles) == 2  # 34% of six articles
    again, _ = build([], tmp_path / "none", written, test_size=0.34, seed=3)
    assert set(again["test"]["article_id"]) == test_articles  # seeded


def test_unknown_label_is_an_error_naming_file_and_line(tmp_path):
    folder = tmp_path / "ann"
    folder.mkdir()
    (folder / "x.jsonl").write_text('{"article_id": "a", "text": "t", "labels": []}\n{"article_id": "a", "text": "u", "labels": ["propaganda"]}\n')
    with pytest.raises(AnnotationError, match=r"x.jsonl:2: unknown label\(s\) propaganda"):
        load_annotations(folder)


def test_unmatched_annotation_is_reported(tmp_path):
    corpus, annotations = _corpus(tmp_path)
    with (annotations / "art.jsonl").open("a") as handle:
        handle.write(json.dumps({"article_id": "art", "text": "A sentence not in the article.", "labels": []}) + "\n")
    _, report = build([corpus], annotations, tmp_path / "nowritten", test_size=0.0)
    assert report.unmatched == ["art: a sentence not in the article."]


def test_save_load_and_jsonl_export(tmp_path):
    written = tmp_path / "written"
    write_bank(written)
    data, _ = build([], tmp_path / "none", written, seed=2)
    out = tmp_path / "processed"
    save(data, out)
    assert load(out)["train"].num_rows == data["train"].num_rows
    first = json.loads((out / "train.jsonl").read_text().splitlines()[0])
    assert set(first["labels"]) <= set(FRAMES) and first["source"] == "written"


def test_failed_save_keeps_the_previous_dataset(tmp_path, monkeypatch):
    written = tmp_path / "written"
    write_bank(written)
    data, _ = build([], tmp_path / "none", written, seed=2)
    out = tmp_path / "processed"
    save(data, out)
    before = (out / "train.jsonl").read_text()

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("framing.dataset.export_jsonl", boom)
    with pytest.raises(KeyboardInterrupt):
        save(data, out)
    assert (out / "train.jsonl").read_text() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".framing-tmp")]


def test_split_single_article_goes_to_train(tmp_path):
    from framing.dataset import Record, to_dataset

    ds = to_dataset([Record("a", "only", [], "written"), Record("b", "only", ["denial"], "written")])
    split = split_by_article(ds, 0.5)
    assert split["train"].num_rows == 2 and split["test"].num_rows == 0
    export_jsonl(split["train"], tmp_path / "x.jsonl")
    assert json.loads((tmp_path / "x.jsonl").read_text().splitlines()[1])["labels"] == ["denial"]
