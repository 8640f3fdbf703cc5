from rest_framework.routers import SimpleRouter

from municipalities.plans.api import views

router = SimpleRouter()
router.register("individual-plans", views.IndividualPlanViewSet, basename="individual-plan")
router.register("plan-goals", views.GoalViewSet, basename="plan-goal")
router.register("plan-measures", views.PlanMeasureViewSet, basename="plan-measure")
router.register("plan-participants", views.ParticipantViewSet, basename="plan-participant")
router.register("plan-meetings", views.MeetingViewSet, basename="plan-meeting")

urlpatterns = router.urls
