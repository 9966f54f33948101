"""Where the tests read the official forms and the research file (copies kept in the repo)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "sources" / "seeds"
RESEARCH = ROOT / "sources" / "research" / "aci-facts.md"
SHARED = ROOT.parent / "shared"  # the originals, present beside the clone in CI
