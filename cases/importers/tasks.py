from celery import shared_task

from . import jobs


@shared_task(ignore_result=True, acks_late=True)
def run_import_job(job_id: int, dry_run: bool) -> None:
    """Run an import job's dry run or import; claimed first, so a redelivered task does nothing."""
    jobs.run(job_id=job_id, dry_run=dry_run)
