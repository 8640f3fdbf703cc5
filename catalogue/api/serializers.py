from rest_framework import serializers

from catalogue.models import Agreement, Measure
from municipalities.models import Municipality, Organisation


class PartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class ServedMunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["id", "number", "name"]


class HowToReferSerializer(serializers.Serializer):
    referral_kind = serializers.CharField(allow_null=True)
    receiver = serializers.IntegerField(allow_null=True)
    contact = serializers.CharField()
    phone = serializers.CharField()
    opening_hours = serializers.CharField()
    note = serializers.CharField()


class MeasureSerializer(serializers.ModelSerializer):
    provider = PartySerializer(read_only=True)
    municipalities = ServedMunicipalitySerializer(many=True, read_only=True)
    how_to_refer = HowToReferSerializer(read_only=True)
    pathways = serializers.ListField(child=serializers.CharField(), read_only=True)
    domains = serializers.ListField(child=serializers.CharField(), read_only=True)
    # Counted from the residence's occupancy today for an entry backed by one.
    places = serializers.IntegerField(source="places_today", read_only=True, allow_null=True)
    free_places = serializers.IntegerField(
        source="free_places_today", read_only=True, allow_null=True
    )
    free_places_on = serializers.DateField(
        source="free_places_counted_on", read_only=True, allow_null=True
    )

    class Meta:
        model = Measure
        fields = [
            "id",
            "name",
            "kind",
            "provider",
            "description",
            "min_age",
            "max_age",
            "pathways",
            "rop",
            "domains",
            "municipalities",
            "how_to_refer",
            "places",
            "free_places",
            "free_places_on",
            "agreement",
            "active",
        ]
        read_only_fields = fields


class AgreementSerializer(serializers.ModelSerializer):
    parties = PartySerializer(many=True, read_only=True)
    flows = serializers.ListField(child=serializers.CharField(), read_only=True)
    responsible = serializers.SlugRelatedField(slug_field="username", read_only=True)
    due_for_review = serializers.SerializerMethodField()
    out_of_date = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "title",
            "kind",
            "parties",
            "scope",
            "flows",
            "routine",
            "contact_name",
            "contact_phone",
            "contact_email",
            "version",
            "valid_from",
            "valid_to",
            "next_review",
            "responsible",
            "responsible_organisation",
            "due_for_review",
            "out_of_date",
        ]
        read_only_fields = fields

    def get_due_for_review(self, obj) -> bool:
        return obj.is_due_for_review()

    def get_out_of_date(self, obj) -> bool:
        return obj.is_out_of_date()
