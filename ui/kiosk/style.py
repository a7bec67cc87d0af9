"""Kiosk-specific style rules on top of ``ui.common.theme.base_qss``."""

from __future__ import annotations

from ui.common.theme import PALETTE, Metrics, Palette, base_qss


def kiosk_qss(m: Metrics, p: Palette = PALETTE) -> str:
    return (
        base_qss(m, p)
        + f"""
QWidget#kiosk, QWidget#startScreen {{ background: {p.blue_soft}; }}
QLabel#hallName {{ color: {p.white}; font-size: {m.px(50)}px; font-weight: 800; }}
QLabel#hallSubtitle {{ color: {p.gold}; font-size: {m.px(28)}px; font-weight: 600; }}
QLabel#clock {{ color: {p.white}; font-size: {m.px(54)}px; font-weight: 800; }}
QLabel#date {{ color: {p.white}; font-size: {m.px(24)}px; }}
QPushButton#langButton {{
    font-size: {m.px(26)}px; min-height: {m.px(80)}px; min-width: {m.px(150)}px;
    padding: {m.px(8)}px {m.px(22)}px; border-radius: {m.px(40)}px;
}}
QLabel#prompt {{ color: {p.blue_deep}; font-size: {m.px(38)}px; font-weight: 700; }}
QLabel#banner {{ font-size: {m.px(30)}px; font-weight: 600; }}
QWidget#confirmScreen {{ background: {p.blue}; }}
QFrame#ticketCard {{
    background: {p.white}; border-radius: {m.px(36)}px;
    border-bottom: {m.px(10)}px solid {p.gold};
}}
QLabel#yourNumber {{ color: {p.ink_soft}; font-size: {m.px(38)}px; font-weight: 600; }}
QLabel#ticketNumber {{ color: {p.blue}; font-size: {m.px(230)}px; font-weight: 900; }}
QLabel#serviceName {{ color: {p.ink}; font-size: {m.px(46)}px; font-weight: 700; }}
QLabel#priorityMark {{
    background: {p.gold}; color: {p.blue_deep}; font-size: {m.px(30)}px; font-weight: 800;
    border-radius: {m.px(18)}px; padding: {m.px(4)}px {m.px(30)}px;
}}
QLabel#facts {{ color: {p.ink}; font-size: {m.px(32)}px; }}
QLabel#takeTicket {{ color: {p.green}; font-size: {m.px(44)}px; font-weight: 800; }}
QLabel#printFailed {{ font-size: {m.px(32)}px; font-weight: 700; }}
QLabel#countdown {{ color: {p.white}; font-size: {m.px(24)}px; }}
QPushButton#doneButton {{
    font-size: {m.px(40)}px; min-height: {m.px(110)}px; min-width: {m.px(420)}px;
    border-radius: {m.px(55)}px;
}}
QLabel#dialogTitle {{ color: {p.blue}; font-size: {m.px(40)}px; font-weight: 800; }}
QLabel#pinDots {{ color: {p.blue_deep}; font-size: {m.px(60)}px; font-weight: 800; }}
QLabel#pinMessage {{ font-size: {m.px(26)}px; }}
QPushButton[role="key"] {{
    font-size: {m.px(44)}px; font-weight: 700; min-width: {m.px(130)}px;
    min-height: {m.px(110)}px; border-radius: {m.px(22)}px;
}}
QPushButton[role="smallKey"] {{
    font-size: {m.px(36)}px; font-weight: 700; min-width: {m.px(110)}px;
    min-height: {m.px(76)}px; padding: 0px; border-radius: {m.px(18)}px;
}}
QLabel#adminLabel {{ font-size: {m.px(26)}px; font-weight: 600; }}
"""
    )
