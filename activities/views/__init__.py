"""The 创建活动 and 组织生活 pages: all in the Wagtail admin (`admin`)."""
