from django.urls import path

from municipalities.plans import owner, views

app_name = "plans"

urlpatterns = [
    # The plan owner's own pages (municipalities/plans/owner.py).
    path("mine/", owner.owner_home, name="owner_home"),
    path("mine/statement/", owner.owner_statement, name="owner_statement"),
    path("mine/comment/", owner.owner_comment, name="owner_comment"),
    path("new/<int:service_user_id>/", views.PlanCreateView.as_view(), name="plan_create"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/plan.pdf", views.PlanPdfView.as_view(), name="plan_pdf"),
    path("<int:pk>/edit/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("<int:pk>/status/", views.PlanStatusView.as_view(), name="plan_status"),
    path("<int:pk>/crisis-plan/", views.CrisisPlanView.as_view(), name="crisis_plan"),
    path("<int:pk>/goals/new/", views.GoalCreateView.as_view(), name="goal_create"),
    path("<int:pk>/measures/new/", views.MeasureCreateView.as_view(), name="measure_create"),
    path(
        "<int:pk>/participants/new/",
        views.ParticipantCreateView.as_view(),
        name="participant_create",
    ),
    path("<int:pk>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path(
        "<int:pk>/evaluations/new/", views.EvaluationCreateView.as_view(), name="evaluation_create"
    ),
    path("goals/<int:pk>/edit/", views.GoalUpdateView.as_view(), name="goal_update"),
    path("goals/<int:pk>/notes/new/", views.ProgressNoteCreateView.as_view(), name="note_create"),
    path("measures/<int:pk>/edit/", views.MeasureUpdateView.as_view(), name="measure_update"),
    path(
        "participants/<int:pk>/edit/",
        views.ParticipantUpdateView.as_view(),
        name="participant_update",
    ),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path(
        "meetings/<int:pk>/decisions/new/",
        views.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path(
        "meetings/<int:pk>/invitation.ics",
        views.MeetingInvitationView.as_view(),
        name="meeting_ics",
    ),
]
