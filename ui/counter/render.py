"""Turn a ``CounterSnapshot`` into what the counter window's widgets show."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QListWidgetItem, QTableWidgetItem

from app.domain.calendar_names import decimal_text
from app.domain.model import CounterState, TicketStatus, TicketView
from app.services.snapshots import CounterSnapshot
from ui.common.theme import PALETTE
from ui.counter.model import WaitLevel, minutes_between, wait_level

if TYPE_CHECKING:
    from ui.counter.window import CounterWindow

P = PALETTE
# These functions draw the counter window from outside its class, where ``w.tr()`` would be
# extracted under no class at all: they name the window's context, as Qt looks it up.
translate = QCoreApplication.translate
LEVEL_COLORS = {
    WaitLevel.OK: ("#E3F4E8", P.green),
    WaitLevel.WARN: (P.amber_bg, P.amber_ink),
    WaitLevel.LATE: ("#FDE7E5", P.red),
}
STATUS_COLORS = {
    "ok": (P.green, P.white),
    "error": (P.red, P.white),
    "warn": (P.amber, P.blue_deep),
    "info": (P.blue, P.white),
    "calm": (P.white, P.blue_deep),  # nothing wrong, just nothing to do (an empty queue)
}
PRIORITY_SHOWN = 6  # priority numbers named in the banner; the count says how many in all


def status_colors(kind: str) -> tuple[str, str]:
    """(background, text colour) of the status line for ``kind``."""
    return STATUS_COLORS.get(kind, STATUS_COLORS["info"])


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def render_snapshot(w: CounterWindow, snap: CounterSnapshot) -> None:
    _render_header(w, snap)
    _render_current(w, snap)
    _render_waiting(w, snap)
    _render_held(w, snap)
    _render_stats(w, snap)
    _render_buttons(w, snap)
    render_timer(w, snap.current, snap.now)
    clock = snap.clock
    warn = clock is not None and clock.warning
    w.clock_warning.setText("⚠ " + clock.message(w.lang) if clock is not None and warn else "")
    w.clock_warning.setVisible(warn)


def _render_header(w: CounterWindow, snap: CounterSnapshot) -> None:
    names = {s.code: s.name(w.lang) for s in snap.services}
    codes = snap.counter.service_codes
    label = translate("CounterWindow", "Layanan: {0}")
    # The names when they fit, else the letters: a clerk always sees every service served.
    w.services_label.set_choices(
        [
            label.format(", ".join(f"{c} {names.get(c, '')}".strip() for c in codes)),
            label.format(", ".join(codes)),
            label.format("".join(codes)),
        ]
    )
    state = snap.counter.state
    text, bg = {
        CounterState.OPEN: (translate("CounterWindow", "BUKA"), P.gold),
        CounterState.PAUSED: (translate("CounterWindow", "ISTIRAHAT"), P.amber),
        CounterState.CLOSED: (translate("CounterWindow", "TUTUP"), P.closed_bg),
    }[state]
    w.state_label.setText(text)
    w.state_label.set_color(P.blue_deep, bg)
    pause = w.buttons["pause"]
    label = {
        CounterState.OPEN: translate("CounterWindow", "Istirahat"),
        CounterState.PAUSED: translate("CounterWindow", "Lanjut"),
        CounterState.CLOSED: translate("CounterWindow", "Buka loket"),
    }[state]
    pause.setText(f"{label}\nF8")


def _render_current(w: CounterWindow, snap: CounterSnapshot) -> None:
    t = snap.current
    if t is None:
        w.ticket_caption.setText(translate("CounterWindow", "TIDAK ADA NOMOR DI LOKET"))
        w.ticket_number.setText("—")
        w.ticket_number.set_color(P.ink_soft, P.white)
        w.ticket_service.setText(_idle_hint(snap))
        return
    w.ticket_number.set_color(P.blue, P.white)
    caption = (
        translate("CounterWindow", "SEDANG DILAYANI")
        if t.status == TicketStatus.SERVING
        else translate("CounterWindow", "DIPANGGIL")
    )
    if t.recall_count:
        caption += translate("CounterWindow", " · dipanggil ulang {0}×").format(t.recall_count)
    w.ticket_caption.setText(caption)
    w.ticket_number.setText(t.display + (" ★" if t.priority else ""))
    names = {s.code: s.name(w.lang) for s in snap.services}
    w.ticket_service.setText(names.get(t.current_service_code, t.current_service_code))


def _idle_hint(snap: CounterSnapshot) -> str:
    """What to do next at a counter with no ticket: calm, never an alarm."""
    if snap.counter.state == CounterState.PAUSED:
        return translate("CounterWindow", "Loket sedang istirahat · tekan F8 untuk lanjut")
    if snap.counter.state == CounterState.CLOSED:
        return translate("CounterWindow", "Loket tutup · tekan F8 untuk membuka")
    if not snap.waiting:
        return translate("CounterWindow", "Belum ada yang menunggu · nomor baru muncul otomatis")
    return translate("CounterWindow", "{0} orang menunggu · tekan F1 untuk memanggil").format(
        len(snap.waiting)
    )


def render_timer(w: CounterWindow, t: TicketView | None, now: dt.datetime) -> None:
    if t is None:
        w.timer_label.setText("")
        return
    if t.status == TicketStatus.SERVING and t.started_at:
        since, what = t.started_at, translate("CounterWindow", "Waktu layanan")
    else:
        since, what = t.called_at or now, translate("CounterWindow", "Menunggu datang")
    w.timer_label.setText(f"{what}  {clock_text(minutes_between(since, now) * 60)}")


def _render_waiting(w: CounterWindow, snap: CounterSnapshot) -> None:
    w.waiting_title.setText(
        translate("CounterWindow", "Daftar tunggu: {0}").format(len(snap.waiting))
    )
    _render_priority(w, snap)
    if not snap.waiting:
        w.empty_note.setText(
            translate("CounterWindow", "Belum ada yang menunggu. Nomor baru akan muncul di sini.")
        )
        w.waiting_stack.setCurrentWidget(w.empty_note)
    else:
        w.waiting_stack.setCurrentWidget(w.table)
    _fill_table(w, snap)


def _render_priority(w: CounterWindow, snap: CounterSnapshot) -> None:
    """The priority count and numbers, above the list: seen without scrolling."""
    priority = [t.display for t in snap.waiting if t.priority]
    if not priority:
        w.priority_banner.setText(translate("CounterWindow", "Tidak ada prioritas menunggu"))
        w.priority_banner.set_color(P.ink_soft, P.blue_soft)
        return
    shown = " · ".join(priority[:PRIORITY_SHOWN]) + (" …" if len(priority) > PRIORITY_SHOWN else "")
    w.priority_banner.setText(
        translate("CounterWindow", "★ {0} prioritas menunggu: {1}").format(len(priority), shown)
    )
    w.priority_banner.set_color(P.blue_deep, P.gold)


def _fill_table(w: CounterWindow, snap: CounterSnapshot) -> None:
    targets = {s.code: s.target_minutes for s in snap.services}
    names = {s.code: s.name(w.lang) for s in snap.services}
    selected = w.selected_display()
    table = w.table
    table.setRowCount(len(snap.waiting))
    for row, t in enumerate(snap.waiting):
        waited = minutes_between(t.issued_at, snap.now)
        bg, ink = LEVEL_COLORS[wait_level(waited, targets.get(t.current_service_code, 0))]
        code = t.current_service_code
        cells = (
            ("★ " if t.priority else "") + t.display,
            f"{code} · {names[code]}" if code in names else code,
            translate("CounterWindow", "{0} mnt").format(int(waited)),
        )
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, t.display)
            align = Qt.AlignmentFlag.AlignLeft if col == 1 else Qt.AlignmentFlag.AlignHCenter
            item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
            if t.priority and col < 2:
                item.setBackground(QBrush(QColor(P.gold)))
                item.setForeground(QBrush(QColor(P.blue_deep)))
                item.setToolTip(translate("CounterWindow", "Prioritas (UU 25/2009)"))
            if col == 2:
                item.setBackground(QBrush(QColor(bg)))
                item.setForeground(QBrush(QColor(ink)))
            font = QFont(table.font())
            font.setBold(col != 1 or t.priority)
            item.setFont(font)
            table.setItem(row, col, item)
    if selected:
        for row, t in enumerate(snap.waiting):
            if t.display == selected:
                table.selectRow(row)
                break
        else:
            table.clearSelection()


def _render_held(w: CounterWindow, snap: CounterSnapshot) -> None:
    current = w.held_list.currentItem()
    keep = current.data(Qt.ItemDataRole.UserRole) if current else None
    w.held_list.clear()
    for t in snap.held:
        item = QListWidgetItem(t.display)
        item.setData(Qt.ItemDataRole.UserRole, t.display)
        w.held_list.addItem(item)
        if t.display == keep:
            w.held_list.setCurrentItem(item)
    w.take_back.setEnabled(bool(snap.held))


def _render_stats(w: CounterWindow, snap: CounterSnapshot) -> None:
    avg = "—"
    if snap.average_minutes is not None:
        figure = decimal_text(snap.average_minutes, w.lang)  # Indonesian: 4,5
        avg = translate("CounterWindow", "{0} mnt").format(figure)
    w.stats_label.setText(
        translate("CounterWindow", "Hari ini di loket ini: {0} dilayani · rata-rata {1}").format(
            snap.served_today, avg
        )
    )


def _render_buttons(w: CounterWindow, snap: CounterSnapshot) -> None:
    t = snap.current
    is_open = snap.counter.state == CounterState.OPEN
    called = t is not None and t.status == TicketStatus.CALLED
    enabled = {
        "next": is_open,
        "recall": called,
        "start": called,
        "finish": t is not None,
        "no_show": called,
        "transfer": t is not None,
        "hold": t is not None,
        "pause": True,
    }
    for key, on in enabled.items():
        w.buttons[key].setEnabled(on)
