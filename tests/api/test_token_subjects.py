"""A validly signed token whose subject (or epoch) is no 64-bit id names no user: 401 on every
endpoint, not a 500 from the database driver's integer overflow."""

import time

import jwt
import pytest

from tests import factories
from tests.api.test_query_counts import READS

pytestmark = pytest.mark.django_db(transaction=True)

HUGE = [str(10**30), 10**30, str(2**63), -1, "1e400"]


def signed(settings, sub, ep=0) -> str:
    now = int(time.time())
    claims = {"sub": sub, "iat": now, "exp": now + 3600, "sid": "s", "ep": ep}
    return jwt.encode(claims, settings.JWT_SECRET, algorithm="HS256")


@pytest.mark.parametrize("sub", HUGE)
async def test_a_huge_subject_is_401_on_every_read(api, settings, other, sub):
    article = await factories.article(other.user)
    for path in READS:
        path = path.format(slug=article.slug, username=other.user.username)
        r = await api.get(path, token=signed(settings, sub))
        assert r.status == 401, (path, r.body)
        assert r.body == {"errors": {"token": ["is invalid"]}}


@pytest.mark.parametrize("sub", HUGE)
async def test_a_huge_subject_is_401_on_writes(api, settings, sub):
    r = await api.put("/api/user", {"user": {"bio": "x"}}, token=signed(settings, sub))
    assert r.status == 401
    r = await api.post("/api/events/ticket", token=signed(settings, sub))
    assert r.status == 401


async def test_a_huge_epoch_is_401(api, settings, member):
    r = await api.get("/api/user", token=signed(settings, str(member.user.pk), ep=10**30))
    assert r.status == 401
