"""Derive data/territory/territory.json.gz from the Etalab administrative division.

Why a derived file: the npm package is 12 MB of JSON with fields we never use; the
bot needs a small file that loads in a few tens of milliseconds. Names are folded
here (with ``bot.normalize.fold``) so that loading does not pay for folding 37 000
names; a test checks the stored folds still match ``fold``.

Usage (from the repository root, needs ``npm`` and Debian's ``wfrench``)::

    .venv/bin/python scripts/build_territory.py            # version 6.0.0
    .venv/bin/python scripts/build_territory.py --package-dir /tmp/x/package

Choices (also written in data/territory/SOURCE.md):
- communes: type ``commune-actuelle`` only, population = the package's ``population``.
- arrondissements municipaux (Paris, Lyon, Marseille) are kept as their own entries
  with ``parent`` = the commune, because CPTS in those cities cover arrondissements;
  sums drop an arrondissement when its parent commune is also listed.
- communes déléguées / associées are not entries: their names and codes, and the
  ``anciensCodes`` of merged communes, are aliases that resolve to the current commune
  (they carry no population of their own, so nothing is counted twice).
- EPCI population is recomputed at load as the sum of member communes (the package's
  own EPCI totals come from another census vintage).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.normalize import fold  # noqa: E402

PACKAGE = "@etalab/decoupage-administratif"
DEFAULT_VERSION = "6.0.0"
OUT_DIR = ROOT / "data" / "territory"
OUT_FILE = OUT_DIR / "territory.json.gz"
DICTIONARY = Path("/usr/share/dict/french")
FORMAT = 2

# Words that introduce an EPCI type in its official name ("CA du Pays Voironnais").
_EPCI_PREFIX = re.compile(
    r"^(?:ca|cc|cu|communaute (?:de communes|d agglomeration|urbaine)|eurometropole|metropole)"
    r"(?: (?:du|de la|de l|des|de|d))? "
)
_EPCI_SUFFIX = re.compile(r" metropole$")


def fetch_package(version: str, workdir: Path) -> tuple[Path, dict[str, object]]:
    """``npm pack`` the package into workdir; return the unpacked folder and npm's metadata."""
    out = subprocess.run(
        ["npm", "pack", "--json", f"{PACKAGE}@{version}", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=workdir,
    ).stdout
    info = json.loads(out)[0]
    with tarfile.open(workdir / info["filename"]) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package", info


def epci_core(folded_name: str) -> str:
    """« ca du pays voironnais » → « pays voironnais »; « bordeaux metropole » → « bordeaux »."""
    core = _EPCI_SUFFIX.sub("", _EPCI_PREFIX.sub("", folded_name))
    return core or folded_name


def arrondissement_aliases(name: str) -> list[str]:
    """« Paris 13e Arrondissement » → short forms users type: « paris 13 », « paris 13e »…"""
    m = re.match(r"^(\w+) (\d+)(?:er|e) Arrondissement$", name)
    if not m:
        return []
    city, num = m.group(1).lower(), m.group(2)
    forms = [f"{city} {num}", f"{city} {num}e", f"{city} {num}eme"]
    if num == "1":
        forms += [f"{city} 1er", f"{city} 1ere"]
    return forms


def dictionary_words(path: Path) -> set[str]:
    return {fold(w) for w in path.read_text(encoding="utf-8").split() if w}


def dictionary_version() -> str:
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", "wfrench"],
            check=True,
            capture_output=True,
            text=True,
        )
        return f"wfrench {out.stdout.strip()}"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def build(package_dir: Path, npm_info: dict[str, object], dictionary: Path) -> dict[str, object]:
    data = package_dir / "data"
    manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    raw = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    deps = json.loads((data / "departements.json").read_text(encoding="utf-8"))
    regs = json.loads((data / "regions.json").read_text(encoding="utf-8"))
    epcis = json.loads((data / "epci.json").read_text(encoding="utf-8"))

    regions = [[r["code"], r["nom"], fold(r["nom"])] for r in regs]
    dep_region = {d["code"]: d["region"] for d in deps}
    departments = [[d["code"], d["nom"], d["region"], fold(d["nom"])] for d in deps]

    kept = [c for c in raw if c["type"] in ("commune-actuelle", "arrondissement-municipal")]
    row_of = {c["code"]: i for i, c in enumerate(kept)}
    columns: dict[str, list[object]] = {
        "insee": [],
        "name": [],
        "department": [],
        "postal": [],
        "population": [],
    }
    parents: dict[str, str] = {}
    names: dict[str, list[int]] = {}
    postal: dict[str, list[int]] = {}
    for i, c in enumerate(kept):
        if dep_region[c["departement"]] != c["region"]:
            raise SystemExit(f"region of {c['code']} differs from its department's")
        columns["insee"].append(c["code"])
        columns["name"].append(c["nom"])
        columns["department"].append(c["departement"])
        columns["postal"].append(" ".join(c.get("codesPostaux", [])))
        columns["population"].append(c.get("population", 0))
        if c["type"] == "arrondissement-municipal":
            parents[c["code"]] = c["commune"]
        names.setdefault(fold(c["nom"]), []).append(i)
        for code in c.get("codesPostaux", []):
            postal.setdefault(code, []).append(i)
    # A city's arrondissement replaces the city for the arrondissement's own postal code.
    for insee, parent in parents.items():
        for code in kept[row_of[insee]].get("codesPostaux", []):
            postal[code] = [i for i in postal[code] if i != row_of[parent]]

    aliases: dict[str, list[list[object]]] = {}
    codes: dict[str, str] = {}
    for c in raw:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            target = row_of[c["chefLieu"]]
            if fold(c["nom"]) != fold(kept[target]["nom"]):
                aliases.setdefault(fold(c["nom"]), []).append([target, c["nom"]])
            if c["code"] not in row_of:
                codes[c["code"]] = c["chefLieu"]
        elif c["type"] == "commune-actuelle":
            for old in c.get("anciensCodes", []):
                if old not in row_of:
                    codes[old] = c["code"]
        elif c["type"] == "arrondissement-municipal":
            for form in arrondissement_aliases(c["nom"]):
                aliases.setdefault(fold(form), []).append([row_of[c["code"]], c["nom"]])
    for hits in aliases.values():
        hits.sort()

    epci = []
    for e in epcis:
        members = [m["code"] for m in e["membres"]]
        missing = [m for m in members if m not in row_of]
        if missing:
            raise SystemExit(f"EPCI {e['code']} has unknown members {missing}")
        folded = fold(e["nom"])
        epci.append([e["code"], e["nom"], e["type"], " ".join(members), folded, epci_core(folded)])

    name_tokens: set[str] = set()
    for key in [*names, *aliases]:
        name_tokens.update(key.split())
    for row in departments:
        name_tokens.update(str(row[3]).split())
    for row in regions:
        name_tokens.update(str(row[2]).split())
    for row in epci:
        name_tokens.update(str(row[5]).split())
    common = sorted(name_tokens & dictionary_words(dictionary))

    meta = {
        "format": FORMAT,
        "package": PACKAGE,
        "version": manifest["version"],
        "package_license": manifest.get("license", ""),
        "data_license": "Licence Ouverte (README of the package: « Données : Licence Ouverte »)",
        "npm_integrity": npm_info.get("integrity", ""),
        "npm_shasum": npm_info.get("shasum", ""),
        "generated": dt.date.today().isoformat(),
        "dictionary": dictionary_version(),
        "population_field": "communes.json `population` (commune-actuelle, arrondissement)",
    }
    return {
        "meta": meta,
        "regions": regions,
        "departments": departments,
        "communes": columns,
        "parents": parents,
        "names": names,
        "aliases": aliases,
        "postal": postal,
        "former_codes": dict(sorted(codes.items())),
        "epci": epci,
        "common_words": common,
    }


def write(payload: dict[str, object]) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # mtime=0 keeps the gzip bytes identical for identical content.
    with OUT_FILE.open("wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    return OUT_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default=DEFAULT_VERSION)
    parser.add_argument("--package-dir", type=Path, help="an already unpacked npm package")
    parser.add_argument("--dictionary", type=Path, default=DICTIONARY)
    args = parser.parse_args(argv)
    if not args.dictionary.exists():
        parser.error(f"{args.dictionary} missing: apt-get install wfrench")
    with tempfile.TemporaryDirectory() as tmp:
        if args.package_dir:
            package_dir, info = args.package_dir, {}
        else:
            package_dir, info = fetch_package(args.version, Path(tmp))
        payload = build(package_dir, info, args.dictionary)
    out = write(payload)
    meta = payload["meta"]
    assert isinstance(meta, dict)
    print(
        f"{out.relative_to(ROOT)}: {out.stat().st_size} bytes, "
        f"{len(payload['communes']['insee'])} communes, {len(payload['epci'])} EPCI, "
        f"{PACKAGE}@{meta['version']} ({meta['package_license']}), {meta['generated']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
