"""Lærerrapporten: funn som en person bør se på, og hva klassen sliter med.

Leser rapport/<oppgave>/<elev>.json (skrevet av preprocessor.py for hver besvarelse) og
skriver rapport/<oppgave>/rapport.md og poeng.csv.
"""

import csv
import json
from collections import Counter
from pathlib import Path


def load(root: Path, assignment: str) -> list:
    folder = root / "rapport" / assignment
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def _check_name(message: str) -> str:
    return message.split(":")[0]


def summary(reports: list) -> dict:
    """Per testcelle: snittpoeng, maks og kontrollen som feiler oftest (med antall)."""
    tasks = {}
    for r in reports:
        for gid, (score, max_score) in r["scores"].items():
            t = tasks.setdefault(gid, {"scores": [], "max": max_score, "failed": Counter()})
            t["scores"].append(score)
            for _, ok, message in r["checks"].get(gid, []):
                if not ok:
                    t["failed"][_check_name(message)] += 1
    out = {}
    for gid, t in tasks.items():
        worst = t["failed"].most_common(1)
        out[gid] = {"mean": sum(t["scores"]) / len(t["scores"]), "max": t["max"],
                    "full": sum(s == t["max"] for s in t["scores"]), "n": len(t["scores"]),
                    "worst": worst[0] if worst else None}
    return out


def write(root: Path, assignment: str) -> Path:
    reports = load(root, assignment)
    folder = root / "rapport" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    gids = list(dict.fromkeys(g for r in reports for g in r["scores"]))
    with (folder / "poeng.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["elev", *gids, "sum", "funn"])
        for r in reports:
            scores = [r["scores"].get(g, [0, 0])[0] for g in gids]
            writer.writerow([r["student"], *scores, sum(scores), len(r["flags"])])
    lines = [f"# Rapport for {assignment}", "", f"{len(reports)} besvarelser.", "",
             "## Funn som en person bør se på", ""]
    flagged = [(r["student"], f) for r in reports for f in r["flags"]]
    if flagged:
        lines += ["| elev | celle | linje | hva som ble sett |", "|---|---|---|---|"]
        lines += [f"| {s} | {f['cell'] if f['cell'] is not None else '–'} | {f['line']} | "
                  f"{f['what'].replace('|', '/')} |" for s, f in flagged]
    else:
        lines.append("Ingen.")
    lines += ["", "## Oppgavene", "", "| testcelle | snitt | maks | fullt hus | feiler oftest |",
              "|---|---|---|---|---|"]
    for gid, s in summary(reports).items():
        worst = f"{s['worst'][0]} ({s['worst'][1]} av {s['n']})" if s["worst"] else "–"
        lines.append(f"| {gid} | {s['mean']:.2f} | {s['max']:g} | {s['full']} av {s['n']} | "
                     f"{worst.replace('|', '/')} |")
    errors = [(r["student"], e) for r in reports for e in r.get("errors", [])]
    if errors:
        lines += ["", "## Feil i elevenes kode (kontrollene)", ""]
        lines += [f"- {s}: {e}" for s, e in errors[:200]]
    path = folder / "rapport.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
