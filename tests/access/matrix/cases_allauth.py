"""django-allauth's sign-in, password, second-factor and session pages: a smaller table of expectations.

They hold no clinical data and no role changes what they show, so the table says what anonymous and
signed-in staff get rather than each role, and the matrix checks that nothing answers 500, that no page
shows a family, and that an empty form sent to any of them changes nothing. The methods are what allauth's
views accept (their Allow header); its form views take PUT like POST, which is allauth's choice, not ours.
Some views decide before the method check (a redirect for someone signed in, the closed sign-up page),
so a method they do not accept can still get that answer: the table lists it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tests.access.matrix.shapes import GET, LOGIN, Outcome

FORM = ("GET", "POST", "PUT")  # a Django FormView: PUT is handled as POST
GET_POST = ("GET", "POST")


@dataclass(frozen=True)
class AccountPage:
    route: str
    name: str
    methods: tuple[str, ...]
    # One outcome for every method, or one per accepted method (the others 405).
    anonymous: Outcome | Mapping[str, Outcome]
    staff: Outcome | Mapping[str, Outcome]
    path: str = ""  # for a regular-expression route, a path that reaches it
    may_write: tuple[str, ...] = ()  # tables even an empty request may write

    def url(self) -> str:
        return self.path or "/" + self.route

    def outcome(self, method: str, signed_in: bool) -> Outcome:
        table = self.staff if signed_in else self.anonymous
        if not isinstance(table, Mapping):
            return table
        return table.get(method, 405)


def every(outcome: Outcome, methods: tuple[str, ...]) -> dict[str, Outcome]:
    return dict.fromkeys(methods, outcome)


A = "accounts/"
PAGES: list[AccountPage] = [
    AccountPage(A + "login/", "account_login", FORM, every(200, FORM), 302),
    AccountPage(A + "logout/", "account_logout", GET_POST, every(302, GET_POST), {"GET": 200, "POST": 302}),
    AccountPage(A + "inactive/", "account_inactive", GET, {"GET": 200}, {"GET": 200}),
    # Sign-up is closed (staff are created by their organization): the closed page, whatever the method.
    AccountPage(A + "signup/", "account_signup", FORM, 200, 302),
    AccountPage(A + "reauthenticate/", "account_reauthenticate", FORM, LOGIN, every(200, FORM)),
    # Nestling makes no EmailAddress rows; allauth adds the account's own on its first visit here.
    AccountPage(
        A + "email/",
        "account_email",
        FORM,
        LOGIN,
        {"GET": 200, "POST": 302, "PUT": 302},
        may_write=("account_emailaddress",),
    ),
    AccountPage(A + "confirm-email/", "account_email_verification_sent", GET, {"GET": 200}, {"GET": 200}),
    AccountPage(A + "password/change/", "account_change_password", FORM, LOGIN, every(200, FORM)),
    AccountPage(A + "password/set/", "account_set_password", FORM, LOGIN, 302),
    AccountPage(A + "password/reset/", "account_reset_password", FORM, every(200, FORM), every(200, FORM)),
    # Only in the middle of signing in by a code, which Nestling does not offer.
    AccountPage(A + "login/code/confirm/", "account_confirm_login_code", FORM, LOGIN, 302),
    AccountPage(
        A + "confirm-email/(?P<key>[-:\\w]+)/$",
        "account_confirm_email",
        GET_POST,
        {"GET": 200, "POST": 404},
        {"GET": 200, "POST": 404},
        path="/accounts/confirm-email/not-a-real-key/",
    ),
    AccountPage(
        A + "password/reset/key/done/",
        "account_reset_password_from_key_done",
        GET,
        {"GET": 200},
        {"GET": 200},
    ),
    # A key that is not valid gets the "bad link" page, whatever the method.
    AccountPage(
        A + "password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        "account_reset_password_from_key",
        FORM,
        200,
        200,
        path="/accounts/password/reset/key/zz-not-a-real-key/",
    ),
    AccountPage(A + "password/reset/done/", "account_reset_password_done", GET, {"GET": 200}, {"GET": 200}),
    AccountPage(A + "2fa/", "mfa_index", GET, LOGIN, {"GET": 200}),
    # Only in the middle of signing in, between the password and the second factor.
    AccountPage(A + "2fa/authenticate/", "mfa_authenticate", GET_POST, LOGIN, 302),
    AccountPage(A + "2fa/reauthenticate/", "mfa_reauthenticate", FORM, LOGIN, every(200, FORM)),
    # Everyone in the world already has an authenticator app.
    AccountPage(A + "2fa/totp/activate/", "mfa_activate_totp", FORM, LOGIN, 302),
    # Turning a second factor off, or new recovery codes, first asks for the password again.
    AccountPage(A + "2fa/totp/deactivate/", "mfa_deactivate_totp", FORM, LOGIN, 302),
    # Nobody in the world has recovery codes.
    AccountPage(A + "2fa/recovery-codes/", "mfa_view_recovery_codes", GET, LOGIN, {"GET": 404}),
    AccountPage(A + "2fa/recovery-codes/generate/", "mfa_generate_recovery_codes", FORM, LOGIN, 302),
    AccountPage(A + "2fa/recovery-codes/download/", "mfa_download_recovery_codes", GET, LOGIN, 404),
    # Passkeys: nobody in the world has one (so none to confirm oneself with either). Adding, renaming or
    # removing one first asks for the password again; Nestling's own removal view stands in front of
    # allauth's, which would remove the last second factor.
    AccountPage(A + "2fa/webauthn/", "mfa_list_webauthn", GET, LOGIN, {"GET": 200}),
    AccountPage(A + "2fa/webauthn/add/", "mfa_add_webauthn", FORM, LOGIN, 302),
    AccountPage(
        A + "2fa/webauthn/reauthenticate/",
        "mfa_reauthenticate_webauthn",
        FORM,
        LOGIN,
        302,
    ),
    AccountPage(
        A + "2fa/webauthn/keys/<int:pk>/remove/",
        "mfa_remove_webauthn",
        ("GET", "POST", "DELETE"),
        LOGIN,
        302,
        path="/accounts/2fa/webauthn/keys/1/remove/",
    ),
    AccountPage(
        A + "2fa/webauthn/keys/<int:pk>/edit/",
        "mfa_edit_webauthn",
        FORM,
        LOGIN,
        302,
        path="/accounts/2fa/webauthn/keys/1/edit/",
    ),
    # Signing in with a passkey: the page's script asks for the options (JSON); a plain visit, or a form
    # without a passkey's answer, goes back to the sign-in page; someone signed in goes home.
    AccountPage(A + "2fa/webauthn/login/", "mfa_login_webauthn", FORM, every(LOGIN, FORM), 302),
    AccountPage(A + "sessions/", "usersessions_list", FORM, LOGIN, {"GET": 200, "POST": 302, "PUT": 302}),
]
