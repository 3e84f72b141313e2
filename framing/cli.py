"""Command-line interface: a thin layer over the library. Heavy libraries are imported inside commands."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import FRAMES, __version__

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = PROJECT_ROOT / "models"
DEFAULT_MODEL = MODELS_DIR / "default"
SELECTION_FILE = MODELS_DIR / "selection.json"

app = typer.Typer(
    help="Frame news coverage: score article sentences for legitimacy, denial, escalation and negotiation, "
    "evaluate the classifier, and compare outlets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 1) -> None:
    """Print a one-line error on stderr and exit with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a plain `kill`) turned into an exception, so temporary outputs are removed like on Ctrl-C."""


_MAIN_PID = {"pid": 0}


def _on_signal(signum, frame):  # noqa: ARG001 - signal handler signature
    """Ctrl-C and SIGTERM become exceptions in the main process, which first stops its worker processes (they
    would otherwise finish their task, or die with tracebacks); forked workers, which inherit this handler, leave
    Ctrl-C to the main process and die quietly on SIGTERM."""
    import multiprocessing
    import signal

    if os.getpid() != _MAIN_PID["pid"]:
        if signum == signal.SIGTERM:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        return
    for child in multiprocessing.active_children():
        child.terminate()
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


@contextmanager
def friendly_errors():
    """Turn the library's errors into one-line messages and exit codes, never a traceback.

    Exit codes: 1 for bad input, a bad model or a failed write; 130 on Ctrl-C and 143 on SIGTERM (partial
    outputs are removed, earlier ones kept); a closed pipe (``| head``) ends the run quietly.
    """
    import signal

    from .corpus import CorpusError
    from .dataset import AnnotationError
    from .model import ModelError

    previous = {}
    try:
        _MAIN_PID["pid"] = os.getpid()
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, _on_signal)
    except ValueError:  # not the main thread (an embedding application): leave its signals alone
        pass
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except (CorpusError, AnnotationError, ModelError, ValueError) as exc:
        fail(str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__)
    except BrokenPipeError:
        _quiet_stdout()
        raise typer.Exit(141) from None
    except OSError as exc:
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        fail(f"{where}{exc.strerror or exc}")
    except Terminated:
        fail("terminated; outputs already on disk were left as they were", 143)
    except KeyboardInterrupt:
        fail("interrupted; outputs already on disk were left as they were", 130)
    except MemoryError:
        fail("out of memory; use fewer --jobs or split the input into smaller files")
    except Exception as exc:  # a bug, not bad input: still one line, with a way to see the traceback
        if os.environ.get("FRAMING_DEBUG"):
            raise
        message = str(exc).splitlines()[0] if str(exc).strip() else ""
        fail(f"unexpected {type(exc).__name__}: {message} (set FRAMING_DEBUG=1 for the traceback and report it)")
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _quiet_stdout() -> None:
    """After the reader of our stdout went away, point stdout at /dev/null so the final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test runner): nothing to silence
        pass


def _offline() -> None:
    """Keep Hugging Face libraries off the network before any command imports them (see dataset.offline)."""
    from .dataset import offline

    offline()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"framing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Frame news coverage sentence by sentence."""


ModelOption = Annotated[
    Path, typer.Option("--model", "-m", help="Model folder (models/<name>/ with model.joblib and model-card.json).")
]
TrustOption = Annotated[
    bool, typer.Option("--trust-model", help="Allow loading a model from outside the project's models/ folder.")
]


def load_model(path: Path, trust: bool):
    """Load a model, checking its hash and origin."""
    from .model import load

    return load(path, trusted_root=MODELS_DIR, trust=trust)


