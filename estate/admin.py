"""Admin for the estate's reference data: functions, lines of business, suppliers and
products with their aliases (admins correct names, merge duplicates by moving aliases,
and add lines of business). Registers are edited by the authorities on the web."""

from django.contrib import admin

from estate.models import (
    BusinessFunction,
    LineOfBusiness,
    Product,
    ProductAlias,
    Supplier,
    SupplierAlias,
)
from estate.names import name_key


@admin.register(BusinessFunction)
class BusinessFunctionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    readonly_fields = ["code"]


@admin.register(LineOfBusiness)
class LineOfBusinessAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "function", "order"]
    list_filter = ["function"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # The code is the stable key uploads and the API use: fixed once created.
        return ["code"] if obj else []


class SupplierAliasInline(admin.TabularInline):
    model = SupplierAlias
    fields = ["name"]
    extra = 1


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "sme", "product_count"]
    list_filter = ["sme"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SupplierAliasInline]

    @admin.display(description="Products")
    def product_count(self, obj):
        return obj.products.count()

    def save_formset(self, request, form, formset, change):
        # Each alias is matched by its comparable form (estate.names.name_key).
        for alias in formset.save(commit=False):
            alias.key = name_key(alias.name)
            alias.save()
        for removed in formset.deleted_objects:
            removed.delete()


class ProductAliasInline(admin.TabularInline):
    model = ProductAlias
    fields = ["name"]
    extra = 1


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "supplier"]
    list_filter = ["supplier"]
    search_fields = ["name", "aliases__name", "supplier__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["lines_of_business"]
    inlines = [ProductAliasInline]

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            alias.key = name_key(alias.name)
            alias.supplier = form.instance.supplier
            alias.save()
        for removed in formset.deleted_objects:
            removed.delete()
