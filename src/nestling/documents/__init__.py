"""Documents Nestling makes for reading away from the screen: referral letters, summaries, reports."""
