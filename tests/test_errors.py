"""One error hierarchy: what a person can act on derives from app.errors.UserError."""

from __future__ import annotations

import ast
import builtins
import errno
import logging
from pathlib import Path

import pytest

import app
from app import errors
from app.errors import UserError, user_message

APP = Path(app.__file__).parent

#: Exception classes that are deliberately not a UserError, and why.
NOT_FOR_PEOPLE = {
    # the ingest server's answer to a client (an HTTP status and a JSON body)
    "IngestError",
    # the recorder's reason to reject one row (counted and logged by the writer)
    "RowRejected",
    # store copy: internal control flow of one session's transaction
    "_Cancelled",
    "_Mismatch",
    # an OSError (Python cannot derive from both); user_message words every OSError
    "DataFolderError",
    # OBS control reconnects on these; the status line words them (show/obs._problem_text)
    "ObsError",
    # the browser bridge: a page frame it could not decode (counted, the page goes on)
    "DecodeError",
    # the bridge's .proto reader: a bug of ours, never something a person can fix
    "ProtoSchemaError",
}


def _exception_classes() -> dict[str, tuple[str, set[str]]]:
    """``name -> (module path, base names)`` of every exception class defined in app/."""
    classes: dict[str, tuple[str, set[str]]] = {}
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b).split(".")[-1] for b in node.bases}
                old = classes.get(node.name, ("", set()))[1]
                classes[node.name] = (str(path.relative_to(APP.parent)), bases | old)
    builtin_errors = {
        n for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, Exception)
    }

    def is_exception(name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name in builtin_errors:
            return True
        if name not in classes or name in seen:
            return False
        return any(is_exception(b, seen | {name}) for b in classes[name][1])

    return {n: c for n, c in classes.items() if n not in builtin_errors and is_exception(n)}


def _derives_from(name: str, targets: set[str], classes: dict[str, tuple[str, set[str]]]) -> bool:
    bases = classes.get(name, ("", set()))[1]
    return bool(bases & targets) or any(
        b != name and _derives_from(b, targets, classes) for b in bases
    )


def test_every_error_for_people_is_a_user_error() -> None:
    """A new exception class must derive from UserError or say here why it does not."""
    classes = _exception_classes()
    assert {"ModelError", "StoreError", "LexiconError", "ObsError"} <= set(classes)  # found
    outside = {
        name: where
        for name, (where, _bases) in classes.items()
        if name not in {"UserError", *NOT_FOR_PEOPLE}
        and not _derives_from(name, {"UserError", *NOT_FOR_PEOPLE}, classes)
    }
    assert outside == {}


def test_the_two_model_errors_share_one_base() -> None:
    from app.chat.sentiment import ModelError as CommentModelError
    from app.speech.models import ModelError as SpeechModelError

    for cls in (CommentModelError, SpeechModelError):
        assert issubclass(cls, errors.ModelError) and issubclass(cls, UserError)
    assert user_message(CommentModelError("comment model in x is unreadable")) == (
        "comment model in x is unreadable"
    )


def test_errors_module_imports_no_exception_classes() -> None:
    """errors.py knows none of the errors: each package derives its own from UserError."""
    tree = ast.parse((APP / "errors.py").read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app")
    }
    assert imported <= {"app.system_libs"}


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (UserError("no session with id 9"), "no session with id 9"),
        (OSError(errno.ENOSPC, "No space left", "/data/x.db"), "the disk is full (/data/x.db)"),
        (OSError(errno.EACCES, "Permission denied", "/data"), "permission denied: /data"),
        (OSError(errno.ENOENT, "No such file", "/nope"), "No such file (/nope)"),
    ],
)
def test_user_message_words_what_a_person_can_act_on(exc: BaseException, expected: str) -> None:
    message = user_message(exc)
    assert message is not None and message.startswith(expected)


def test_a_bug_has_no_user_message(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    assert user_message(KeyError("x")) is None
    assert user_message(ValueError("bad")) is None
