"""Django's zh_Hans formats, but a month and day without a leading zero: 9月5日, not 09月5日."""

MONTH_DAY_FORMAT = "n月j日"
