"""Month names as printed in English documents and file names."""

from __future__ import annotations

# Full month names (lower case) -> month number; readers add the abbreviations they meet.
MONTH_NUMBERS: dict[str, int] = {
    m: i + 1
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        )
    )
}
