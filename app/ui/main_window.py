"""The live-session window: camera in the middle, everything else in movable docks.

The window wires three things together and holds no session logic: the engine (read with
cheap calls on two GUI timers), the :class:`EventBridge` (bus events as batched signals)
and the panels (slots named ``_on_<event>``).

A live show opens ready but not recording: *Go live* starts it, *End show* (or closing
the window, Ctrl+Q) asks first and closes it cleanly, and the next show starts from the
plan list (:attr:`MainWindow.next_show_requested`). A replay (the demo) starts at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QToolBar,
    QWidget,
)

from app import __version__
from app.chat.questions import QuestionGroup
from app.commerce.catalog import ProductInfo
from app.commerce.plans import ShowPlan
from app.session.events import OrderEvent, ProductSwitchEvent
from app.ui import gc_guard, theme
from app.ui.bridge import EventBridge
from app.ui.dialogs.product_editor import catalog_saver
from app.ui.engine_api import SessionEngineLike
from app.ui.formatting import fmt_money, platform_label
from app.ui.host_view import HostView
from app.ui.i18n import tr_error
from app.ui.panels.alerts import AlertsPanel
from app.ui.panels.camera import VIDEO_SOURCE, CameraPanel
from app.ui.panels.comments import CommentsPanel
from app.ui.panels.connect import ClickOpener, ConnectionsDialog
from app.ui.panels.giveaway import GiveawayPanel
from app.ui.panels.kpis import CHART_MIN_HEIGHT, KpiPanel
from app.ui.panels.product_queue import ProductQueuePanel
from app.ui.panels.recommendations import RecommendationsPanel
from app.ui.panels.status_bar import SessionStatusBar
from app.ui.panels.transcript import TranscriptPanel

if TYPE_CHECKING:
    from app.ui.dialogs.privacy import RetentionAtStart
from app.ui.program_output import VideoControls

log = logging.getLogger("app.ui.main_window")


def platform_names(platform: str) -> str:
    """ "douyin,tiktok" as the people who use them say it."""
    return " / ".join(platform_label(p) for p in platform.split(",") if p)


HOST_VIEW_SHORTCUT = "Ctrl+Shift+H"
#: Below this window height (logical px) "Pitch next" shares a tab with the queue.
SHORT_SCREEN = 800


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area: a dock under the camera must not dictate the
    window's height (a laptop's 768 px hold the camera only if the docks can shrink)."""
    scroller = QScrollArea()
    scroller.setWidgetResizable(True)
    scroller.setFrameShape(QFrame.Shape.NoFrame)
    scroller.setWidget(widget)
    return scroller


CLOCK_INTERVAL_MS = 250  # the clock must not skip a second when the timer drifts
KPI_INTERVAL_MS = 1_000
LAYOUT_VERSION = 4  # 4: camera-first laptop layout, scrolling docks (issue 17)
DEFAULT_SIZE = (1280, 800)
_SETTINGS_GEOMETRY = "main_window/geometry"
_SETTINGS_STATE = "main_window/state"


