"""Parameter meanings and count lines in the session's language, built from the core's structured info."""
from __future__ import annotations

import pandas as pd

from rnnviz.model.counting import count_breakdown
from rnnviz.model.params import parameter_infos
from rnnviz.model.spec import ModelSpec
from rnnviz.strings import translate
from rnnviz.ui.string_families import family_key

GATE_KEYS = {"i": "gate_i", "f": "gate_f", "g": "gate_g", "o": "gate_o", "r": "gate_r", "z": "gate_z",
             "n": "gate_n", "h": "gate_h"}


def _where(spec: ModelSpec, layer, direction: int, lang: str, role: str = "") -> str:
    if role == "embedding":
        return translate("where_embedding", lang)
    if layer is None:
        return translate("where_head", lang)
    text = translate("where_layer", lang, layer=layer)
    if spec.bidirectional:
        text += translate("where_reverse" if direction else "where_forward", lang)
    return text


def _blocks(spec: ModelSpec, blocks, lang: str) -> str:
    H = spec.hidden_size
    if len(blocks) == 1:
        return ""
    parts = [translate("rows", lang, start=k * H, stop=(k + 1) * H - 1, gate=translate(GATE_KEYS[b], lang))
             for k, b in enumerate(blocks)]
    semicolon, comma = ("；", "，") if lang == "zh" else ("; ", ", ")
    return semicolon + comma.join(parts)


def meaning(spec: ModelSpec, info, lang: str) -> str:
    where = _where(spec, info.layer, info.direction, lang, info.role)
    blocks = spec.gate_blocks
    if info.role == "weight_ch":
        blocks = tuple(b for b in blocks if b != "g")
    if info.role in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_ch"):
        source = "x_t" if info.layer == 0 else translate("lower_layer_h", lang, layer=info.layer - 1)
        recurrent = "y_{t-1}" if spec.cell == "jordan" else "h_{t-1}"
        text = translate(family_key("role_{}", info.role), lang, source=source, recurrent=recurrent)
        return f"{where}{_colon(lang)}{text}{_blocks(spec, blocks, lang)}"
    if info.role == "head_weight":
        return f"{where}{_colon(lang)}" + translate("role_head_weight", lang, act=spec.head.activation)
    return f"{where}{_colon(lang)}" + translate(family_key("role_{}", info.role), lang)


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


FRAME_HEADER_KEYS = {"name": "param_col_name", "shape": "param_col_shape", "count": "param_col_count",
                     "meaning": "param_col_meaning"}


def shown_parameter_frame(spec: ModelSpec, lang: str) -> pd.DataFrame:
    """parameter_frame with its column headers in `lang` (the frame's own columns stay the keys tests read)."""
    return parameter_frame(spec, lang).rename(columns={c: translate(k, lang) for c, k in FRAME_HEADER_KEYS.items()})


def parameter_frame(spec: ModelSpec, lang: str) -> pd.DataFrame:
    rows = [{"name": i.name, "shape": " × ".join(map(str, i.shape)), "count": _count(i.shape),
             "meaning": meaning(spec, i, lang)} for i in parameter_infos(spec)]
    return pd.DataFrame(rows, columns=["name", "shape", "count", "meaning"])


def _count(shape) -> int:
    total = 1
    for n in shape:
        total *= n
    return total


def count_lines(spec: ModelSpec, lang: str) -> list[str]:
    lines = []
    for line in count_breakdown(spec):
        if line.part in ("head", "embedding"):
            part = translate("where_head" if line.part == "head" else "where_embedding", lang)
        else:
            layer = int(line.part.split()[1])
            direction = 1 if "reverse" in line.part else 0
            part = _where(spec, layer, direction, lang)
        lines.append(f"{part}{_colon(lang)}{line.formula} = **{line.count:,}**")
    return lines
