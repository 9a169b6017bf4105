"""Keeping the regime current: finding what Ofsted and DfE have published since the last run and putting it
through the ordinary load wing (``sync reports``, ``sync data``), remembering what was seen, and recording
each run. Fetching lives here; reading the pages is ``sources`` (pure), storing is ``load``."""
