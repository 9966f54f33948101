"""When ordinary words may be read as a place name: cue words and stop-words.

Free text is full of ordinary words that are also commune names (Y, Eu, Plan, Cours, Ars,
Somme…). They are accepted only when a cue introduces them (« à », « cpam », « dans le »…)
or when they are capitalised mid-sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.rules.territory.data import common_words, stopwords
from bot.rules.territory.place_tokens import Token, capitalised, word_set

CONTRACTIONS = {"au": "le", "du": "le", "aux": "les", "des": "les"}

# Words after which a commune name is expected (« à Voiron », « cpts de Voiron »).
COMMUNE_CUES = word_set(
    "a au aux cpts cpam ars urps msp commune communes ville mairie secteur territoire pres "
    "autour aupres habite habitons situe situee situes base basee bases installe installee "
    "exerce exercons travaille travaillons hopital ch chu clinique maison centre"
)
# Words after which a department or region is expected (« dans le Nord », « ARS 74 »).
AREA_CUES = word_set(
    "en dans cpam ars cpts urps cgss dac caf mdph departement departements dept dpt dep "
    "region prefecture delegation dd dt conseil"
)
CODE_CUES = word_set("cpam ars cpts urps cgss dac caf mdph departement dept dpt dep dans dd dt")
DEPARTMENT_WORDS = word_set("departement dept dpt dep")
SKIP_BEFORE_NAME = word_set("de d du la le l les des")
SKIP_BEFORE_CODE = word_set("le l du")
UNITS = word_set(
    "jour jours mois an ans annee annees semaine semaines heure heures h minute minutes min "
    "commune communes habitant habitants hab euro euros eur k ke keur m me professionnel "
    "professionnels pros membres membre personnes medecins patients pourcent km place places "
    "fois ps etp"
)
FUZZY_COMMUNE_CUES = word_set("a au cpts mairie ville commune")


def cue_before(
    tokens: Sequence[Token], start: int, cues: frozenset[str], skip: frozenset[str]
) -> bool:
    """Whether a cue word stands just before ``start``, articles in between allowed."""
    j = start - 1
    while j >= 0 and tokens[j].word in skip and start - j <= 3:
        j -= 1
    return j >= 0 and tokens[j].word in cues


def _plain_ok(words: Sequence[str], capital: bool, whole: bool, cue: bool, area: bool) -> bool:
    """Whether words that are also ordinary French may be read as a place name here."""
    stop = stopwords()
    if all(w in stop for w in words):
        if area and len(words) > 1:  # « ARS Grand Est », not « le plus grand est »
            return cue or capital
        return capital and (cue or len(words) > 1)
    if (len(words) == 1 and len(words[0]) <= 3) or all(w in common_words() for w in words):
        return whole or cue or capital
    return True


def span_ok(
    tokens: Sequence[Token], start: int, end: int, words: Sequence[str], cue: bool, area: bool
) -> bool:
    capital = capitalised(tokens, start, end)
    whole = start == 0 and end == len(tokens)
    return _plain_ok(words, capital, whole, cue, area)


def contraction_ok(tokens: Sequence[Token], start: int, end: int) -> bool:
    """« au Mans » is a place, « au titre de » or « à des fins » is not."""
    stop = stopwords()
    return capitalised(tokens, start, end) or not any(t.word in stop for t in tokens[start:end])
