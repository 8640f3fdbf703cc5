from rest_framework.routers import SimpleRouter

from referrals.api.views import NoticeViewSet, RecommendationViewSet, ReferralViewSet

router = SimpleRouter()
router.register("referrals", ReferralViewSet, basename="referral")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("notices", NoticeViewSet, basename="notice")

urlpatterns = router.urls
