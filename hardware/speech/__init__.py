"""Spoken announcements: text from ``app.domain.announcement``, a speech engine, a chime, a
player, and the queue that speaks one call at a time (``AnnouncementQueue``)."""
