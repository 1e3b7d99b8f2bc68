import pytest


@pytest.fixture(autouse=True)
def _empty_cache():
    """allauth keeps its rate-limit counters and used TOTP codes in the cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
