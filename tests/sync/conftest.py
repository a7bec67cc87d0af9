from tests.hq.server import fresh_hq_server, hq_server

__all__ = ["fresh_hq_server", "hq_server"]
