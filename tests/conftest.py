"""Shared fixtures: offline Hugging Face, plain terminal output, and a small trained model built once."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ["TTY_COMPATIBLE"] = "0"
os.environ["COLUMNS"] = "120"
os.environ["NO_COLOR"] = "1"

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"

#: A tiny labelled bank in six pseudo-articles: enough for grouped CV and a model that separates the frames.
TINY_BANK = {
    "a1": [
        ("Russian troops launched a missile strike on the city overnight.", ["escalation"]),
        ("The two foreign ministers held talks in Ankara on Tuesday.", ["negotiation"]),
        ("The Kremlin denied the report, calling it fake.", ["denial"]),
        ("Prosecutors opened a criminal case for treason.", ["legitimacy"]),
        ("The city is known for its old churches.", []),
    ],
    "a2": [
        ("Artillery shelling killed five civilians near the front.", ["escalation"]),
        ("Diplomats met in Geneva to discuss a ceasefire.", ["negotiation"]),
        ("The ministry dismissed the allegations as baseless.", ["denial"]),
        ("The referendum was condemned as an illegal sham.", ["legitimacy"]),
        ("The river freezes every winter.", []),
    ],
    "a3": [
        ("Drones attacked an oil depot and troops advanced on the town.", ["escalation"]),
        ("The leaders spoke by phone about a prisoner exchange deal.", ["negotiation"]),
        ("A spokesman declined to comment on the claims.", ["denial"]),
        ("The court ruled the annexation unlawful and imposed sanctions.", ["legitimacy"]),
        ("She was born in Kharkiv in 1975.", []),
    ],
    "a4": [
        ("Forces shelled the port and launched a new offensive.", ["escalation"]),
        ("Negotiators from both sides met for a second round of talks.", ["negotiation"]),
        ("Officials rejected the claim as false propaganda.", ["denial"]),
        ("The West imposed sanctions on the regime for war crimes.", ["legitimacy"]),
        ("The museum reopened on Sunday.", []),
    ],
    "a5": [
        ("Missiles struck the capital as the army attacked the border.", ["escalation"]),
        ("The envoy held a call with his counterpart to agree a ceasefire.", ["negotiation"]),
        ("The embassy denied any involvement and called the report fake.", ["denial"]),
        ("The parliament branded the group terrorists and traitors.", ["legitimacy"]),
        ("Wheat prices fell slightly on the market.", []),
    ],
    "a6": [
        ("An airstrike hit the bridge and troops were killed.", ["escalation"]),
        ("Mediators said talks on a deal would resume next week.", ["negotiation"]),
        ("The general dismissed the reports as fake and denied the losses.", ["denial"]),
        ("A warrant was issued and the prosecutor charged him with war crimes.", ["legitimacy"]),
        ("The weather was mild for the season.", []),
    ],
}


def write_bank(folder: Path) -> Path:
    """Write TINY_BANK as a written-bank JSONL file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tiny.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for article, rows in TINY_BANK.items():
            for text, labels in rows:
                handle.write(json.dumps({"article_id": article, "text": text, "labels": labels}) + "\n")
    return path


def write_two_outlets(folder: Path, per_outlet: int) -> Path:
    """A folder of Markdown articles from two outlets (Alpha, Beta) for compare runs; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(per_outlet):
        (folder / f"a{i}.md").write_text(f"---\noutlet: Alpha\n---\nTroops shelled village {i}. Ministers held talks.\n")
        (folder / f"b{i}.md").write_text(f"---\noutlet: Beta\n---\nDiplomats met in town {i} to discuss a ceasefire.\n")
    return folder


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    """A model trained on TINY_BANK and saved like `make train` does (outside models/: needs trust)."""
    from framing import FRAMES
    from framing.model import TrainConfig, save, train

    texts, labels, groups = [], [], []
    for article, rows in TINY_BANK.items():
        for text, row_labels in rows:
            texts.append(text)
            labels.append(row_labels)
            groups.append(article)
    model = train(texts, labels, groups, ["written"] * len(texts), TrainConfig(folds=3, n_jobs=1))
    folder = tmp_path_factory.mktemp("models") / "tiny"
    save(model, folder, "tiny")
    assert set(model.card["thresholds"]) == set(FRAMES)
    return folder


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir):
    """The tiny model, loaded."""
    from framing.model import load

    return load(tiny_model_dir, trust=True)
