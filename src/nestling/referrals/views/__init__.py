from nestling.referrals.views.directory import directory, directory_add, directory_edit
from nestling.referrals.views.referrals import (
    referral_add,
    referral_detail,
    referral_edit,
    referral_letter,
    referral_status,
)

__all__ = [
    "directory",
    "directory_add",
    "directory_edit",
    "referral_add",
    "referral_detail",
    "referral_edit",
    "referral_letter",
    "referral_status",
]
