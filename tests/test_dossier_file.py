"""Loading a dossier file: the /export JSON and the example YAML; clear French errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.dialogs.loader import Bundle, default_bundle
from bot.dossier_file import DossierFileError, load, parse
from bot.paths import DATA_DIR
from bot.store import Store

EXAMPLE = DATA_DIR / "examples" / "cpts_exemple.yaml"
PERSON = {
    "category": "Infirmière",
    "name": "A B",
    "place": "Tence",
    "sector": "sanitaire",
    "governance": False,
    "participation": "confirmed",
}


@pytest.fixture
def bundle() -> Bundle:
    return default_bundle()


def example_data() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def write_yaml(tmp_path: Path, data: Any, name: str = "dossier.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_example_yaml_loads(bundle: Bundle) -> None:
    loaded = load(EXAMPLE, bundle)
    assert loaded.cpts_name == "CPTS Loire et Sucs (exemple fictif)"
    assert loaded.fictional
    assert loaded.generated_on is not None and loaded.generated_on.isoformat() == "2026-11-20"
    communes = loaded.dossier["territory.communes"].value
    assert len(communes) == 20 and all(c["department"] == "43" for c in communes)
    rows = loaded.dossier["members.people"].value
    assert [r["_id"] for r in rows[:2]] == ["r1", "r2"]
    assert loaded.dossier["information_systems.mes_patients_planned"].status == "unknown"


async def test_store_export_round_trip(store: Store, tmp_path: Path, bundle: Bundle) -> None:
    """The JSON /export writes loads back to the same answers."""
    await store.upsert_user(1, "Julie M.")
    team = await store.create_team(1, "CPTS du Haut-Bugey")
    await store.set_answer(team.id, 1, "structure.email", "contact@example.org")
    await store.set_answer(team.id, 1, "diagnosis.health_workforce_total", 120)
    await store.set_answer(team.id, 1, "territory.aci_size", None, status="unknown")
    await store.add_row(team.id, 1, "members.people", dict(PERSON))
    data = await store.export_team(team.id, 1)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = load(path, bundle)
    assert loaded.cpts_name == "CPTS du Haut-Bugey"
    assert loaded.dossier["structure.email"].value == "contact@example.org"
    assert loaded.dossier["structure.email"].by == "Julie M."
    assert loaded.dossier["diagnosis.health_workforce_total"].value == 120
    assert loaded.dossier["territory.aci_size"].status == "unknown"
    assert loaded.dossier["members.people"].value[0]["name"] == "A B"


def test_yaml_without_meta_takes_the_association_name(tmp_path: Path, bundle: Bundle) -> None:
    path = write_yaml(tmp_path, {"answers": {"structure.association_name": "CPTS du Lac"}})
    assert load(path, bundle).cpts_name == "CPTS du Lac"


def _error(path: Path, bundle: Bundle) -> str:
    with pytest.raises(DossierFileError) as info:
        load(path, bundle)
    message = str(info.value)
    assert str(path) in message
    return message


def test_missing_file(tmp_path: Path, bundle: Bundle) -> None:
    assert "introuvable" in _error(tmp_path / "absent.json", bundle)


def test_bad_syntax(tmp_path: Path, bundle: Bundle) -> None:
    path = tmp_path / "x.json"
    path.write_text("{not json", encoding="utf-8")
    assert "JSON ou YAML valide" in _error(path, bundle)
    path = tmp_path / "x.yaml"
    path.write_text("answers: [unclosed", encoding="utf-8")
    assert "JSON ou YAML valide" in _error(path, bundle)


@pytest.mark.parametrize("data", [[], "texte", 12, None, {"reponses": {}}])
def test_not_a_dossier(tmp_path: Path, bundle: Bundle, data: Any) -> None:
    assert "answers" in _error(write_yaml(tmp_path, data), bundle)


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (
            lambda d: d["answers"].update({"structure.mail": "x@y.fr"}),
            "answers.structure.mail",
            "aucune question",
        ),
        (
            lambda d: d["answers"].update({"structure.email": "pas une adresse"}),
            "answers.structure.email",
            "valeur invalide",
        ),
        (
            lambda d: d["answers"].update(
                {"budget.lines": [{"line": "60_achats", "amount": "beaucoup"}]}
            ),
            "answers.budget.lines",
            "valeur invalide",
        ),
        (
            lambda d: d["answers"].update({"territory.communes": ["Atlantide (99)"]}),
            "answers.territory.communes",
            "communes introuvables",
        ),
        (lambda d: d["meta"].update({"nom": "x"}), "meta.nom", "clé inconnue"),
        (lambda d: d.update({"unknown": ["pas.une_question"]}), "unknown", "aucune question"),
    ],
)
def test_bad_key_is_named(
    tmp_path: Path, bundle: Bundle, change: Any, key: str, words: str
) -> None:
    data = example_data()
    change(data)
    message = _error(write_yaml(tmp_path, data), bundle)
    assert f"« {key} »" in message and words in message


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"format": "compagnon-cpts.team-export", "version": 1, "answers": {}}, "team"),
        ({"format": "autre", "version": 1, "team": {"name": "X"}, "answers": {}}, "format"),
        (
            {
                "format": "compagnon-cpts.team-export",
                "version": 1,
                "team": {"name": "X"},
                "answers": {"structure.email": {"value": "a@b.fr", "status": "peut-être"}},
            },
            "answers.structure.email.status",
        ),
    ],
)
def test_bad_export_names_the_key(tmp_path: Path, bundle: Bundle, data: Any, key: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert f"« {key} »" in _error(path, bundle)


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=3)
    ),
    max_leaves=8,
)
QIDS = st.sampled_from(["structure.email", "actions.sheets", "territory.communes", "x.y"])
VALUES = st.none() | st.integers() | st.text(max_size=8) | st.lists(st.text(max_size=5), max_size=2)
ANSWERS = st.fixed_dictionaries({"answers": st.dictionaries(QIDS, VALUES, max_size=3)})


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=JUNK | ANSWERS)
def test_any_content_loads_or_fails_cleanly(bundle: Bundle, data: Any) -> None:
    try:
        parse(Path("f.yaml"), data, bundle)
    except DossierFileError as exc:
        assert "f.yaml" in str(exc)
