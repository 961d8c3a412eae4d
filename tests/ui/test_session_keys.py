"""The session's keys are declared once (rnnviz/ui/session_keys.py); the page tests hold every key a page
sets to that table (tests/pages/conftest.py: assert_keys_declared)."""
import pathlib
import re

from rnnviz.ui import session_keys
from rnnviz.ui.session_keys import COMPONENT_KEYS, NESTED_PREFIXES, WIDGET_PREFIXES, is_declared

UI = pathlib.Path(session_keys.__file__).parent


def test_every_key_is_declared_once():
    plain = [v for k, v in vars(session_keys).items() if k.isupper() and isinstance(v, str)]
    assert len(plain) == len(set(plain)) > 20
    assert not set(plain) & set(WIDGET_PREFIXES)


def test_no_widget_prefix_reaches_widgets_it_does_not_own():
    """reset_widgets("s_") must not reset "sb_lang"; only declared nesting (tr_s_ inside tr_) may overlap."""
    for a in WIDGET_PREFIXES:
        for b in WIDGET_PREFIXES:
            if a != b and b.startswith(a):
                assert NESTED_PREFIXES.get(b) == a, (a, b)
        assert not any(key.startswith(a) for key in COMPONENT_KEYS), a


def test_no_session_key_is_written_out_elsewhere():
    """A key literal in a ui module other than the table is a second declaration (component names excepted:
    a component's name is not a session key)."""
    components = set(re.findall(r'component\(\s*"(\w+)"', "".join(p.read_text() for p in UI.rglob("*.py"))))
    for path in UI.rglob("*.py"):
        if path.name == "session_keys.py":
            continue
        for literal in re.findall(r'"(_?rnnviz_\w+)"', path.read_text()):
            assert literal in components, (path.name, literal)


def test_is_declared_tells_declared_keys_from_others():
    assert is_declared("rnnviz_view") and is_declared("tr_s_epochs") and is_declared("rnnviz_kept_tr_")
    assert is_declared("_rnnviz_stepper_content_stepper") and is_declared("stepper")
    assert not is_declared("rnnviz_views") and not is_declared("x_lang") and not is_declared("steppers")
