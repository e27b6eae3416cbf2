"""Issue 17: publishing a ranking (an admin action) asks first on an
intermediate page that lists what is published; the action runs on its POST."""

from django.urls import reverse

from apps.scorecards.models import Ranking


def _drafts():
    return Ranking.objects.filter(published_on__isnull=True).select_related("scheme")


def test_publishing_rankings_asks_first_and_publishes_on_the_second_post(login):
    client = login("city")
    draft = _drafts().first()
    assert draft is not None, "the demo keeps a draft table beside each published one"
    url = reverse("admin:scorecards_ranking_changelist")
    chosen = {"action": "publish_today", "_selected_action": [draft.pk]}
    question = client.post(url, chosen)
    page = question.content.decode()
    assert question.status_code == 200 and "确定发布这些排名？" in page
    assert str(draft.scheme) in page and "冻结" in page
    draft.refresh_from_db()
    assert draft.published_on is None  # asking changed nothing
    assert client.post(url, chosen | {"confirm": "yes"}).status_code == 302
    draft.refresh_from_db()
    assert draft.published_on is not None
