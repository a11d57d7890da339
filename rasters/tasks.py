"""Background jobs of the rasters app (django-tasks, queued in PostgreSQL and
run by ``manage.py db_worker``)."""

from django_tasks import task


@task()
def check_upload(upload_id: int) -> str | None:
    """Check and keep one raster sent through the page; returns its state."""
    from .services.uploads import upload_run

    upload = upload_run(upload_id)
    return upload.state if upload is not None else None
