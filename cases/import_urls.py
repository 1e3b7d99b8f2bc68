from django.urls import path

from cases.importers import views

urlpatterns = [
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:job_id>/", views.job_detail, name="import-job"),
    path("imports/<int:job_id>/run/", views.job_run, name="import-run"),
    path("imports/<int:job_id>/status.json", views.job_status, name="import-status"),
    path("imports/<int:job_id>/rejected.csv", views.job_rejected_csv, name="import-rejected"),
]
