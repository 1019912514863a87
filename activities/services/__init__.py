"""The operations of activities: views, admin hooks and Celery tasks call these.

assessment:   start_assessment, add_participants, change_participants,
              new_template_edition, save_self_assessment,
              blocking_items, apply_for_acceptance, schedule_inspection,
              record_inspection, enforce_deadlines
meetings:     record_attendance, meeting_saved, cancel_meeting,
              sync_lecture_credits, add_meeting_photos
reminders:    send_due_reminders
permissions:  can_manage, can_inspect, can_schedule, ensure_inspection_group
"""
