"""Every key rnnviz keeps in st.session_state, declared once: what it holds and which module writes it.

Widgets are keyed by a prefix per page or part plus the widget's name; the prefixes are declared here too,
because reset_widgets / keep_widgets (ui/messages.py) act on every key that starts with one, and a prefix
that begins another would reach widgets it does not own (tests/ui/test_session_keys.py checks that none
does, but for the nesting declared in NESTED_PREFIXES).
"""
from __future__ import annotations

# --- the view and what is computed from it (ui/session.py) ----------------------------------------------
VIEW = "rnnviz_view"  # View: the whole state a link carries
NETWORK = "rnnviz_network"  # (model fingerprint, Network)
TRACE = "rnnviz_trace"  # (trace key, Trace)
URL_PROBLEMS = "rnnviz_url_problems"  # what the opening link had wrong, said once
LINK_HAS_MODEL = "rnnviz_link_has_model"  # the opening link named a model (a lesson's preset does not replace it)
BROWSER_LANG = "rnnviz_browser_lang"  # the language a link without lang= opened in

# --- the page frame ---------------------------------------------------------------------------------------
SESSION_STARTED = "rnnviz_session_started"  # ui/chrome.py: this session's first run is over
FLASH = "rnnviz_flash"  # ui/messages.py: a message to show on the next run (after a callback)
KEPT_PREFIX = "rnnviz_kept_"  # ui/messages.py: + widget prefix: a page's widget values while it is not shown
LESSON_OPENED = "rnnviz_lesson_opened"  # ui/lessons_ui.py: the lesson whose widgets were last set up
STEPPER_PAYLOAD = "rnnviz_stepper_payload"  # ui/step_view.py: (key, payload) last sent to the stepper
SEQUENCE_BEFORE_FEEDING = "rnnviz_sequence_before_feeding"  # ui/sequence_editor.py: restored by "Reset"
WEIGHT_EDITOR_GENERATION = "rnnviz_weight_editor_generation"  # ui/weight_editor.py: renews the grid's key

# --- a lost session's runs (ui/lost_runs.py) ------------------------------------------------------------
LOST_RUNS = "rnnviz_lost_runs"  # the browser component's state
SESSION_TOKEN = "rnnviz_session_token"  # this session's own name, unknown to any other session
LOST_REPORTED = "rnnviz_lost_reported"  # the lost session already reported (a report counts once)
LOST_NOTICE = "rnnviz_lost_notice"  # (runs lost, the page the notice belongs to)

# --- training and its runs (ui/trained_runs.py, ui/train_view.py) ---------------------------------------
TASK = "rnnviz_task"  # (task fingerprint, Task) the Train page shows
JOB = "rnnviz_job"  # (task fingerprint, Task, TrainingJob) being trained or last trained
TRAIN_NOTES = "rnnviz_train_notes"  # why the last job's runs left nothing to show; kept until the next Train
RUNS = "rnnviz_runs"  # finished runs, newest last: list[FinishedRun]
SELECTED_RUN = "rnnviz_selected_run"  # id of the run the Interpret page looks at
RUN_COUNTER = "rnnviz_run_counter"  # numbers this session's runs #1, #2, ...
RUN_IDS = "rnnviz_run_ids"  # identifies finished runs (the Interpret page's choice)

# --- other pages ------------------------------------------------------------------------------------------
IMPORT_FILE = "rnnviz_import_file"  # ui/import_export.py: (file key, tensors, notes) or (file key, None, error)
IMPORT_LOADED = "rnnviz_import_loaded"  # ui/import_export.py: what the last "Use this model" loaded, shown once
PROBE = "rnnviz_probe"  # ui/interpret_view.py: (key, reading) of the data the page reads (learn/readings.py)
VOCABULARY = "rnnviz_vocabulary"  # ui/token_input.py: the Vocabulary an embedding network's tokens are read by

# --- the stepper component's memory (ui/stepper.py), + the component's key ----------------------------------
STEPPER_CONTENT_PREFIX = "_rnnviz_stepper_content_"  # (token, content, version) last sent
STEPPER_STEP_PREFIX = "_rnnviz_stepper_"  # {"seq", "returned"}: the step the browser last reported
STEPPER_CHOICE_PREFIX = "_rnnviz_stepper_choice_"  # the same for the unit / layer choices made in the browser

# --- widget keys ------------------------------------------------------------------------------------------
# Components keyed by a fixed name.
COMPONENT_KEYS = ("stepper", "home_stepper", "rnnviz_theme", "rnnviz_hotkeys", LOST_RUNS, "presenter_bar",
                  "exit_present")
# Every other widget's key starts with one of these.
WIDGET_PREFIXES = {
    "sb_": "the sidebar (ui/sidebar.py)",
    "pb_": "the presenter bar (ui/presenter.py)",
    "b_": "Build (ui/model_builder.py)",
    "w_": "the weight editor (ui/weight_editor.py): w_<parameter>_<fingerprint>_<row>",
    "s_": "the sequence editor (ui/sequence_editor.py) and its token ids (ui/token_input.py)",
    "v_": "Step through's pickers (ui/step_view.py), redrawn from the view",
    "l_": "a lesson page's own widgets (ui/lessons_ui.py, ui/lesson_controls.py, ui/lesson_guide.py)",
    "lv_": "lesson views (ui/lesson_views/), each with its own lv_<view>_ (lv_grad_: gradients.py)",
    "tr_": "Train (ui/train_view.py)",
    "tr_s_": "Train's settings, reset to the task's recommendations when the task changes",
    "ie_": "Import / export (ui/import_export.py)",
    "in_": "Interpret (ui/interpret_view.py)",
}
NESTED_PREFIXES = {"tr_s_": "tr_"}  # reset on their own; kept with their page's


def is_declared(key: str) -> bool:
    """Whether a session_state key is one of the above (tests hold every page's keys to this)."""
    plain = {v for k, v in globals().items() if k.isupper() and isinstance(v, str)}
    prefixes = (*WIDGET_PREFIXES, KEPT_PREFIX, STEPPER_CONTENT_PREFIX, STEPPER_STEP_PREFIX, STEPPER_CHOICE_PREFIX)
    return key in plain or key in COMPONENT_KEYS or key.startswith(prefixes)
