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
