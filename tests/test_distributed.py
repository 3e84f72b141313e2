"""The Dask engine: partition planning, and output equal to the single-process scorer row for row."""

import json

import pytest
from typer.testing import CliRunner

from framing.cli import app
from framing.corpus import iter_articles
from framing.distributed import (
    Partition,
    article_key,
    find_duplicates,
    plan_partitions,
    read_output,
    read_partition,
    score_dask,
)
from framing.output import parquet_record
from framing.score import score_articles

from .test_score import make_articles

pytest.importorskip("distributed")


GERMAN = ("Die Regierung hat am Montag neue Gespräche mit der Ukraine angekündigt. Der Minister sagte, dass die "
          "Verhandlungen in der nächsten Woche in Genf fortgesetzt werden sollen. Die Opposition kritisierte den Plan.")


def article_row(a) -> dict:
    return {"id": a.id, "outlet": a.outlet, "date": a.date, "title": a.title, "text": a.text}


def build_corpus(root):
    """A mixed corpus: JSONL (with a malformed line and a duplicate), CSV, Parquet in row groups, text files."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    articles = make_articles(48, seed=11)
    root.mkdir()
    with (root / "a.jsonl").open("w", encoding="utf-8") as handle:
        for i, a in enumerate(articles[:20]):
            handle.write(json.dumps(article_row(a)) + "\n")
            if i == 12:
                handle.write("{not json\n")
            if i == 15:
                handle.write(json.dumps({"id": "de", "title": "Nachrichten", "text": GERMAN}) + "\n")
                handle.write(json.dumps({"id": "menu", "text": "Share\nFacebook\nTwitter"}) + "\n")
        handle.write(json.dumps(article_row(articles[3]) | {"id": "copy-of-a003"}) + "\n")  # same text: skipped
    pd.DataFrame([article_row(a) for a in articles[20:30]]).to_csv(root / "b.csv", index=False)
    pq.write_table(pa.Table.from_pylist([article_row(a) for a in articles[30:40]]), root / "c.parquet", row_group_size=4)
    texts = root / "texts"
    texts.mkdir()
    for a in articles[40:]:
        (texts / f"{a.id}.md").write_text(f"---\noutlet: {a.outlet}\ndate: {a.date}\ntitle: {a.title}\n---\n{a.text}\n")
    return root


def single_process(model, paths):
    skipped = []
    rows = [parquet_record(r) for r in score_articles(model, iter_articles(paths, on_skip=skipped.append), jobs=1)]
    return rows, skipped


def test_plan_splits_jsonl_into_line_aligned_blocks_and_parquet_into_row_groups(tmp_path):
    root = build_corpus(tmp_path / "corpus")
    parts = plan_partitions([root], blocksize=2000)
    kinds = [p.kind for p in parts]
    assert kinds.count("jsonl") > 2 and kinds.count("parquet") == 3 and kinds.count("files") >= 1
    assert kinds.index("jsonl") < kinds.index("file") < kinds.index("parquet") < kinds.index("files")  # input order
    jsonl = [p for p in parts if p.kind == "jsonl"]
    assert jsonl[0].start == 0 and all(a.stop == b.start for a, b in zip(jsonl, jsonl[1:]))
    lines = (root / "a.jsonl").read_bytes().split(b"\n")
    for part in jsonl:  # every block starts at a line start, numbered like the file reader numbers lines
        assert part.start == sum(len(line) + 1 for line in lines[: part.first - 1])
    whole = read_partition(Partition("file", (str(root / "a.jsonl"),)))  # iter_articles on the file
    pieces = [read_partition(p) for p in jsonl]
    drops, duplicates = find_duplicates([[article_key(a) for a in arts] for arts, _ in pieces])
    assert [a for (arts, _), drop in zip(pieces, drops) for i, a in enumerate(arts) if i not in drop] == whole[0]
    messages = [m for (_, msgs), said in zip(pieces, duplicates) for m in msgs + said]
    assert messages == whole[1] and len(messages) == 4
    assert messages[0] == f"{root / 'a.jsonl'}:14: malformed JSON line"


def test_find_duplicates_keeps_the_first_in_input_order():
    keys = [[("a", 11, "f:1"), ("b", 12, "f:2")], [("c", 11, "g:1"), ("a", 13, "g:2"), ("d", 14, "g:3")]]
    drops, messages = find_duplicates(keys)
    assert drops == [frozenset(), frozenset({0, 1})]
    assert messages == [[], ["g:1: duplicate article 'c' (same text as f:1)", "g:2: duplicate article 'a' (same id as f:1)"]]


@pytest.mark.slow
def test_dask_output_equals_single_process_row_for_row(tiny_model, tmp_path):
    from distributed import Client, LocalCluster

    root = build_corpus(tmp_path / "corpus")
    expected, expected_skips = single_process(tiny_model, [root])
    out = tmp_path / "scored"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            summary = score_dask([root], out, tiny_model, client=client, blocksize=2000)
    parts = plan_partitions([root], blocksize=2000)
    files = sorted(p.name for p in out.glob("*.parquet"))
    assert files == [f"part-{i:05d}.parquet" for i in range(len(parts))]  # one output file per input partition
    got = read_output(out)
    assert got == expected and len(got) > 300
    assert summary.rows == len(expected) and summary.articles == 47 and summary.partitions == len(parts)
    assert any("malformed JSON line" in m for m in summary.skipped)
    assert any("copy-of-a003" in m and "duplicate" in m for m in summary.skipped)
    assert any(":18: language is" in m for m in summary.skipped)  # the German article, on its line
    assert any(":19: no sentences" in m for m in summary.skipped)
    assert sorted(summary.skipped) == sorted(expected_skips)


def test_cli_engine_dask_needs_an_output_folder(tiny_model_dir, tmp_path):
    root = build_corpus(tmp_path / "corpus")
    runner = CliRunner()
    result = runner.invoke(app, ["score", str(root), "--engine", "dask", "--model", str(tiny_model_dir), "--trust-model"])
    assert result.exit_code == 2 and "--output" in result.stderr
    result = runner.invoke(app, ["score", str(root), "--engine", "spark", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "unknown engine" in result.stderr
    result = runner.invoke(app, ["score", str(root), "--scheduler", "tcp://127.0.0.1:1", "-f", "jsonl",
                                 "--model", str(tiny_model_dir), "--trust-model"])
    assert result.exit_code == 2 and "--engine dask" in result.stderr


def test_score_table_for_spark_batches_equals_the_reader_path(tiny_model, tmp_path):
    """The per-batch function the README's Spark example uses gives the single-process rows for the same rows."""
    import pandas as pd

    from framing.distributed import score_table
    from framing.output import ddl_schema

    articles = make_articles(12, seed=12)
    table = pd.DataFrame([article_row(a) for a in articles] + [{"id": "de", "title": "x", "text": GERMAN}])
    table.to_csv(tmp_path / "batch.csv", index=False)
    expected, _ = single_process(tiny_model, [tmp_path / "batch.csv"])
    got = score_table(table, tiny_model, source=str(tmp_path / "batch.csv"))
    assert got.to_dict("records") == expected
    assert [column.split()[0] for column in ddl_schema().split(", ")] == list(got.columns)  # Spark's schema
