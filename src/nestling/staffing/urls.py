from django.urls import path

from nestling.staffing.views import assignments, signup, staff

urlpatterns = [
    path("staff/invite/", staff.invite, name="staff_invite"),
    path("staff/<uuid:user_uuid>/account/", staff.person, name="staff_person"),
    path("staff/<uuid:user_uuid>/roles/", staff.role_add, name="staff_role_add"),
    path(
        "staff/<uuid:user_uuid>/roles/<int:assignment_id>/remove/",
        staff.role_remove,
        name="staff_role_remove",
    ),
    path("staff/<uuid:user_uuid>/reactivate/", staff.reactivate, name="staff_reactivate"),
    path("staff/<uuid:user_uuid>/invitation/resend/", staff.invitation_resend_view, name="invitation_resend"),
    path(
        "staff/<uuid:user_uuid>/invitation/withdraw/", staff.invitation_revoke_view, name="invitation_revoke"
    ),
    path("staff/<uuid:user_uuid>/move-caseload/", assignments.move_caseload, name="caseload_move"),
    path("sign-up/<str:token>/", signup.accept, name="invitation_accept"),
    path("assignments/", assignments.board, name="assignments"),
    path("assignments/<uuid:family_uuid>/", assignments.family, name="family_assignment"),
    path("supervision/", assignments.supervision, name="supervision"),
    path("supervision/<int:link_id>/end/", assignments.supervision_end_view, name="supervision_end"),
]
