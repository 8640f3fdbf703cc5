from rest_framework.routers import SimpleRouter

from documents.api.views import DocumentViewSet, ReferralDocumentViewSet

router = SimpleRouter()
router.register(
    r"referrals/(?P<referral_pk>\d+)/documents",
    ReferralDocumentViewSet,
    basename="referral-document",
)
router.register("documents", DocumentViewSet, basename="document")

urlpatterns = router.urls
