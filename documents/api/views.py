"""Documents through the API: a referral's documents
(`/api/v1/referrals/{id}/documents/`: list and upload) and one document
(`/api/v1/documents/{id}/`: read, delete, download), under the same access
checks as the pages. Reading a person's document writes the access log."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, parsers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bops import access
from bops.api import AccessLoggingMixin
from bops.audit import AccessLog
from bops.pagination import KeysetPagination
from documents.api.serializers import DocumentSerializer
from documents.models import Document
from documents.services import serve, visible_document, visible_parent
from documents.validation import ALLOWED


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("referral_pk", int, OpenApiParameter.PATH)]),
    create=extend_schema(parameters=[OpenApiParameter("referral_pk", int, OpenApiParameter.PATH)]),
)
class ReferralDocumentViewSet(
    AccessLoggingMixin, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = Document.objects.none()  # the model, for the schema; rows come from get_queryset()
    serializer_class = DocumentSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    # The person of a document is copied onto it.
    log_person_field = "service_user"
    # Keyset pages, newest first, on the parent index (parent, uploaded_at, id).
    pagination_class = KeysetPagination
    keyset_ordering = ("-uploaded_at", "-id")

    def _referral(self, action: str = access.VIEW):
        _, referral = visible_parent(
            self.request.user, "referral", self.kwargs["referral_pk"], action
        )
        return referral

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return (
            Document.objects.for_user(self.request.user)
            .of(self._referral())
            .current()
            .select_related("uploaded_by")
        )

    def create(self, request, *args, **kwargs):
        referral = self._referral(access.CHANGE)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = Document.attach(
            referral,
            upload=serializer.validated_data["file"],
            title=serializer.validated_data["title"],
            by=request.user,
            mime_type=serializer.mime_type,
        )
        self._shown().append(document)
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)


class DocumentViewSet(
    AccessLoggingMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    serializer_class = DocumentSerializer
    log_person_field = "service_user"
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Document.objects.for_user(self.request.user).current().select_related("uploaded_by")

    def get_object(self):
        action_needed = access.CHANGE if self.request.method == "DELETE" else access.VIEW
        document = visible_document(self.request.user, int(self.kwargs["pk"]), action_needed)
        self.check_object_permissions(self.request, document)
        self._shown().append(document)
        return document

    def perform_destroy(self, instance):
        instance.delete_recorded(by=self.request.user)

    @extend_schema(
        responses={(200, mime): OpenApiTypes.BINARY for mime in ALLOWED},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        document = visible_document(request.user, int(pk))
        return serve(request, document, action=AccessLog.Action.EXPORT)
