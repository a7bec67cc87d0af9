"""Typed failures of the HQ link, with Indonesian and English messages."""

from __future__ import annotations

from app.domain.errors import KnownError
from app.i18n import N_


class HqError(KnownError):
    code = "hq_error"
    exit_code = 10


class HqUnreachable(HqError):
    """No answer, a timeout, or a server error: retry later."""

    code = "hq_unreachable"

    def __init__(self, detail: str) -> None:
        super().__init__(
            N_("Server pusat tidak dapat dihubungi ({detail}); data disimpan dan dikirim nanti."),
            detail=detail,
        )


class HqRateLimited(HqError):
    code = "hq_rate_limited"

    def __init__(self, retry_after: float) -> None:
        super().__init__(
            N_("Server pusat sibuk; coba lagi dalam {retry_after:.0f} detik."),
            retry_after=retry_after,
        )
        self.retry_after = retry_after


class HqAuthFailed(HqError):
    code = "hq_auth_failed"
    exit_code = 9

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(
            N_("Server pusat menolak token aula ini; periksa ID aula dan token di pengaturan.")
            if status == 401
            else N_("Aula ini telah dicabut di server pusat; hubungi admin pusat."),
            status=status,
            detail=detail,
        )
        self.status = status


class HqRejected(HqError):
    """HQ refused the batch as invalid (422) or conflicting (409); nothing was stored."""

    code = "hq_rejected"

    def __init__(
        self,
        reason: str,
        seq: int | None = None,
        scope: str = "event",
        conflict: bool = False,
        feedback_id: int | None = None,
    ) -> None:
        super().__init__(
            N_("Server pusat menolak data: {reason}"),
            reason=reason,
            seq=seq,
            scope=scope,
        )
        self.reason = reason
        self.seq = seq
        self.scope = scope
        self.conflict = conflict
        self.feedback_id = feedback_id


class HqTooLarge(HqError):
    code = "hq_too_large"

    def __init__(self) -> None:
        super().__init__(
            N_("Kiriman terlalu besar untuk server pusat; dikirim dalam bagian lebih kecil."),
        )


class SyncIncomplete(HqError):
    """The run ended but HQ lacks data: events the hall could not send or HQ refused."""

    code = "sync_incomplete"

    def __init__(self, dead_letters: int) -> None:
        super().__init__(
            N_(
                "{dead_letters} data belum diterima server pusat (lihat `antrean sync "
                "status`); setelah penyebabnya diperbaiki, kirim ulang dengan `antrean "
                "sync resend`."
            ),
            dead_letters=dead_letters,
        )


class HqIdentityConflict(HqError):
    """Another hall database sends under this hall id and token at the same time."""

    code = "hq_identity_conflict"
    exit_code = 7

    def __init__(self) -> None:
        super().__init__(
            N_(
                "PC lain mengirim data ke server pusat dengan ID aula dan token yang "
                "sama. Kedua riwayat disimpan, tetapi setiap aula perlu ID sendiri "
                "(`antrean-hq hall add`)."
            ),
        )
