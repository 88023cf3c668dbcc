import factory
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator

from nestling.accounts.models import RoleAssignment, User

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Sequence(lambda n: f"Given{n}")
    last_name = "Synthetic"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            RoleAssignment.objects.create(organization=self.organization, user=self, role=role)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if extracted is not False:
            Authenticator.objects.create(
                user=self, type=Authenticator.Type.TOTP, data={"secret": get_adapter().encrypt(TOTP_SECRET)}
            )


def current_code(secret: str = TOTP_SECRET) -> str:
    """The authenticator code for `secret` now, never one about to expire.

    A code is valid only in its own 30-second window, so near the end of one we wait for the next rather
    than risk a code that expires between typing and submitting.
    """
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
