import pytest

from voorkant.telephony.services import agent_cache_clear


@pytest.fixture(autouse=True)
def _fresh_agent_cache():
    """Each test builds its own employees; the per-process agent memory must not carry over."""
    agent_cache_clear()
    yield
    agent_cache_clear()
