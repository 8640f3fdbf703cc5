from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import serializers

from documents.models import Document
from documents.validation import check_upload


class DocumentSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "file",
            "mime_type",
            "size",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = ["id", "mime_type", "size", "uploaded_by", "uploaded_at"]

    def get_download_url(self, obj) -> str:
        """Served only through the access-checked download route."""
        url = reverse("document-download", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def validate_file(self, upload):
        try:
            self.mime_type = check_upload(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return upload