@app.command("build-data")
def build_data(
    corpus: Annotated[list[Path], typer.Option("--corpus", help="Article files or folders (repeatable).")] = [
        Path("data/corpus")
    ],
    annotations: Annotated[list[Path], typer.Option(help="Folder of gold annotation JSONL files (repeatable).")] = [
        Path("data/annotations")
    ],
    written: Annotated[Path, typer.Option(help="Folder of team-written labelled sentences.")] = Path("data/written"),
    out: Annotated[Path, typer.Option(help="Where to save the dataset.")] = Path("data/processed"),
    silver: Annotated[
        bool, typer.Option(help="Label unannotated corpus sentences with the labelling functions (source=silver).")
    ] = False,
    test_size: Annotated[float, typer.Option(min=0.0, max=0.9, help="Share of articles held out for test.")] = 0.2,
    seed: Annotated[int, typer.Option(help="Seed of the article split.")] = 13,
) -> None:
    """Build the labelled-sentence dataset (Hugging Face datasets, offline) and save it with JSONL exports."""
    _offline()
    with friendly_errors():
        from .dataset import build, save

        data, report = build(corpus, annotations, written, silver=silver, test_size=test_size, seed=seed)
        save(data, out)
    for message in report.skipped:
        typer.echo(f"skipped: {message}", err=True)
    for line in report.unmatched:
        typer.echo(f"warning: annotation matches no sentence: {line}", err=True)
    counts = ", ".join(f"{k} {v}" for k, v in report.counts.items())
    typer.echo(
        f"dataset: {data['train'].num_rows} train / {data['test'].num_rows} test sentences ({counts}); "
        f"{report.unannotated} corpus sentences unannotated; saved to {out}"
    )


@app.command()
def train(
    data: Annotated[Path, typer.Option(help="Dataset folder written by build-data.")] = Path("data/processed"),
    out: Annotated[Path, typer.Option(help="Model folder to write.")] = DEFAULT_MODEL,
    c: Annotated[float, typer.Option("--C", help="Inverse regularisation strength.")] = 4.0,
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds (grouped by article).")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 13,
    jobs: Annotated[int, typer.Option(min=1, help="Parallel cross-validation folds.")] = 2,
) -> None:
    """Train the classifier on the dataset's train split; write the model and its card (CV and test metrics)."""
    _offline()
    with friendly_errors():
        from .dataset import SOURCES, load
        from .evaluate import evaluate
        from .model import TrainConfig, save
        from .model import train as fit

        ds = load(data)
        tr, te = ds["train"], ds.get("test")
        model = fit(
            tr["text"],
            [[FRAMES[i] for i in row] for row in tr["labels"]],
            tr["article_id"],
            [SOURCES[i] for i in tr["source"]],
            TrainConfig(C=c, folds=folds, seed=seed, n_jobs=jobs),
        )
        if te is not None:
            test = evaluate(model, te["text"], [[FRAMES[i] for i in row] for row in te["labels"]])
            model.card["held_out_test"] = {k: test[k] for k in ("n", "macro_f1", "micro_f1", "brier", "per_frame")}
        if SELECTION_FILE.exists():
            import json

            model.card["model_selection"] = json.loads(SELECTION_FILE.read_text(encoding="utf-8"))
        save(model, out, out.name)
    cv = model.card["cross_validation"]
    test_f1 = model.card.get("held_out_test", {}).get("macro_f1", float("nan"))
    typer.echo(
        f"trained {out} on {tr.num_rows} sentences in {model.card['train_seconds']} s: "
        f"CV macro-F1 {cv['macro_f1']:.3f}, held-out test macro-F1 {test_f1:.3f}"
    )


@app.command()
def select(
    data: Annotated[Path, typer.Option(help="Dataset folder written by build-data.")] = Path("data/processed"),
    out: Annotated[Path, typer.Option(help="Where to write the comparison (JSON).")] = SELECTION_FILE,
    seed: Annotated[int, typer.Option(help="Seed of the grouped folds.")] = 13,
    jobs: Annotated[int, typer.Option(min=1, help="Parallel cross-validation folds.")] = 2,
    group_by: Annotated[str, typer.Option(help="Fold by 'article', or by 'batch' (article-id prefix: each fold "
                                               "tests on a writing batch no training article came from).")] = "batch",
) -> None:
    """Compare featurizations and linear models by cross-validation grouped by article; write the ranking."""
    if group_by not in ("article", "batch"):
        fail(f"unknown grouping '{group_by}' (choose article or batch)", 2)
    _offline()
    with friendly_errors():
        import json

        from .atomic import atomic_file
        from .dataset import SOURCES, load
        from .selection import compare_candidates

        tr = load(data)["train"]
        groups = tr["article_id"] if group_by == "article" else [a.split("-")[0] for a in tr["article_id"]]
        rows = compare_candidates(
            tr["text"], [[FRAMES[i] for i in row] for row in tr["labels"]], groups,
            [SOURCES[i] for i in tr["source"]], seed=seed, n_jobs=jobs,
        )
        result = {"data_rows": tr.num_rows, "cv": f"GroupKFold, 5 folds, grouped by {group_by}", "candidates": rows}
        with atomic_file(out) as handle:
            json.dump(result, handle, indent=2)
    for row in rows:
        per_frame = " ".join(f"{f[:3]} {v:.3f}" for f, v in row["per_frame_f1"].items())
        typer.echo(f"{row['macro_f1']:.3f}  {row['candidate']:<40} {per_frame}  ({row['seconds']} s)")
    typer.echo(f"written to {out}")


