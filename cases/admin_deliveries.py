"""Deliveries in the admin: coordinators see every reminder and alert of their
organization with its status (sent, late, skipped, failed) and error. Read only:
deliveries are written by the reminder engine, never by hand."""

from django.contrib import admin
from django.http import HttpRequest
from unfold.admin import ModelAdmin

from .models import Delivery
from .selectors import deliveries_visible_to


@admin.register(Delivery)
class DeliveryAdmin(ModelAdmin):
    list_display = ("scheduled_for", "kind", "recipient", "case", "status", "late", "urgent", "emailed", "attempts")
    list_filter = ("status", "kind", "late", "urgent")
    list_select_related = ("recipient", "case")
    search_fields = ("case__reference", "recipient__email")
    date_hierarchy = "scheduled_for"
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def get_queryset(self, request: HttpRequest):
        return deliveries_visible_to(request.user).select_related("recipient", "case")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
