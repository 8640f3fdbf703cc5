from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("BOPS administration")
admin.site.site_title = _("BOPS administration")
admin.site.index_title = _("Registers")
