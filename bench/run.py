"""Benchmark framing's scoring: bare model vs end-to-end CLI throughput, parallel speed-up, memory, start-up, training.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py --help``). Everything it generates goes to bench/work/
(git-ignored): the synthetic corpus, the outputs, the model. It prints a table and writes bench/results.json.

The corpus is generated from the seed articles in data/corpus/ and, when present, ../shared/corpus/: each synthetic
article takes a source article's outlet, date, title and length, and is filled with runs of 2-6 consecutive
sentences drawn from random source articles, in paragraphs of three, so every article is new text (the reader
skips duplicates) with the sources' vocabulary and furniture. They are written as 16 MB JSON Lines shards. The third-party text never leaves bench/work/.

Measurements:
* bare: ``model.predict_proba`` on already-split sentences (the texts of the end-to-end output), in batches of the
  size scoring uses, in one process;
* end-to-end: the real CLI ``framing score DIR -f jsonl -o FILE --jobs N`` as a subprocess, wall time, sentences
  from the output's row count, peak RSS of the process tree (sum over the CLI and its workers, sampled by psutil);
* start-up: ``framing --help`` and scoring one seed article, each in a fresh process;
* training: wall time of ``make train``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
FRAMING = ROOT / ".venv" / "bin" / "framing"
SEED_CORPUS = ROOT / "data" / "corpus"
SHARD_BYTES = 16 * 2**20
SEED_ARTICLE = SEED_CORPUS / "nie-2023-07-naryshkin-burns.txt"


# ---------------------------------------------------------------------------------------------------- corpus


def source_files(shared: Path) -> list[Path]:
    """The seed corpus, plus the shared corpus files when the folder exists."""
    files = [SEED_CORPUS]
    corpus = shared / "corpus"
    if corpus.is_dir():
        files += sorted(p for p in corpus.iterdir() if p.suffix.lower() in {".csv", ".jsonl", ".parquet"})
    return files


def generate_corpus(target_mb: int, sources: list[Path], seed: int = 0) -> dict:
    """Write about ``target_mb`` MB of synthetic articles as JSONL shards into bench/work/corpus-<N>mb/ (cached)."""
    from framing.corpus import iter_articles

    folder = WORK / f"corpus-{target_mb}mb"
    manifest_path = folder / "manifest.json"
    key = {"target_mb": target_mb, "sources": [str(s) for s in sources], "seed": seed, "version": 3}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("key") == key:
            return manifest
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    import blingfire

    articles = list(iter_articles(sources))
    pool = []  # (raw sentences, outlet, date, title, length) per source article
    for article in articles:
        sentences = [s for p in article.text.split("\n") if p.strip()
                     for s in blingfire.text_to_sentences(p.strip()).split("\n") if s.strip()]
        if sentences:
            pool.append((sentences, article.outlet, article.date, article.title, len(article.text)))
    rng = random.Random(seed)
    target = target_mb * 10**6
    written = n = shard = 0
    handle = None
    shard_bytes = SHARD_BYTES
    while written < target:
        if handle is None or shard_bytes >= SHARD_BYTES:
            if handle:
                handle.close()
            handle = (folder / f"part-{shard:04d}.jsonl").open("w", encoding="utf-8")
            shard += 1
            shard_bytes = 0
        lead = rng.choice(pool)
        _, outlet, date, title, length = lead
        # runs of 2-6 consecutive sentences from random source articles (the lead's first) up to the lead's length
        sentences: list[str] = []
        source = lead
        while sum(map(len, sentences)) < length:
            run = rng.randint(2, 6)
            start = rng.randrange(max(1, len(source[0]) - run + 1))
            sentences += source[0][start:start + run]
            source = rng.choice(pool)
        paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
        line = json.dumps({"id": f"bench-{n:08d}", "outlet": outlet, "date": date, "title": title,
                           "text": "\n\n".join(paragraphs)}, ensure_ascii=False) + "\n"
        size = len(line.encode("utf-8"))
        handle.write(line)
        written += size
        shard_bytes += size
        n += 1
    handle.close()
    manifest = {"key": key, "folder": str(folder), "articles": n, "bytes": written, "shards": shard,
                "source_articles": len(articles), "sources": [str(s) for s in sources]}
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return manifest


# ---------------------------------------------------------------------------------------------------- measuring


def run_measured(cmd: list[str], interval: float = 0.1, **kwargs) -> dict:
    """Run a command; return wall seconds, exit code and peak RSS (MiB) summed over the process and its children."""
    import resource

    import psutil

    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, **kwargs)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        try:
            parent = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            total = 0
            try:
                for p in [parent, *parent.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
            except psutil.NoSuchProcess:
                break
            peak = max(peak, total)
            done.wait(interval)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    done.set()
    thread.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": round(wall, 3), "cpu_seconds": round(cpu, 3), "returncode": code,
            "peak_rss_mib": round(peak / 2**20, 1), "load_before": round(load, 2)}


def count_lines(path: Path) -> int:
    n = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 24), b""):
            n += block.count(b"\n")
    return n


def end_to_end(corpus: Path, model: Path, jobs: int, tag: str) -> dict:
    """Time the real CLI scoring a corpus folder into JSONL."""
    out = WORK / f"out-{tag}.jsonl"
    cmd = [str(FRAMING), "score", str(corpus), "-f", "jsonl", "-o", str(out), "--jobs", str(jobs),
           "--model", str(model), "--trust-model"]
    log = WORK / f"out-{tag}.log"
    with log.open("w") as stderr:
        result = run_measured(cmd, stderr=stderr)
    if result["returncode"] != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{log.read_text()[-2000:]}")
    rows = count_lines(out)
    return result | {"jobs": jobs, "sentences": rows, "sentences_per_s": round(rows / result["seconds"], 1),
                     "output": str(out), "command": " ".join(cmd[1:])}


def bare_throughput(model_dir: Path, scored: Path, max_sentences: int) -> dict:
    """model.predict_proba on already-split sentences (evenly sampled from a scored output), in scoring's batches."""
    from framing.model import load
    from framing.score import BATCH_SENTENCES

    total = count_lines(scored)
    step = max(1, -(-total // max_sentences)) if max_sentences else 1
    texts = []
    with scored.open(encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i % step == 0:
                texts.append(json.loads(line)["text"])
    model = load(model_dir, trust=True)
    model.predict_proba(texts[:BATCH_SENTENCES])  # warm-up: lazy imports, first-call costs
    load = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(texts), BATCH_SENTENCES):
        model.predict_proba(texts[i:i + BATCH_SENTENCES])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"sentences": len(texts), "of": total, "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
            "batch_size": BATCH_SENTENCES, "sentences_per_s": round(len(texts) / seconds, 1), "load_before": load}


def stages(corpus: Path, model_dir: Path, max_articles: int = 2000) -> dict:
    """Where end-to-end time goes, in microseconds per sentence, on the corpus's first articles (one process):
    reading (JSON Lines -> Article), language detection and sentence splitting (the reader's screening), the model
    (vectorize + predict), and encoding + writing JSON Lines (as the CLI does, from each batch's arrays)."""
    import io
    from dataclasses import replace
    from itertools import islice

    import blingfire

    from framing.corpus import read_path, screen_article
    from framing.model import load
    from framing.output import jsonl_lines, write_jsonl
    from framing.score import BATCH_SENTENCES, sentence_batches, split_articles

    shard = sorted(corpus.glob("*.jsonl"))[0]
    clock = time.process_time
    start = clock()
    articles = list(islice(read_path(shard), max_articles))
    read = clock() - start
    fresh = [replace(a) for a in articles]
    start = clock()
    n = sum(len(a.sentences()) for a in fresh)
    split = clock() - start
    start = clock()
    screened = [screen_article(replace(a)) for a in articles]
    screen = clock() - start
    paragraphs = [p for a in articles for p in a.text.split("\n") if p.strip()]
    start = clock()
    raw = sum(blingfire.text_to_sentences(p).count("\n") + 1 for p in paragraphs)
    blingfire_only = clock() - start
    model = load(model_dir, trust=True)
    batches = list(sentence_batches(split_articles(screened), BATCH_SENTENCES))
    model.predict_proba([t for _, _, t in batches[0]])  # warm-up
    start = clock()
    probabilities = [model.predict_proba([t for _, _, t in batch]) for batch in batches]
    predict = clock() - start
    start = clock()  # the model's answers again, to time the output alone
    lines = (line for batch, probs in zip(batches, probabilities)
             for line in jsonl_lines(batch, probs, probs >= model.thresholds))
    write_jsonl(lines, io.StringIO())
    output = clock() - start
    per = lambda seconds: round(seconds / n * 1e6, 1)  # noqa: E731
    return {"articles": len(articles), "sentences": n,
            "us_per_sentence": {"read": per(read), "split": per(split), "language": per(max(0.0, screen - split)),
                                "model": per(predict), "jsonl": per(output)},
            "splitter_sentences_per_s": round(n / split, 1),
            "blingfire_only_sentences_per_s": round(raw / blingfire_only, 1)}


def startup(model: Path, runs: int = 5) -> dict:
    """Wall time of `framing --help` and of scoring one seed article, each in a fresh process (median of runs)."""
    help_times, score_times = [], []
    for _ in range(runs):
        help_times.append(run_measured([str(FRAMING), "--help"], stdout=subprocess.DEVNULL)["seconds"])
        cmd = [str(FRAMING), "score", str(SEED_ARTICLE), "-f", "jsonl", "--jobs", "1", "--model", str(model),
               "--trust-model"]
        run = run_measured(cmd, stdout=subprocess.DEVNULL)
        if run["returncode"] != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}")
        score_times.append(run["seconds"])
    return {"help_s": round(statistics.median(help_times), 3), "help_max_s": max(help_times),
            "one_article_s": round(statistics.median(score_times), 3), "one_article_max_s": max(score_times),
            "runs": runs}


