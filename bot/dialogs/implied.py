"""What the dossier already says about a pending question (pure, no store).

- ``communes_summary``: the communes understood, their total, and whether they span several
  departments or regions (the confirmation after a communes answer);
- ``implied_choice``: the option a choice question's answer follows from earlier answers
  (the ACI size tier from the communes' total), shown first and marked, one press to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.dialogs.schema import Answer, Question
from bot.rules.territory import department_by_code, region_by_code
from bot.rules.tiers import tier_for

COMMUNES_QID = "territory.communes"
TIER_QID = "territory.aci_size"


@dataclass(frozen=True)
class CommunesSummary:
    communes: list[tuple[str, str, int]]  # (name, department code, population)
    total: int
    departments: list[str]  # « Isère (38) », in order of first appearance
    regions: list[str]


def communes_summary(value: list[dict[str, Any]]) -> CommunesSummary:
    communes = [
        (str(c["name"]), str(c["department"]), int(c.get("population") or 0)) for c in value
    ]
    departments: list[str] = []
    regions: list[str] = []
    for _, code, _ in communes:
        dep = department_by_code(code)
        dep_label = f"{dep.name} ({code})" if dep else code
        if dep_label not in departments:
            departments.append(dep_label)
        region = region_by_code(dep.region) if dep else None
        if region is not None and region.name not in regions:
            regions.append(region.name)
    return CommunesSummary(
        communes=communes,
        total=sum(p for _, _, p in communes),
        departments=departments,
        regions=regions,
    )


def _tier_choice(dossier: dict[str, Answer]) -> str | None:
    ans = dossier.get(COMMUNES_QID)
    if ans is None or ans.status != "answered" or not ans.value:
        return None
    total = sum(int(c.get("population") or 0) for c in ans.value)
    return f"t{tier_for(total).tier}" if total else None


# question id → how its implied option is read from the dossier
IMPLIED = {TIER_QID: _tier_choice}


def implied_choice(q: Question, dossier: dict[str, Answer]) -> str | None:
    """The option value the dossier implies for ``q`` (None when it implies nothing)."""
    rule = IMPLIED.get(q.id)
    if rule is None:
        return None
    value = rule(dossier)
    return value if value in {c.value for c in q.choices} else None
