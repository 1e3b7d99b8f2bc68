from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casetracker.models import User
from cases.calendar import feed_create, feed_url
from cases.selectors import cases_visible_to


class Command(BaseCommand):
    help = "Create a private calendar feed for a user (of one case with --case) and print its URL."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The user whose calendar it is.")
        parser.add_argument("--case", metavar="REFERENCE", help="A feed of this case only (one the user can see).")

    def handle(self, *args, email: str, case: str | None = None, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with the email {email}.")
        chosen = None
        if case:
            chosen = cases_visible_to(user).filter(reference=case.strip().upper()).first()
            if chosen is None:
                raise CommandError(f"{user.email} cannot see a case {case}.")
        try:
            _feed, token = feed_create(owner=user, case=chosen, by=None)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(feed_url(token))
