"""Filter sets whose form is built once per class, not once per request.

django-filter builds a new Form class for every filter set it makes (a
`type()` call that runs Django's form metaclass over every field) and deep-copies
every filter: for the referral inbox API that was about a tenth of the
request's Python time (docs/running-at-scale.md, "Throughput"). A filter set
whose fields never depend on the request (ids, fixed choices, dates,
numbers; no queryset chosen per user) can keep its form class and share its
filters' settings. A filter set with a `ModelChoiceFilter` or a callable
queryset must not use this: its choices are the user's.
"""

from __future__ import annotations

import copy

from django.http import QueryDict


class StaticFormMixin:
    """First base of a `django_filters.FilterSet` whose form never depends on the request."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        model = queryset.model
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        # A shallow copy of each filter: its settings are never changed per
        # request, only `model` and `parent` below (DRF's FilterSet deep-copies).
        self.filters = {name: copy.copy(f) for name, f in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = model
            filter_.parent = self
            if filter_.method:
                # Binds the method to this copy (its `.filter` names the filter).
                filter_.method = filter_.method

    def get_form_class(self):
        cls = type(self)
        form_class = cls.__dict__.get("_static_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = SharedFields(form_class.base_fields)
            cls._static_form_class = form_class
        return form_class


class SharedFields(dict):
    """A static form's fields, shared by its forms instead of deep-copied
    for each one (Django's `Form.__init__` deep-copies `base_fields`, the
    choices and widgets included: a third of the filter set's cost). Safe
    because nothing changes a static form's fields after the class is made:
    cleaning a value reads a field, it never writes it."""

    def __deepcopy__(self, memo):
        return dict(self)
