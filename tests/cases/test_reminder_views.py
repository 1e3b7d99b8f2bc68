from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Delivery

pytestmark = pytest.mark.django_db


def _delivery(user, case, **fields):
    defaults = {"kind": Delivery.Kind.ALERT_TRANSFER, "object_key": "custody:1", "status": "sent", "urgent": True}
    return Delivery.objects.create(
        recipient=user, case=case, scheduled_for=timezone.now() - timedelta(minutes=5), **{**defaults, **fields}
    )


def test_notifications_list_my_alerts_with_unread_count(client, lawyer, advocate, case):
    _delivery(lawyer, case)
    _delivery(advocate, case, object_key="custody:2")
    _delivery(lawyer, case, kind=Delivery.Kind.HEARING_REMINDER, status="skipped", urgent=False)
    client.force_login(lawyer)

    response = client.get("/notifications/")

    assert response.status_code == 200
    assert response.context["unread"] == 1
    assert [d.recipient for d in response.context["deliveries"]] == [lawyer]
    assert case.reference in response.content.decode()


def test_marking_notifications_read(client, lawyer, case):
    _delivery(lawyer, case)
    client.force_login(lawyer)

    client.post("/notifications/")

    assert client.get("/notifications/").context["unread"] == 0


def test_coordinator_sees_the_organizations_deliveries_with_status(client, coordinator, lawyer, case, other_case, outsider):
    mine = _delivery(lawyer, case, status="failed", error="SMTPServerDisconnected")
    _delivery(outsider, other_case)
    client.force_login(coordinator)

    response = client.get("/cases/delivery/")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]


def test_a_lawyer_sees_only_their_own_deliveries_in_the_admin(client, lawyer, advocate, case):
    own = _delivery(lawyer, case)
    _delivery(advocate, case, object_key="custody:2")
    client.force_login(lawyer)

    assert list(client.get("/cases/delivery/").context["cl"].result_list) == [own]


def test_coordinator_changes_rule_offsets_and_sees_errors_per_field(client, coordinator, home, case):
    client.force_login(coordinator)
    url = f"/settings/deadline-rules/{home.pk}/"
    form = {code: field.initial for code, field in client.get(url).context["form"].fields.items()}

    bad = client.post(url, {**form, "bia_appeal": -3})
    assert bad.status_code == 200
    assert "keep the deadline after its event" in bad.context["form"].errors["bia_appeal"][0]

    good = client.post(url, {**form, "bia_appeal": 20})
    assert good.status_code == 302
    home.refresh_from_db()
    assert home.rule_offsets == {"bia_appeal": 20}


@pytest.mark.parametrize("who", ["advocate", "lawyer", "outsider"])
def test_only_the_organizations_coordinators_change_rule_offsets(client, request, home, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(f"/settings/deadline-rules/{home.pk}/").status_code == 404
