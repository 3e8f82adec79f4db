"""The client list: search by id, filters, sort by score, one page of rows at a time.

``ClientListModel`` never holds the whole table: it knows the row count and
keeps a few pages of ``portfolio.client_page`` results, fetched on the db
worker when the view first asks for a row of a missing page.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from creditdesk.core import portfolio
from creditdesk.reports.texts import number, percent
from creditdesk.ui.i18n import Retranslatable
from creditdesk.ui.labels import decision_text, field_label, outcome_text

PAGE = 200
KEEP_PAGES = 40


def _count(services, query):
    return portfolio.count_clients(services.con, services.layout, query)


def _page(services, query, page):
    return page, portfolio.client_page(services.con, services.layout, query, page * PAGE, PAGE)


def _levels(services):
    layout = services.layout
    return {
        name: portfolio.category_levels(services.con, layout, name) for name in layout.list_filters
    }


class ClientListModel(QAbstractTableModel):
    """Rows of the client list for the current query, fetched page by page."""

    COLUMNS = ("id", "pd", "decision", "outcome")
    countChanged = Signal(int)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = portfolio.ClientQuery()
        self.total = 0
        self._pages: OrderedDict[int, list] = OrderedDict()
        self._requested: set[int] = set()
        self._generation = 0
        self._counting = False

    # ------------------------------------------------------------------ query
    def set_query(self, query: portfolio.ClientQuery) -> None:
        services = self.ctx.services
        self.query = query
        self._generation += 1
        generation = self._generation
        self._counting = services is not None
        if services is None:
            self._reset(0)
            return
        self.ctx.db.submit(
            _count,
            services,
            query,
            key="list-count",
            on_result=lambda n: self._counted(generation, n),
        )

    def _counted(self, generation: int, n: int) -> None:
        if generation == self._generation:
            self._counting = False
            self._reset(n)

    def _reset(self, n: int) -> None:
        self.beginResetModel()
        self.total = int(n)
        self._pages.clear()
        self._requested.clear()
        self.endResetModel()
        self.countChanged.emit(self.total)

    def client_at(self, row: int) -> int | None:
        if self._counting:
            return None
        item = self._row(row, fetch=False)
        return None if item is None else item.client_id

    def row_of(self, client_id: int) -> int | None:
        for page, rows in self._pages.items():
            for i, item in enumerate(rows):
                if item.client_id == client_id:
                    return page * PAGE + i
        return None

    @property
    def loading(self) -> bool:
        return self._counting or bool(self._requested)

    def _row(self, row: int, fetch: bool = True):
        page, offset = divmod(row, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            if fetch:
                self._fetch(page)
            return None
        self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def _fetch(self, page: int) -> None:
        services = self.ctx.services
        if services is None or page in self._requested:
            return
        self._requested.add(page)
        generation = self._generation
        self.ctx.db.submit(
            _page,
            services,
            self.query,
            page,
            on_result=lambda r: self._arrived(generation, *r),
            on_error=lambda e: self._requested.discard(page),
        )

    def _arrived(self, generation: int, page: int, rows: list) -> None:
        if generation != self._generation:
            return
        self._requested.discard(page)
        self._pages[page] = rows
        while len(self._pages) > KEEP_PAGES:
            self._pages.popitem(last=False)
        first = page * PAGE
        last = min(first + len(rows), self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.COLUMNS) - 1))

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else self.total

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Client"), self.tr("PD"), self.tr("Decision"), self.tr("Outcome"))[section]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._row(index.row())
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in ("id", "pd"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if item is None:
            return "…" if column == "id" else ""
        lang = self.ctx.lang
        if column == "id":
            return str(item.client_id)
        if column == "pd":
            return "" if item.probability is None else percent(item.probability, lang)
        if column == "decision":
            return decision_text(item.decision) if item.decision else ""
        return outcome_text(item.target)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = "score" if self.COLUMNS[column] == "pd" else "id"
        descending = order == Qt.SortOrder.DescendingOrder
        q = self.query
        self.set_query(
            portfolio.ClientQuery(q.search, q.decision, q.filters, key, descending, q.model_hash)
        )

    def refresh_labels(self) -> None:
        if self.total:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.total - 1, len(self.COLUMNS) - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)


class ClientListPanel(Retranslatable, QWidget):
    """Search box, filters and the paged table; selecting a row shows that client."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.levels: dict[str, list[str]] = {}
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.decision = QComboBox()
        self.filter_boxes: dict[str, QComboBox] = {}
        self.count_label = QLabel()
        self.model = ClientListModel(ctx, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.search_label = QLabel()
        self.decision_label = QLabel()
        self.search_label.setBuddy(self.search)
        self.decision_label.setBuddy(self.decision)
        self.form.addRow(self.search_label, self.search)
        self.form.addRow(self.decision_label, self.decision)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(self.form)
        layout.addWidget(self.count_label)
        layout.addWidget(self.view, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._apply_query)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._apply_query)
        self.decision.currentIndexChanged.connect(lambda _i: self._apply_query())
        self.model.countChanged.connect(self._show_count)
        self.model.modelReset.connect(self._select_current)
        self.model.dataChanged.connect(lambda *_: self._select_current())
        self.view.selectionModel().currentRowChanged.connect(self._row_chosen)
        ctx.servicesChanged.connect(self._services_changed)
        ctx.scoresChanged.connect(self.refresh)
        ctx.session.clientChanged.connect(lambda _v: self._select_current())
        self.retranslate()

    # ------------------------------------------------------------------ labels
    def retranslate(self) -> None:
        self.search_label.setText(self.tr("&Search"))
        self.search.setPlaceholderText(self.tr("Client id"))
        self.search.setAccessibleName(self.tr("Search clients by id"))
        self.decision_label.setText(self.tr("&Decision"))
        current = self.decision.currentIndex()
        self.decision.blockSignals(True)
        self.decision.clear()
        self.decision.addItem(self.tr("All"), None)
        self.decision.addItem(decision_text("accept"), "accept")
        self.decision.addItem(decision_text("refuse"), "refuse")
        self.decision.setCurrentIndex(max(current, 0))
        self.decision.blockSignals(False)
        self.decision.setAccessibleName(self.tr("Filter by decision"))
        self.view.setAccessibleName(self.tr("Client list"))
        self._fill_filters()
        self._show_count(self.model.total)
        self.model.refresh_labels()

    def _show_count(self, n: int) -> None:
        if self.ctx.services is None:
            self.count_label.setText("")
            return
        self.count_label.setText(self.tr("%1 clients").replace("%1", number(n, self.ctx.lang, 0)))

    # ------------------------------------------------------------------ filters
    def _services_changed(self, services) -> None:
        for box in self.filter_boxes.values():
            box.deleteLater()
        for i in reversed(range(2, self.form.rowCount())):
            self.form.removeRow(i)
        self.filter_boxes.clear()
        self.levels = {}
        if services is None:
            self.model.set_query(portfolio.ClientQuery())
            return
        for name in services.layout.list_filters:
            box = QComboBox()
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(10)
            box.currentIndexChanged.connect(lambda _i: self._apply_query())
            self.filter_boxes[name] = box
            label = QLabel()
            label.setBuddy(box)
            self.form.addRow(label, box)
        self.ctx.db.submit(_levels, services, key="list-levels", on_result=self._levels_loaded)
        self._apply_query()

    def _levels_loaded(self, levels: dict[str, list[str]]) -> None:
        self.levels = levels
        self._fill_filters()

    def _fill_filters(self) -> None:
        services = self.ctx.services
        dictionary = services.dictionary if services is not None else None
        lang = self.ctx.lang
        for row, (name, box) in enumerate(self.filter_boxes.items(), start=2):
            label = field_label(dictionary, name, lang)
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and item.widget() is not None:
                item.widget().setText(label)
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(self.tr("All"), None)
            spec = dictionary.get(name) if dictionary is not None else None
            for level in self.levels.get(name, []):
                box.addItem(_level_text(spec, level, lang), level)
            index = box.findData(chosen) if chosen is not None else 0
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)
            box.setAccessibleName(self.tr("Filter by %1").replace("%1", label))

    def current_query(self) -> portfolio.ClientQuery:
        services = self.ctx.services
        filters = tuple(
            (name, box.currentData())
            for name, box in self.filter_boxes.items()
            if box.currentData() is not None
        )
        old = self.model.query
        return portfolio.ClientQuery(
            search=self.search.text().strip(),
            decision=self.decision.currentData(),
            filters=filters,
            sort=old.sort,
            descending=old.descending,
            model_hash=services.model_hash if services is not None and services.scored else None,
        )

    def _apply_query(self) -> None:
        self._debounce.stop()
        self.model.set_query(self.current_query())

    def refresh(self) -> None:
        """Re-run the query (after the portfolio was scored)."""
        self._apply_query()

    # ------------------------------------------------------------------ selection
    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        client_id = self.model.client_at(current.row())
        session = self.ctx.session
        shown = session.client.client_id if session.client is not None else None
        if client_id is not None and client_id != shown:
            session.show_client(client_id)

    def _select_current(self) -> None:
        """Keep the highlighted row on the client shown, when that row is loaded."""
        client = self.ctx.session.client
        if client is None:
            return
        row = self.model.row_of(client.client_id)
        sel = self.view.selectionModel()
        if row is None or sel.currentIndex().row() == row:
            return
        sel.blockSignals(True)
        index = self.model.index(row, 0)
        sel.setCurrentIndex(index, sel.SelectionFlag.ClearAndSelect | sel.SelectionFlag.Rows)
        sel.blockSignals(False)
        self.view.viewport().update()


def _level_text(spec, level: str, lang: str) -> str:
    if spec is None:
        return level
    try:
        return spec.format_value(level, lang)
    except Exception:  # a level the dictionary does not know: show it as stored
        return level
