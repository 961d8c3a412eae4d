"""The string keys built at run time, each family declared once: its template and where its members come from.

    t(family_key("cell_{}", kind))      # "cell_lstm"; kind must be one of rnnviz.ui.state.CELL_KINDS

Every other key in rnnviz/strings.py is written out whole where it is used (a literal, or a table of literals),
so grepping a key finds its use; grepping a family's prefix ("cell_") finds its declaration here and every call
that builds one. tests/ui/test_strings.py holds this to the code: every member of every family has its string in
both languages, every string is used whole somewhere or belongs to a family, and no key is built any other way.

A family's members are read from where the core (or the page) declares them, when first asked for: the pages
that build no such key do not import what declares them (rnnviz.learn.tasks, say).
"""
from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    template: str  # the key with {} where the member goes: "cell_{}", "task_{}_help"
    source: str  # "module:NAME": a tuple of members, or a dict whose values hold them (a tuple or a dict's keys)
    extra: tuple[str, ...] = ()  # members the source does not hold

    def members(self) -> frozenset[str]:
        return _members(self)

    def keys(self) -> frozenset[str]:
        return frozenset(self.template.format(member) for member in self.members())


# The features of a task's own sequences, as the Interpret page's unit finder offers them (rnnviz.learn.probe.probe_for:
# Task.features, with a task's "position" called "step"), beside the text features of every character task.
# Declared here while rnnviz.learn.tasks only gives them per task; tests/ui/test_strings.py builds every task to check.
TASK_FEATURES = ("step", "depth", "target", "marker", "marked_sum", "recall", "count", "ink")

FAMILIES = {family.template: family for family in (
    Family("cell_{}", "rnnviz.ui.state:CELL_KINDS"),  # the cell choices a person sees
    Family("gate_blocks_{}", "rnnviz.model.spec:CELLS", extra=("coupled",)),  # how the weights stack, per cell
    Family("role_{}", "rnnviz.model.params:ROLES"),  # what a parameter is for
    Family("q_{}", "rnnviz.model.spec:CELL_QUANTITIES", extra=("y", "tanh_c")),  # recorded; the output; derived
    Family("theme_{}", "rnnviz.ui.state:THEMES"),
    Family("src_{}", "rnnviz.ui.sequence_editor:SOURCES"),  # where Step through's input comes from
    Family("gen_{}", "rnnviz.data.sequences:GENERATORS"),
    Family("gp_{}", "rnnviz.data.sequences:GENERATOR_PARAMS"),  # every generator's parameters
    Family("task_{}", "rnnviz.learn.tasks:TASKS"),
    Family("task_{}_help", "rnnviz.learn.tasks:TASKS"),
    Family("tp_{}", "rnnviz.learn.tasks:PARAMS"),  # every task's numeric parameters
    Family("tr_source_{}", "rnnviz.learn.tasks:TEXT_SOURCES"),
    Family("tr_csv_kind_{}", "rnnviz.learn.tasks:CSV_KINDS"),
    Family("loss_{}", "rnnviz.learn.train:LOSSES"),
    Family("opt_{}", "rnnviz.learn.train:OPTIMIZERS"),
    Family("tr_status_{}", "rnnviz.learn.jobs:STATUSES"),
    Family("in_data_{}", "rnnviz.learn.probe:SOURCES", extra=("typed", "held_out", "held_out_file")),  # held-out code
    Family("feat_{}", "rnnviz.learn.interpret:TEXT_FEATURES", extra=TASK_FEATURES),
    Family("cc_{}", "rnnviz.learn.interpret:CHAR_CLASSES"),
    Family("tok_mode_{}", "rnnviz.ui.token_input:MODES"),  # how an embedding network's tokens are typed
    Family("tok_split_{}", "rnnviz.data.vocabulary:SPLITS"),
)}


@functools.cache
def _members(family: Family) -> frozenset[str]:
    module, name = family.source.split(":")
    declared = getattr(importlib.import_module(module), name)
    if isinstance(declared, dict):  # e.g. generator -> {parameter: default}: the members are in the values
        declared = [member for inner in declared.values() for member in inner]
    return frozenset(declared) | frozenset(family.extra)


def family_key(template: str, member: str) -> str:
    """The key of `member` in the family declared with `template`; a member the family does not hold is an error
    here, not a key shown on the page."""
    family = FAMILIES.get(template)
    if family is None:
        raise KeyError(f"no string family {template!r}; declare it in rnnviz/ui/string_families.py")
    if member not in family.members():
        raise ValueError(f"{member!r} is not in the string family {template!r} ({family.source}); "
                         f"declare it there and add its strings")
    return template.format(member)
