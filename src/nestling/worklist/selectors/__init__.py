"""Reads of the worklist (`worklist`), the week's schedule (`week`) and the calendar feed
(`calendar_feed`). Each costs a fixed number of queries whatever the number of families and visits."""