def train(model: Path) -> dict:
    """Wall time of `make train` (build the dataset, cross-validate, fit), into the given model folder."""
    cmd = ["make", "-s", "-C", str(ROOT), "train", f"MODEL={model}"]
    result = run_measured(cmd, stdout=subprocess.DEVNULL)
    if result["returncode"] != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return result | {"command": "make train"}


def dask_run(corpus: Path, model: Path, jobs: int) -> dict:
    out = WORK / "out-dask"
    cmd = [str(FRAMING), "score", str(corpus), "--engine", "dask", "-o", str(out), "--jobs", str(jobs),
           "--model", str(model), "--trust-model"]
    log = WORK / "out-dask.log"
    with log.open("w") as stderr:
        result = run_measured(cmd, stderr=stderr)
    if result["returncode"] != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{log.read_text()[-2000:]}")
    import pyarrow.parquet as pq

    rows = sum(pq.ParquetFile(p).metadata.num_rows for p in out.glob("*.parquet"))
    return result | {"jobs": jobs, "sentences": rows, "sentences_per_s": round(rows / result["seconds"], 1)}


def machine() -> dict:
    from importlib.metadata import version

    model_name = "unknown"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model_name = line.split(":", 1)[1].strip()
    except OSError:
        pass
    import psutil

    libraries = {p: version(p) for p in ("numpy", "scipy", "scikit-learn", "blingfire", "pyarrow", "dask")}
    return {"cpu": model_name, "cores": os.cpu_count(), "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "os": platform.platform(), "libraries": libraries}


# ---------------------------------------------------------------------------------------------------- report


def table(results: dict) -> str:
    lines = []
    m = results["machine"]
    lines.append(f"machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}")
    c = results["corpus"]
    lines.append(f"corpus: {c['bytes'] / 1e6:.0f} MB, {c['articles']} synthetic articles from "
                 f"{c['source_articles']} source articles in {', '.join(c['sources'])}")
    lines.append("")
    rows = [("measure", "value", "target")]
    bare, e1 = results["bare"], results["end_to_end_1"]
    rows.append(("bare vectorize+predict, 1 core", f"{bare['sentences_per_s']:,.0f} sentences/s", ""))
    rows.append(("end-to-end `framing score`, --jobs 1", f"{e1['sentences_per_s']:,.0f} sentences/s "
                 f"({e1['sentences']:,} in {e1['seconds']:.0f} s)", ""))
    ratio = results["ratio_end_to_end_over_bare"]
    runs = ", ".join(f"{r['ratio']:.0%}" for r in results.get("ratio_runs", []))
    rows.append(("end-to-end / bare", f"{ratio:.0%} (median of pairs: {runs})",
                 ">= 70%  " + ("ok" if ratio >= 0.7 else "MISSED")))
    if "end_to_end_2" in results:
        e2 = results["end_to_end_2"]
        same = results.get("parallel_output_identical")
        rows.append(("end-to-end, --jobs 2", f"{e2['sentences_per_s']:,.0f} sentences/s (output "
                     + ("identical to --jobs 1)" if same is True else "DIFFERS from --jobs 1)" if same is False
                        else "not compared: source edited during the run)"), ""))
        rows.append(("speed-up 2 jobs / 1 job", f"{results['speedup_2_jobs']:.2f}x", "near 2x"))
    for run in results["memory"]:
        rows.append((f"peak RSS, {run['corpus_mb']} MB corpus, --jobs {run['jobs']}", f"{run['peak_rss_mib']:.0f} MiB",
                     "flat"))
    if "stages" in results:
        st = results["stages"]
        us = st["us_per_sentence"]
        rows.append(("splitting alone (clean + blingfire + fixes)", f"{st['splitter_sentences_per_s']:,.0f} sentences/s "
                     f"(blingfire alone {st['blingfire_only_sentences_per_s']:,.0f}/s)", ""))
        rows.append(("time per sentence, by stage", " ".join(f"{k} {v:g}" for k, v in us.items()) + " (µs)", ""))
    if "startup" in results:
        s = results["startup"]
        rows.append(("`framing --help`", f"{s['help_s']:.2f} s (median of {s['runs']})",
                     "< 0.3 s  " + ("ok" if s["help_s"] < 0.3 else "MISSED")))
        rows.append(("score one article, cold process", f"{s['one_article_s']:.2f} s (median of {s['runs']})",
                     "< 2 s  " + ("ok" if s["one_article_s"] < 2 else "MISSED")))
    if "dask" in results:
        d = results["dask"]
        rows.append((f"--engine dask, local cluster of {d['jobs']}, {d['corpus_mb']} MB",
                     f"{d['sentences_per_s']:,.0f} sentences/s ({d['seconds']:.0f} s with start-up)", ""))
    if "train" in results:
        rows.append(("`make train` wall time", f"{results['train']['seconds']:.1f} s", "reported"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=100, help="main corpus size (MB)")
    parser.add_argument("--small-mb", type=int, default=20, help="smaller corpus for the memory comparison (0: skip)")
    parser.add_argument("--large-mb", type=int, default=0, help="also a corpus this large, --jobs 2 (bench-large)")
    parser.add_argument("--bare-sentences", type=int, default=200_000, help="sample size for the bare run (0: all)")
    parser.add_argument("--ratio-runs", type=int, default=2, help="end-to-end --jobs 1 + bare pairs for the ratio")
    parser.add_argument("--model", type=Path, help="use this model instead of training bench/work/model")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="shared folder (corpus/)")
    parser.add_argument("--no-parallel", action="store_true", help="skip the --jobs 2 run")
    parser.add_argument("--dask", action="store_true", help="also time --engine dask (local cluster of 2) on the corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)

    WORK.mkdir(parents=True, exist_ok=True)
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": machine()}
    say = lambda message: print(f"[bench] {message}", file=sys.stderr, flush=True)  # noqa: E731

    model = args.model
    if model is None:
        model = WORK / "model"
        say("training: make train MODEL=bench/work/model")
        results["train"] = train(model)
    sources = source_files(args.shared)
    say(f"corpus sources: {', '.join(str(s) for s in sources)}")
    corpus = generate_corpus(args.size_mb, sources)
    results["corpus"] = corpus
    say(f"corpus: {corpus['bytes'] / 1e6:.0f} MB, {corpus['articles']} articles in {corpus['folder']}")

    say("start-up times")
    results["startup"] = startup(model)
    say("stages (one process, first articles of the corpus)")
    results["stages"] = stages(Path(corpus["folder"]), model)
    source = source_digest()
    # the machine's speed drifts (it is shared): each end-to-end run is paired with a bare run right after it,
    # and the ratio is the median over the pairs
    pairs = []
    for run in range(args.ratio_runs):
        say(f"end-to-end, --jobs 1, {args.size_mb} MB (run {run + 1} of {args.ratio_runs})")
        e = end_to_end(Path(corpus["folder"]), model, 1, f"{args.size_mb}mb-j1")
        say(f"  {e['sentences_per_s']:.0f} sentences/s, peak RSS {e['peak_rss_mib']} MiB; bare vectorize + predict")
        b = bare_throughput(model, Path(e["output"]), args.bare_sentences)
        pairs.append((e, b))
    e1, bare = pairs[0]
    results["end_to_end_1"], results["bare"] = e1, bare
    results["ratio_runs"] = [{"end_to_end_per_s": e["sentences_per_s"], "bare_per_s": b["sentences_per_s"],
                              "ratio": round(e["sentences_per_s"] / b["sentences_per_s"], 3)} for e, b in pairs]
    results["ratio_end_to_end_over_bare"] = round(statistics.median(r["ratio"] for r in results["ratio_runs"]), 3)
    memory = [{"corpus_mb": args.size_mb, "jobs": 1, "peak_rss_mib": e1["peak_rss_mib"]}]
    if not args.no_parallel:
        say(f"end-to-end, --jobs 2, {args.size_mb} MB")
        e2 = end_to_end(Path(corpus["folder"]), model, 2, f"{args.size_mb}mb-j2")
        results["end_to_end_2"] = e2
        results["speedup_2_jobs"] = round(e2["sentences_per_s"] / e1["sentences_per_s"], 2)
        if source_digest() == source:
            results["parallel_output_identical"] = _same_file(Path(e1["output"]), Path(e2["output"]))
        else:  # someone edited the package between the runs: the outputs may differ for that reason
            results["parallel_output_identical"] = "not compared: framing/*.py changed during the runs"
        memory.append({"corpus_mb": args.size_mb, "jobs": 2, "peak_rss_mib": e2["peak_rss_mib"]})
    if args.small_mb:
        small = generate_corpus(args.small_mb, sources)
        say(f"end-to-end, --jobs 1, {args.small_mb} MB (memory)")
        es = end_to_end(Path(small["folder"]), model, 1, f"{args.small_mb}mb-j1")
        results["end_to_end_small"] = es
        memory.insert(0, {"corpus_mb": args.small_mb, "jobs": 1, "peak_rss_mib": es["peak_rss_mib"]})
    if args.dask:
        say(f"--engine dask, {args.size_mb} MB")
        results["dask"] = dask_run(Path(corpus["folder"]), model, 2) | {"corpus_mb": args.size_mb}
    if args.large_mb:
        large = generate_corpus(args.large_mb, sources)
        say(f"end-to-end, --jobs 2, {args.large_mb} MB (memory)")
        el = end_to_end(Path(large["folder"]), model, 2, f"{args.large_mb}mb-j2")
        results["end_to_end_large"] = el
        memory.append({"corpus_mb": args.large_mb, "jobs": 2, "peak_rss_mib": el["peak_rss_mib"]})
        Path(el["output"]).unlink(missing_ok=True)  # several GB
    results["memory"] = memory
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(f"\nwritten to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


def source_digest() -> str:
    """A hash of the package's source files."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "framing").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _same_file(a: Path, b: Path) -> bool:
    import filecmp

    return filecmp.cmp(a, b, shallow=False)


if __name__ == "__main__":
    sys.exit(main())
