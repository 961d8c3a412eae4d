"""The words figures print (axis titles, legends), in a language: one table for the app, the standalone page and
the notebook widget."""
from __future__ import annotations

from rnnviz.strings import translate

# the quantities figures name, each with its key in rnnviz/strings.py (written out whole, so grep finds them)
QUANTITY_KEYS = {"i": "q_i", "f": "q_f", "g": "q_g", "o": "q_o", "c": "q_c", "r": "q_r", "z": "q_z", "n": "q_n",
                 "h": "q_h", "y": "q_y"}


def figure_words(lang: str) -> dict:
    """The words figures print, in `lang` (keys as rnnviz.viz.charts.DEFAULT_TEXT)."""
    words = {q: translate(key, lang) for q, key in QUANTITY_KEYS.items()}
    words.update(unit=translate("chart_unit", lang), step=translate("chart_step", lang),
                 step_axis=translate("chart_step_axis", lang), mean_of=translate("chart_mean_of", lang))
    return words
