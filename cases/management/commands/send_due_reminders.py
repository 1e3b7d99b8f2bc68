from django.core.management.base import BaseCommand

from cases import notify
from cases.reminders import scan


class Command(BaseCommand):
    help = "Run one reminder scan pass (what beat runs every minute) and queue what is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--inline",
            action="store_true",
            help="Send in this process instead of queueing for a Celery worker.",
        )

    def handle(self, *args, inline: bool, **options):
        send = None
        if inline:

            def send(delivery_id: int) -> None:
                delivery = notify.claim(delivery_id)
                if delivery is not None:
                    notify.deliver(delivery)

        result = scan(send=send)
        verb = "sent" if inline else "queued"
        self.stdout.write(
            f"Reminder scan: {result.created} new, {result.skipped} recorded as skipped, {result.queued} {verb}."
        )
