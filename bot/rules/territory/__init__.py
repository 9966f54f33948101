"""French territory lookups: communes, departments, regions and EPCI, from user text.

Users name places the way they talk (« grenobel », « Voiron (38) », « 38500 », « la cc du
pays voironnais », « cpam de la haute savoie »). This package turns that into official
entities with populations, so the interview can total a CPTS territory and the FAQ can
pick the right CPAM/ARS. Data is read once, lazily (``data``).

Modules, one job each:
  models         the returned dataclasses (Commune, Department, Place, CommuneSum…)
  data           the packaged data file, its tables and indexes, built on first use
  folding        user spelling → lookup keys (abbreviations, department codes)
  fuzzy          typo tolerance (edit distance among keys of similar length)
  areas          departments and regions by code or name
  epci           EPCI by SIREN code or name
  communes       one commune by name, INSEE or postal code (``lookup_commune``)
  communes_list  a typed list of communes: split, resolve together, total
  place_tokens   free text → words that remember their capitals and hyphens
  place_cues     when an ordinary word may be read as a place (cues, stop-words)
  place_matches  every span that may name a place
  places         ``find_place``: the one place a question is about (or the commune name
                 it gives that several communes bear: ``find_place_or_homonyms``)
  shorthands     the big commune a short name stands for (« Clermont »)

Names with a leading underscore are internal; the few re-exported below are inspected
by tests and the benchmark.
"""

from bot.rules.territory.areas import (
    area_population,
    department_by_code,
    find_department,
    find_region,
    region_by_code,
)
from bot.rules.territory.communes import commune_by_insee, lookup_commune
from bot.rules.territory.communes_list import split_commune_list, sum_communes
from bot.rules.territory.data import (
    ALIASES_FILE,
    DATA_FILE,
    STOPWORDS_FILE,
    TERRITORY_DIR,
    metadata,
)
from bot.rules.territory.data import commune_index as commune_index
from bot.rules.territory.data import department_table as department_table
from bot.rules.territory.data import epci_index as epci_index
from bot.rules.territory.data import region_table as region_table
from bot.rules.territory.epci import epci_by_code, epci_members, find_epci
from bot.rules.territory.models import (
    Commune,
    CommuneLookup,
    CommuneSum,
    Department,
    Epci,
    Place,
    Region,
)
from bot.rules.territory.place_matches import MAX_WORDS as MAX_WORDS
from bot.rules.territory.place_matches import area_keys as area_keys
from bot.rules.territory.places import find_place, find_place_or_homonyms

__all__ = [
    "ALIASES_FILE",
    "DATA_FILE",
    "STOPWORDS_FILE",
    "TERRITORY_DIR",
    "Commune",
    "CommuneLookup",
    "CommuneSum",
    "Department",
    "Epci",
    "Place",
    "Region",
    "area_population",
    "commune_by_insee",
    "department_by_code",
    "epci_by_code",
    "epci_members",
    "find_department",
    "find_epci",
    "find_place",
    "find_place_or_homonyms",
    "find_region",
    "lookup_commune",
    "metadata",
    "region_by_code",
    "split_commune_list",
    "sum_communes",
]
