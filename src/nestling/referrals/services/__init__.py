"""The one way referrals and the directory of local services change."""
