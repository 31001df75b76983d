-- SlaEscalation schema 0014: a silo's range read takes only the reminders due soon (PostgresReminderTable), so the
-- reminders table is also indexed by start time.

CREATE INDEX IF NOT EXISTS OrleansRemindersTable_StartTime ON OrleansRemindersTable (ServiceId, StartTime);
