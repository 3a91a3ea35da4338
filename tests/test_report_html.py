"""The error-analysis page: statuses as defined, text escaped, self-contained, and right in a real browser."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from benchmark.data.goldfile import load_corpus
from benchmark.data.paths import repo_root
from benchmark.report_html import build_report
from benchmark.report_html.page import Mark, highlight
from benchmark.report_html.status import match_statuses

ENV = {**os.environ, "PYTHONPATH": str(repo_root())}
# The flags of /work/.library/env/machines/python.md: no sandbox as root, and no background
# connections (the network is closed).
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TYPES = ("PER", "ORG", "GPE", "LOC", "FAC")


def synthetic_predictions(seed: int = 0) -> list[dict]:
    """The gold, damaged: mentions dropped, retyped, shifted or invented; events and claims likewise."""
    rng = random.Random(seed)
    records = json.loads(json.dumps(load_corpus().to_records()))
    for record in records:
        text, entities = record["text"], []
        for m in record["entities"]:
            roll = rng.random()
            if roll < 0.12:
                continue
            if roll < 0.22:
                m["type"] = rng.choice([t for t in TYPES if t != m["type"]])
            elif roll < 0.32 and m["end"] - m["start"] > 3:
                m["start"] += 1
            m["text"] = text[m["start"] : m["end"]]
            m["head"] = {"start": m["start"], "end": m["end"], "text": m["text"]}
            entities.append(m)
        for k, word in enumerate(re.finditer(r"\b[a-z]{6,}\b", text)):
            if k % 9 == 0:
                entities.append({"id": f"x{k}", "start": word.start(), "end": word.end(), "text": word.group(),
                                 "type": "ORG", "level": "NOM", "cluster": f"x{k}"})
        record["entities"] = entities
        record["times"] = [t for t in record["times"] if rng.random() > 0.2]
        ids = {m["id"] for m in entities} | {t["id"] for t in record["times"]}
        record["events"] = [e for e in record["events"] if rng.random() > 0.2]
        for e in record["events"]:
            e["arguments"] = [a for a in e["arguments"] if a["mention"] in ids and rng.random() > 0.2]
        record["claims"] = [c for c in record["claims"] if rng.random() > 0.2]
        for c in record["claims"]:
            for key in ("measured_entity", "attribution", "time_anchor"):
                c[key] = c[key] if c[key] in ids else None
            if rng.random() < 0.3:  # a wrong number, its bounds moved with it (they must still contain it)
                c["value"] = (c["value"] or 0) + 1
                c.update({k: c[k] + 1 for k in ("lower", "upper") if c.get(k) is not None})
    return records


def write_predictions(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_statuses_follow_their_definitions():
    gold = [(0, 5, "PER"), (10, 20, "GPE"), (30, 40, "ORG"), (50, 60, "LOC"), (70, 80, "PER")]
    pred = [(0, 5, "PER"), (10, 20, "LOC"), (32, 40, "PER"), (90, 95, "ORG")]
    matched = match_statuses(gold, pred)
    assert matched.gold == ["correct", "wrong_type", "wrong_boundary", "missed", "missed"]
    assert matched.pred == ["correct", "wrong_type", "wrong_boundary", "spurious"]
    assert matched.partner_of_pred == [0, 1, 2, -1]


def test_counts_are_the_scorers_strict_counts(tmp_path: Path):
    from benchmark import evaluate

    records = synthetic_predictions()
    _, counts = build_report(records, bootstrap=0)
    report = evaluate(records)
    strict = report["entities"]["strict"]
    assert counts["gold"]["correct"] == counts["predicted"]["correct"] == strict["correct"]
    assert counts["gold"]["wrong_type"] + counts["gold"]["wrong_boundary"] == strict["incorrect"]
    assert counts["gold"]["missed"] == strict["missed"] and counts["predicted"]["spurious"] == strict["spurious"]
    assert sum(counts["gold"].values()) == report["entities"]["strict"]["possible"]
    assert sum(counts["predicted"].values()) == report["entities"]["strict"]["actual"]


def test_crossing_spans_are_split_and_nested_spans_nest():
    text = "abcdefghij"
    marks = [Mark(0, 6, "correct", "a", "gold", "a"), Mark(3, 9, "missed", "b", "gold", "b"), Mark(1, 2, "correct", "c", "gold", "c")]
    html, height = highlight(text, marks)
    assert re.sub(r"<[^>]+>", "", html) == text
    assert html.count('data-id="b"') == 2 and html.count('data-id="a"') == 1 and height == 2


def test_text_is_escaped_and_nothing_is_loaded(tmp_path: Path):
    records = synthetic_predictions()
    old, new = records[0]["entities"][0]["id"], '"><script>alert(1)</script>'
    records[0]["entities"][0]["id"] = new
    for claim in records[0]["claims"]:  # the references follow the renamed id
        claim.update({k: new for k in ("measured_entity", "attribution", "time_anchor") if claim.get(k) == old})
    for event in records[0]["events"]:
        for argument in event["arguments"]:
            if argument.get("mention") == old:
                argument["mention"] = new
    html, _ = build_report(records, bootstrap=0)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html or "&quot;&gt;&lt;script" in html
    assert not re.search(r"""(?:src|href)\s*=|@import|url\(|<link|https?://(?!www\.w3\.org/2000/svg)""", html)


class _Marks(HTMLParser):
    """Distinct highlighted spans per side and status, and the page's own count cells, from a DOM dump."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: dict[tuple[str, str], set[str]] = {}
        self.cells: dict[tuple[str, str], int] = {}
        self._cell: tuple[str, str] | None = None
        self.missing_status = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "mark":
            if "data-status" not in a:
                self.missing_status += 1
                return
            self.spans.setdefault((a["data-side"], a["data-status"]), set()).add(a["data-id"])
        if "data-count-status" in a:
            self._cell = (a["data-count-side"], a["data-count-status"])

    def handle_data(self, data: str) -> None:
        if self._cell:
            self.cells[self._cell] = int(data)
            self._cell = None


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def render_in_chromium(page: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run headless Chromium on a local page with a throwaway profile."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )


@pytest.mark.skipif(_chromium() is None, reason="chromium not found (Debian: apt-get install -y chromium)")
def test_page_in_chromium_shows_the_reported_counts(tmp_path: Path):
    predictions = write_predictions(tmp_path / "pred.jsonl", synthetic_predictions())
    out = tmp_path / "report.html"
    result = subprocess.run(
        [sys.executable, "-m", "benchmark", "report", str(predictions), "-o", str(out), "--bootstrap", "50"],
        capture_output=True, text=True, env=ENV, check=False,
    )
    assert result.returncode == 0, result.stderr
    _, counts = build_report(str(predictions), bootstrap=0)
    dumped = render_in_chromium(out, "--dump-dom")
    assert dumped.returncode == 0 and "<mark" in dumped.stdout, dumped.stderr[-2000:]
    dom = _Marks()
    dom.feed(dumped.stdout)
    assert dom.missing_status == 0
    seen = {key: len(ids) for key, ids in dom.spans.items()}
    expected = {(side, status): n for side, by_status in counts.items() for status, n in by_status.items() if n}
    assert seen == expected
    assert dom.cells == {(side, status): n for side, by_status in counts.items() for status, n in by_status.items()}
    assert all(counts["predicted"][s] > 0 for s in ("correct", "wrong_type", "wrong_boundary", "spurious"))
    assert "<svg" in dumped.stdout and "F1 95% CI" in dumped.stdout


def test_bad_predictions_exit_2_with_file_and_line(tmp_path: Path):
    records = synthetic_predictions()
    records[1]["entities"][0]["type"] = "NOPE"
    predictions = write_predictions(tmp_path / "pred.jsonl", records)
    result = subprocess.run(
        [sys.executable, "-m", "benchmark", "report", str(predictions), "-o", str(tmp_path / "r.html")],
        capture_output=True, text=True, env=ENV, check=False,
    )
    assert result.returncode == 2 and f"{predictions}:2:" in result.stderr and "NOPE" in result.stderr
    assert not (tmp_path / "r.html").exists()
