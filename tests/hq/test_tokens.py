"""Hall tokens are safe to pass on a command line."""

from hq.admin import new_token


def test_tokens_never_look_like_a_command_line_option() -> None:
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    assert all(t.startswith("atq_") and len(t) >= 40 for t in tokens)
