"""End-to-end CLI tests on files the tests write: score, evaluate, build-data, train, errors."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from framing import FRAMES
from framing.cli import app

from .conftest import write_bank

runner = CliRunner()
ARTICLE = """---
outlet: Example Times
date: 2022-05-01
title: Envoys meet as shelling continues
---
Envoys meet as shelling continues

KYIV, Ukraine (AP) — Russian troops shelled the town overnight. The foreign ministers held talks on a ceasefire.

The ministry denied the report, calling it fake.

Share
"""


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "article.md"
    path.write_text(ARTICLE)
    return path


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_score_jsonl_has_one_object_per_sentence(tiny_model_dir, article):
    result = run("score", article, "--format", "jsonl", "--model", tiny_model_dir, "--trust-model", "--jobs", "1")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["sentence"] for r in rows] == [0, 1, 2, 3]
    assert rows[0]["text"] == "Envoys meet as shelling continues"
    assert rows[1]["text"] == "Russian troops shelled the town overnight."  # dateline stripped
    for row in rows:
        assert {"article", "outlet", "sentence", "text", "frames", "scores"} <= set(row)
        assert row["outlet"] == "Example Times" and set(row["scores"]) == set(FRAMES)
        assert all(f in FRAMES for f in row["frames"])
    assert "escalation" in rows[1]["frames"]


def test_score_formats_and_stdin(tiny_model_dir, article):
    common = ["--model", tiny_model_dir, "--trust-model", "--jobs", "1"]
    as_json = json.loads(run("score", article, "--format", "json", *common).stdout)
    assert len(as_json["sentences"]) == 4 and as_json["articles"][0]["n_sentences"] == 4
    csv_out = run("score", article, "--format", "csv", *common).stdout.splitlines()
    assert csv_out[0].startswith("article,outlet,date,sentence,text,frames,p_legitimacy") and len(csv_out) == 5
    table = run("score", article, *common)
    assert table.exit_code == 0 and "profile (4 sentences" in table.stdout
    stdin = run("score", "-", "--format", "jsonl", *common, input="Missiles struck the port. Talks resumed.")
    assert stdin.exit_code == 0 and len(stdin.stdout.splitlines()) == 2


def test_score_parallel_equals_serial(tiny_model_dir, tmp_path):
    for i in range(20):
        (tmp_path / f"a{i:02}.txt").write_text(f"Troops shelled village {i}. Ministers held talks in city {i}.\n")
    common = ["--format", "jsonl", "--model", tiny_model_dir, "--trust-model"]
    serial = run("score", tmp_path, *common, "--jobs", "1").stdout
    parallel = run("score", tmp_path, *common, "--jobs", "2").stdout
    assert serial == parallel and len(serial.splitlines()) == 40


def test_score_explain(tiny_model_dir, article):
    result = run("score", article, "--format", "jsonl", "--explain", "--model", tiny_model_dir, "--trust-model", "--jobs", "1")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    for row in rows:
        assert set(row["explain"]) == set(row["frames"])
        for terms in row["explain"].values():
            assert terms and all(weight > 0 for _, weight in terms)


def test_score_output_file_is_written_atomically(tiny_model_dir, article, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("score", article, "-f", "jsonl", "-o", out, "--model", tiny_model_dir, "--trust-model", "--jobs", "1")
    assert result.exit_code == 0 and len(out.read_text().splitlines()) == 4


def test_evaluate_json(tiny_model_dir, tmp_path):
    data = tmp_path / "gold.jsonl"
    data.write_text(json.dumps({"text": "Troops shelled the town.", "labels": ["escalation"], "id": 1}) + "\n"
                    + json.dumps({"text": "Talks resumed in Geneva.", "labels": ["negotiation"]}) + "\n")
    result = run("evaluate", data, "--format", "json", "--model", tiny_model_dir, "--trust-model")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["n"] == 2 and 0 <= payload["macro_f1"] <= 1
    assert set(payload["per_frame"]["escalation"]) >= {"precision", "recall", "f1", "support"}
    table = run("evaluate", data, "--model", tiny_model_dir, "--trust-model")
    assert "macro-F1" in table.stdout


def test_build_data_then_train(tmp_path):
    written = tmp_path / "written"
    write_bank(written)
    data = tmp_path / "processed"
    built = run("build-data", "--corpus", tmp_path / "nocorpus", "--written", written, "--annotations", tmp_path / "a", "--out", data)
    assert built.exit_code == 1 and "no such file or folder" in built.stderr  # a missing corpus is an error
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt").write_text("Troops advanced on the city.\n")
    built = run("build-data", "--corpus", corpus, "--written", written, "--annotations", tmp_path / "a", "--out", data, "--test-size", "0.34")
    assert built.exit_code == 0, built.output
    model = tmp_path / "models" / "m"
    trained = run("train", "--data", data, "--out", model, "--folds", "2", "--jobs", "1")
    assert trained.exit_code == 0, trained.output
    card = json.loads((model / "model-card.json").read_text())
    assert card["name"] == "m" and "held_out_test" in card


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "missing.txt"], "missing.txt: no such file or folder"),
        (["evaluate", "missing.jsonl"], "missing.jsonl: no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(tiny_model_dir, args, message):
    result = run(*args, "--model", tiny_model_dir, "--trust-model")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {message}" or message in result.stderr
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1


def test_untrusted_model_is_refused(tiny_model_dir, article):
    result = run("score", article, "--model", tiny_model_dir)
    assert result.exit_code == 1 and "--trust-model" in result.stderr


def test_missing_default_model_says_make_train(tmp_path, article):
    result = run("score", article, "--model", tmp_path / "models" / "none", "--trust-model")
    assert result.exit_code == 1 and "make train" in result.stderr


def test_unknown_format_is_a_usage_error(tiny_model_dir, article):
    result = run("score", article, "--format", "xml", "--model", tiny_model_dir, "--trust-model")
    assert result.exit_code == 2 and "unknown format" in result.stderr


def test_help_and_version_in_a_subprocess():
    version = subprocess.run([sys.executable, "-m", "framing", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("framing ")
    for command in ([], ["score"], ["evaluate"], ["train"], ["build-data"]):
        result = subprocess.run([sys.executable, "-m", "framing", *command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0 and "Usage" in result.stdout, command
