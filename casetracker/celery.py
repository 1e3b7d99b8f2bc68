import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

app = Celery("casetracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_filesystem_broker_folders(sender: Celery, **kwargs) -> None:
    # kombu's filesystem transport expects its folders to exist.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)

# The one beat schedule. Each entry says when it runs and why.
app.conf.beat_schedule = {
    # Every 30 s: proves to /healthz that a worker is consuming the queue.
    "worker-heartbeat": {"task": "casetracker.tasks.heartbeat", "schedule": 30.0},
}
