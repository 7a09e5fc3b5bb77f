"""The review's report words in the interface language (:mod:`app.analytics.report_text`).

Reports and engine-made labels are English templates in the ``Messages`` context; the
review window renders them through the installed Qt translators, like
:func:`app.ui.i18n.tr_message` does for alerts and reasons.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.analytics.report_text import ReportText
from app.messages import CONTEXT
from app.ui.i18n import active_language


def _translate(template: str) -> str:
    return QCoreApplication.translate(CONTEXT, template)


def ui_words() -> ReportText:
    """Report text in the interface language (HTML ``lang`` ``zh-CN`` or ``en``)."""
    lang = "zh-CN" if active_language() == "zh_CN" else "en"
    return ReportText(_translate, lang)