@app.command("lf-report")
def lf_report(
    files: Annotated[list[str], typer.Argument(help="Labelled JSONL (text, labels) or article files/folders.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")] = "table",
) -> None:
    """Coverage, overlaps, conflicts (and precision against gold labels) of every labelling function."""
    if format not in ("table", "csv", "json"):
        fail(f"unknown format '{format}' (choose table, csv or json)", 2)
    with friendly_errors():
        from .labelling import lf_report as report

        texts, gold = _lf_inputs(files)
        frame = report(texts, gold)
    if format == "csv":
        typer.echo(frame.to_csv(index=False), nl=False)
    elif format == "json":
        typer.echo(frame.to_json(orient="records", indent=2))
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.width", 160):
            typer.echo(frame.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        typer.echo(f"{len(texts)} sentences{' with gold labels' if gold else ''}")


def _lf_inputs(files: list[str]) -> tuple[list[str], list[list[str]] | None]:
    """Sentences for the labelling-function report: labelled JSONL keeps its labels; articles are split."""
    from .corpus import iter_articles
    from .evaluate import read_labelled

    if all(f.endswith(".jsonl") for f in files):
        try:
            texts, gold = [], []
            for f in files:
                t, g, _ = read_labelled(Path(f))
                texts += t
                gold += g
            return texts, gold
        except ValueError:
            pass  # not labelled sentences: read them as an article corpus
    texts = [s for article in iter_articles(files) for s in article.sentences()]
    return texts, None


@app.command()
def score(
    files: Annotated[list[str], typer.Argument(help="Article files (.txt .md .html .csv .jsonl .parquet), folders, or - for stdin.")],
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="table, json, jsonl, csv or parquet (default: table; parquet with --engine dask).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here (atomically) instead of stdout; a folder with --engine dask.")] = None,
    model: ModelOption = DEFAULT_MODEL,
    trust_model: TrustOption = False,
    jobs: Annotated[int, typer.Option(min=0, help="Processes scoring in parallel, or local Dask workers (0 = all cores).")] = 0,
    explain: Annotated[bool, typer.Option(help="Show the n-grams that pushed each detected frame.")] = False,
    strict: Annotated[bool, typer.Option(help="Stop at the first unreadable file instead of skipping it.")] = False,
    any_language: Annotated[bool, typer.Option("--any-language", help="Also score articles not in English (the model is English-only); rows carry the detected language.")] = False,
    engine: Annotated[str, typer.Option(help="local (streaming, --jobs processes) or dask (a Dask cluster; Parquet out).")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (tcp://host:8786); default: start a local cluster.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Sentences per vectorised model call.")] = 1024,
) -> None:
    """Score articles sentence by sentence: frames, probabilities and each article's frame profile.

    Streams: memory stays flat whatever the corpus size (except for table and json, which hold the rows).
    """
    from .output import BINARY_FORMATS, FORMATS

    if engine not in ("local", "dask"):
        fail(f"unknown engine '{engine}' (choose local or dask)", 2)
    format = format or ("parquet" if engine == "dask" else "table")
    if format not in FORMATS:
        fail(f"unknown format '{format}' (choose {', '.join(FORMATS)})", 2)
    workers = jobs or os.cpu_count() or 1
    if engine == "dask":
        _score_dask(files, format, output, model, trust_model, workers, explain, strict, scheduler, batch_size,
                    any_language)
        return
    if scheduler:
        fail("--scheduler needs --engine dask", 2)
    if format in BINARY_FORMATS and output is None:
        fail(f"{format} output needs --output FILE", 2)
    with friendly_errors():
        from .corpus import iter_articles
        from .output import WRITERS, jsonl_lines
        from .score import score_articles

        fitted = load_model(model, trust_model)
        articles = iter_articles(
            files, strict=strict, on_skip=lambda message: typer.echo(f"skipped: {message}", err=True),
            any_language=any_language, split=workers == 1,  # with workers, they split what they score
        )
        encode = jsonl_lines if format == "jsonl" and not explain else None  # encoded where scored
        rows = score_articles(fitted, articles, jobs=workers, explain=5 if explain else 0, batch_size=batch_size,
                              encode=encode)
        if format == "table" and explain:
            rows = _with_explanations_printed(rows)
        n = _write(rows, WRITERS[format], output, binary=format in BINARY_FORMATS)
    if n == 0:
        fail("no sentences to score in the given input")


def _score_dask(files, format, output, model, trust_model, workers, explain, strict, scheduler, batch_size,
                any_language) -> None:
    """``score --engine dask``: score on a Dask cluster into a folder of Parquet files, one per input partition."""
    if format != "parquet":
        fail("--engine dask writes Parquet: use --format parquet (the default) and --output FOLDER", 2)
    if output is None:
        fail("--engine dask needs --output FOLDER for its Parquet files", 2)
    if explain:
        fail("--explain is not available with --engine dask", 2)
    with friendly_errors():
        from .distributed import score_dask

        fitted = load_model(model, trust_model)
        summary = score_dask(files, output, fitted, scheduler=scheduler, workers=workers, batch_size=batch_size,
                             strict=strict, any_language=any_language,
                             on_skip=lambda message: typer.echo(f"skipped: {message}", err=True))
    if summary.rows == 0:
        fail("no sentences to score in the given input")
    typer.echo(f"scored {summary.rows} sentences of {summary.articles} articles in {summary.partitions} "
               f"partitions into {summary.output}/", err=True)


def _with_explanations_printed(rows):
    """Append each sentence's explanation (frame: top n-grams) under its text for the table view."""
    for row in rows:
        explained = row.pop("explain", {})
        if explained:
            row["text"] += "\n  " + "; ".join(
                f"{frame}: " + ", ".join(term for term, _ in terms) for frame, terms in explained.items()
            )
        yield row


def _write(rows, writer, output: Optional[Path], binary: bool = False) -> int:
    """Write rows to stdout or atomically to a file (opened in binary mode for binary formats)."""
    if output is None:
        return writer(rows, sys.stdout)
    from .atomic import atomic_file

    with atomic_file(output, "wb" if binary else "w") as handle:
        return writer(rows, handle)


@app.command()
def evaluate(
    data: Annotated[Path, typer.Argument(help='JSONL of labelled sentences: {"text": ..., "labels": [...]} per line.')],
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    by: Annotated[Optional[str], typer.Option(help="Also check prevalence estimates per group of this key (e.g. outlet).")] = None,
    cross_calibrate: Annotated[int, typer.Option(min=0, help="With --by: also check PCC after recalibrating on the sample itself, cross-fitted over this many folds of articles (0: off).")] = 0,
    model: ModelOption = DEFAULT_MODEL,
    trust_model: TrustOption = False,
) -> None:
    """Score labelled sentences as given (no re-splitting) and report precision, recall, F1 and calibration."""
    if format not in ("table", "json"):
        fail(f"unknown format '{format}' (choose table or json)", 2)
    if cross_calibrate == 1 or (cross_calibrate and not by):
        fail("--cross-calibrate needs --by and at least 2 folds", 2)
    with friendly_errors():
        from .evaluate import evaluate_file

        result = evaluate_file(load_model(model, trust_model), data, by, cross_calibrate)
    if format == "json":
        import json

        typer.echo(json.dumps(result, indent=2))
        return
    _print_evaluation(result)


def _print_evaluation(result: dict) -> None:
    """Print evaluation figures as tables."""
    from rich.console import Console
    from rich.table import Table

    console = Console(width=100, highlight=False)
    table = Table(title=f"{result['data']}: {result['n']} sentences, model {result['model']}", title_justify="left")
    for column in ("frame", "precision", "recall", "F1", "support", "Brier"):
        table.add_column(column, justify="left" if column == "frame" else "right")
    for frame, m in result["per_frame"].items():
        table.add_row(frame, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}", str(m["support"]), f"{m['brier']:.3f}")
    console.print(table)
    console.print(f"macro-F1 {result['macro_f1']:.3f}   micro-F1 {result['micro_f1']:.3f}   "
                  f"exact match {result['exact_match']:.3f}   Brier {result['brier']:.3f}")
    reliability = Table(title="calibration (all frames pooled)", title_justify="left")
    for column in ("probability", "n", "mean predicted", "observed"):
        reliability.add_column(column, justify="right")
    for row in result["reliability"]:
        reliability.add_row(row["bin"], str(row["n"]), f"{row['mean_predicted']:.3f}", f"{row['observed']:.3f}")
    console.print(reliability)
    if "prevalence" in result:
        _print_prevalence_check(console, result["prevalence"])


def _print_prevalence_check(console, check: dict) -> None:
    """Print true vs estimated shares per group and frame, and the worst error of each estimator."""
    from rich.table import Table

    recalibrated = "pcc_cal" in check["max_abs_error"]
    keys = ("true", "cc", "pcc", "acc") + (("pcc_cal",) if recalibrated else ()) + ("pcc_sd",)
    title = "prevalence per group: true share vs estimates (CC raw, PCC, ACC" + (
        ", PCC_CAL after cross-fitted recalibration on the sample)" if recalibrated else ")")
    table = Table(title=title, title_justify="left")
    for column in ("group", "frame", "n", "true", "CC", "PCC", "ACC") + (("PCC_CAL",) if recalibrated else ()) + (
            "PCC sampling sd",):
        table.add_column(column, justify="left" if column in ("group", "frame") else "right")
    for row in check["rows"]:
        table.add_row(row["group"], row["frame"], str(row["n"]), *(f"{row[k]:.3f}" for k in keys))
    console.print(table)
    worst, mean, over = check["max_abs_error"], check["mean_abs_error"], check["cells_over_0_05"]
    console.print("largest absolute error: " + "   ".join(f"{k.upper()} {v:.3f}" for k, v in worst.items()))
    console.print("mean absolute error:    " + "   ".join(f"{k.upper()} {v:.3f}" for k, v in mean.items()))
    console.print("cells more than 0.05 off: " + "   ".join(f"{k.upper()} {v}" for k, v in over.items())
                  + f" (of {len(check['rows'])})")
    console.print(f"PCC errors beyond twice their sampling sd: {check['pcc_cells_beyond_2_sd']} "
                  f"(median sd {check['median_pcc_sd']:.3f}: what a perfectly calibrated model would still miss by)")


@app.command()
def compare(
    paths: Annotated[list[str], typer.Argument(help="Article folders/files or corpora (.csv .jsonl .parquet with outlet,date,url,title,text).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for report.html, report.md, prevalence.csv, report.json.")],
    by: Annotated[str, typer.Option(help="Column to group articles by (outlet, or another metadata column).")] = "outlet",
    period: Annotated[Optional[str], typer.Option(help="Also chart shares over time: month or week.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: html,md,csv,json.")] = "html,md,csv,json",
    estimator: Annotated[str, typer.Option(help="pcc (calibrated probabilities), acc (adjusted counts) or cc (raw).")] = "pcc",
    calibrate: Annotated[Optional[Path], typer.Option(help="Labelled sample of this corpus (JSONL text + labels): refit the model's calibration and error rates on it first.")] = None,
    n_boot: Annotated[int, typer.Option(min=100, help="Bootstrap resamples of articles for the intervals.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap and permutation tests.")] = 0,
    model: ModelOption = DEFAULT_MODEL,
    trust_model: TrustOption = False,
    jobs: Annotated[int, typer.Option(min=0, help="Worker processes for scoring (0 = all cores).")] = 0,
    strict: Annotated[bool, typer.Option(help="Stop at the first unreadable file instead of skipping it.")] = False,
) -> None:
    """Compare how groups of articles (outlets by default) frame events; write an HTML/Markdown/CSV/JSON report."""
    formats = tuple(f.strip() for f in format.split(",") if f.strip())
    unknown = sorted(set(formats) - {"html", "md", "csv", "json"})
    if unknown or not formats:
        fail(f"unknown report format '{','.join(unknown)}' (choose from html,md,csv,json)", 2)
    if period not in (None, "month", "week"):
        fail(f"unknown period '{period}' (choose month or week)", 2)
    with friendly_errors():
        from .compare import compare as run_compare
        from .corpus import iter_articles
        from .report import write_reports
        from .score import rows_to_frame, score_articles

        fitted = load_model(model, trust_model)
        model_name = fitted.card.get("name", str(model))
        if calibrate is not None:
            from .evaluate import read_labelled
            from .model import recalibrated

            texts, labels, _ = read_labelled(calibrate)
            fitted = recalibrated(fitted, texts, labels, source=str(calibrate))
            model_name += f", recalibrated on {len(texts)} labelled sentences of {calibrate.name}"
        skipped: list[str] = []

        def skip(message: str) -> None:
            skipped.append(message)
            typer.echo(f"skipped: {message}", err=True)

        workers = jobs or os.cpu_count() or 1
        articles = iter_articles(paths, strict=strict, on_skip=skip, split=workers == 1)
        rows = score_articles(fitted, articles, jobs=workers)
        scored = rows_to_frame(_counted(rows, "scoring"))
        if scored.empty:
            fail("no sentences to compare in the given input")
        result = run_compare(scored, by=by, period=period, error_rates=fitted.card.get("error_rates"),
                             estimator=estimator, n_boot=n_boot, seed=seed)
        meta = {"model": model_name, "inputs": [str(p) for p in paths],
                "skipped_files": skipped, "framing_version": __version__}
        if calibrate is not None:
            meta["recalibration"] = fitted.card["recalibration"]
        written = write_reports(result, out, formats, meta)
    _print_prevalence(result)
    for path in written:
        typer.echo(f"wrote {path}", err=True)


@app.command()
def sample(
    paths: Annotated[list[str], typer.Argument(help="Article folders/files or corpora to draw sentences from.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="JSON Lines file to write the sample to.")],
    n: Annotated[int, typer.Option("--n", min=1, help="Sentences drawn per group.")] = 250,
    by: Annotated[str, typer.Option(help="Article field to stratify by (outlet, date, source or language).")] = "outlet",
    seed: Annotated[int, typer.Option(help="Seed of the draw: the same corpus and seed give the same sample.")] = 13,
    labels: Annotated[Optional[Path], typer.Option(help="Published labels (id, sha1, labels): write the corpus sentences they label, with their labels, instead of a new draw.")] = None,
    strict: Annotated[bool, typer.Option(help="Stop at the first unreadable file instead of skipping it.")] = False,
) -> None:
    """Draw an annotation sample stratified by outlet; with --labels, rebuild a labelled sample for 'framing evaluate'."""
    with friendly_errors():
        import json

        from .atomic import atomic_file
        from .corpus import iter_articles
        from .dataset import AnnotationError
        from .sample import draw, find_labelled, read_labels

        articles = iter_articles(paths, strict=strict, on_skip=lambda message: typer.echo(f"skipped: {message}", err=True))
        if labels is not None:
            published = read_labels(labels)
            rows, missing = find_labelled(articles, published, by=by)
            if not rows:
                raise AnnotationError(f"{labels}: none of its {len(published)} labelled sentences is in the given corpus")
            if missing:
                typer.echo(f"warning: {len(missing)} labelled sentence(s) of {labels} are not in the corpus as "
                           f"split now (first: {missing[0]})", err=True)
        else:
            rows = [row | {"labels": []} for row in draw(articles, n, by=by, seed=seed)]
        with atomic_file(out) as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    groups = len({row[by] for row in rows})
    typer.echo(f"wrote {out}: {len(rows)} sentences from {groups} group(s)", err=True)


def _counted(rows, label: str):
    """Pass rows through while showing a live count of sentences and articles on stderr (terminals only)."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console,
                  transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(label)
        articles: set[str] = set()
        for n, row in enumerate(rows, 1):
            articles.add(row["article"])
            if n % 500 == 0:
                bar.update(task, description=f"{label}: {len(articles)} articles, {n} sentences")
            yield row


def _print_prevalence(result) -> None:
    """Summary on stdout: each group's estimated share per frame with its 95% interval."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"frame prevalence by {result.by} ({result.estimator}, 95% article-bootstrap CI)", title_justify="left")
    table.add_column(result.by)
    table.add_column("articles", justify="right")
    for frame in FRAMES:
        table.add_column(frame, justify="right")
    prevalence = result.prevalence
    for group in result.groups:
        rows = prevalence[prevalence[result.by] == group].set_index("frame")
        cells = [f"{rows.at[f, 'share']:.0%} ({rows.at[f, 'ci_low']:.0%}–{rows.at[f, 'ci_high']:.0%})" for f in FRAMES]
        table.add_row(str(group), str(int(rows["n_articles"].iloc[0])), *cells)
    Console(width=140, highlight=False).print(table)
    for warning in result.warnings:
        typer.echo(f"note: {warning}", err=True)


def main() -> None:
    """Entry point of the ``framing`` script."""
    app()


if __name__ == "__main__":
    main()