class MainWindow(QMainWindow):
    """Shows one live session; closing it stops the engine."""

    def __init__(
        self,
        engine: SessionEngineLike,
        *,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self._settings = settings
        self.host_view: HostView | None = None
        self._frozen = False
        app = QApplication.instance()
        if isinstance(app, QApplication):  # before the panels measure their text
            theme.set_text_size(app, engine.config.settings.text_size)
        self._shut_down = False
        self._finished_shown = False
        self._end_confirmed = False
        #: Set when the user ended the show or asked for a new one: the app then offers
        #: the plan list again instead of quitting.
        self.next_show_requested = False
        self.live = engine.info.mode == "live"
        self.bridge = EventBridge(engine.bus, parent=self)
        self._build_panels()
        self.docks = self._build_docks()
        self._build_show_bar()
        self._build_menus()
        self._connect_bridge()
        self._seed_from_engine()
        self._wire_server_dot()
        self._retention = self._start_retention()
        self._timers = [
            self._start_timer(CLOCK_INTERVAL_MS, self._on_clock_tick),
            self._start_timer(KPI_INTERVAL_MS, self._on_kpi_tick),
        ]
        self._fit_to_screen()
        self._default_state = self.saveState(LAYOUT_VERSION)
        self._restore_layout()
        self.refresh()

    # -- construction ---------------------------------------------------------------------
    def _build_panels(self) -> None:
        engine = self.engine
        self.camera = CameraPanel({p.sku: p for p in engine.products})
        self.queue = ProductQueuePanel(
            engine.products,
            engine.rundown,
            self._switch_product,
            show=engine.show,
            next_product=engine.next_product,
            plan=engine.plan,
            claims=engine.claims,
        )
        self.giveaway = GiveawayPanel(engine.giveaways) if engine.giveaways is not None else None
        self.recommend = RecommendationsPanel(engine.products, self._switch_product)
        self.comments = CommentsPanel(engine.products, engine.bus.publish, engine.clock.now_ms)
        # Replies quote live stock and prices; *Write reply…* saves to the product's FAQ.
        saver = catalog_saver(engine.store) if engine.store is not None else None
        self.comments.questions.bind_show(engine.show, saver, self.update_products)
        self.transcript = TranscriptPanel(engine.speech_note)
        self.kpis = KpiPanel()
        self.alerts = AlertsPanel(sound=engine.config.settings.compliance_alert_sound)
        self.status = SessionStatusBar()
        if VIDEO_SOURCE not in engine.source_names:
            self.camera.show_no_camera()
        self.setCentralWidget(self.camera)
        self.setStatusBar(self.status)

    def _build_docks(self) -> dict[str, QDockWidget]:
        area = Qt.DockWidgetArea
        # KPIs span the top (one row of cards on a laptop); the side columns run below.
        self.setCorner(Qt.Corner.TopLeftCorner, area.TopDockWidgetArea)
        self.setCorner(Qt.Corner.TopRightCorner, area.TopDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, area.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, area.RightDockWidgetArea)
        docks = {
            "queue": self._dock("queue", self.tr("Product queue"), self.queue),
            "kpis": self._dock("kpis", self.tr("Live data"), self.kpis),
            "comments": self._dock("comments", self.tr("Comments"), self.comments),
            "alerts": self._dock("alerts", self.tr("Alerts"), self.alerts),
            "questions": self._dock(
                "questions",
                self.tr("Questions to answer"),
                scrolling(self.comments.questions),
            ),
            "transcript": self._dock(
                "transcript", self.tr("Transcript"), scrolling(self.transcript)
            ),
            "recommend": self._dock("recommend", self.tr("Pitch next"), self.recommend),
        }
        if self.giveaway is not None:
            docks["giveaway"] = self._dock(
                "giveaway", self.tr("Giveaway"), scrolling(self.giveaway)
            )
        self.addDockWidget(area.LeftDockWidgetArea, docks["queue"])
        self.addDockWidget(area.TopDockWidgetArea, docks["kpis"])
        self.addDockWidget(area.RightDockWidgetArea, docks["comments"])
        self.addDockWidget(area.RightDockWidgetArea, docks["alerts"])
        self.addDockWidget(area.BottomDockWidgetArea, docks["transcript"])
        self.addDockWidget(area.LeftDockWidgetArea, docks["recommend"])
        self.addDockWidget(area.BottomDockWidgetArea, docks["questions"])
        self.tabifyDockWidget(docks["transcript"], docks["questions"])
        if "giveaway" in docks:  # beside the alerts: the operator opens it when it is time
            self.addDockWidget(area.RightDockWidgetArea, docks["giveaway"])
            self.tabifyDockWidget(docks["alerts"], docks["giveaway"])
            docks["alerts"].raise_()
        self.comments.questions.title.hide()  # the dock title says it already
        docks["questions"].raise_()  # hosts answer questions; producers flip to the transcript
        return docks

    def _fit_to_screen(self) -> None:
        """Open large on a laptop screen, with room for the camera and readable comments."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            avail = screen.availableGeometry()
            width = min(avail.width(), max(DEFAULT_SIZE[0], int(avail.width() * 0.9)))
            height = min(avail.height(), max(DEFAULT_SIZE[1], int(avail.height() * 0.9)))
            self.resize(width, height)
            self.move(avail.center() - self.rect().center())
        width = self.width()
        self.kpis._arrange(self.kpis.columns_for(width - 8))
        if self.height() < SHORT_SCREEN:  # a laptop (768 px, or scaled): the queue needs the column
            self.tabifyDockWidget(self.docks["queue"], self.docks["recommend"])
            self.docks["queue"].raise_()
        side = [max(340, int(width * 0.25)), max(360, int(width * 0.26))]
        self.resizeDocks(
            [self.docks["queue"], self.docks["comments"]], side, Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.docks["comments"], self.docks["alerts"]], [3, 2], Qt.Orientation.Vertical
        )
        if "recommend" in self.docks:
            self.resizeDocks(
                [self.docks["queue"], self.docks["recommend"]], [2, 1], Qt.Orientation.Vertical
            )
        # the camera keeps 16:9 at the centre column's width; the questions get the rest
        centre = max(320, width - sum(side))
        free = self.height() - self._kpi_height() - 160  # menus, show bar, status bar
        bottom = max(140, min(free - centre * 9 // 16, self.height() // 3))
        self.resizeDocks(
            [self.docks["kpis"], self.docks["transcript"]],
            [self._kpi_height(), bottom],
            Qt.Orientation.Vertical,
        )

    def _kpi_height(self) -> int:
        """The KPI dock's height: the cards, plus the charts when they are open."""
        cards = self.kpis.cards_height() + 8
        if not self.kpis.charts_shown:
            return cards
        return cards + max(CHART_MIN_HEIGHT, min(320, self.height() // 3))

    def _on_charts_toggled(self, _shown: bool) -> None:
        """Give the charts real room (a dock keeps its height otherwise), or take it back."""
        self.resizeDocks([self.docks["kpis"]], [self._kpi_height()], Qt.Orientation.Vertical)

    def _dock(self, key: str, title: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")  # saveState() identifies docks by object name
        dock.setWidget(widget)
        return dock

    def _build_show_bar(self) -> None:
        """The show's name and the one big button: *Go live*, then *End show*."""
        bar = QToolBar(self.tr("Show"), self)
        bar.setObjectName("show_bar")
        bar.setMovable(False)
        info = self.engine.info
        parts = [info.title, info.host, platform_names(info.platform)]
        self.show_label = QLabel("  ·  ".join(p for p in parts if p))
        self.show_label.setObjectName("showInfo")
        self.go_live_button = QPushButton(self.tr("● Go live"))
        self.go_live_button.setObjectName("goLive")
        self.go_live_button.setProperty("role", "primary")  # styled by dark.qss
        self.go_live_button.setToolTip(
            self.tr("Start recording this show (comments, orders, video)")
        )
        self.go_live_button.clicked.connect(self.go_live)
        self.end_show_button = QPushButton(self.tr("■ End show"))
        self.end_show_button.setObjectName("endShow")
        self.end_show_button.setProperty("role", "danger")
        self.end_show_button.clicked.connect(self._on_new_show)
        # In a tool bar a widget is shown and hidden through the action that holds it.
        self._go_live_action = bar.addWidget(self.go_live_button)
        self._end_show_action = bar.addWidget(self.end_show_button)
        bar.addSeparator()
        bar.addWidget(self.show_label)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.show_bar = bar
        self._update_show_state()

    def _update_show_state(self) -> None:
        started, stopped = self.engine.started, self.engine.stopped
        self._go_live_action.setVisible(self.live and not started)
        self._end_show_action.setVisible(self.live and started and not stopped)
        self.end_show_button.setEnabled(started and not stopped)
        if not self.live:  # a replay: no recording state to tell
            self.setWindowTitle(self.tr("AnchorDesk — {title}").format(title=self.engine.title))
            return
        if stopped:
            state = self.tr("Show ended")
        elif started:
            state = self.tr("On air — recording")
        else:
            state = self.tr("Ready — not recording yet")
        self.setWindowTitle(
            self.tr("AnchorDesk — {title} ({state})").format(title=self.engine.title, state=state)
        )

    def go_live(self) -> bool:
        """Start recording the show; a failure is shown and the window stays usable."""
        if self.engine.started:
            return True
        try:
            self.engine.start()
        except Exception as exc:
            log.exception("the show could not start")
            QMessageBox.critical(
                self,
                self.tr("Could not go live"),
                self.tr("The show could not start: {error}").format(error=tr_error(exc)),
            )
            return False
        self._update_show_state()
        self.status.showMessage(self.tr("On air: recording “{title}”").format(
            title=self.engine.title), 6_000)  # fmt: skip
        return True

    def end_show(self, *, confirm: bool = True) -> bool:
        """End the live show (after asking), close the window and offer the plan list."""
        if self.live and self.engine.started and not self.engine.stopped:
            if confirm and not self._confirm_end():
                return False
            self._end_confirmed = True
        self.next_show_requested = True
        self.close()
        return True

    def _on_new_show(self) -> None:
        """*End show*, File ▸ New show…: end this one (after asking), then the plan list."""
        self.end_show()

    def _confirm_end(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("End show"),
            self.tr("End “{title}” now? Recording stops and the show is saved for review.").format(
                title=self.engine.title
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def update_products(self, products: list[ProductInfo]) -> None:
        """Catalog edits made while the window is open reach the show and the panels."""
        self.engine.update_products(products)
        self.queue.set_products(self.engine.products, self.engine.rundown)
        self.camera.set_products({p.sku: p for p in self.engine.products})

    def _on_edit_plan(self) -> None:
        """Show ▸ Edit show plan…: rundown, prices, flash sales and talking points, on air."""
        from app.commerce.repository import load_products
        from app.ui.dialogs.show_plans import PlanEditorDialog

        store, plan = self.engine.store, self.engine.plan
        if store is None or plan is None:
            return
        catalog = load_products(store)  # one indexed query: quick even in team mode
        dialog = PlanEditorDialog(plan, catalog, parent=self)
        dialog.accepted.connect(lambda: self.apply_plan(dialog.plan()))
        self.plan_editor = dialog
        dialog.open()

    def apply_plan(self, plan: ShowPlan) -> bool:
        """Hand the edited plan to the running show; False (and said) when it was refused."""
        from app.commerce.plans import PlanError
        from app.live.builder import replan

        store = self.engine.store
        assert store is not None
        try:
            saved = replan(store, self.engine, plan)
        except PlanError as exc:
            QMessageBox.warning(self, self.tr("Show plan not saved"), tr_error(exc))
            return False
        self.queue.plan = saved
        self.queue.set_products(self.engine.products, self.engine.rundown)
        self.camera.set_products({p.sku: p for p in self.engine.products})
        self.status.showMessage(self.tr("Show plan saved; the queue follows it now"), 6_000)
        return True

    def _build_file_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        if self.live:
            new_show = file_menu.addAction(self.tr("New show…"))
            new_show.setObjectName("action_new_show")
            new_show.setShortcut(QKeySequence.StandardKey.New)
            new_show.triggered.connect(self._on_new_show)
            end_show = file_menu.addAction(self.tr("End show"))
            end_show.setObjectName("action_end_show")
            end_show.triggered.connect(self._on_new_show)
            file_menu.addSeparator()
        review_action = file_menu.addAction(self.tr("Review…"))
        review_action.triggered.connect(self._on_review)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

    def _build_menus(self) -> None:
        self._build_file_menu()
        show_menu = self.menuBar().addMenu(self.tr("&Show"))
        if self.live:
            edit_plan = show_menu.addAction(self.tr("Edit show plan…"))
            edit_plan.setObjectName("action_edit_plan")
            edit_plan.setEnabled(self.engine.plan is not None and self.engine.store is not None)
            edit_plan.triggered.connect(self._on_edit_plan)
            show_menu.addSeparator()
        for action in self.queue.shortcut_actions.values():
            show_menu.addAction(action)
        show_menu.addSeparator()
        connections = show_menu.addAction(self.tr("Connections…"))
        connections.setObjectName("action_connections")
        connections.triggered.connect(self._on_connections)
        self._build_catalog_menu()
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for dock in self.docks.values():
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        host = view_menu.addAction(self.tr("Host view (teleprompter)"))
        host.setObjectName("action_host_view")
        host.setShortcut(QKeySequence(HOST_VIEW_SHORTCUT))
        host.setToolTip(self.tr("A large-type window for the host's screen or a teleprompter"))
        host.triggered.connect(self.open_host_view)
        self.host_view_action = host
        reset = view_menu.addAction(self.tr("Reset layout"))
        reset.triggered.connect(self._on_reset_layout)
        self._build_language_menu(view_menu)
        self.video = VideoControls(self, self.engine, self.bridge, view_menu)
        tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        speech_models = tools_menu.addAction(self.tr("Speech models…"))
        speech_models.triggered.connect(self._on_speech_models)
        privacy = tools_menu.addAction(self.tr("Privacy && data…"))
        privacy.setObjectName("action_privacy")
        privacy.triggered.connect(self._on_privacy)
        copy_history = tools_menu.addAction(self.tr("Copy history to another database…"))
        copy_history.setObjectName("action_copy_history")
        copy_history.triggered.connect(self._on_copy_history)
        settings_action = tools_menu.addAction(self.tr("&Settings…"))
        settings_action.setObjectName("action_settings")
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        settings_action.triggered.connect(self._on_settings)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = help_menu.addAction(self.tr("&About AnchorDesk"))
        about.triggered.connect(self._on_about)
        log_action = help_menu.addAction(self.tr("&Log…"))
        log_action.setObjectName("action_log")
        log_action.triggered.connect(self._on_log)

    def _connect_bridge(self) -> None:
        bridge = self.bridge
        bridge.frame.connect(self.camera._on_frame)
        bridge.product_switched.connect(self.camera._on_product_switched)
        bridge.product_switched.connect(self.queue._on_product_switched)
        bridge.comments.connect(self.comments._on_comments)
        bridge.product_switched.connect(self.comments._on_product_switched)
        bridge.statuses.connect(self.comments._on_statuses)
        bridge.interactions.connect(self.comments._on_interactions)
        bridge.transcript.connect(self.transcript._on_transcript)
        bridge.audio_level.connect(self.transcript._on_audio_level)
        bridge.alerts.connect(self.alerts._on_alerts)
        bridge.viewers.connect(self.kpis._on_viewers)
        self.kpis.charts_toggled.connect(self._on_charts_toggled)
        self.kpis.rows_changed.connect(lambda: self._on_charts_toggled(self.kpis.charts_shown))
        bridge.orders.connect(self._on_orders)
        for panel in (self.status, self.camera, self.transcript):
            bridge.statuses.connect(panel._on_statuses)

    def _seed_from_engine(self) -> None:
        """Show what the engine already knows, before its first event arrives."""
        now = self.engine.clock.now_ms()
        current = ProductSwitchEvent(now, self.engine.on_air(), reason="initial")
        self.camera._on_product_switched(current)
        self.queue._on_product_switched(current)
        self.comments._on_product_switched(current)
        statuses = list(self.engine.health().values())
        for panel in (self.status, self.camera, self.transcript):
            panel._on_statuses(statuses)

    def _start_timer(self, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        timer.start()
        return timer

    # -- periodic refresh -----------------------------------------------------------------
    def refresh(self) -> None:
        """Update everything that is polled rather than pushed (clock, KPIs, counters)."""
        self._on_clock_tick()
        self._on_kpi_tick()

    def _on_clock_tick(self) -> None:
        now = self.engine.clock.now_ms()
        self.status.show_time(now)
        self.queue.tick(now)
        if self.giveaway is not None:
            self.giveaway.tick(now)

    def _on_kpi_tick(self) -> None:
        now = self.engine.clock.now_ms()
        # now_ms lets comments/min fall when chat goes quiet; 0 means "not started yet".
        self.kpis._on_snapshot(self.engine.kpis.snapshot(now or None))
        if self.kpis.charts_shown:
            self.kpis.show_minutes(self.engine.kpis.minutes(self.kpis.chart_minutes, now or None))
        self.status.show_counts(self.engine.stats(), self.bridge.stats().dropped)
        self.recommend.update_from(self.engine.recommendations)
        if not self.live and self.engine.finished.is_set() and not self._finished_shown:
            self._finished_shown = True
            self.status.showMessage(self.tr("Replay finished"))

    # -- slots ----------------------------------------------------------------------------
    def _on_orders(self, events: list[OrderEvent]) -> None:
        last = events[-1]
        product = self.queue.model.product(last.sku)
        name = product.display_name("zh") if product is not None else last.sku
        message = self.tr("New order: {name} ×{qty}  {amount}").format(
            name=name, qty=last.qty, amount=fmt_money(last.amount)
        )
        self.status.showMessage(message, 4_000)

    def _switch_product(self, sku: str | None) -> None:
        """Operator action from the queue; a failure is shown, never allowed to end the show."""
        try:
            self.engine.switch_product(sku)
        except Exception:
            log.exception("switching the on-air product to %r failed", sku)
            self.status.showMessage(self.tr("Could not switch the product"), 6_000)

    def _build_catalog_menu(self) -> None:
        """Catalog: create or edit products (saved on a worker; see dialogs/product_editor)."""
        from app.ui.dialogs.product_editor import catalog_menu

        catalog_menu(self)

    def _on_review(self) -> None:
        from app.ui.review.window import open_for_engine

        self._review_window = open_for_engine(self.engine, self)

    def _on_reset_layout(self) -> None:
        self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in self.docks.values():
            dock.show()

    def _build_language_menu(self, view_menu: QMenu) -> None:
        """View ▸ Language, saved in Settings.language (see app/ui/i18n.py)."""
        from app.ui.i18n import language_menu

        config = self.engine.config

        def save(code: str) -> None:
            config.settings.language = code
            config.save()

        self.language_menu = language_menu(view_menu, self, config.settings.language, save)

    def _on_log(self) -> None:
        """Help ▸ Log: the live in-app log view (one per window)."""
        from app.ui.dialogs.log_view import open_log_view

        self._log_view = open_log_view(self, getattr(self, "_log_view", None))

    def _on_settings(self) -> None:
        """Tools ▸ Settings: typed editors for every setting (see dialogs/settings)."""
        from app.ui.dialogs.settings import open_settings

        self.settings_dialog = open_settings(self, self.engine.config)

    def _on_speech_models(self) -> None:
        """Install or choose the Vosk model (work runs on the dialog's worker)."""
        from app.ui.dialogs.speech_models import open_speech_models

        open_speech_models(self, self.engine.config)

    def _on_privacy(self) -> None:
        """Privacy & data: retention, delete sessions, one viewer's data (worker-backed)."""
        from app.ui.dialogs.privacy import PrivacyDialog

        self.privacy_dialog = PrivacyDialog.open_for_engine(self, self.engine)

    def _on_copy_history(self) -> None:
        """Copy this install's sessions into another (team) database, on a worker."""
        from app.ui.dialogs.copy_history import CopyHistoryDialog

        self.copy_history_dialog = CopyHistoryDialog.open_for_engine(self, self.engine)

    def _start_retention(self) -> RetentionAtStart | None:
        """Apply the retention setting in the background (never blocks the window)."""
        from app.ui.dialogs.privacy import start_retention_at_launch

        return start_retention_at_launch(self, self.engine)

    def _wire_server_dot(self) -> None:
        """The status bar's "server" dot opens the Connections dialog when clicked."""
        self._connections: ConnectionsDialog | None = None
        if self.engine.server is not None:
            ClickOpener(self.status._dot("server"), self._on_connections)

    def _on_connections(self) -> None:
        if self._connections is None:
            self._connections = ConnectionsDialog(
                self.engine.server,
                lambda: self.engine.health().get("server"),
                parent=self,
                engine=self.engine,
            )
        self._connections.show()
        self._connections.raise_()
        self._connections.activateWindow()

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About AnchorDesk"),
            self.tr(
                "AnchorDesk {version}\n\nA desktop assistant for live-commerce streamers."
            ).format(version=__version__),
        )

    # -- layout persistence and shutdown --------------------------------------------------
    def _restore_layout(self) -> None:
        if self._settings is None:
            return
        geometry = self._settings.value(_SETTINGS_GEOMETRY)
        state = self._settings.value(_SETTINGS_STATE)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not self.restoreState(state, LAYOUT_VERSION):
            log.info("saved window layout is from another version; using the default")

    def _save_layout(self) -> None:
        if self._settings is not None:
            self._settings.setValue(_SETTINGS_GEOMETRY, self.saveGeometry())
            self._settings.setValue(_SETTINGS_STATE, self.saveState(LAYOUT_VERSION))

    def open_host_view(self) -> HostView:
        """View ▸ Host view: the large-type window, full screen on a second screen if any."""
        if self.host_view is not None:
            self.host_view.show()
            self.host_view.raise_()
            self.host_view.activateWindow()
            return self.host_view
        board = self.comments.questions.board

        def top_question() -> QuestionGroup | None:
            groups = board.open_groups()
            return groups[0] if groups else None

        view = HostView(self.engine, top_question, scale=theme.text_percent() / 100)
        self.bridge.alerts.connect(view._on_alerts)
        view.closed.connect(self._on_host_view_closed)
        self.host_view = view
        here = self.screen()
        others = [s for s in QGuiApplication.screens() if s is not here]
        if others:  # the host's own screen or the teleprompter
            view.setGeometry(others[0].geometry())
            view.showFullScreen()
        else:
            view.resize(960, 600)
            view.show()
        view.activateWindow()
        view.setFocus()
        return view

    def _on_host_view_closed(self) -> None:
        view, self.host_view = self.host_view, None
        if view is not None:
            self.bridge.alerts.disconnect(view._on_alerts)
            view.deleteLater()

    def set_text_size(self, percent: int) -> None:
        """Settings ▸ text size, applied at once: fonts, then the rows that measured them."""
        app = QApplication.instance()
        if not isinstance(app, QApplication) or not theme.set_text_size(app, percent):
            return
        self.queue.fit_text_size()
        self.comments.view.doItemsLayout()
        if self.host_view is not None:
            self.host_view.set_scale(percent / 100)
        self.resizeDocks([self.docks["kpis"]], [self._kpi_height()], Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._frozen:  # the window and the show are built: out of the GC's sight
            self._frozen = True
            QTimer.singleShot(0, gc_guard.freeze_long_lived)

    def shutdown(self) -> None:
        """Stop timers, the bridge, background loaders, then the engine; idempotent."""
        if self._shut_down:
            return
        self._shut_down = True
        if self.host_view is not None:
            self.host_view.close()
        if self._frozen:
            gc_guard.thaw()
        for timer in self._timers:
            timer.stop()
        self.bridge.close()
        self.queue.close_loader()
        if self._retention is not None:  # a retention pass still running: stop it first
            self._retention.cancel_and_wait()
        self._save_layout()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.engine.stop()  # may block ~2 s while sources and the recorder finish
        finally:
            QApplication.restoreOverrideCursor()

    def closeEvent(self, event: QCloseEvent) -> None:
        on_air = self.live and self.engine.started and not self.engine.stopped
        if on_air and not self._end_confirmed and not self._shut_down:
            if not self._confirm_end():
                event.ignore()
                return
            self._end_confirmed = True
        self.shutdown()
        event.accept()
